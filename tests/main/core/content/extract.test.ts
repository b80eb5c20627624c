import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { extractArticle } from '../../../../src/main/core/content/extract'
import { sanitizeHtml } from '../../../../src/main/core/content/sanitize'
import { imageCollector, sanitizeWithImages } from '../../../../src/main/core/sync/image-cache'

const PAGE_URL = 'https://news.example/seoul/2024/03/subway.html'

const PARAGRAPHS = [
  '서울시는 5일 도심과 외곽을 잇는 새 지하철 노선 계획을 발표했다. 시는 이번 노선이 출퇴근 시간을 크게 줄일 것으로 기대한다고 밝혔다.',
  '새 노선은 총 24개 역으로 구성되며, 2030년 개통을 목표로 한다. 사업비는 약 3조 원으로 추산되며, 국비와 시비가 함께 투입된다.',
  '시민들의 반응은 엇갈렸다. 외곽 지역 주민들은 환영의 뜻을 밝혔지만, 일부 상인들은 공사 기간 동안의 불편을 우려했다.',
  '교통 전문가들은 노선이 완성되면 하루 평균 40만 명이 이용할 것으로 내다봤다. 다만 환승역 설계가 성공의 관건이 될 것이라고 지적했다.',
  '서울시는 다음 달부터 지역별 설명회를 열어 시민 의견을 수렴할 계획이다. 최종 노선안은 올해 말 확정된다.',
]

/** Strings of page furniture: none may reach the article. */
const CHROME = [
  'World news',
  'Sports desk',
  'Share on Twitter',
  'Share on Facebook',
  'Copy link',
  'Most popular',
  'Celebrity chef opens',
  'Stock markets rally',
  'Sign up for our newsletter',
  'best stories every morning',
  'We use cookies',
  'Accept all',
  'All rights reserved',
  'Privacy policy',
  'Related stories',
  'Bus fares rise',
  'Log in to comment',
  'tracker()',
]

const MOST_POPULAR = `<div><h2>Most popular</h2><ol>
  <li><a href="/p1">Celebrity chef opens a restaurant in Gangnam</a></li>
  <li><a href="/p2">Stock markets rally on export data</a></li></ol></div>`

interface PageOptions {
  published?: 'meta' | 'time' | 'json-ld'
  paragraphs?: string[]
  /** Everything in one container, as many CMSs emit it: no tidy article-body div for Readability. */
  flat?: boolean
  /** The bulk of a real page: a mega menu, headline cards and a big inline script (about 60 kB more). */
  bulk?: boolean
}

const BULK =
  `<script>var config = "${'x'.repeat(30000)}"</script>` +
  `<div class="mega-menu"><ul>${Array.from({ length: 200 }, (_, i) => `<li><a href="/section/${i}">Section ${i}</a></li>`).join('')}</ul></div>` +
  `<div class="cards">${Array.from(
    { length: 40 },
    (_, i) =>
      `<div class="card"><img src="/t/${i}.jpg"><h3><a href="/s/${i}">Story ${i} headline</a></h3><p>Teaser ${i}.</p></div>`,
  ).join('')}</div>`

/** A news page as sites build them: the story wrapped in navigation, share bars, promos and lists. */
function newsPage({
  published = 'meta',
  paragraphs = PARAGRAPHS,
  flat = false,
  bulk = false,
}: PageOptions = {}): string {
  const date = '2024-03-05T09:30:00+09:00'
  const body = paragraphs.map((text) => `<p>${text}</p>`)
  return `<!doctype html>
<html lang="ko">
<head>
  <meta charset="utf-8">
  <title>서울시, 새 지하철 노선 발표 | Daily Example</title>
  <meta property="og:title" content="서울시, 새 지하철 노선 발표">
  <meta property="og:site_name" content="Daily Example">
  <meta property="og:image" content="/images/lead.jpg">
  <meta name="twitter:image" content="https://cdn.example/twitter.jpg">
  ${published === 'meta' ? `<meta property="article:published_time" content="${date}">` : ''}
  ${
    published === 'json-ld'
      ? `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
         "headline":"서울시, 새 지하철 노선 발표","datePublished":"${date}"}</script>`
      : ''
  }
  <link rel="stylesheet" href="/site.css">
  <script>function tracker() {}</script>
</head>
<body>
  <div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.</p>
    <button>Accept all</button></div>
  <header class="site-header">
    <a class="logo" href="/">Daily Example</a>
    <nav><ul><li><a href="/world">World news</a></li><li><a href="/sports">Sports desk</a></li></ul></nav>
  </header>
  <div class="layout">
    <main>
      <article>
        <header>
          <h1>서울시, 새 지하철 노선 발표</h1>
          <p class="byline">By <a rel="author" href="/authors/kim">김민지 기자</a></p>
          ${published === 'time' ? `<time datetime="${date}">3월 5일</time>` : ''}
        </header>
        ${flat ? '<div class="story">' : ''}
        <div class="share-bar">
          <a href="https://twitter.com/intent/tweet?url=x" onclick="share()">Share on Twitter</a>
          <a href="https://facebook.com/sharer?u=x">Share on Facebook</a>
          <button>Copy link</button>
        </div>
        ${flat ? '' : '<div class="article-body">'}
          ${body.slice(0, 2).join('\n')}
          <figure><img src="../images/map.jpg" alt="노선도" onerror="tracker()"><figcaption>새 지하철 노선도</figcaption></figure>
          <div class="newsletter-promo"><h3>Sign up for our newsletter</h3>
            <p>Get the best stories every morning.</p><a href="/newsletter">Subscribe</a></div>
          ${body.slice(2).join('\n')}
        ${flat ? MOST_POPULAR : '</div>'}
        <section>
          <h2>Related stories</h2>
          <ul><li><a href="/a">Bus fares rise again</a></li><li><a href="/b">New bike lanes open downtown</a></li></ul>
        </section>
        <div class="comments"><a href="/login">Log in to comment</a></div>
        ${flat ? '</div>' : ''}
      </article>
    </main>
    ${flat ? '' : `<aside class="sidebar">${MOST_POPULAR}</aside>`}
  </div>
  ${bulk ? BULK : ''}
  <footer><p>© 2024 Daily Example. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
  <script>tracker()</script>
</body>
</html>`
}

describe.each([
  ['tidy', false],
  ['flat', true],
])('extractArticle on a %s news page', (_layout, flat) => {
  const article = extractArticle(newsPage({ flat }), PAGE_URL)!

  it('finds the article', () => {
    expect(article).not.toBeNull()
    expect(article.title).toBe('서울시, 새 지하철 노선 발표')
    expect(article.siteName).toBe('Daily Example')
    expect(article.lang).toBe('ko')
  })

  it('keeps every paragraph of the story, and its figure', () => {
    for (const paragraph of PARAGRAPHS) expect(article.contentText).toContain(paragraph)
    expect(article.contentText).toContain('새 지하철 노선도')
    // Paragraphs stay paragraphs in the text.
    expect(article.contentText).toContain(`${PARAGRAPHS[3]}\n\n${PARAGRAPHS[4]}`)
  })

  it('leaves the page chrome behind', () => {
    for (const chrome of CHROME) {
      expect(article.contentText, chrome).not.toContain(chrome)
      expect(article.contentHtml, chrome).not.toContain(chrome)
    }
  })

  it('returns sanitized HTML with absolute URLs', () => {
    const doc = JSDOM.fragment(article.contentHtml)
    const img = doc.querySelector('img')!
    expect(img.getAttribute('src')).toBe('https://news.example/seoul/2024/images/map.jpg')
    expect(img.getAttribute('alt')).toBe('노선도')
    expect(article.contentHtml).not.toMatch(/<script|onerror|onclick|class=|id=/i)
    expect(sanitizeHtml(article.contentHtml, PAGE_URL)).toBe(article.contentHtml)
  })

  it('finds the byline, the date and the lead image', () => {
    expect(article.byline).toContain('김민지')
    expect(article.published).toBe('2024-03-05T00:30:00.000Z')
    expect(article.leadImage).toBe('https://news.example/images/lead.jpg')
    expect(article.excerpt).toBeTruthy()
  })

  it.each(['time', 'json-ld'] as const)('reads the date from %s too', (published) => {
    expect(extractArticle(newsPage({ published }), PAGE_URL)?.published).toBe('2024-03-05T00:30:00.000Z')
  })
})

describe('extractArticle elsewhere', () => {
  it('finds no article on a login page', () => {
    const page = `<!doctype html><html><head><title>Log in</title></head><body>
      <header><nav><a href="/">Home</a></nav></header>
      <form action="/login" method="post"><label>Email <input name="email"></label>
      <label>Password <input type="password" name="password"></label><button>Log in</button></form>
      <footer>© 2024 Example</footer></body></html>`
    const article = extractArticle(page, 'https://news.example/login')
    expect(article === null || article.contentText.length < 50).toBe(true)
  })

  it('finds nothing in an empty page or at a URL that is not one', () => {
    expect(extractArticle('', PAGE_URL)).toBeNull()
    expect(extractArticle(newsPage(), 'not a url')).toBeNull()
  })

  it('keeps an article that is all one <form> (as ASP.NET pages are)', () => {
    const page = `<html><body><form id="aspnetForm"><div class="content">${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}</div></form></body></html>`
    const article = extractArticle(page, PAGE_URL)
    for (const paragraph of PARAGRAPHS) expect(article?.contentText).toContain(paragraph)
  })

  it('keeps a story whose own wrapper has a chrome-like name', () => {
    const story = PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')
    const page = `<html><body><div class="related-content-wrapper"><h1>Title</h1>
      <div class="share-tools"><a href="/s">Share on Twitter</a></div>${story}
      <p class="popular-vote">The popular vote went to the incumbent by 51 to 49 percent.</p></div></body></html>`
    const article = extractArticle(page, PAGE_URL)
    for (const paragraph of PARAGRAPHS) expect(article?.contentText).toContain(paragraph)
    expect(article?.contentText).toContain('The popular vote went to the incumbent')
    expect(article?.contentText).not.toContain('Share on Twitter')
  })

  it('extracts 50 pages, and sanitizes their articles, in reasonable time', () => {
    const pages = Array.from({ length: 50 }, (_, index) =>
      newsPage({
        bulk: true,
        flat: index % 2 === 0,
        paragraphs: Array.from(
          { length: 8 + (index % 10) },
          (_, n) => `${PARAGRAPHS[n % 5]} (${index}.${n})`,
        ),
      }),
    )
    let started = performance.now()
    const articles = pages.map((page) => extractArticle(page, PAGE_URL))
    const extracting = performance.now() - started
    started = performance.now()
    for (const article of articles) sanitizeHtml(article!.contentHtml, PAGE_URL, { rewriteImage: () => null })
    const sanitizing = performance.now() - started
    const kB = pages.reduce((sum, page) => sum + page.length, 0) / 50 / 1000
    console.log(
      `extractArticle: 50 pages of ~${kB.toFixed(0)}k chars in ${extracting.toFixed(0)} ms ` +
        `(${(extracting / 50).toFixed(1)} ms/page); sanitizeHtml of their articles: ` +
        `${(sanitizing / 50).toFixed(1)} ms/article`,
    )
    articles.forEach((article, index) => {
      expect(article?.contentText).toContain(`(${index}.7)`)
      expect(article?.contentText).not.toMatch(/Section \d|Story \d+ headline|Teaser/)
    })
  })
})

describe("extractArticle with the caller's sanitizing options", () => {
  /** A story with images of every kind and no og:image: its lead image is the story's first. */
  const page = `<!doctype html><html lang="en"><head><title>Harbour</title></head><body><article>
    <h1>The harbour reopens</h1>
    ${Array.from({ length: 8 }, (_, i) => `<p>Paragraph ${i} of the harbour story, long enough to count as text for Readability to keep it.</p>`).join('')}
    <figure><img data-src="/img/lazy.jpg" src="data:image/gif;base64,R0lGOD" alt="lazy"></figure>
    <img srcset="/img/small.jpg 400w, /img/large.jpg 1600w" src="/img/fallback.jpg" alt="sized">
    <picture><source srcset="/img/pic.webp" type="image/webp"><img src="/img/pic.jpg" alt="pic"></picture>
    <video poster="/img/poster.jpg" src="/v.mp4"></video>
    <img src="/img/small.jpg" alt="again">
    <p>The last paragraph of the harbour story, which also has to be long enough to be kept.</p>
  </article></body></html>`
  const url = 'https://news.example/harbour/story.html'

  it('sanitizes the story once: the same HTML and images as sanitizing its result again with them', () => {
    const images = imageCollector()
    const once = extractArticle(page, url, { rewriteImage: images.rewriteImage })!
    const twice = sanitizeWithImages(extractArticle(page, url)!.contentHtml, url)
    expect(once.contentHtml).toBe(twice.html)
    expect(images.imageUrls).toEqual(twice.imageUrls)
    expect(images.imageUrls[0]).toBe('https://news.example/img/lazy.jpg')
    expect(images.imageUrls).toContain('https://news.example/img/poster.jpg')
    // Each image once, in the order the story shows them.
    expect(new Set(images.imageUrls).size).toBe(images.imageUrls.length)
  })

  it("takes the story's first image as the lead image when the page names none, as without options", () => {
    const images = imageCollector()
    const once = extractArticle(page, url, { rewriteImage: images.rewriteImage })!
    expect(once.leadImage).toBe('https://news.example/img/lazy.jpg')
    expect(once.leadImage).toBe(extractArticle(page, url)!.leadImage)
  })
})

import { longArticle, rss2, type TestItem } from '../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../helpers/fixture-server'
import { gradientPng } from './pictures'

/** One story of the fixture site. */
export interface Story {
  id: string
  title: string
  /** A word that only this story has (searches look for it). */
  keyword: string
  body: string
  author: string
  image: string
}

export interface NewsSite {
  server: FixtureServer
  /** The site's home page: subscribing to it finds the feed through autodiscovery. */
  home: string
  stories: Story[]
  /** Makes the feed answer slowly, so a test can watch the sync's progress. */
  feedDelayMs: number
  close(): Promise<void>
}

const STORIES: Omit<Story, 'image' | 'body'>[] = [
  { id: 'harbour', title: 'The harbour lighthouse is lit again', keyword: 'lighthouse', author: 'Ada Marsh' },
  {
    id: 'library',
    title: 'A new reading room opens at the library',
    keyword: 'marginalia',
    author: 'Ben Okafor',
  },
  {
    id: 'trains',
    title: 'Night trains return to the coast line',
    keyword: 'sleeper',
    author: 'Chloé Dubois',
  },
]

const KOREAN: Omit<Story, 'image' | 'body'> = {
  id: 'seoul',
  title: '서울시, 지하철 요금을 내년부터 조정',
  keyword: '요금',
  author: '김민준',
}

function storyBody(story: Omit<Story, 'image' | 'body'>, image: string): string {
  if (story.id === 'seoul') {
    return `<p>서울시는 내년부터 지하철 요금을 조정한다고 밝혔다. 시민들은 요금이 오르면 출근길 부담이 커진다고 말했다.</p>
<figure><img src="${image}" alt="지하철 승강장" width="640" height="320"><figcaption>지하철 승강장</figcaption></figure>
<p>시는 버스와 지하철의 환승 할인은 그대로 유지하기로 했다. 요금 조정안은 다음 달 시의회에서 논의된다.</p>`
  }
  return `<p>The ${story.keyword} story begins here. ${story.title}, and the town turned out to see it.</p>
<figure><img src="${image}" alt="A picture for ${story.title}" width="640" height="320"><figcaption>Photograph for the ${story.keyword} story.</figcaption></figure>
${longArticle(story.keyword, 5)}
<blockquote><p>“We waited a long time for this,” said a neighbour.</p></blockquote>`
}

/**
 * A small news site on 127.0.0.1: a home page that names its RSS feed, the feed with full stories (one in
 * Korean), and each story's pictures. Stopping it is "going offline" for the reader.
 */
export async function startNewsSite(
  options: { korean?: boolean; extraItems?: TestItem[] } = {},
): Promise<NewsSite> {
  const server = await startFixtureServer()
  const chosen = options.korean ? [...STORIES, KOREAN] : STORIES
  const stories: Story[] = chosen.map((story, index) => {
    const image = server.url(`/images/${story.id}.png`)
    server.serve(`/images/${story.id}.png`, {
      headers: { 'Content-Type': 'image/png' },
      body: gradientPng(640, 320, index + 1),
    })
    return { ...story, image, body: storyBody(story, image) }
  })
  const site: NewsSite = {
    server,
    home: server.url('/'),
    stories,
    feedDelayMs: 0,
    close: () => server.close(),
  }
  server.serve('/', {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html><head><title>The Harbour Gazette</title>
<link rel="alternate" type="application/rss+xml" title="The Harbour Gazette" href="/feed.xml"></head>
<body><h1>The Harbour Gazette</h1></body></html>`,
  })
  // Each story's own page, as sites publish them: navigation and share buttons around the article.
  for (const story of stories) {
    server.serve(`/stories/${story.id}`, {
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body: `<!doctype html><html lang="${story.id === 'seoul' ? 'ko' : 'en'}"><head><meta charset="utf-8">
<title>${story.title}</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="share"><button>Share</button><button>Tweet</button></div>
<article><h1>${story.title}</h1><p class="byline">${story.author}</p>${story.body}${story.body}</article>
<footer>© The Harbour Gazette</footer></body></html>`,
    })
  }
  const now = Date.now()
  const items: TestItem[] = [
    ...stories.map((story, index) => ({
      id: `urn:gazette:${story.id}`,
      title: story.title,
      link: server.url(`/stories/${story.id}`),
      content: story.body,
      author: story.author,
      date: new Date(now - (index + 1) * 3_600_000).toISOString(),
    })),
    ...(options.extraItems ?? []),
  ]
  const feed = rss2('The Harbour Gazette', site.home, items)
  server.route('/feed.xml', async (_request, response) => {
    if (site.feedDelayMs > 0) await new Promise((done) => setTimeout(done, site.feedDelayMs))
    response.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' }).end(feed)
  })
  return site
}

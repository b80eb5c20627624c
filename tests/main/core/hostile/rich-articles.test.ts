import { JSDOM } from 'jsdom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Article } from '../../../../src/shared/types'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { png } from '../../../helpers/feeds'
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir'
import { policyViolations } from '../../../helpers/xss-vectors'
import { subscribeTo } from '../../../helpers/subscribe'

/**
 * The other side of the XSS corpus: ordinary rich articles must come through sanitizing with their
 * structure whole, by every road an article takes (RSS, Atom, JSON Feed, and a page read by Readability).
 */

const CODE = `function total(items) {
    // four spaces, a tab:\tand entities: a < b && c > d
    return items.reduce((sum, item) => sum + item.price, 0)
}`

/** One rich article; its links and images are relative, so each road must resolve them. */
const RICH = `
<h2>The budget, line by line</h2>
<p>The council <em>finally</em> agreed on a <strong>£4.2m</strong> budget (CO<sub>2</sub> cuts of 10<sup>3</sup> tonnes),
read the <a href="/reports/budget.pdf">full report</a> or the <a href="https://other.example/analysis">analysis</a>.</p>
<figure><img src="/img/chart.png" alt="Spending by department" width="640" height="400">
<figcaption>Spending by department, <em>in millions</em>.</figcaption></figure>
<table>
  <caption>Spending by department</caption>
  <thead><tr><th scope="col">Department</th><th scope="col">2025</th><th scope="col">2026</th></tr></thead>
  <tbody>
    <tr><td>Transport</td><td>1.1</td><td>1.4</td></tr>
    <tr><td>Housing</td><td>2.0</td><td>1.9</td></tr>
    <tr><td>Libraries</td><td>0.6</td><td>0.9</td></tr>
  </tbody>
  <tfoot><tr><td>Total</td><td>3.7</td><td>4.2</td></tr></tfoot>
</table>
<blockquote cite="/quotes/mayor"><p>We kept every library open.</p></blockquote>
<h3>What changes</h3>
<ol start="2">
  <li>Bus fares
    <ul><li>Children ride free</li><li>Seniors pay half<ul><li>after 9am</li></ul></li></ul>
  </li>
  <li>Housing repairs</li>
</ol>
<dl><dt>Capital budget</dt><dd>Money for buildings and roads.</dd><dt>Revenue budget</dt><dd>Money for services.</dd></dl>
<picture>
  <source srcset="/img/wide.png 1280w, /img/narrow.png 640w" media="(min-width: 800px)">
  <img src="/img/narrow.png" alt="The council chamber" width="640" height="360">
</picture>
<h3>The calculation</h3>
<pre><code>${CODE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</code></pre>
<p>Long enough to be an article: ${'The members argued at length about transport, housing and the libraries. '.repeat(12)}</p>`

const IMAGES = ['/img/chart.png', '/img/wide.png', '/img/narrow.png']

let server: FixtureServer
let core: Broadsheet
let dataDir: string
const articles = new Map<string, Article>()

beforeAll(async () => {
  server = await startFixtureServer()
  dataDir = await makeTempDir('rich', { inMemory: true })
  core = await startServices({ dataDir })
  IMAGES.forEach((path, i) => server.serve(path, { headers: { 'Content-Type': 'image/png' }, body: png(i) }))
  const link = (road: string): string => server.url(`/stories/${road}.html`)
  const cdata = `<![CDATA[${RICH}]]>`
  const escaped = RICH.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const feeds: Record<string, { type: string; body: string }> = {
    rss: {
      type: 'application/rss+xml',
      body: `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Rich RSS</title><link>${server.url('/')}</link><description>d</description>
<item><guid>rss</guid><title>Rich</title><link>${link('rss')}</link><content:encoded>${cdata}</content:encoded></item>
</channel></rss>`,
    },
    atom: {
      type: 'application/atom+xml',
      body: `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Rich Atom</title><id>urn:rich</id>
<updated>2026-11-01T00:00:00Z</updated><entry><id>atom</id><title>Rich</title><updated>2026-11-01T00:00:00Z</updated>
<link href="${link('atom')}"/><content type="html">${escaped}</content></entry></feed>`,
    },
    json: {
      type: 'application/feed+json',
      body: JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Rich JSON',
        items: [{ id: 'json', url: link('json'), title: 'Rich', content_html: RICH }],
      }),
    },
    page: {
      type: 'application/rss+xml',
      body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Rich page</title><link>${server.url('/')}</link>
<description>d</description><item><guid>page</guid><title>Rich</title><link>${link('page')}</link>
<description>The budget, in short.</description></item></channel></rss>`,
    },
  }
  server.serve('/stories/page.html', {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="en"><head><title>The budget</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>The budget</h1>${RICH}</article>
<footer>Copyright 2026 Example News</footer></body></html>`,
  })
  for (const [road, { type, body }] of Object.entries(feeds)) {
    server.serve(`/${road}`, { headers: { 'Content-Type': type }, body })
    await subscribeTo(core, server.url(`/${road}`))
  }
  const result = await (
    await startServices({ dataDir: core.dataDir, sync: { downloader: new Downloader({ timeoutMs: 5000 }) } })
  ).sync.run()
  expect(result.feeds.map((feed) => feed.error)).toEqual([null, null, null, null])
  for (const meta of await core.articles.list({ limit: 100 })) {
    const article = (await core.articles.get(meta.id))!
    articles.set(article.guid, article)
  }
}, 60_000)

afterAll(async () => {
  await server?.close()
  if (dataDir) await removeTempDir(dataDir)
})

const ROADS = ['rss', 'atom', 'json', 'page']

describe.each(ROADS)('a rich article by %s', (road) => {
  const article = (): Article => articles.get(road)!
  const doc = (): DocumentFragment => JSDOM.fragment(article().contentHtml)
  const text = (selector: string): string[] =>
    [...doc().querySelectorAll(selector)].map((element) => element.textContent!.replace(/\s+/g, ' ').trim())

  it('is stored, from the road it came by, within the policy', () => {
    expect(article().fullTextFrom).toBe(road === 'page' ? 'page' : 'feed')
    expect(policyViolations(article().contentHtml)).toEqual([])
  })

  it('keeps its headings and inline semantics', () => {
    expect(text('h2')).toContain('The budget, line by line')
    expect(text('h3')).toEqual(['What changes', 'The calculation'])
    expect(text('p em')).toContain('finally')
    expect(text('p strong')).toEqual(['£4.2m'])
    expect(text('sub')).toEqual(['2'])
    expect(text('sup')).toEqual(['3'])
  })

  it('keeps links, made absolute and opening outside', () => {
    const links = [...doc().querySelectorAll('a')]
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      server.url('/reports/budget.pdf'),
      'https://other.example/analysis',
    ])
    for (const a of links) {
      expect(a.getAttribute('rel')).toBe('noopener noreferrer')
      expect(a.getAttribute('target')).toBe('_blank')
    }
  })

  it('keeps the figure, its caption and its image, cached', () => {
    const figure = doc().querySelector('figure')!
    const img = figure.querySelector('img')!
    expect(img.getAttribute('alt')).toBe('Spending by department')
    expect(img.getAttribute('width')).toBe('640')
    expect(img.getAttribute('height')).toBe('400')
    const chart = article().images.find((image) => image.url === server.url('/img/chart.png'))
    expect(chart?.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(img.getAttribute('src')).toBe(`broadsheet-cache://${chart!.hash}`)
    expect(figure.querySelector('figcaption')?.innerHTML).toBe(
      'Spending by department, <em>in millions</em>.',
    )
  })

  it('keeps the table with its caption, head, body and foot', () => {
    const table = doc().querySelector('table')!
    expect(table.querySelector('caption')?.textContent).toBe('Spending by department')
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'Department',
      '2025',
      '2026',
    ])
    expect(table.querySelector('thead th')?.getAttribute('scope')).toBe('col')
    expect(
      [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)),
    ).toEqual([
      ['Transport', '1.1', '1.4'],
      ['Housing', '2.0', '1.9'],
      ['Libraries', '0.6', '0.9'],
    ])
    expect(text('tfoot td')).toEqual(['Total', '3.7', '4.2'])
  })

  it('keeps the quote, with its source made absolute', () => {
    const quote = doc().querySelector('blockquote')!
    expect(quote.getAttribute('cite')).toBe(server.url('/quotes/mayor'))
    expect(quote.textContent!.trim()).toBe('We kept every library open.')
  })

  it('keeps nested lists and the definition list', () => {
    expect(doc().querySelector('ol')?.getAttribute('start')).toBe('2')
    const ownText = (selector: string): string[] =>
      [...doc().querySelectorAll(selector)].map((li) => li.firstChild!.textContent!.trim())
    expect(ownText('ol > li')).toEqual(['Bus fares', 'Housing repairs'])
    expect(ownText('ol > li > ul > li')).toEqual(['Children ride free', 'Seniors pay half'])
    expect(text('ol > li > ul > li > ul > li')).toEqual(['after 9am'])
    expect(text('dl > dt')).toEqual(['Capital budget', 'Revenue budget'])
    expect(text('dl > dd')).toEqual(['Money for buildings and roads.', 'Money for services.'])
  })

  it('keeps the picture: the sharpest source and the fallback image, both cached', () => {
    const picture = doc().querySelector('picture')!
    const hashOf = (path: string): string | null | undefined =>
      article().images.find((image) => image.url === server.url(path))?.hash
    expect(picture.querySelector('source')?.getAttribute('srcset')).toBe(
      `broadsheet-cache://${hashOf('/img/wide.png')}`,
    )
    expect(picture.querySelector('source')?.getAttribute('media')).toBe('(min-width: 800px)')
    const img = picture.querySelector('img')!
    expect(img.getAttribute('src')).toBe(`broadsheet-cache://${hashOf('/img/narrow.png')}`)
    expect(img.getAttribute('alt')).toBe('The council chamber')
  })

  it('keeps code exactly, whitespace and entities included', () => {
    expect(doc().querySelector('pre > code')?.textContent).toBe(CODE)
    expect(article().contentText).toContain('    // four spaces, a tab:\tand entities: a < b && c > d')
  })
})

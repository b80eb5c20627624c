import iconv from 'iconv-lite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { atom, jsonFeed, longArticle, png, rdf, rss091, rss2, type TestItem } from '../../../helpers/feeds'
import { useTempDirs } from '../../../helpers/temp-dir'
import { subscribeTo } from '../../../helpers/subscribe'

const tempDir = useTempDirs('sync')
let server: FixtureServer
let core: Broadsheet

beforeEach(async () => {
  server = await startFixtureServer()
  core = await startServices({
    dataDir: await tempDir(),
    sync: { downloader: new Downloader({ timeoutMs: 3000 }) },
  })
})
afterEach(async () => {
  await server.close()
})

function items(prefix: string, count: number, full = true): TestItem[] {
  return Array.from({ length: count }, (_, n) => ({
    id: `${prefix}-${n}`,
    title: `${prefix} story ${n}`,
    link: server.url(`/${prefix}/${n}.html`),
    content: full ? longArticle(`${prefix} ${n}`) : undefined,
    summary: `Summary of ${prefix} ${n}`,
    author: `Author ${n}`,
    date: new Date(Date.UTC(2026, 10, 20, n)).toISOString(),
  }))
}

describe('sync: every feed format', () => {
  const formats = {
    'RSS 2.0': (t: TestItem[]) => ({
      type: 'application/rss+xml',
      body: rss2('RSS feed', server.url('/'), t),
    }),
    'RSS 0.91': (t: TestItem[]) => ({
      type: 'application/rss+xml',
      body: rss091('Old feed', server.url('/'), t),
    }),
    'RSS 1.0 (RDF)': (t: TestItem[]) => ({
      type: 'application/rdf+xml',
      body: rdf('RDF feed', server.url('/'), t),
    }),
    'Atom 1.0': (t: TestItem[]) => ({
      type: 'application/atom+xml',
      body: atom('Atom feed', server.url('/'), t),
    }),
    'JSON Feed 1.1': (t: TestItem[]) => ({
      type: 'application/feed+json',
      body: jsonFeed('JSON feed', server.url('/'), t),
    }),
    'JSON Feed 1.0': (t: TestItem[]) => ({
      type: 'application/json',
      body: jsonFeed('JSON feed', server.url('/'), t, '1.0'),
    }),
  }
  for (const [name, make] of Object.entries(formats)) {
    it(`reads ${name}`, async () => {
      const { type, body } = make(items('f', 3))
      server.serve('/feed', { headers: { 'Content-Type': type }, body })
      const feed = await subscribeTo(core, server.url('/feed'))
      const result = await core.sync.run()
      expect(result.feeds[0]?.error).toBeNull()
      expect(result.newArticles).toBe(3)
      const listed = await core.articles.list({ feedIds: [feed.id] })
      expect(listed.map((a) => a.title).sort()).toEqual(['f story 0', 'f story 1', 'f story 2'])
      const article = await core.articles.open(listed[0]!.id)
      expect(article.contentText).toContain('The council met on Tuesday')
      expect(article.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/f\/\d\.html$/)
      if (name !== 'RSS 0.91') {
        expect(listed[0]?.title).toBe('f story 2') // newest first, by the feed's dates
        expect(article.author).toBe('Author 2')
        expect(article.published).toBe('2026-11-20T02:00:00.000Z')
      }
      expect(core.subscriptions.feed(feed.id)?.title).not.toBe('127.0.0.1')
    })
  }

  it('deduplicates items by guid, then by link, and updates a changed item', async () => {
    const list = items('d', 2)
    const dupe = { ...list[0]!, title: 'repeat of d0' }
    const noGuid = [
      { ...list[1]!, id: '' },
      { ...list[1]!, id: '', title: 'same link again' },
    ]
    server.serve('/feed', {
      headers: { 'Content-Type': 'application/json' },
      body: jsonFeed('D', server.url('/'), [list[0]!, dupe]),
    })
    await subscribeTo(core, server.url('/feed'))
    expect((await core.sync.run()).newArticles).toBe(1)
    server.serve('/feed2', { body: rss2('D2', server.url('/'), noGuid).replace(/<guid[^>]*><\/guid>/g, '') })
    const feed2 = await subscribeTo(core, server.url('/feed2'))
    await core.sync.run({ feedIds: [feed2.id] })
    expect(await core.articles.list({ feedIds: [feed2.id] })).toHaveLength(1)

    const changed = { ...list[0]!, title: 'd story 0, corrected' }
    server.serve('/feed', {
      headers: { 'Content-Type': 'application/json' },
      body: jsonFeed('D', server.url('/'), [changed]),
    })
    const again = await core.sync.run()
    expect(again.newArticles).toBe(0)
    const titles = (await core.articles.list()).map((a) => a.title)
    expect(titles).toContain('d story 0, corrected')
    expect(titles).not.toContain('d story 0')
  })
})

describe('sync: full text from the story page', () => {
  const koreanPage = (charsetInMeta: boolean) =>
    iconv.encode(
      `<!doctype html><html><head>${charsetInMeta ? '<meta charset="euc-kr">' : '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'}
<title>북한 뉴스</title><meta name="author" content="김기자"></head><body>
<header><nav><a href="/">홈</a> <a href="/politics">정치</a> <a href="/sports">스포츠</a></nav></header>
<div class="share-bar"><a href="#">Share on Twitter</a> <a href="#">Share on Facebook</a></div>
<article><h1>북한의 새로운 발표</h1><p class="byline">김기자</p>
${Array.from({ length: 8 }, (_, n) => `<p>북한은 ${n + 1}일 모스크바에서 열린 회의에서 새로운 경제 정책을 발표했다. 전문가들은 이번 발표가 지역 경제에 큰 영향을 미칠 것이라고 분석했다.</p>`).join('\n')}
<figure><img src="/img/photo.png" alt="사진"><figcaption>회의 장면</figcaption></figure></article>
<aside class="most-popular"><h2>Most popular</h2><ol><li><a href="/x">인기 기사 하나</a></li><li><a href="/y">인기 기사 둘</a></li></ol></aside>
<footer>Copyright 2026 Example News. All rights reserved.</footer></body></html>`,
      'euc-kr',
    )

  it('extracts a summary-only item from its EUC-KR page, declared only in <meta>, with images cached', async () => {
    server.serve('/story.html', { headers: { 'Content-Type': 'text/html' }, body: koreanPage(true) })
    server.serve('/img/photo.png', { headers: { 'Content-Type': 'image/png' }, body: png(1) })
    const item = {
      id: 'k1',
      title: '북한의 새로운 발표',
      link: server.url('/story.html'),
      summary: '북한은 짧은 요약...',
    }
    server.serve('/feed', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('코리아', server.url('/'), [item]),
    })
    await subscribeTo(core, server.url('/feed'))
    await core.sync.run()
    const [listed] = await core.articles.list()
    const article = await core.articles.open(listed!.id)
    expect(article.fullTextFrom).toBe('page')
    expect(article.contentText).toContain('북한은 1일 모스크바에서 열린 회의에서')
    expect(article.contentText).not.toContain('\uFFFD')
    for (const chrome of ['Share on Twitter', 'Most popular', '인기 기사', 'Copyright 2026', '스포츠']) {
      expect(article.contentText).not.toContain(chrome)
    }
    expect(article.images).toHaveLength(1)
    expect(article.images[0]?.url).toBe(server.url('/img/photo.png'))
    expect(article.images[0]?.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(article.contentHtml).toContain(`broadsheet-cache://${article.images[0]?.hash}`)
    expect(server.hits('/img/photo.png').headers?.referer).toBe(server.url('/story.html'))
  })

  it('fetches a page once: a resync gets 304 and asks for no page again', async () => {
    server.serve('/story.html', { headers: { 'Content-Type': 'text/html' }, body: koreanPage(false) })
    const body = rss2('K', server.url('/'), [
      { id: 'k2', title: 'k', link: server.url('/story.html'), summary: 'short' },
    ])
    server.route('/feed', (request, response) => {
      if (request.headers['if-none-match'] === '"v1"') return void response.writeHead(304).end()
      response.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: '"v1"' }).end(body)
    })
    await subscribeTo(core, server.url('/feed'))
    expect((await core.sync.run()).newArticles).toBe(1)
    expect(server.hits('/story.html').count).toBe(1)
    const second = await core.sync.run()
    expect(second.feeds[0]).toMatchObject({ notModified: true, newArticles: 0, error: null })
    expect(server.hits('/feed').headers?.['if-none-match']).toBe('"v1"')
    expect(server.hits('/story.html').count).toBe(1)
    // Even when the feed changes, the stored extraction is reused, not refetched.
    server.route('/feed', (_request, response) => {
      response
        .writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: '"v2"' })
        .end(body.replace('<title>k</title>', '<title>k2</title>'))
    })
    await core.sync.run()
    expect(server.hits('/story.html').count).toBe(1)
  })

  it('keeps the summary and records why when the page cannot be fetched; the feed has no error', async () => {
    server.serve('/feed', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('M', server.url('/'), [
        { id: 'm', title: 'missing page', link: server.url('/gone.html'), summary: 'Just the summary.' },
      ]),
    })
    const feed = await subscribeTo(core, server.url('/feed'))
    const result = await core.sync.run()
    expect(result.feeds[0]?.error).toBeNull()
    expect(core.subscriptions.feed(feed.id)?.lastError).toBeNull()
    const [listed] = await core.articles.list()
    const article = await core.articles.open(listed!.id)
    expect(article.contentText).toContain('Just the summary.')
    expect(article.fullTextError).toMatch(/404/)
  })

  it('never fetches pages for a feed set to "never", and always for "always"', async () => {
    server.serve('/p.html', {
      headers: { 'Content-Type': 'text/html' },
      body: `<html><body><article>${longArticle('page', 10)}</article></body></html>`,
    })
    const list = [{ id: 'n', title: 'n', link: server.url('/p.html'), summary: 'tiny' }]
    server.serve('/feed', { body: rss2('N', server.url('/'), list) })
    const feed = await subscribeTo(core, server.url('/feed'))
    await core.subscriptions.updateFeedSettings(feed.id, { fullText: 'never' })
    await core.sync.run()
    expect(server.hits('/p.html').count).toBe(0)
    server.serve('/feed2', {
      body: rss2('A', server.url('/'), [{ ...list[0]!, id: 'a', content: longArticle('feed', 8) }]),
    })
    const always = await subscribeTo(core, server.url('/feed2'))
    await core.subscriptions.updateFeedSettings(always.id, { fullText: 'always' })
    await core.sync.run({ feedIds: [always.id] })
    expect(server.hits('/p.html').count).toBe(1)
  })
})

describe('sync: offline reading', () => {
  it('keeps every article and image readable after the server is gone', async () => {
    const list = items('o', 3).map((item, n) => ({
      ...item,
      content: `${item.content}<p><img src="/img/${n}.png" alt="figure ${n}"></p>`,
    }))
    for (let n = 0; n < 3; n++)
      server.serve(`/img/${n}.png`, { headers: { 'Content-Type': 'image/png' }, body: png(n + 10) })
    server.serve('/feed', { body: rss2('O', server.url('/'), list) })
    await subscribeTo(core, server.url('/feed'))
    await core.sync.run()
    await server.close()
    const reopened = await startServices({ dataDir: core.dataDir })
    const listed = await reopened.articles.list()
    expect(listed).toHaveLength(3)
    for (const meta of listed) {
      const article = await reopened.articles.open(meta.id)
      expect(article.contentText).toContain('The council met')
      const [image] = article.images
      expect(image?.hash).toBeTruthy()
      const blob = await reopened.blobs.get(image!.hash!)
      expect(blob?.info.contentType).toBe('image/png')
      expect(article.contentHtml).toContain(`broadsheet-cache://${image!.hash}`)
      expect(article.contentHtml).not.toContain('127.0.0.1')
    }
    server = await startFixtureServer() // for afterEach
  })

  it('retries a failed image on the next sync even when the feed answers 304', async () => {
    const list = items('p', 1).map((item) => ({
      ...item,
      content: `${item.content}<img src="/img/slow.png">`,
    }))
    const body = rss2('P', server.url('/'), list)
    server.route('/feed', (request, response) => {
      if (request.headers['if-none-match'] === '"p1"') return void response.writeHead(304).end()
      response.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: '"p1"' }).end(body)
    })
    await subscribeTo(core, server.url('/feed'))
    await core.sync.run()
    const id = (await core.articles.list())[0]!.id
    expect((await core.articles.open(id)).images[0]?.hash).toBeNull()
    server.serve('/img/slow.png', { headers: { 'Content-Type': 'image/png' }, body: png(77) })
    const second = await core.sync.run()
    expect(second.feeds[0]?.notModified).toBe(true)
    const article = await core.articles.open(id)
    expect(article.images[0]?.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(article.contentHtml).toContain(`broadsheet-cache://${article.images[0]?.hash}`)
    // Once when it failed, once on the retry.
    expect(server.hits('/img/slow.png').count).toBe(2)
  })

  it('downloads an image that many articles of many feeds show once per sync, and caches it for each', async () => {
    server.serve('/img/logo.png', { headers: { 'Content-Type': 'image/png' }, body: png(5) })
    for (const name of ['a', 'b']) {
      const list = items(name, 4).map((item) => ({
        ...item,
        content: `${item.content}<img src="/img/logo.png">`,
      }))
      server.serve(`/feed-${name}`, { body: rss2(name, server.url('/'), list) })
      await subscribeTo(core, server.url(`/feed-${name}`))
    }
    const result = await core.sync.run()
    expect(result.newArticles).toBe(8)
    expect(server.hits('/img/logo.png').count).toBe(1)
    const hashes = new Set<string | null>()
    for (const meta of await core.articles.list()) {
      const article = await core.articles.open(meta.id)
      hashes.add(article.images[0]?.hash ?? null)
      expect(article.contentHtml).toContain(`broadsheet-cache://${article.images[0]?.hash}`)
    }
    expect(hashes.size).toBe(1)
    expect([...hashes][0]).toMatch(/^[0-9a-f]{64}$/)
    // A later sync downloads it again (once) for its new articles: the memory of downloads is the sync's.
    server.serve('/feed-a', {
      body: rss2(
        'a',
        server.url('/'),
        items('c', 2).map((item) => ({ ...item, content: `${item.content}<img src="/img/logo.png">` })),
      ),
    })
    await core.sync.run()
    expect(server.hits('/img/logo.png').count).toBe(2)
  })

  it('tries a shared image again for the next article when its download failed', async () => {
    let served = 0
    server.route('/img/flaky.png', (_request, response) => {
      served += 1
      if (served === 1) return void response.writeHead(500).end()
      response.writeHead(200, { 'Content-Type': 'image/png' }).end(png(6))
    })
    // One feed at a time, its items finished four at once: the first item's failure is over before the
    // fifth item asks for the image.
    const list = items('f', 8).map((item) => ({
      ...item,
      content: `${item.content}<img src="/img/flaky.png">`,
    }))
    server.serve('/feed', { body: rss2('F', server.url('/'), list) })
    await subscribeTo(core, server.url('/feed'))
    await core.sync.run()
    const images = await Promise.all(
      (await core.articles.list()).map(
        async (meta) => (await core.articles.open(meta.id)).images[0]?.hash ?? null,
      ),
    )
    expect(served).toBeGreaterThanOrEqual(2)
    expect(images.filter((hash) => hash !== null).length).toBeGreaterThan(0)
  })

  it('keeps a failed image at its original URL and caches it on a later sync', async () => {
    const list = items('i', 1).map((item) => ({
      ...item,
      content: `${item.content}<img src="/img/late.png">`,
    }))
    server.serve('/feed', { body: rss2('I', server.url('/'), list) })
    await subscribeTo(core, server.url('/feed'))
    await core.sync.run()
    let article = await core.articles.open((await core.articles.list())[0]!.id)
    expect(article.images[0]).toEqual({ url: server.url('/img/late.png'), hash: null })
    expect(article.contentHtml).toContain(server.url('/img/late.png'))
    server.serve('/img/late.png', { headers: { 'Content-Type': 'image/png' }, body: png(99) })
    await core.sync.run()
    article = await core.articles.open(article.id)
    expect(article.images[0]?.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(article.contentHtml).toContain('broadsheet-cache://')
  })
})

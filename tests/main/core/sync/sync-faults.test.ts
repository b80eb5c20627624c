import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { longArticle, rss2, type TestItem } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { useTempDirs } from '../../../helpers/temp-dir'
import { subscribeTo } from '../../../helpers/subscribe'

const tempDir = useTempDirs('faults')
let server: FixtureServer
let core: Broadsheet

beforeEach(async () => {
  server = await startFixtureServer()
  core = await startServices({ dataDir: await tempDir() })
})
afterEach(async () => {
  await server.close()
})

/** The sync service of another instance over the same data dir, fetching with these limits. */
const engine = async (timeoutMs = 3000, maxBytes?: number) =>
  (
    await startServices({
      dataDir: core.dataDir,
      sync: {
        downloader: new Downloader({ timeoutMs, maxBytes: maxBytes ? { feed: maxBytes } : undefined }),
      },
    })
  ).sync

function goodFeed(path: string, title = 'Good'): void {
  const list: TestItem[] = [
    { id: `${path}-1`, title: `${title} story`, link: server.url(`${path}/1`), content: longArticle(title) },
  ]
  server.serve(path, {
    headers: { 'Content-Type': 'application/rss+xml' },
    body: rss2(title, server.url('/'), list),
  })
}

/** Subscribes to a good feed and a bad one, syncs, and returns the bad one's result and state. */
async function syncWithBad(badPath: string, sync = engine()) {
  goodFeed('/good')
  const good = await subscribeTo(core, server.url('/good'))
  const bad = await subscribeTo(core, server.url(badPath))
  const result = await (await sync).run()
  const goodResult = result.feeds.find((f) => f.id === good.id)
  expect(goodResult).toMatchObject({ error: null, newArticles: 1 })
  return { result: result.feeds.find((f) => f.id === bad.id)!, feed: core.subscriptions.feed(bad.id)!, good }
}

describe('sync: failures stay with their feed', () => {
  it('a server that never answers: the sync ends, that feed has a timeout error, the others are fine', async () => {
    server.route('/hang', () => new Promise(() => undefined))
    const started = Date.now()
    const { result, feed } = await syncWithBad('/hang', engine(600))
    expect(Date.now() - started).toBeLessThan(5000)
    expect(result.error).toMatch(/timed out/)
    expect(feed.lastError).toMatch(/timed out/)
  })

  it('429 with Retry-After: waits as asked, and the next sync does not knock', async () => {
    server.serve('/busy', { status: 429, headers: { 'Retry-After': '3600' } })
    const { feed } = await syncWithBad('/busy')
    expect(feed.lastError).toMatch(/429/)
    const wait = Date.parse(feed.retryAfter!) - Date.now()
    expect(wait).toBeGreaterThan(3500_000)
    expect(wait).toBeLessThanOrEqual(3600_000)
    const hits = server.hits('/busy').count
    const again = await (await engine()).run()
    expect(server.hits('/busy').count).toBe(hits)
    // When in words, relative to now (not an ISO time in UTC): 3600 s less the few the test took.
    expect(again.feeds.find((f) => f.id === feed.id)?.error).toMatch(
      /^the server asked us to wait; retrying in (59 min|1 h)$/,
    )
  })

  it('503 without Retry-After backs off exponentially', async () => {
    server.serve('/down', { status: 503 })
    const { feed } = await syncWithBad('/down')
    const first = Date.parse(feed.retryAfter!) - Date.parse(feed.lastFetched!)
    await core.subscriptions.recordFetches(new Map([[feed.id, { retryAfter: null }]]))
    await (await engine()).run({ feedIds: [feed.id] })
    const after = core.subscriptions.feed(feed.id)!
    expect(Date.parse(after.retryAfter!) - Date.parse(after.lastFetched!)).toBe(first * 2)
  })

  it('410 Gone marks the feed dead and stops fetching it', async () => {
    server.serve('/gone', { status: 410 })
    const { feed } = await syncWithBad('/gone')
    expect(feed.dead).toBe(true)
    expect(feed.lastError).toMatch(/gone/i)
    await (await engine()).run()
    expect(server.hits('/gone').count).toBe(1)
  })

  it('follows a redirect chain and refuses a loop', async () => {
    goodFeed('/final', 'Final')
    server.serve('/r1', { status: 301, headers: { Location: '/r2' } })
    server.serve('/r2', { status: 302, headers: { Location: server.url('/final') } })
    const redirected = await subscribeTo(core, server.url('/r1'))
    server.serve('/loop-a', { status: 302, headers: { Location: '/loop-b' } })
    server.serve('/loop-b', { status: 302, headers: { Location: '/loop-a' } })
    const { result } = await syncWithBad('/loop-a')
    expect(result.error).toMatch(/redirect/i)
    expect((await core.articles.list({ feedIds: [redirected.id] }))[0]?.title).toBe('Final story')
  })

  it('refuses an oversized feed, and reads a gzipped one', async () => {
    server.serve('/big', { headers: { 'Content-Type': 'application/rss+xml' }, body: 'x'.repeat(300_000) })
    const { result } = await syncWithBad('/big', engine(3000, 100_000))
    expect(result.error).toMatch(/larger than/)
    const list: TestItem[] = [
      { id: 'z', title: 'Zipped', link: server.url('/z'), content: longArticle('zip') },
    ]
    server.serve('/gz', {
      headers: { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'gzip' },
      body: gzipSync(rss2('Gz', server.url('/'), list)),
    })
    const gz = await subscribeTo(core, server.url('/gz'))
    await (await engine()).run({ feedIds: [gz.id] })
    expect((await core.articles.list({ feedIds: [gz.id] }))[0]?.title).toBe('Zipped')
  })

  it('malformed XML and an HTML error page are clear per-feed errors', async () => {
    server.serve('/broken', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: '<rss><channel><title>x</title><item><title>a</item></channel>',
    })
    const { result } = await syncWithBad('/broken')
    expect(result.error).toBe('the feed is not well-formed XML')
    server.serve('/html', {
      headers: { 'Content-Type': 'text/html' },
      body: '<!doctype html><html><body><h1>500 Oops</h1></body></html>',
    })
    const html = await subscribeTo(core, server.url('/html'))
    const again = await (await engine()).run({ feedIds: [html.id] })
    expect(again.feeds[0]?.error).toMatch(/web page, not a feed/)
  })

  it('an entity bomb neither hangs nor expands', async () => {
    const lol = Array.from({ length: 9 }, (_, n) => `<!ENTITY lol${n + 1} "${`&lol${n};`.repeat(10)}">`).join(
      '',
    )
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">${lol}]><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><guid>b</guid><description>&lol9;</description></item></channel></rss>`
    server.serve('/bomb', { headers: { 'Content-Type': 'application/rss+xml' }, body: bomb })
    const before = process.memoryUsage().rss
    const started = Date.now()
    const { result } = await syncWithBad('/bomb')
    expect(Date.now() - started).toBeLessThan(5000)
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024)
    if (result.error === null) {
      const stored = await core.articles.list({ feedIds: [result.id] })
      for (const meta of stored)
        expect((await core.articles.open(meta.id)).contentText.length).toBeLessThan(1000)
    }
  })

  it('XSS in titles, content and links does not survive into the store', async () => {
    const list: TestItem[] = [
      {
        id: 'x1',
        title: '<img src=x onerror=alert(1)>Breaking <script>alert(2)</script>news',
        link: 'javascript:alert(3)',
        content: `${longArticle('xss')}<script>alert(4)</script><a href="JaVaScRiPt:alert(5)">a</a><a href="java&#x09;script:alert(6)">b</a><img src="x" onerror="alert(7)"><iframe src="https://evil.example/"></iframe><form action="/x"><input name="q"></form><p style="background:url(javascript:alert(8))">styled</p><a href="/relative">rel</a>`,
      },
    ]
    server.serve('/xss', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('<b>Evil</b> feed', server.url('/'), list),
    })
    await subscribeTo(core, server.url('/xss'))
    await (await engine()).run()
    const [meta] = await core.articles.list()
    const article = await core.articles.open(meta!.id)
    expect(article.title).toBe('Breaking news')
    expect(article.url).toBeNull()
    const stored = JSON.stringify(article)
    for (const bad of [
      '<script',
      'onerror',
      'javascript:',
      'JaVaScRiPt',
      '<iframe',
      '<form',
      '<input',
      'style=',
      'alert(',
    ]) {
      expect(stored.toLowerCase()).not.toContain(bad.toLowerCase())
    }
    expect(article.contentHtml).toContain(`href="${server.url('/relative')}"`)
    expect(article.contentHtml).toMatch(/rel="noopener noreferrer"/)
  })
})

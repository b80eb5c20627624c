import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SAVED_FEED_ID } from '../../../../src/shared/types'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { UserError } from '../../../../src/main/core/errors'
import { inThreadBuilder, type ContentBuilder } from '../../../../src/main/core/sync/build-jobs'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { applyRetention } from '../../../../src/main/core/sync/retention'
import { atom, jsonFeed, longArticle, png, rss2, type TestItem } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('discover')
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

const item = (id: string, extra: Partial<TestItem> = {}): TestItem => ({
  id,
  title: `Story ${id}`,
  link: server.url(`/s/${id}`),
  content: longArticle(id),
  ...extra,
})
const page = (head: string) =>
  `<!doctype html><html><head><title>Site</title>${head}</head><body><p>Hello</p></body></html>`

describe('autodiscovery', () => {
  it('subscribes to the feed a website names in <link rel="alternate">', async () => {
    server.serve('/', {
      headers: { 'Content-Type': 'text/html' },
      body: page('<link rel="alternate" type="application/atom+xml" title="Atom" href="/feeds/atom.xml">'),
    })
    server.serve('/feeds/atom.xml', {
      headers: { 'Content-Type': 'application/atom+xml' },
      body: atom('Site Atom', server.url('/'), [item('a')]),
    })
    const feed = await core.subscriptions.subscribe(server.url('/'))
    expect(feed.url).toBe(server.url('/feeds/atom.xml'))
    expect(feed.title).toBe('Site Atom')
    expect(feed.siteUrl).toBe(server.url('/'))
  })

  it('finds RSS and JSON Feed links too, relative to <base>', async () => {
    server.serve('/blog/', {
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body: page(
        '<base href="/b/"><link rel="stylesheet" href="x.css"><link rel="alternate" type="application/feed+json" href="feed.json">',
      ),
    })
    server.serve('/b/feed.json', {
      headers: { 'Content-Type': 'application/feed+json' },
      body: jsonFeed('J', server.url('/'), [item('j')]),
    })
    expect((await core.subscriptions.subscribe(server.url('/blog/'))).url).toBe(server.url('/b/feed.json'))
  })

  it('falls back to the common paths when the page names no feed', async () => {
    server.serve('/site', { headers: { 'Content-Type': 'text/html' }, body: page('') })
    server.serve('/rss.xml', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('Fallback', server.url('/'), [item('f')]),
    })
    expect((await core.subscriptions.subscribe(server.url('/site'))).url).toBe(server.url('/rss.xml'))
  })

  it('refuses a URL that is neither a feed nor a page with one, and duplicates, and non-web URLs', async () => {
    server.serve('/plain', { headers: { 'Content-Type': 'text/html' }, body: page('') })
    await expect(core.subscriptions.subscribe(server.url('/plain'))).rejects.toThrow(/no feed found/)
    server.serve('/image.png', { headers: { 'Content-Type': 'image/png' }, body: png() })
    await expect(core.subscriptions.subscribe(server.url('/image.png'))).rejects.toBeInstanceOf(UserError)
    await expect(core.subscriptions.subscribe('file:///etc/passwd')).rejects.toThrow(/only http and https/)
    server.serve('/feed', { body: rss2('F', server.url('/'), [item('x')]) })
    await core.subscriptions.subscribe(server.url('/feed'))
    await expect(core.subscriptions.subscribe(server.url('/feed'))).rejects.toThrow(/already subscribed/)
    expect(core.subscriptions.feeds()).toHaveLength(1)
  })
})

describe('save by URL', () => {
  it('saves a page with its images, listed as saved and readable offline', async () => {
    server.serve('/article', {
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body: `<!doctype html><html><head><title>A saved page</title></head><body><nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<article><h1>A saved page</h1><p class="byline">By Jo Writer</p>${longArticle('saving', 5)}<img src="/pic.png" alt="pic"></article>
<footer>Footer links and legal text</footer></body></html>`,
    })
    server.serve('/pic.png', { headers: { 'Content-Type': 'image/png' }, body: png(5) })
    const saved = await core.sync.save(server.url('/article'))
    expect(saved.feedId).toBe(SAVED_FEED_ID)
    expect(saved.contentText).toContain('Paragraph 1 about saving')
    expect(saved.contentText).not.toContain('About us')
    expect(saved.images[0]?.hash).toMatch(/^[0-9a-f]{64}$/)
    await server.close()
    const listed = await core.articles.list({ saved: true })
    expect(listed.map((a) => a.id)).toEqual([saved.id])
    expect(listed[0]?.saved).toBe(true)
    expect((await core.articles.open(saved.id)).contentHtml).toContain('broadsheet-cache://')
    server = await startFixtureServer()
  })

  it('refuses what it cannot save, with a clear message', async () => {
    await expect(core.sync.save(server.url('/missing'))).rejects.toThrow(/could not save .*404/)
    server.serve('/pic.png', { headers: { 'Content-Type': 'image/png' }, body: png(5) })
    await expect(core.sync.save(server.url('/pic.png'))).rejects.toThrow(/not a web page/)
    await expect(core.sync.save('javascript:alert(1)')).rejects.toThrow(/only http and https/)
  })
})

describe('the DOM work of discovery and saving', () => {
  it("goes to the sync's builder (the worker pool in the app), never parsed on the thread that answers", async () => {
    const jobs: string[] = []
    const here = inThreadBuilder()
    const recording: ContentBuilder = {
      run: (type, input) => {
        jobs.push(type)
        return here.run(type, input)
      },
    }
    const watched = await startServices({
      dataDir: await tempDir(),
      sync: { downloader: new Downloader({ timeoutMs: 3000 }), content: recording },
    })
    server.serve('/', {
      headers: { 'Content-Type': 'text/html' },
      body: page('<link rel="alternate" type="application/rss+xml" href="/feed.xml">'),
    })
    server.serve('/feed.xml', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('Found', server.url('/'), [item('a')]),
    })
    expect((await watched.subscriptions.subscribe(server.url('/'))).title).toBe('Found')
    // The page is tried as a feed, its links read, then the feed it names; then the site's icons.
    expect(jobs).toEqual(['feed', 'links', 'feed', 'icons'])
    jobs.length = 0
    server.serve('/story', {
      headers: { 'Content-Type': 'text/html' },
      body: `<!doctype html><html><head><title>Story</title></head><body><article>${longArticle('kept', 5)}</article></body></html>`,
    })
    expect((await watched.sync.save(server.url('/story'))).contentText).toContain('Paragraph 1 about kept')
    // Its text is read in the same job (read again only if caching images could have changed it).
    expect(jobs).toEqual(['saved'])
    await watched.close()
  })
})

describe('retention', () => {
  it('evicts old articles but never bookmarked or saved ones, and frees their unused images', async () => {
    const list = [item('old1'), item('old2'), item('keep')].map((i, n) => ({
      ...i,
      content: `${i.content}<img src="/i${n}.png">`,
    }))
    for (let n = 0; n < 3; n++)
      server.serve(`/i${n}.png`, { headers: { 'Content-Type': 'image/png' }, body: png(20 + n) })
    server.serve('/feed', { body: rss2('R', server.url('/'), list) })
    await core.subscriptions.subscribe(server.url('/feed'))
    await core.sync.run()
    server.serve('/saved', {
      headers: { 'Content-Type': 'text/html' },
      body: `<html><body><article>${longArticle('kept')}</article></body></html>`,
    })
    const saved = await core.sync.save(server.url('/saved'))
    const all = await core.articles.list()
    const keep = all.find((a) => a.title === 'Story keep')!
    await core.flags.setBookmarked(keep.id, true)
    await core.flags.setRead([all.find((a) => a.title === 'Story old1')!.id], true)
    const imagesBefore = (await core.blobs.list()).length
    expect(imagesBefore).toBe(3)

    // 100 days later, with a 90-day retention, and past the grace period for fresh blobs.
    const later = new Date(Date.now() + 100 * 86_400_000)
    const removed = await applyRetention(core, later)
    expect(removed.articles.map((a) => a.title).sort()).toEqual(['Story old1', 'Story old2'])
    const left = (await core.articles.list()).map((a) => a.id).sort()
    expect(left).toEqual([keep.id, saved.id].sort())
    expect(core.flags.readIds().size).toBe(0)
    expect((await core.blobs.list()).length).toBe(1)
    expect((await core.articles.open(keep.id)).images[0]?.hash).toBe((await core.blobs.list())[0]?.hash)
  })

  it('keeps at most M articles per feed when set', async () => {
    server.serve('/feed', {
      body: rss2(
        'M',
        server.url('/'),
        ['1', '2', '3', '4'].map((id, n) =>
          item(id, { date: new Date(Date.UTC(2026, 10, 1 + n)).toISOString() }),
        ),
      ),
    })
    await core.settings.update({ retentionMaxPerFeed: 2 })
    await core.subscriptions.subscribe(server.url('/feed'))
    await core.sync.run()
    expect((await core.articles.list()).map((a) => a.title)).toEqual(['Story 4', 'Story 3'])
  })
})

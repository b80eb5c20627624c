import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cachedBlobResponse } from '../../../../src/main/core/api/cache-response'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { sniffImageType } from '../../../../src/main/core/content/image-type'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { linkedIcons } from '../../../../src/main/core/sync/discover-links'
import { deleteUnusedBlobs } from '../../../../src/main/core/sync/retention'
import { png, rss2 } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('feed-icons')
let site: FixtureServer
let other: FixtureServer | null = null
let core: Broadsheet

beforeEach(async () => {
  site = await startFixtureServer()
  core = await startServices({
    dataDir: await tempDir(),
    sync: { downloader: new Downloader({ timeoutMs: 3000 }), content: 'in-thread' },
  })
})
afterEach(async () => {
  await site.close()
  await other?.close()
  other = null
})

const ICO = new Uint8Array([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 4, 0, 0, 0, 22, 0, 0, 0])

function serveSite(head: string, siteUrl = site.url('/')): void {
  site.serve('/', {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html><head><title>Site</title>${head}
<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>Hi</body></html>`,
  })
  site.serve('/feed.xml', {
    headers: { 'Content-Type': 'application/rss+xml' },
    body: rss2('The Site', siteUrl, [
      { id: 'a', title: 'Story a', link: site.url('/a'), content: '<p>Story a.</p>' },
    ]),
  })
}

describe('feed icons', () => {
  it('fetches the icon the home page names once, at subscribe time, into the image cache', async () => {
    serveSite('<link rel="icon" type="image/png" sizes="32x32" href="/static/icon-32.png">')
    site.serve('/static/icon-32.png', { headers: { 'Content-Type': 'image/png' }, body: png(3) })
    const feed = await core.subscriptions.subscribe(site.url('/'))
    expect(feed.icon).toMatch(/^[0-9a-f]{64}$/)
    expect(site.hits('/static/icon-32.png').count).toBe(1)
    expect(site.hits('/favicon.ico').count).toBe(0)
    // Listed with the feed, and served by the cache route like an article's image.
    expect((await core.subscriptions.summaries())[0]?.icon).toBe(feed.icon)
    const served = await cachedBlobResponse(core.blobs, feed.icon as string)
    expect(served).toMatchObject({ status: 200, headers: { 'Content-Type': 'image/png' } })
    expect(Buffer.from(served.body as Buffer)).toEqual(Buffer.from(png(3)))

    // Syncs do not fetch it again, and offline it is still there.
    await core.sync.run()
    await core.sync.run()
    expect(site.hits('/static/icon-32.png').count).toBe(1)
    await site.close()
    expect((await cachedBlobResponse(core.blobs, feed.icon as string)).status).toBe(200)
  })

  it('falls back to /favicon.ico (served as anything, checked by its bytes)', async () => {
    serveSite('')
    site.serve('/favicon.ico', { headers: { 'Content-Type': 'application/octet-stream' }, body: ICO })
    const feed = await core.subscriptions.subscribe(site.url('/'))
    expect(feed.icon).toMatch(/^[0-9a-f]{64}$/)
    expect((await core.blobs.info(feed.icon as string))?.contentType).toBe('image/x-icon')
  })

  it('refuses what is not an image, whatever the server calls it', async () => {
    serveSite('<link rel="icon" href="/icon.png">')
    site.serve('/icon.png', {
      headers: { 'Content-Type': 'image/png' },
      body: '<!doctype html><html><body><script>alert(1)</script></body></html>',
    })
    site.serve('/favicon.ico', { headers: { 'Content-Type': 'text/html' }, body: ICO })
    const feed = await core.subscriptions.subscribe(site.url('/'))
    expect(feed.icon ?? null).toBeNull()
    expect(await core.blobs.list()).toEqual([])
    expect(site.hits('/icon.png').count).toBe(1)
    // None at subscribe time: the next sync looks once more, then not for a while.
    await core.sync.run()
    expect(site.hits('/icon.png').count).toBe(2)
    expect(core.subscriptions.feeds()[0]).toMatchObject({ icon: null, iconCheckedAt: expect.any(String) })
    await core.sync.run()
    expect(site.hits('/icon.png').count).toBe(2)
    expect(await core.blobs.list()).toEqual([])
  })

  it('keeps an SVG icon as safe as an article’s SVG: an image only, served with the no-script policy', async () => {
    const svg =
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" onload="alert(1)"><script>alert(2)</script><rect width="16" height="16"/></svg>'
    serveSite('<link rel="icon" type="image/svg+xml" href="/icon.svg">')
    site.serve('/icon.svg', { headers: { 'Content-Type': 'image/svg+xml' }, body: svg })
    const feed = await core.subscriptions.subscribe(site.url('/'))
    const served = await cachedBlobResponse(core.blobs, feed.icon as string)
    expect(served.headers).toMatchObject({
      'Content-Type': 'image/svg+xml',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': expect.stringContaining('sandbox'),
    })
    expect(served.headers['Content-Security-Policy']).toContain("default-src 'none'")
  })

  it('never follows a feed’s site link to another private address (the feed’s own host only)', async () => {
    other = await startFixtureServer()
    other.serve('/', {
      headers: { 'Content-Type': 'text/html' },
      body: '<link rel="icon" href="/router-icon.png">',
    })
    other.serve('/router-icon.png', { headers: { 'Content-Type': 'image/png' }, body: png(9) })
    other.serve('/favicon.ico', { headers: { 'Content-Type': 'image/x-icon' }, body: ICO })
    serveSite('', other.url('/'))
    const feed = await core.subscriptions.subscribe(site.url('/feed.xml'))
    expect(feed.siteUrl).toBe(other.url('/'))
    expect(feed.icon ?? null).toBeNull()
    await core.sync.run()
    expect(core.subscriptions.feeds()[0]?.icon).toBeNull()
    for (const path of ['/', '/router-icon.png', '/favicon.ico']) expect(other.hits(path).count).toBe(0)
  })

  it('stores a feed’s articles and reports it done without waiting for its icon, which still arrives', async () => {
    serveSite('')
    // The icon is answered only once the feed's articles are stored and its progress is reported: a
    // sync that waited for the icon first would time out on it (3 s) and record none.
    let release!: () => void
    const reported = new Promise<void>((resolve) => (release = resolve))
    site.route('/favicon.ico', async (_request, response) => {
      await reported
      response.writeHead(200, { 'Content-Type': 'image/x-icon' }).end(ICO)
    })
    await core.subscriptions.add([{ url: site.url('/feed.xml') }])
    const [feed] = core.subscriptions.feeds()
    const seen: { newArticles: number; stored: boolean; icon: unknown }[] = []
    const result = await core.sync.run({
      onProgress: ({ feed: done }) => {
        if (!done) return
        void core.articles.catalog({ limit: 10 }).then((metas) => {
          seen.push({
            newArticles: done.newArticles,
            stored: metas.some((meta) => meta.title === 'Story a'),
            icon: core.subscriptions.feeds()[0]?.icon,
          })
          release()
        })
      },
    })
    expect(result.feeds[0]).toMatchObject({ id: feed?.id, newArticles: 1, error: null })
    expect(seen).toEqual([{ newArticles: 1, stored: true, icon: undefined }])
    expect(core.subscriptions.feeds()[0]?.icon).toMatch(/^[0-9a-f]{64}$/)
    expect(site.hits('/favicon.ico').count).toBe(1)
  })

  it('looks for the icon of a feed that has none yet at the next sync (an imported feed)', async () => {
    serveSite('<link rel="shortcut icon" href="/fav.gif">')
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==', 'base64')
    site.serve('/fav.gif', { headers: { 'Content-Type': 'image/gif' }, body: gif })
    await core.subscriptions.add([{ url: site.url('/feed.xml') }])
    expect(core.subscriptions.feeds()[0]?.icon).toBeUndefined()
    await core.sync.run()
    const icon = core.subscriptions.feeds()[0]?.icon
    expect(icon).toMatch(/^[0-9a-f]{64}$/)
    await core.sync.run()
    expect(site.hits('/fav.gif').count).toBe(1)
    // An icon is kept while its feed is, though no article shows it.
    const later = Date.now() + 30 * 86_400_000
    await deleteUnusedBlobs(
      { articles: core.articles, blobs: core.blobs, subscriptions: core.subscriptions },
      later,
    )
    expect(await core.blobs.has(icon as string)).toBe(true)
  })
})

describe('linkedIcons', () => {
  it('prefers a plain icon near 32 px, then others, touch icons last, resolved against the page', () => {
    const html = `<head><base href="/assets/">
<link rel="apple-touch-icon" href="touch.png">
<link rel="icon" sizes="192x192" href="big.png">
<link rel="icon" sizes="32x32" href="32.png">
<link rel="alternate icon" href="/favicon.ico">
<link rel="icon" href="javascript:alert(1)"></head>`
    expect(linkedIcons(html, 'https://news.test/')).toEqual([
      'https://news.test/assets/32.png',
      'https://news.test/favicon.ico',
      'https://news.test/assets/big.png',
      'https://news.test/assets/touch.png',
    ])
  })
})

describe('sniffImageType', () => {
  it('names images by their bytes and nothing else', () => {
    expect(sniffImageType(png(1))).toBe('image/png')
    expect(sniffImageType(ICO)).toBe('image/x-icon')
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(
      'image/svg+xml',
    )
    expect(sniffImageType(new TextEncoder().encode('<!doctype html><svg></svg>'))).toBeNull()
    expect(sniffImageType(new TextEncoder().encode('GIF89a……'))).toBe('image/gif')
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffImageType(new TextEncoder().encode('alert(1)'))).toBeNull()
  })
})

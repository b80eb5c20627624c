import { randomBytes } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import type { IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { longArticle, png } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { useTempDirs } from '../../../helpers/temp-dir'
import { usePreviews } from '../preview/preview-fixture'
import { subscribeTo } from '../../../helpers/subscribe'
import { asPublic } from '../../../helpers/public-addresses'

const tempDir = useTempDirs('ssrf')
const startPreview = usePreviews()

/** One request a server received. */
interface Seen {
  path: string
  headers: IncomingHttpHeaders
}

/** The feed's own site, and a third party (another origin: another port) serving images. */
let site: FixtureServer
let thirdParty: FixtureServer
let siteSeen: Seen[]
let thirdSeen: Seen[]
let core: Broadsheet
/** Bytes no fetch may ever read: they live only in local files that articles point at. */
let secret: string
let secretFile: string

beforeEach(async () => {
  site = await startFixtureServer()
  thirdParty = await startFixtureServer()
  siteSeen = []
  thirdSeen = []
  const dir = await tempDir()
  secret = `SECRET-${randomBytes(12).toString('hex')}`
  secretFile = join(dir, 'secret.png')
  await writeFile(secretFile, Buffer.concat([Buffer.from(png(7)), Buffer.from(secret)]))
  core = await startServices({
    dataDir: join(dir, 'data'),
    // Both servers play public sites: a third party here is a CDN, not a machine of the user's network.
    sync: { downloader: new Downloader({ timeoutMs: 3000, classifyAddress: asPublic(site, thirdParty) }) },
  })
})
afterEach(async () => {
  await Promise.all([site.close(), thirdParty.close()])
})

/** Serves a path, recording the request's headers first; `cookie` is set on the answer. */
function serve(
  server: FixtureServer,
  seen: Seen[],
  path: string,
  answer: { status?: number; type?: string; body?: string | Uint8Array; location?: string },
): void {
  server.route(path, (request, response) => {
    seen.push({ path, headers: request.headers })
    const headers: Record<string, string> = { 'Set-Cookie': `${path.replace(/\W/g, '')}=tracking-id; Path=/` }
    if (answer.type) headers['Content-Type'] = answer.type
    if (answer.location) headers.Location = answer.location
    response.writeHead(answer.status ?? 200, headers).end(answer.body ?? '')
  })
}

const esc = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')

/** An RSS item; `image` becomes an enclosure (the feed's lead image for the item). */
function rssItem(
  guid: string,
  fields: { link?: string; content?: string; summary?: string; image?: string },
) {
  return `<item><title>${guid}</title><guid isPermaLink="false">${guid}</guid>
${fields.link ? `<link>${esc(fields.link)}</link>` : ''}
${fields.summary ? `<description>${esc(fields.summary)}</description>` : ''}
${fields.content ? `<content:encoded>${esc(fields.content)}</content:encoded>` : ''}
${fields.image ? `<enclosure url="${esc(fields.image)}" type="image/png" length="1"/>` : ''}</item>`
}

function rss(items: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Site</title><link>${site.origin}/</link><description>d</description>
${items.join('\n')}
</channel></rss>`
}

/** Every file under a folder, as text (the data dir is small). */
async function allText(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
  return (await Promise.all(files.map((file) => readFile(file, 'latin1')))).join('\n')
}

describe('SSRF: only http(s) is ever fetched', () => {
  it('never fetches file:, data:, ftp: or gopher: images and pages, nor redirects to them', async () => {
    const fileUrl = pathToFileURL(secretFile).href
    const dataPng = `data:image/png;base64,${Buffer.from(png(99)).toString('base64')}`
    serve(site, siteSeen, '/img/to-file.png', { status: 302, location: fileUrl })
    serve(site, siteSeen, '/img/to-data.png', { status: 302, location: dataPng })
    serve(site, siteSeen, '/img/to-gopher.png', { status: 301, location: 'gopher://127.0.0.1/1' })
    serve(site, siteSeen, '/story/to-file', { status: 302, location: fileUrl })
    serve(site, siteSeen, '/img/fine.png', { type: 'image/png', body: png(1) })
    const images = [fileUrl, dataPng, 'ftp://127.0.0.1/x.png', 'gopher://127.0.0.1/x.png']
      .concat(['/img/to-file.png', '/img/to-data.png', '/img/to-gopher.png', '/img/fine.png'])
      .map((src) => `<p><img src="${esc(src)}" alt=""></p>`)
      .join('')
    serve(site, siteSeen, '/feed.xml', {
      type: 'application/rss+xml',
      body: rss([
        rssItem('images', { link: site.url('/story/images'), content: longArticle('images') + images }),
        rssItem('file-link', { link: fileUrl, summary: 'short' }),
        rssItem('redirected-page', { link: site.url('/story/to-file'), summary: 'short' }),
        rssItem('file-lead-image', { summary: 'short', image: fileUrl }),
        rssItem('ftp-lead-image', { summary: 'short', image: 'ftp://127.0.0.1/lead.png' }),
      ]),
    })
    const feed = await subscribeTo(core, site.url('/feed.xml'))
    const result = await core.sync.run()
    expect(result.feeds[0]).toMatchObject({ error: null, newArticles: 5 })

    // The http(s) hops were asked for, and the fetch stopped at the redirect to another scheme.
    for (const path of ['/img/to-file.png', '/img/to-data.png', '/img/to-gopher.png', '/story/to-file']) {
      expect(
        siteSeen.filter((seen) => seen.path === path),
        path,
      ).toHaveLength(1)
    }
    const articles = await Promise.all(
      (await core.articles.list({ feedIds: [feed.id] })).map((meta) => core.articles.open(meta.id)),
    )
    const byGuid = new Map(articles.map((article) => [article.guid, article]))
    expect(byGuid.get('redirected-page')?.fullTextError).toBe(
      'the server redirected to an address Broadsheet does not fetch (file:)',
    )
    expect(byGuid.get('file-link')?.url ?? null).toBeNull()

    // Only the one real image was cached, and every image an article names is http(s).
    const blobs = await core.blobs.list()
    expect(blobs).toHaveLength(1)
    const [cached] = blobs
    expect((await core.blobs.info(cached!.hash))?.sourceUrl).toBe(site.url('/img/fine.png'))
    for (const article of articles) {
      for (const image of article.images) expect(image.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
    }
    const fine = byGuid.get('images')!.images.find((image) => image.url === site.url('/img/fine.png'))
    expect(fine?.hash).toBe(cached!.hash)

    // Nothing of the local file reached the data dir: not as a blob, not inside an article.
    expect(await allText(core.dataDir)).not.toContain(secret)
  })

  it('saving or subscribing to a non-web address is refused; a page linking file: feeds finds none', async () => {
    const fileUrl = pathToFileURL(secretFile).href
    await expect(core.sync.save(fileUrl)).rejects.toThrow(/only http and https URLs are supported, not file/)
    await expect(core.subscriptions.subscribe('gopher://127.0.0.1/feed')).rejects.toThrow(/not gopher/)
    serve(site, siteSeen, '/to-file', { status: 302, location: fileUrl })
    await expect(core.sync.save(site.url('/to-file'))).rejects.toThrow(
      /^could not save .*: the server redirected to an address Broadsheet does not fetch \(file:\)$/,
    )
    serve(site, siteSeen, '/home', {
      type: 'text/html',
      body: `<!doctype html><html><head>
<link rel="alternate" type="application/rss+xml" href="${esc(fileUrl)}">
<link rel="alternate" type="application/atom+xml" href="ftp://127.0.0.1/feed.xml">
</head><body>home</body></html>`,
    })
    await expect(core.subscriptions.subscribe(site.url('/home'))).rejects.toThrow(/no feed found/)
    expect(core.subscriptions.feeds()).toHaveLength(0)
    expect(await allText(core.dataDir)).not.toContain(secret)
  })
})

describe('privacy: no Referer and no cookies for third parties', () => {
  it('feed, page and image requests carry no Cookie, and no Referer beyond the article’s own site', async () => {
    const page = `<!doctype html><html><head><title>Story</title></head><body><article><h1>Story</h1>
${longArticle('page')}<p><img src="${thirdParty.url('/img/from-page.png')}" alt=""></p></article></body></html>`
    serve(site, siteSeen, '/story/page', { type: 'text/html', body: page })
    serve(site, siteSeen, '/img/own.png', { type: 'image/png', body: png(2) })
    serve(site, siteSeen, '/img/to-cdn.png', {
      status: 302,
      location: thirdParty.url('/img/via-redirect.png'),
    })
    for (const [path, seed] of [
      ['/img/third.png', 3],
      ['/img/via-redirect.png', 4],
      ['/img/from-page.png', 5],
      ['/img/second-sync.png', 6],
    ] as const) {
      serve(thirdParty, thirdSeen, path, { type: 'image/png', body: png(seed) })
    }
    const img = (url: string) => `<p><img src="${url}" alt=""></p>`
    const items = [
      rssItem('full', {
        link: site.url('/story/full'),
        content:
          longArticle('full') +
          img(site.url('/img/own.png')) +
          img(thirdParty.url('/img/third.png')) +
          img(site.url('/img/to-cdn.png')),
      }),
      rssItem('summary', { link: site.url('/story/page'), summary: 'A short summary...' }),
    ]
    serve(site, siteSeen, '/feed.xml', { type: 'application/rss+xml', body: rss(items) })
    await subscribeTo(core, site.url('/feed.xml'))
    expect((await core.sync.run()).feeds[0]).toMatchObject({ error: null, newArticles: 2 })

    // A second sync after every server has set cookies: still none sent back, to anyone.
    items.push(
      rssItem('later', {
        link: site.url('/story/later'),
        content: longArticle('later') + img(thirdParty.url('/img/second-sync.png')),
      }),
    )
    serve(site, siteSeen, '/feed.xml', { type: 'application/rss+xml', body: rss(items) })
    expect((await core.sync.run()).feeds[0]).toMatchObject({ error: null, newArticles: 1 })

    const paths = (seen: Seen[]) => seen.map((request) => request.path).sort()
    expect(paths(thirdSeen)).toEqual([
      '/img/from-page.png',
      '/img/second-sync.png',
      '/img/third.png',
      '/img/via-redirect.png',
    ])
    expect(paths(siteSeen)).toEqual([
      '/feed.xml',
      '/feed.xml',
      '/img/own.png',
      '/img/to-cdn.png',
      '/story/page',
    ])
    for (const request of [...siteSeen, ...thirdSeen]) {
      expect(request.headers.cookie, request.path).toBeUndefined()
    }
    // The third party learns nothing of what is read, not even through the site's own redirect.
    for (const request of thirdSeen) expect(request.headers.referer, request.path).toBeUndefined()
    for (const request of siteSeen.filter((seen) => !seen.path.startsWith('/img/'))) {
      expect(request.headers.referer, request.path).toBeUndefined()
    }
    // An image on the article's own site gets the article as Referer (hotlink checks), as a browser would.
    for (const request of siteSeen.filter((seen) => seen.path.startsWith('/img/'))) {
      expect(request.headers.referer, request.path).toBe(site.url('/story/full'))
    }
    expect(await core.blobs.list()).toHaveLength(5)
  })
})

function connectionOutcome(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.setTimeout(2000, () => {
      socket.destroy()
      resolve('timeout')
    })
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
  })
}

describe('the browser preview', () => {
  // Listening on 127.0.0.1 (not 0.0.0.0 or ::) is what keeps other machines out; the test checks the
  // socket's bound address rather than connecting to this machine's other addresses (tests only ever
  // send traffic to 127.0.0.1).
  it('listens on 127.0.0.1 only, and answers there', async () => {
    const { preview } = await startPreview()
    expect(preview.server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' })
    expect(await connectionOutcome('127.0.0.1', preview.port)).toBe('connected')
  })
})

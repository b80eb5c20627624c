/**
 * The sync benchmark's feeds: 20 HTTP servers on 127.0.0.1 (and nowhere else), each serving every feed
 * of 25 items with full content and one image per item, and a control path to add new items.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Items in every feed. */
export const ITEMS = 25
/** Servers, on different ports: Broadsheet fetches at most 2 at once per host and port. */
export const SERVERS = 20
/** A word every article's text has: searching it must find them all. */
export const EVERY_ARTICLE_WORD = 'committee'

export interface FeedServers {
  origins: string[]
  /** Back to no new items. */
  reset: () => void
  close: () => Promise<void>
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

/**
 * 20 servers on different ports of 127.0.0.1, all serving every feed (a feed's links and images point
 * at the server it is read from). `/control/new?count=N&feeds=F` prepends N new items over feeds 0…F-1;
 * `/control/requests` counts the requests served. `document` serves feeds of its own instead (the peers
 * section's), the same whatever new items were asked for.
 */
export async function startFeedServers(
  options: { document?: (origin: string, feed: number) => string } = {},
): Promise<FeedServers> {
  const extra = new Map<number, number>()
  const documents = new Map<string, string>()
  let requests = 0
  const handle = (
    origin: string,
    path: string,
  ): { status: number; type?: string; body?: string | Buffer; etag?: string } => {
    const feed = /^\/feed\/(\d+)$/.exec(path)
    if (feed) {
      const f = Number(feed[1])
      const added = extra.get(f) ?? 0
      const key = `${origin} ${f} ${added}`
      let xml = documents.get(key)
      if (!xml) documents.set(key, (xml = options.document?.(origin, f) ?? feedXml(origin, f, added)))
      return { status: 200, type: 'application/rss+xml', body: xml, etag: `"${f}-${added}"` }
    }
    if (path.startsWith('/img/'))
      return { status: 200, type: 'image/png', body: Buffer.concat([PNG, Buffer.from(path)]) }
    return { status: 404 }
  }
  const servers: Server[] = []
  const origins: string[] = []
  for (let n = 0; n < SERVERS; n++) {
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1')
      if (url.pathname === '/control/requests') return void response.end(JSON.stringify({ requests }))
      if (url.pathname === '/control/new') {
        const count = Number(url.searchParams.get('count'))
        const feeds = Number(url.searchParams.get('feeds'))
        for (let i = 0; i < count; i++) extra.set(i % feeds, (extra.get(i % feeds) ?? 0) + 1)
        return void response.end(JSON.stringify({ ok: true }))
      }
      requests += 1
      const answer = handle(origins[n] as string, url.pathname)
      if (answer.etag && request.headers['if-none-match'] === answer.etag)
        return void response.writeHead(304).end()
      response
        .writeHead(answer.status, {
          ...(answer.type ? { 'Content-Type': answer.type } : {}),
          ...(answer.etag ? { ETag: answer.etag } : {}),
        })
        .end(answer.body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers.push(server)
    origins.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  }
  return {
    origins,
    reset: () => extra.clear(),
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections()
              server.close(() => resolve())
            }),
        ),
      )
    },
  }
}

const paragraph = (f: number, i: number, p: number) =>
  `<p>Feed ${f} item ${i} paragraph ${p}: the ${EVERY_ARTICLE_WORD} published its findings on regional transport, housing and the future of public libraries, and residents responded at a packed meeting.</p>`

/** Feed f's document as served from `origin`; `extra` new items come first. */
function feedXml(origin: string, f: number, extra: number): string {
  const items = Array.from({ length: ITEMS + extra }, (_, n) => {
    const i = n < extra ? 1000 + n : n - extra
    const body =
      Array.from({ length: 8 }, (_, p) => paragraph(f, i, p)).join('') +
      `<img src="${origin}/img/${f}-${i % 5}.png">`
    return `<item><title>Feed ${f} story ${i}</title><link>${origin}/f${f}/${i}</link><guid>${f}-${i}</guid><pubDate>${new Date(Date.UTC(2026, 10, 1) + i * 3600_000).toUTCString()}</pubDate><description><![CDATA[${body}]]></description></item>`
  })
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${f}</title><link>${origin}/</link>${items.join('')}</channel></rss>`
}

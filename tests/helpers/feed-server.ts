import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A local HTTP server (127.0.0.1) answering every path with a small, valid RSS feed. */
export interface FeedServer {
  /** The absolute URL of a path on this server. */
  url: (path: string) => string
  /** Paths requested so far. */
  requests: string[]
  close: () => Promise<void>
}

export async function startFeedServer(): Promise<FeedServer> {
  const requests: string[] = []
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/'
    requests.push(path)
    const origin = `http://${request.headers.host}`
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
    response.end(`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>Feed at ${path.replace(/[<&>"]/g, '')}</title>
  <link>${origin}/</link>
  <description>A generated test feed</description>
</channel></rss>`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (path) => `http://127.0.0.1:${port}${path.startsWith('/') ? path : `/${path}`}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

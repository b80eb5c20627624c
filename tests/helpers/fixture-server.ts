import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** Answers one request; may be async. A handler that throws gets a 500. */
export type FixtureHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>

/** What a path has seen: how many requests, and the headers of the last one. */
export interface FixtureHits {
  count: number
  headers: IncomingHttpHeaders | undefined
}

/** A fixed answer for {@link FixtureServer.serve}. */
export interface FixtureResponse {
  status?: number
  headers?: Record<string, string | number | string[]>
  body?: string | Uint8Array
}

/**
 * A local HTTP server on 127.0.0.1 for tests: feeds, pages and images are served from here, never
 * fetched from the internet. Routes match the path without its query string; an unrouted path is 404.
 */
export interface FixtureServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** The absolute URL of a path on this server, e.g. `url('/feed.xml')`. */
  url(path: string): string
  /** Serves `path` with a node:http handler (replacing any earlier one). */
  route(path: string, handler: FixtureHandler): void
  /** Serves `path` with a fixed status, headers and body. */
  serve(path: string, response: FixtureResponse): void
  hits(path: string): FixtureHits
  /** Stops the server, destroying open connections (including requests a handler never answered). */
  close(): Promise<void>
}

/** Starts a {@link FixtureServer} on a free port of 127.0.0.1. */
export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, FixtureHandler>()
  const hits = new Map<string, FixtureHits>()
  const sockets = new Set<Socket>()

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://fixture').pathname
    const hit = hits.get(path) ?? { count: 0, headers: undefined }
    hits.set(path, { count: hit.count + 1, headers: request.headers })
    const handler = routes.get(path)
    if (!handler) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
      return
    }
    Promise.resolve()
      .then(() => handler(request, response))
      .catch((error: unknown) => {
        if (response.headersSent) response.destroy()
        else response.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error))
      })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    origin,
    url: (path) => new URL(path, origin).href,
    route: (path, handler) => void routes.set(path, handler),
    serve: (path, { status = 200, headers = {}, body = '' }) =>
      void routes.set(path, (_request, response) => {
        response.writeHead(status, headers).end(body)
      }),
    hits: (path) => hits.get(path) ?? { count: 0, headers: undefined },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}

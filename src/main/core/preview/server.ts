import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isApiMethod, type BroadsheetApi } from '../../../shared/contract'
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../shared/csp'
import { PREVIEW_TOKEN_FRAGMENT } from '../../../shared/preview'
import { callApi } from '../api/dispatch'
import { describeFailure } from '../errors'
import type { BlobStore } from '../store/blob-store'
import { cachedBlobResponse } from '../api/cache-response'
import type { EventHub } from '../events'
import { DOWNLOAD_PATH, type PreviewDownloads } from './downloads'
import { resolveStaticPath, sendStaticFile } from './static-files'
import { bearerToken, newPreviewToken, previewImageKey, sameToken } from './token'

/** The only address the preview listens on: it is for this machine's browser, never the network. */
export const PREVIEW_HOST = '127.0.0.1'

export interface PreviewOptions {
  handlers: BroadsheetApi
  events: EventHub
  blobs: BlobStore
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Tests may fix the token; otherwise a fresh random one per run. */
  token?: string
  /** Exports written for download (the handlers' export target), served once each. */
  downloads?: PreviewDownloads
}

export interface PreviewServer {
  /** The URL to open, the token in its fragment (which the browser never sends to a server). */
  url: string
  origin: string
  port: number
  token: string
  server: Server
  close(): Promise<void>
}

/** Request bodies above this are refused (an OPML import is the largest legitimate one). */
const MAX_BODY_BYTES = 24 * 1024 * 1024
const KEEPALIVE_MS = 25_000
const CACHE_PATH = /^\/cache\/([0-9a-f]{64})\/([0-9a-f]{64})$/
const API_PATH = /^\/api\/([A-Za-z]{1,64})$/

/**
 * The browser preview: the built renderer and the same contract the app serves over IPC, here as
 * `POST /api/<method>` (JSON in, JSON out; failures are `{error}` with 400, or 500 for a bug) and
 * `GET /events` (server-sent events), `GET /download/<id>` for an export (once, with the token), plus
 * `GET /cache/<image key>/<sha256>` for cached images. It
 * listens on 127.0.0.1 only, and answers only a Host header naming 127.0.0.1 or localhost (a
 * DNS-rebinding page names its own host).
 *
 * The API and the events need the run's random token in `Authorization: Bearer`, which the page sends
 * from script. Nothing the browser sends by itself counts: a cookie for 127.0.0.1 goes to every port of
 * 127.0.0.1, so another local web server the user visits would receive it and could replay it. Images
 * need the run's image key in their path instead (an `<img>` sends no header). The UI's own files need
 * nothing: they are the same for everyone and hold no reader's data.
 */
export async function startPreviewServer(options: PreviewOptions): Promise<PreviewServer> {
  const token = options.token ?? newPreviewToken()
  const imageKey = previewImageKey(token)
  const streams = new Set<ServerResponse>()
  let port = 0
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('broadsheet preview:', error)
      if (!response.headersSent) sendJson(response, 500, { error: describeFailure(error).message })
      else response.destroy()
    })
  })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = request.url ?? '/'
    const queryStart = raw.indexOf('?')
    // Routes match the path as sent: URL parsing would quietly fold `/cache/../x` into `/x`.
    const path = queryStart === -1 ? raw : raw.slice(0, queryStart)
    const host = request.headers.host ?? ''
    if (host !== `${PREVIEW_HOST}:${port}` && host !== `localhost:${port}`) {
      return sendJson(response, 403, { error: 'unexpected Host header' })
    }
    // Nothing of the preview may be embedded by another origin (an image probe, a script include):
    // the browser refuses such reads before any page sees them.
    response.setHeader('Cross-Origin-Resource-Policy', 'same-origin')

    const api = API_PATH.exec(path)
    const download = DOWNLOAD_PATH.exec(path)
    if (api || path === '/events' || download) {
      if (!authorized(request, response)) return
      const origin = request.headers.origin
      if (origin !== undefined && origin !== `http://${host}`) {
        return sendJson(response, 403, { error: 'cross-origin requests are refused' })
      }
      if (api) return serveApi(request, response, api[1] as string)
    }
    if (request.method !== 'GET') return sendJson(response, 405, { error: 'method not allowed' })
    if (path === '/events') return serveEvents(request, response)
    if (download) {
      // Served once: a second request (or an unknown id) finds nothing.
      const sent = options.downloads && (await options.downloads.serve(download[1] as string, response))
      if (!sent) sendJson(response, 404, { error: 'no such download (each is served once)' })
      return
    }
    if (path.startsWith('/cache/')) {
      // A wrong key is the same 404 as an unknown picture, and is refused before the disk is read.
      const [, key, hash] = CACHE_PATH.exec(path) ?? []
      const known = key !== undefined && hash !== undefined && sameToken(key, imageKey)
      const cached = await cachedBlobResponse(options.blobs, known ? hash : null)
      response.writeHead(cached.status, cached.headers)
      response.end(cached.body)
      return
    }
    const file = resolveStaticPath(options.rendererDir, path)
    const sent = file && (await sendStaticFile(response, file, staticHeaders))
    if (!sent) sendJson(response, 404, { error: 'not found' })
  }

  /** True when the request carries the run's token in its Authorization header; else answers 401/403. */
  function authorized(request: IncomingMessage, response: ServerResponse): boolean {
    const presented = bearerToken(request)
    if (!presented) {
      sendJson(response, 401, {
        error: 'this preview needs its token: open the URL that `broadsheet serve` printed',
      })
      return false
    }
    if (sameToken(presented, token)) return true
    sendJson(response, 403, { error: 'wrong token' })
    return false
  }

  async function serveApi(request: IncomingMessage, response: ServerResponse, method: string) {
    if (request.method !== 'POST') return sendJson(response, 405, { error: 'use POST' })
    if (!isApiMethod(method)) return sendJson(response, 404, { error: `no such request: ${method}` })
    // A JSON content type cannot be sent cross-origin without a CORS preflight, which this never grants.
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
      return sendJson(response, 415, { error: 'send JSON (Content-Type: application/json)' })
    }
    const body = await readBody(request)
    if (body === null) return sendJson(response, 413, { error: 'request too large' })
    let input: unknown
    try {
      input = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'))
    } catch {
      return sendJson(response, 400, { error: 'the request body is not JSON' })
    }
    try {
      sendJson(response, 200, (await callApi(options.handlers, method, input)) ?? null)
    } catch (error) {
      const failure = describeFailure(error)
      if (!failure.expected) console.error(`broadsheet preview: ${method} failed:`, error)
      sendJson(response, failure.expected ? 400 : 500, {
        error: failure.message,
        code: failure.code,
        params: failure.params,
      })
    }
  }

  function serveEvents(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'keep-alive',
    })
    response.write('retry: 3000\n\n')
    streams.add(response)
    const unsubscribe = options.events.subscribe((event) => {
      response.write(`event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`)
    })
    const keepalive = setInterval(() => response.write(': keepalive\n\n'), KEEPALIVE_MS)
    keepalive.unref()
    request.on('close', () => {
      clearInterval(keepalive)
      unsubscribe()
      streams.delete(response)
    })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, PREVIEW_HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  const origin = `http://${PREVIEW_HOST}:${port}`
  return {
    url: `${origin}/#${PREVIEW_TOKEN_FRAGMENT}=${token}`,
    origin,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end()
        server.close(() => void (options.downloads?.close() ?? Promise.resolve()).then(() => resolve()))
        server.closeAllConnections()
      }),
  }
}

function staticHeaders(type: string): Record<string, string> {
  if (!type.startsWith('text/html')) return { 'Cache-Control': 'no-cache' }
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  }
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value)
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  response.end(body)
}

/** The whole body, or null once it passes the limit. */
async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength
    if (size > MAX_BODY_BYTES) return null
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

import { STATUS_CODES } from 'node:http'
import { FetchError, parseRetryAfter } from './fetch-error'

export { FetchError, parseRetryAfter, type FetchErrorKind } from './fetch-error'

const DEFAULT_TIMEOUT_MS = 20_000
const MAX_REDIRECTS = 5
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
const PROJECT_URL = 'https://github.com/broadsheet-reader/broadsheet'

/** What is being fetched; it decides the Accept header. */
export type ResourceKind = 'feed' | 'page' | 'image'

const ACCEPT: Record<ResourceKind, string> = {
  // text/html last: a "feed" address is sometimes a page that links to its feed.
  feed:
    'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, ' +
    'text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.1',
  page: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.8',
  image: 'image/avif, image/webp, image/png, image/svg+xml, image/*;q=0.8, */*;q=0.5',
}

/** How to fetch one resource. */
export interface FetchOptions {
  /** Broadsheet's version, for the User-Agent. */
  version: string
  kind: ResourceKind
  /** The most bytes the body may have once decompressed (10 MB for feeds and images, 5 MB for pages). */
  maxBytes: number
  /** For the whole fetch, redirects and body included. Default 20 s. */
  timeoutMs?: number
  /** Cancels the fetch; the promise then rejects with `signal.reason`, not a {@link FetchError}. */
  signal?: AbortSignal
  referer?: string
  /** From the previous answer, for a conditional GET. */
  etag?: string | null
  lastModified?: string | null
}

/** A fetched body, or word that the copy from the last fetch (see `etag`, `lastModified`) is current. */
export type FetchResult =
  | {
      status: 'ok'
      /** The address the body came from, after redirects. */
      url: string
      bytes: Uint8Array
      contentType: string | null
      etag: string | null
      lastModified: string | null
    }
  | { status: 'not-modified'; url: string }

/**
 * Fetches an http(s) resource the way the sync engine needs: redirects followed by hand (so that
 * each hop is checked: http(s) only, at most 5, no loops), one timeout over everything including the
 * body, and a size cap counted on the decompressed bytes as they arrive, so that neither a slow server
 * nor a gzip bomb can hold us up or fill memory.
 * @throws {FetchError} for every failure except cancellation through `options.signal`.
 */
export async function fetchResource(url: string, options: FetchOptions): Promise<FetchResult> {
  const start = parseWebUrl(url)
  options.signal?.throwIfAborted()
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const controller = new AbortController()
  const timer = setTimeout(
    () => controller.abort(new FetchError(`timed out after ${formatDuration(timeoutMs)}`, 'timeout')),
    timeoutMs,
  )
  const external = options.signal
  const onAbort = (): void => controller.abort(external?.reason)
  external?.addEventListener('abort', onAbort, { once: true })
  try {
    return await fetchFollowingRedirects(start, options, controller.signal)
  } catch (error) {
    // Tears down whatever response may still be open, so no socket is left waiting on a body.
    if (!controller.signal.aborted) controller.abort(error)
    throw error
  } finally {
    clearTimeout(timer)
    external?.removeEventListener('abort', onAbort)
  }
}

async function fetchFollowingRedirects(
  start: URL,
  options: FetchOptions,
  signal: AbortSignal,
): Promise<FetchResult> {
  const seen = new Set<string>()
  let current = start
  for (let redirects = 0; ; redirects++) {
    seen.add(withoutHash(current))
    const response = await request(current, options, signal)
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null
    if (location === null) return readResponse(current, response, options.maxBytes, signal)
    discard(response)
    const next = parseRedirect(location, current)
    if (seen.has(withoutHash(next))) throw new FetchError(`redirect loop back to ${next.href}`, 'redirect')
    if (redirects >= MAX_REDIRECTS) {
      throw new FetchError(`too many redirects (more than ${MAX_REDIRECTS})`, 'redirect')
    }
    current = next
  }
}

async function request(url: URL, options: FetchOptions, signal: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = {
    'User-Agent': `Broadsheet/${options.version} (+${PROJECT_URL})`,
    Accept: ACCEPT[options.kind],
    // Node's fetch decompresses these itself; without `br` here servers would not use it.
    'Accept-Encoding': 'gzip, deflate, br',
  }
  if (options.referer) headers.Referer = options.referer
  if (options.etag) headers['If-None-Match'] = options.etag
  if (options.lastModified) headers['If-Modified-Since'] = options.lastModified
  try {
    return await fetch(url, { headers, redirect: 'manual', signal })
  } catch (error) {
    throw signal.aborted ? signal.reason : connectionFailure(error, url)
  }
}

async function readResponse(
  url: URL,
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
): Promise<FetchResult> {
  if (response.status === 304) {
    discard(response)
    return { status: 'not-modified', url: url.href }
  }
  if (response.status < 200 || response.status > 299) {
    discard(response)
    throw httpFailure(response)
  }
  return {
    status: 'ok',
    url: url.href,
    bytes: await readBody(response, maxBytes, signal),
    contentType: response.headers.get('content-type'),
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
  }
}

/** Reads the (already decompressed) body chunk by chunk, stopping as soon as it passes `maxBytes`. */
async function readBody(response: Response, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  // Content-Length counts compressed bytes, which are fewer: past the cap already means too large.
  const declared = Number(response.headers.get('content-length') ?? NaN)
  if (declared > maxBytes) {
    discard(response)
    throw tooLarge(maxBytes)
  }
  if (!response.body) return new Uint8Array(0)
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > maxBytes) throw tooLarge(maxBytes)
      chunks.push(value)
    }
  } catch (error) {
    reader.cancel().catch(ignore)
    throw signal.aborted ? signal.reason : bodyFailure(error)
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/** Drops a body we will not read, so its connection is released rather than left waiting. */
function discard(response: Response): void {
  response.body?.cancel().catch(ignore)
}

function ignore(): void {}

function parseWebUrl(value: string): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new FetchError(`not a web address: ${value.slice(0, 200)}`, 'unsupported-url')
  }
  checkWebUrl(url, 'Broadsheet fetches only http: and https: addresses')
  return url
}

function parseRedirect(location: string, base: URL): URL {
  let url: URL
  try {
    url = new URL(fromUtf8(location), base)
  } catch {
    throw new FetchError(`the server redirected to an invalid address`, 'redirect')
  }
  checkWebUrl(url, 'the server redirected to an address Broadsheet does not fetch')
  return url
}

/**
 * Header values arrive one char per byte (latin1). A Location sent as raw UTF-8 (it happens, and
 * browsers follow it) would be percent-encoded as mojibake; read it as UTF-8 when it is valid UTF-8.
 */
function fromUtf8(value: string): string {
  if (!/[\x80-\xff]/.test(value)) return value
  const text = Buffer.from(value, 'latin1').toString('utf8')
  return text.includes('\uFFFD') ? value : text
}

function checkWebUrl(url: URL, prefix: string): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(`${prefix} (${url.protocol})`, 'unsupported-url')
  }
  // Node's fetch refuses these with a confusing TypeError; say it plainly instead.
  if (url.username || url.password) {
    throw new FetchError(`${prefix} (it contains a user name or password)`, 'unsupported-url')
  }
}

function withoutHash(url: URL): string {
  return url.href.replace(/#.*$/s, '')
}

function httpFailure(response: Response): FetchError {
  const { status } = response
  // The standard phrase: HTTP/2 has none of its own, and servers' own phrases can be anything.
  const phrase = STATUS_CODES[status] ?? response.statusText
  let retryAfterMs: number | undefined
  if (status === 429 || status === 503) {
    // The server's own clock, when it says what it is, keeps our clock's skew out of the wait.
    const serverNow = Date.parse(response.headers.get('date') ?? '')
    retryAfterMs = parseRetryAfter(
      response.headers.get('retry-after'),
      Number.isNaN(serverNow) ? Date.now() : serverNow,
    )
  }
  return new FetchError(`the server answered ${status} ${phrase}`.trim(), 'http', { status, retryAfterMs })
}

function tooLarge(maxBytes: number): FetchError {
  return new FetchError(`the response is larger than ${formatSize(maxBytes)}`, 'too-large')
}

/** The first `code` along an error's cause chain: Node's fetch wraps the socket's error in "fetch failed". */
function errorCode(error: unknown): { code: string | undefined; message: string } {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const { code } = current as NodeJS.ErrnoException
    if (typeof code === 'string') return { code, message: current.message }
    if (!(current.cause instanceof Error)) return { code: undefined, message: current.message }
    current = current.cause
  }
  return { code: undefined, message: String(current) }
}

function connectionFailure(error: unknown, url: URL): FetchError {
  const { code, message } = errorCode(error)
  const host = url.host
  const network = (text: string): FetchError => new FetchError(text, 'network', { cause: error })
  switch (code) {
    case 'ECONNREFUSED':
      return network(`could not connect to ${host} (connection refused)`)
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return network(`could not find the server ${url.hostname}`)
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return network(`could not connect to ${host} (no answer)`)
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return network(`could not connect to ${host} (network unreachable)`)
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return network(`${host} closed the connection without answering`)
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new FetchError(`${host} did not answer`, 'timeout', { cause: error })
  }
  if (code && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO/.test(code)) {
    return network(`the secure connection to ${host} failed (${message})`)
  }
  if (message === 'bad port') {
    // Browsers refuse these ports too (ports of mail, SSH, ... servers), and so does Node's fetch.
    return new FetchError(`Broadsheet does not connect to port ${url.port}`, 'unsupported-url', {
      cause: error,
    })
  }
  return network(`could not fetch from ${host} (${message})`)
}

function bodyFailure(error: unknown): FetchError {
  if (error instanceof FetchError) return error
  const { code } = errorCode(error)
  if (code && (code.startsWith('Z_') || code.includes('BROTLI') || code.startsWith('ERR__ERROR'))) {
    return new FetchError('the response is damaged (its compressed data is invalid)', 'network', {
      cause: error,
    })
  }
  return new FetchError('the server stopped sending data', 'network', { cause: error })
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${round1(bytes / (1024 * 1024))} MB`
  if (bytes >= 1024) return `${round1(bytes / 1024)} KB`
  return `${bytes} bytes`
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${round1(ms / 1000)} s` : `${ms} ms`
}

function round1(value: number): string {
  return String(Math.round(value * 10) / 10)
}

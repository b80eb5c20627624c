import { STATUS_CODES, type IncomingMessage } from 'node:http'
import { classifyAddress, type AddressClassifier } from './address-class'
import { guardedConnection } from './address-guard'
import { decodedBody } from './content-decoding'
import { FetchError, parseRetryAfter } from './fetch-error'
import { bodyFailure, connectionFailure } from './fetch-failures'
import { hasBadPort, headerOf, sendRequest } from './http-transport'

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
  /** Sent to the first address, and to redirects within its origin only: never on to another site. */
  referer?: string
  /** From the previous answer, for a conditional GET. */
  etag?: string | null
  lastModified?: string | null
  /**
   * The hosts (`URL.host`: name, and port unless the default) this fetch may reach at any address: those
   * of addresses the user gave. Every other host it reaches, first or by redirect, must be at a public
   * address (checked after DNS). Default: the host of the address asked for.
   */
  trustedHosts?: readonly string[]
  /** Says whether an address is public (tests replace it: see {@link AddressClassifier}). */
  classifyAddress?: AddressClassifier
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
 * nor a gzip bomb can hold us up or fill memory. Decompression is strict: compressed data that ends
 * early is an error, never a quietly shorter body. Each hop connects only where `trustedHosts` allows.
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
    // A FetchError is raised only once its request is closed or closing (its response discarded, or the
    // request failed). Anything else may have left a response open: aborting tears it down, so that no
    // socket is left waiting on a body. Aborting a request that is closing anyway would have Node build
    // an AbortError, stack and all, for it, and a sync's icon lookups fail by the thousand (404s).
    if (!controller.signal.aborted && !(error instanceof FetchError)) controller.abort(error)
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
  const trustedHosts = options.trustedHosts ?? [start.host]
  let current = start
  for (let redirects = 0; ; redirects++) {
    seen.add(withoutHash(current))
    const referer = current.origin === start.origin ? options.referer : undefined
    const response = await request(current, { ...options, referer }, trustedHosts, signal)
    const status = response.statusCode ?? 0
    const location = REDIRECT_STATUSES.has(status) ? headerOf(response, 'location') : null
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

async function request(
  url: URL,
  options: FetchOptions,
  trustedHosts: readonly string[],
  signal: AbortSignal,
): Promise<IncomingMessage> {
  if (hasBadPort(url))
    throw new FetchError(`Broadsheet does not connect to port ${url.port}`, 'unsupported-url')
  const headers: Record<string, string> = {
    'User-Agent': `Broadsheet/${options.version} (+${PROJECT_URL})`,
    Accept: ACCEPT[options.kind],
    // Each is decompressed by decodedBody; without `br` here servers would not use it.
    'Accept-Encoding': 'gzip, deflate, br',
  }
  if (options.referer) headers.Referer = options.referer
  if (options.etag) headers['If-None-Match'] = options.etag
  if (options.lastModified) headers['If-Modified-Since'] = options.lastModified
  const connection = guardedConnection(url, trustedHosts, options.classifyAddress ?? classifyAddress)
  try {
    return await sendRequest(url, headers, signal, connection)
  } catch (error) {
    if (signal.aborted) throw signal.reason
    // A refusal from the guard's DNS check is already a reason in words.
    throw error instanceof FetchError ? error : connectionFailure(error, url)
  }
}

async function readResponse(
  url: URL,
  response: IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
): Promise<FetchResult> {
  const status = response.statusCode ?? 0
  if (status === 304) {
    discard(response)
    return { status: 'not-modified', url: url.href }
  }
  if (status < 200 || status > 299) {
    discard(response)
    throw httpFailure(response)
  }
  return {
    status: 'ok',
    url: url.href,
    bytes: await readBody(response, maxBytes, signal),
    contentType: headerOf(response, 'content-type'),
    etag: headerOf(response, 'etag'),
    lastModified: headerOf(response, 'last-modified'),
  }
}

/** Reads the body, decompressed, chunk by chunk, stopping as soon as it passes `maxBytes`. */
async function readBody(
  response: IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Uint8Array> {
  // Content-Length counts compressed bytes, which are fewer: past the cap already means too large.
  const declared = Number(headerOf(response, 'content-length') ?? NaN)
  if (declared > maxBytes) {
    discard(response)
    throw tooLarge(maxBytes)
  }
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    // Leaving the loop early (past the cap) destroys the body, its decoders and its socket.
    for await (const chunk of await decodedBody(response)) {
      const bytes = chunk as Buffer
      total += bytes.byteLength
      if (total > maxBytes) throw tooLarge(maxBytes)
      chunks.push(bytes)
    }
  } catch (error) {
    discard(response)
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

/**
 * Drops a body we will not read. One already complete (a 304, a short redirect page) is drained, which
 * keeps its connection for the next request; any other is cut off with its connection, since draining it
 * could mean reading an endless body to its end.
 */
function discard(response: IncomingMessage): void {
  if (response.complete) response.resume()
  else response.destroy()
}

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

function httpFailure(response: IncomingMessage): FetchError {
  const status = response.statusCode ?? 0
  // The standard phrase: servers' own phrases can be anything.
  const phrase = STATUS_CODES[status] ?? ''
  let retryAfterMs: number | undefined
  if (status === 429 || status === 503) {
    // The server's own clock, when it says what it is, keeps our clock's skew out of the wait.
    const serverNow = Date.parse(headerOf(response, 'date') ?? '')
    retryAfterMs = parseRetryAfter(
      headerOf(response, 'retry-after'),
      Number.isNaN(serverNow) ? Date.now() : serverNow,
    )
  }
  return new FetchError(`the server answered ${status} ${phrase}`.trim(), 'http', { status, retryAfterMs })
}

function tooLarge(maxBytes: number): FetchError {
  return new FetchError(`the response is larger than ${formatSize(maxBytes)}`, 'too-large')
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

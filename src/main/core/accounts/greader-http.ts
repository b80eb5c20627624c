import { ExpectedError } from '../errors'
import { hostOf } from '../../../shared/urls'

/** The item streams Broadsheet reads (`read` and `starred` are also the tags it sets). */
export const STREAMS = {
  readingList: 'user/-/state/com.google/reading-list',
  read: 'user/-/state/com.google/read',
  starred: 'user/-/state/com.google/starred',
} as const

/** One request to a server account. */
export interface ServerRequest {
  method: 'GET' | 'POST'
  url: string
  headers: Record<string, string>
  /** A form body (application/x-www-form-urlencoded). */
  body?: string
}

/** What came back: the status and the body as text (the caller parses it). */
export interface ServerAnswer {
  status: number
  contentType: string | null
  text: string
}

/** Sends a request; tests give recorded answers through this seam. */
export type ServerTransport = (request: ServerRequest) => Promise<ServerAnswer>

/** Why talking to an account failed, in one line a person can act on; never with a credential in it. */
export class AccountError extends ExpectedError {
  /** Its code and parameters for a UI that words it itself (shared/failure-codes.ts), when it has one. */
  declare code?: string
  declare params?: Record<string, string | number>
  constructor(
    message: string,
    readonly kind: 'auth' | 'server' | 'network',
    coded?: { code: string; params?: Record<string, string | number> },
  ) {
    super(message)
    this.name = 'AccountError'
    if (coded) Object.assign(this, { code: coded.code, params: coded.params ?? {} })
  }
}

const DEFAULT_TIMEOUT_MS = 30_000
/** As for a feed: an answer bigger than this is not one a reader needs. */
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024

/**
 * The transport over Node's fetch: one timeout over the whole exchange, the body counted as it arrives
 * and refused past `maxBytes`, redirects followed only within http(s).
 */
export function fetchTransport(options: { timeoutMs?: number; maxBytes?: number } = {}): ServerTransport {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  return async (request) => {
    const signal = AbortSignal.timeout(timeoutMs)
    let response: Response
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
        redirect: 'follow',
      })
    } catch (error) {
      throw new AccountError(
        `${hostOf(request.url)} could not be reached: ${reasonOf(error, timeoutMs)}`,
        'network',
        { code: 'account-unreachable', params: { host: hostOf(request.url) } },
      )
    }
    try {
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        text: await readCapped(response, maxBytes),
      }
    } catch (error) {
      if (error instanceof AccountError) throw error
      throw new AccountError(
        `${hostOf(request.url)} stopped answering: ${reasonOf(error, timeoutMs)}`,
        'network',
        { code: 'account-unreachable', params: { host: hostOf(request.url) } },
      )
    }
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader()
  if (!reader) return ''
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel()
      throw new AccountError(`the server's answer is over ${Math.round(maxBytes / 1024 / 1024)} MB`, 'server')
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function reasonOf(error: unknown, timeoutMs: number): string {
  const name = (error as Error | null)?.name
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`
  const cause = (error as { cause?: { code?: string } } | null)?.cause?.code
  return cause ?? ((error as Error | null)?.message || 'the connection failed')
}

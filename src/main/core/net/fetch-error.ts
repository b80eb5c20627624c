import { ExpectedError } from '../errors'
/**
 * Why a fetch failed, for the caller to decide whether and when to retry. `refused-address`: the address
 * is not public, and the fetch may reach only public ones (see `trustedHosts` in http-fetch.ts).
 */
export type FetchErrorKind =
  'timeout' | 'too-large' | 'http' | 'network' | 'redirect' | 'unsupported-url' | 'refused-address'

/** A failed fetch. `message` is one plain-English line fit to show the user. */
export class FetchError extends ExpectedError {
  override readonly name = 'FetchError'
  /** The HTTP status, when the server answered with an error. */
  readonly status?: number
  /** How long the server asked us to wait (Retry-After on 429 and 503). */
  readonly retryAfterMs?: number
  /** True for 410 Gone: the resource was removed for good, stop asking. */
  readonly gone: boolean
  /** The socket's error code for a connection that failed (ECONNREFUSED, ETIMEDOUT, ...). */
  readonly code?: string

  constructor(
    message: string,
    readonly kind: FetchErrorKind,
    details: { status?: number; retryAfterMs?: number; cause?: unknown; code?: string } = {},
  ) {
    super(message, { cause: details.cause })
    if (details.status !== undefined) this.status = details.status
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs
    if (details.code !== undefined) this.code = details.code
    this.gone = details.status === 410
  }
}

/**
 * Reads a Retry-After header (RFC 9110 §10.2.3), either delay-seconds ("120") or an HTTP-date, into
 * milliseconds from `now`. A date in the past means no wait (0); anything unreadable, undefined.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) {
    const seconds = Number(text)
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : undefined
  }
  // Date.parse reads all three HTTP-date forms (IMF-fixdate, RFC 850, asctime); a bare number is not one.
  if (!/[a-z]/i.test(text)) return undefined
  // asctime has no zone, which Date.parse would take as local time; HTTP dates are all GMT.
  const date = Date.parse(/\b(GMT|UTC|Z)$|[+-]\d{4}$/i.test(text) ? text : `${text} GMT`)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

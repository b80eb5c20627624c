import { UserError } from '../errors'
import { FetchError } from './fetch-error'

/** The URL, normalized, if it is an absolute http(s) URL; otherwise a UserError saying why. */
export function parseWebUrl(input: string): string {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw new UserError(`not a URL: ${input}`, { code: 'not-a-url', params: { input } })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(
      `only http and https URLs are supported, not ${url.protocol.replace(':', '')}: ${input}`,
    )
  }
  return url.href
}

/**
 * A scheme the person wrote: letters then a colon, where what follows the colon is not a port
 * ("localhost:4000/blog" has none; "mailto:me@example.com" has one, and is refused as not http).
 */
const SCHEME = /^[a-z][a-z0-9+.-]*:(?!\d)/i

/**
 * The addresses to try for one a person typed, in order. A full http(s) URL is itself. A bare address
 * ("example.com/blog", "127.0.0.1:4000/kh/", "//example.com") is assumed to be https, then http should
 * https fail to connect (see {@link isConnectionFailure}). Anything else is a UserError saying why.
 */
export function typedWebUrls(input: string): string[] {
  const text = input.trim()
  if (SCHEME.test(text)) return [parseWebUrl(text)]
  const rest = text.replace(/^\/\//, '')
  // A bare address needs a host: "https://" alone, or a path with no host, is not one.
  if (!rest || /^[/?#]/.test(rest) || /\s/.test(rest))
    throw new UserError(`not a URL: ${input}`, { code: 'not-a-url', params: { input } })
  const secure = parseWebUrl(`https://${rest}`)
  return [secure, `http://${secure.slice('https://'.length)}`]
}

/** The first address to use for one a person typed (the https one, for a bare address). */
export function typedWebUrl(input: string): string {
  return typedWebUrls(input)[0]!
}

/**
 * True when a fetch failed to connect at all (refused, no answer, TLS failed, not HTTP): the failure that
 * makes a bare address worth trying over http. A server that answered, even with an error, is not one.
 */
export function isConnectionFailure(error: unknown): boolean {
  return (
    error instanceof FetchError &&
    (error.kind === 'network' || error.kind === 'timeout') &&
    error.status === undefined
  )
}

/**
 * Runs `attempt` on each address typed in turn (see {@link typedWebUrls}) until one connects: a bare
 * address falls back from https to http only when https could not connect; any other failure stands.
 * `failureOf` turns what an attempt returned or threw into the error to judge (some attempts return
 * their failure rather than throw it).
 */
export async function withTypedUrl<T>(
  input: string,
  attempt: (url: string) => Promise<T>,
  failureOf: (result: T) => unknown = () => null,
): Promise<T> {
  const urls = typedWebUrls(input)
  for (let index = 0; ; index++) {
    const url = urls[index]!
    const last = index === urls.length - 1
    let result: T
    try {
      result = await attempt(url)
    } catch (error) {
      if (last || !isConnectionFailure(error)) throw error
      continue
    }
    if (last || !isConnectionFailure(failureOf(result))) return result
  }
}

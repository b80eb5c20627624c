import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { Connection } from './address-guard'

/**
 * The Fetch standard's bad ports (https://fetch.spec.whatwg.org/#bad-port): ports of mail, SSH, IRC, ...
 * servers, which browsers and Node's fetch refuse so that a hostile feed or redirect cannot make us talk
 * HTTP at another protocol's server. We speak node:http ourselves, so we refuse them ourselves.
 */
const BAD_PORTS = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
  109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
  526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
])

/** True for an address whose explicit port is one browsers refuse to send HTTP to. */
export function hasBadPort(url: URL): boolean {
  return url.port !== '' && BAD_PORTS.has(Number(url.port))
}

/**
 * Sends one GET and resolves with the response once its headers arrive; the body is left unread.
 *
 * node:http rather than fetch: fetch undoes Content-Encoding itself, leniently, so a gzip body cut short
 * inside a complete HTTP response comes out as a shorter body with no error. Here the body arrives as sent
 * and {@link decodedBody} decompresses it strictly. Redirects are not followed. `connection` (from
 * `guardedConnection`) decides which addresses it may connect to; null, any.
 */
export function sendRequest(
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
  connection: Connection | null = null,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    // An aborted signal destroys the request, and with it the response and its socket.
    const request = send(url, { headers, signal, ...connection })
    request.once('response', resolve)
    // `on`, not `once`: a second error (after the response, say) must not go unhandled.
    request.on('error', reject)
    request.end()
  })
}

/** One response header as a string (the first, should the server repeat one Node keeps as a list). */
export function headerOf(response: IncomingMessage, name: string): string | null {
  const value = response.headers[name]
  return (Array.isArray(value) ? value[0] : value) ?? null
}

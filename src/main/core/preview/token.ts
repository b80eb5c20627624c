import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** A fresh token for one run of the preview: 256 random bits, URL-safe. */
export function newPreviewToken(): string {
  return randomBytes(32).toString('base64url')
}

/** The cookie that carries the token after the page was opened with `?token=`; one per port. */
export function tokenCookieName(port: number): string {
  return `broadsheet-preview-${port}`
}

/**
 * HttpOnly (page script cannot read it), SameSite=Strict (no other site's page can make the browser send
 * it, so no cross-site request reaches the API), scoped to the whole preview so `<img src="/cache/…">`
 * and EventSource carry it too.
 */
export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`
}

/** Where a request presented a token, and which. */
export interface PresentedToken {
  token: string
  via: 'header' | 'cookie' | 'query'
}

/**
 * The token a request carries: `Authorization: Bearer …` (tools, tests), the cookie (the browser after the
 * first page load), or `?token=` on a GET (the URL `broadsheet serve` prints).
 */
export function presentedToken(
  request: IncomingMessage,
  port: number,
  query: URLSearchParams,
): PresentedToken | null {
  const header = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
  if (header) return { token: header, via: 'header' }
  const cookie = cookieValue(request.headers.cookie ?? '', tokenCookieName(port))
  if (cookie) return { token: cookie, via: 'cookie' }
  const fromQuery = request.method === 'GET' ? query.get('token') : null
  if (fromQuery) return { token: fromQuery, via: 'query' }
  return null
}

/** Compares in constant time (hashing first evens out the lengths). */
export function sameToken(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(presented), digest(expected))
}

function cookieValue(header: string, name: string): string | null {
  for (const part of header.split(';')) {
    const separator = part.indexOf('=')
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim()
  }
  return null
}

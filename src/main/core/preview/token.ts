import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { PREVIEW_IMAGE_KEY_CONTEXT } from '../../../shared/preview'

/** A fresh token for one run of the preview: 256 random bits, URL-safe. */
export function newPreviewToken(): string {
  return randomBytes(32).toString('base64url')
}

/** The run's key for image addresses (see {@link PREVIEW_IMAGE_KEY_CONTEXT}): one-way from the token. */
export function previewImageKey(token: string): string {
  return createHash('sha256').update(`${PREVIEW_IMAGE_KEY_CONTEXT}${token}`).digest('hex')
}

/**
 * The token a request presents: `Authorization: Bearer …`, and only that. A header is set by the page's
 * own script; no other origin can make the browser add it (a cross-origin request with it needs a CORS
 * preflight, which the preview never grants), unlike a cookie or anything else the browser sends by
 * itself.
 */
export function bearerToken(request: IncomingMessage): string | null {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? null
}

/** Compares in constant time (hashing first evens out the lengths). */
export function sameToken(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(presented), digest(expected))
}

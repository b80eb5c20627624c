import { CACHE_CONTENT_SECURITY_POLICY } from '../../../shared/csp'
import type { BlobStore } from '../store/blob-store'

/** A response to a request for a cached blob, for either transport (Electron protocol, preview HTTP). */
export interface CacheResponse {
  status: 200 | 404
  headers: Record<string, string>
  body: Buffer | string
}

/** Types served as themselves; anything else a blob claims to be goes out as opaque bytes. */
const SERVED_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/svg+xml',
  'image/bmp',
  'image/x-icon',
  'image/vnd.microsoft.icon',
  'image/apng',
])

/**
 * The blob named by `hash`, with its content type and headers that keep it an image: `nosniff`, and a
 * CSP that forbids scripts and loads (an SVG opened on its own cannot run anything). A hash that is not
 * exactly 64 hex digits never reaches the disk: the store refuses it, and it is a 404 like an unknown one.
 */
export async function cachedBlobResponse(blobs: BlobStore, hash: string | null): Promise<CacheResponse> {
  const found = hash ? await blobs.get(hash) : null
  if (!found) {
    return {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
      body: 'not in the cache\n',
    }
  }
  const claimed = found.info.contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  return {
    status: 200,
    headers: {
      'Content-Type': SERVED_TYPES.has(claimed) ? claimed : 'application/octet-stream',
      'Content-Length': String(found.bytes.byteLength),
      'Content-Security-Policy': CACHE_CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      // Content-addressed: the bytes behind a hash never change.
      'Cache-Control': 'private, max-age=31536000, immutable',
    },
    body: found.bytes,
  }
}

import { protocol } from 'electron'
import { CACHE_SCHEME, cacheHashOf } from '../shared/types'
import type { BlobStore } from './core/store/blob-store'
import { cachedBlobResponse } from './core/api/cache-response'

/**
 * Declares `broadsheet-cache:` a standard, secure scheme (so the CSP's `img-src broadsheet-cache:` and
 * fetch work with it). Electron requires this before the app is ready.
 */
export function registerCacheScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: CACHE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/**
 * Serves `broadsheet-cache://<sha256>` from the blob store, so cached images show offline. Only a URL that
 * is exactly a 64-hex-digit hash names a blob: any path (`../`, `%2e%2e`, a subfolder) and any unknown
 * hash is a 404, and nothing but the store's own files is ever read.
 */
export function handleCacheProtocol(blobs: BlobStore): void {
  protocol.handle(CACHE_SCHEME, async (request) => {
    const cached = await cachedBlobResponse(blobs, cacheHashOf(request.url))
    const body = typeof cached.body === 'string' ? cached.body : new Uint8Array(cached.body)
    return new Response(body, { status: cached.status, headers: cached.headers })
  })
}

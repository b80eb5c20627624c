import { CACHE_SCHEME } from './types'

/**
 * The renderer's Content-Security-Policy: scripts only from the app's own files (no inline script, no
 * eval, nothing remote), images only from the app and the cache protocol, no plugins, frames or forms.
 * index.html carries it as a meta tag (a file:// page has no headers); the shell and the preview also
 * send it as a header. A test keeps the three identical.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' ${CACHE_SCHEME}:`,
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/** The header form adds what a meta tag cannot carry: nothing may frame the reader. */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`

/** Cached blobs (SVG included) render as images only: no script, nothing loaded, no same-origin access. */
export const CACHE_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

/**
 * What the browser preview's server and its page agree on. The page holds the run's token and sends it
 * in the Authorization header; nothing ambient (no cookie) carries it, because browsers send a cookie
 * for 127.0.0.1 to every port of 127.0.0.1, so any other local web server the user visits would get it.
 */

/**
 * The URL fragment that hands the page its token: `http://127.0.0.1:PORT/#token=…`. A fragment is never
 * sent to a server, so the token reaches no server log, no Referer and no request but the page's own.
 */
export const PREVIEW_TOKEN_FRAGMENT = 'token'

/**
 * `<img>` cannot send a header, so cached images live under a per-run key instead:
 * `/cache/<image key>/<sha256>`, the key being the SHA-256 (hex) of this context and the token. The page
 * and the server each derive it from the token they hold. Knowing the key opens the images only (it
 * does not give the token back), and without it no other origin can tell a picture the user has cached
 * from one they have not, though it may know the picture and so its hash.
 */
export const PREVIEW_IMAGE_KEY_CONTEXT = 'broadsheet preview images\n'

/** The preview's address of a cached image. */
export function previewImagePath(imageKey: string, hash: string): string {
  return `/cache/${imageKey}/${hash}`
}

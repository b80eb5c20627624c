import { pathToFileURL } from 'node:url'
import { shell, type Session, type WebContents, type WebFrameMain } from 'electron'
import { mailtoAttachesFiles } from '../shared/urls'

/**
 * The Electron security checklist, applied to every web contents the app creates: the reader stays on its
 * own page, links leave for the user's browser only when they are plain web or mail links, no permission
 * is ever granted, no <webview> is attached, and IPC is answered only for the app's own top frame.
 */

/** Recognises the app's own page: the built index.html, or (unpackaged, `npm run dev`) the dev server. */
export type AppUrlMatcher = (url: string) => boolean

/**
 * `rendererIndex` is the path of out/renderer/index.html; `devServerUrl` the electron-vite dev server,
 * honoured only on a loopback address (the renderer is never loaded from the network).
 */
export function appUrlMatcher(rendererIndex: string, devServerUrl?: string): AppUrlMatcher {
  const page = pathToFileURL(rendererIndex)
  const dev = devServerUrl ? loopbackOrigin(devServerUrl) : null
  return (input) => {
    const url = parse(input)
    if (!url) return false
    if (url.protocol === 'file:') return url.host === page.host && url.pathname === page.pathname
    return dev !== null && url.origin === dev
  }
}

/** The origin of a loopback http URL (a local dev server), or null for anything else. */
export function loopbackOrigin(input: string): string | null {
  const url = parse(input)
  if (!url || url.protocol !== 'http:') return null
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) ? url.origin : null
}

/**
 * Links the user's browser may open: http(s) with a host and no credentials, and mailto unless it asks to
 * attach files. Everything else (javascript:, file:, smb:, data:, custom app schemes, which can launch
 * programs) is refused.
 */
export function isSafeExternalUrl(input: unknown): boolean {
  if (typeof input !== 'string' || input.length > 8192) return false
  const url = parse(input)
  if (!url) return false
  if (url.protocol === 'mailto:') return url.pathname.length > 0 && !mailtoAttachesFiles(url)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  return url.hostname.length > 0 && url.username === '' && url.password === ''
}

/** Opens a safe link in the user's browser (the parsed, normalized URL, never the raw text). */
export function openExternalSafely(input: string): boolean {
  if (!isSafeExternalUrl(input)) return false
  shell.openExternal(new URL(input).href).catch((error: unknown) => {
    console.error('broadsheet: could not open a link:', error)
  })
  return true
}

/** Guards one web contents: navigation, new windows, webviews. Called for each one the app creates. */
export function hardenWebContents(contents: WebContents, isAppUrl: AppUrlMatcher): void {
  const keepOnAppPage = (event: { url: string; preventDefault(): void }): void => {
    if (isAppUrl(event.url)) return
    event.preventDefault()
    // A plain link in an article: the reader stays put and the browser shows the page.
    openExternalSafely(event.url)
  }
  contents.on('will-navigate', keepOnAppPage)
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/** The reader needs no camera, location, notifications permission, USB, HID or serial: deny them all. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}

/**
 * No request from the app's pages names the page it came from. The CSP already keeps the reader from
 * reaching any other site, and links leave through the user's browser (which sends no Referer for a URL
 * the system hands it); this is the backstop should some request ever leave anyway.
 */
export function sendNoReferrer(session: Session): void {
  session.webRequest.onBeforeSendHeaders((details, callback) => {
    const requestHeaders = Object.fromEntries(
      Object.entries(details.requestHeaders).filter(([name]) => name.toLowerCase() !== 'referer'),
    )
    callback({ requestHeaders })
  })
}

/** True only for the app's own page in a top frame (not an iframe, not a page navigated elsewhere). */
export function isTrustedSender(frame: WebFrameMain | null | undefined, isAppUrl: AppUrlMatcher): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isAppUrl(frame.url)
}

function parse(input: string): URL | null {
  try {
    return new URL(input)
  } catch {
    return null
  }
}

import { mailtoAttachesFiles } from '../../shared/urls'

/**
 * Opens a web link in the system browser: the app's window-open handler hands http(s) and mailto URLs to
 * the operating system (src/main/security.ts); in the browser preview it is a new tab. `noreferrer` keeps
 * the reader's address from the site; anything but http(s) and mailto (and a mailto that attaches files)
 * is not opened at all.
 */
export function openInBrowser(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (!['http:', 'https:', 'mailto:'].includes(parsed.protocol) || mailtoAttachesFiles(parsed)) return false
  window.open(parsed.href, '_blank', 'noopener,noreferrer')
  return true
}

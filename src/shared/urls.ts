/** The host of a URL ("example.com:8080"), or the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/**
 * Whether a link is a mailto: that asks the mail program to attach files (`attach=`, `attachment=`,
 * `attachments=`: several mail programs attach the local path they name, and the reader's files would
 * leave with a message they only meant to start). Such a link is never kept in an article nor opened.
 */
export function mailtoAttachesFiles(url: string | URL): boolean {
  let parsed: URL
  try {
    parsed = typeof url === 'string' ? new URL(url) : url
  } catch {
    return false
  }
  if (parsed.protocol !== 'mailto:') return false
  let query = parsed.search
  try {
    query = decodeURIComponent(query)
  } catch {
    // A malformed escape stays as written; the keys around it are still read.
  }
  // A key starting a field, however the field is separated or escaped (`;`, `&amp;`, a space before it).
  return /(?:^|[?&;])\s*(?:amp;)?attach/i.test(query)
}

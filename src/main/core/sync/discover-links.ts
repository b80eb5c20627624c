import { parseDocument } from '../content/dom'

const FEED_TYPES = /^application\/(rss\+xml|atom\+xml|feed\+json|json|rdf\+xml|xml)$|^text\/xml$/i

/** The feeds a page names in `<link rel="alternate" type="…">`, resolved against the page. */
export function linkedFeeds(html: string, pageUrl: string): string[] {
  const document = parseDocument(html, pageUrl)
  const found: string[] = []
  for (const link of document.querySelectorAll('link[rel][href]')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/)
    const type = (link.getAttribute('type') ?? '').trim()
    if (!rel.includes('alternate') || !FEED_TYPES.test(type)) continue
    try {
      const url = new URL(link.getAttribute('href') ?? '', document.baseURI)
      if (url.protocol === 'http:' || url.protocol === 'https:') found.push(url.href)
    } catch {
      // an unusable href names no feed
    }
  }
  return found
}

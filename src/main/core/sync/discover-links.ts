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

/**
 * The icons a page names in `<link rel="icon">` (and `shortcut icon`, `apple-touch-icon`), resolved
 * against the page, best first for a 16-pixel icon: a plain icon before a touch icon, a size nearest
 * 32×32 (sharp on a 2× screen) first, `any` (an SVG) after the sized ones.
 */
export function linkedIcons(html: string, pageUrl: string): string[] {
  const document = parseDocument(html, pageUrl)
  const found: { url: string; rank: number }[] = []
  for (const link of document.querySelectorAll('link[rel][href]')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/)
    const touch = rel.includes('apple-touch-icon') || rel.includes('apple-touch-icon-precomposed')
    if (!rel.includes('icon') && !touch) continue
    const size = /(\d+)x\d+/i.exec(link.getAttribute('sizes') ?? '')
    const distance = size ? Math.abs(Number(size[1]) - 32) : 48
    try {
      const url = new URL(link.getAttribute('href') ?? '', document.baseURI)
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue
      found.push({ url: url.href, rank: (touch ? 1000 : 0) + distance })
    } catch {
      // an unusable href names no icon
    }
  }
  return [...new Set(found.sort((a, b) => a.rank - b.rank).map((icon) => icon.url))]
}

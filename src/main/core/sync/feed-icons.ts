import type { Feed } from '../../../shared/types'
import { sniffImageType } from '../content/image-type'
import { decodeText } from '../net/charset'
import type { BlobStore } from '../store/blob-store'
import type { ContentBuilder } from './build-jobs'
import { fetchFor, type Downloader } from './downloader'
import { IMAGE_TYPE } from './image-cache'

/** A feed with no icon is asked again for one after this long (a site may add one). */
export const ICON_RETRY_MS = 7 * 86_400_000
/** Icons a home page names that are tried before /favicon.ico. */
const MAX_CANDIDATES = 3
/** What the server may call an icon whose bytes are one: an image type, or nothing in particular. */
const GENERIC_TYPE = /^(application\/octet-stream|text\/plain|binary\/octet-stream)?$/i

export interface FeedIconDeps {
  downloader: Downloader
  blobs: BlobStore
  content: ContentBuilder
}

/** Whether a sync should look for a feed's icon: it has none, and none was looked for lately. */
export function wantsIcon(feed: Pick<Feed, 'icon' | 'iconCheckedAt'>, now: Date): boolean {
  if (feed.icon) return false
  const checked = feed.iconCheckedAt ? Date.parse(feed.iconCheckedAt) : NaN
  return !(now.getTime() - checked < ICON_RETRY_MS)
}

/**
 * Finds and caches a feed's site icon: the icons its site's home page names in `<link rel="icon">`, else
 * `/favicon.ico`. Everything goes the way an article's images go: through the sync's downloader (its
 * size cap for images, its address guard — on behalf of the feed's own host, so a site address the feed
 * names at a private address is refused), the bytes checked to be an image whatever the server claimed,
 * stored in the blob store and served, SVG included, by the cache route with its no-script policy.
 * Returns the blob's hash, or null when the site has no usable icon (or cannot be reached).
 */
export async function findFeedIcon(
  feed: Pick<Feed, 'url' | 'siteUrl'>,
  deps: FeedIconDeps,
): Promise<string | null> {
  const on = fetchFor(feed.url)
  const home = homePageOf(feed)
  if (!home) return null
  const candidates: string[] = []
  try {
    const page = await deps.downloader.fetch(home, 'page', on)
    if (page.status === 'ok' && /html/i.test(page.contentType ?? 'text/html')) {
      const html = decodeText(page.bytes, page.contentType, 'html')
      candidates.push(
        ...(await deps.content.run('icons', { html, pageUrl: page.url })).slice(0, MAX_CANDIDATES),
      )
    }
  } catch {
    // No home page: /favicon.ico may still be there.
  }
  candidates.push(new URL('/favicon.ico', home).href)
  for (const url of new Set(candidates)) {
    const hash = await cacheIcon(url, home, deps, on)
    if (hash) return hash
  }
  return null
}

/** The site's home page: its link if the feed gave one on the web, else the feed's own origin. */
function homePageOf(feed: Pick<Feed, 'url' | 'siteUrl'>): string | null {
  for (const candidate of [feed.siteUrl, feed.url]) {
    if (!candidate) continue
    try {
      const url = new URL(candidate)
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue
      return candidate === feed.siteUrl ? url.href : `${url.origin}/`
    } catch {
      // not an address
    }
  }
  return null
}

async function cacheIcon(
  url: string,
  home: string,
  deps: FeedIconDeps,
  on: ReturnType<typeof fetchFor>,
): Promise<string | null> {
  try {
    const result = await deps.downloader.fetch(url, 'image', {
      ...on,
      referer: new URL(url).origin === new URL(home).origin ? home : null,
    })
    if (result.status !== 'ok' || result.bytes.byteLength === 0) return null
    const claimed = (result.contentType ?? '').split(';')[0]?.trim() ?? ''
    if (!IMAGE_TYPE.test(claimed) && !GENERIC_TYPE.test(claimed)) return null
    // Stored as what the bytes are: an HTML page called image/png is no icon.
    const type = sniffImageType(result.bytes)
    if (!type) return null
    return await deps.blobs.put(result.bytes, type, url)
  } catch {
    return null
  }
}

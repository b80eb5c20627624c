import type { Article, Feed, FullTextMode } from '../../../shared/types'
import type { BlobStore } from '../blob-store'
import { extractArticle, type ExtractedArticle } from '../content/extract'
import { htmlToText, sanitizeHtml, sanitizeTitle } from '../content/sanitize'
import { contentHash, stableId } from '../ids'
import { decodeText } from '../net/charset'
import type { Downloader } from './downloader'
import type { ParsedItem } from './feed-parse'
import { cacheArticleImages, sanitizeWithImages } from './image-cache'

/** Feed content shorter than this (in letters) is a summary: the story's page has the article. */
const SUMMARY_CHARS = 700
/** A failed page fetch is retried on later syncs, this many times in all. */
const MAX_PAGE_ATTEMPTS = 3

export interface BuildDeps {
  downloader: Downloader
  blobs: BlobStore
  maxImages: number
  cacheLimitBytes: number
  now: () => Date
}

/** A fingerprint of everything the feed says about an item (and the full-text mode applied to it). */
export function itemHash(item: ParsedItem, mode: FullTextMode): string {
  return contentHash(new TextEncoder().encode(JSON.stringify([item, mode])))
}

/**
 * True when a stored article already is what building this item would give: the item is unchanged, and
 * nothing is left to retry (an image or the page that failed last time).
 */
export function isUpToDate(previous: Article, item: ParsedItem, mode: FullTextMode): boolean {
  return (
    previous.sourceHash === itemHash(item, mode) &&
    previous.images.every((image) => image.hash !== null) &&
    !(previous.fullTextError && (previous.fullTextAttempts ?? 0) < MAX_PAGE_ATTEMPTS)
  )
}

/** The id of a feed's item: its guid, else its link, else its title and date. */
export function itemId(feedId: string, item: ParsedItem): string {
  return stableId(feedId, item.guid ?? item.url ?? `${item.title}\u0000${item.published ?? ''}`)
}

/**
 * Turns a feed item into a stored article: sanitized content — the full text from the story's page when
 * the feed has only a summary (fetched once: a stored page extraction is reused) — and cached images.
 */
export async function buildArticle(
  feed: Feed,
  item: ParsedItem,
  previous: Article | null,
  mode: FullTextMode,
  deps: BuildDeps,
): Promise<Article> {
  const base = item.url ?? feed.siteUrl ?? feed.url
  const title =
    (item.titleIsHtml ? sanitizeTitle(item.title) : item.title.replace(/\s+/g, ' ').trim()) || 'Untitled'
  // Parsing HTML is the cost of a sync: each piece is parsed as few times as it can be.
  const fromFeed = sanitizeWithImages(item.contentHtml ?? item.summaryHtml ?? '', base)
  const summary = !item.summaryHtml
    ? null
    : item.contentHtml
      ? sanitizeHtml(item.summaryHtml, base)
      : fromFeed.html
  const feedLength = textLength(fromFeed.html)

  let clean = fromFeed
  let author = item.author?.trim() || null
  let published = item.published
  let fullTextFrom: Article['fullTextFrom'] = 'feed'
  let fullTextError: string | null = null
  let attempts = previous?.fullTextAttempts ?? 0
  let leadImage = item.imageUrl

  const wantsPage = item.url !== null && (mode === 'always' || (mode === 'auto' && isSummary(fromFeed.html)))
  if (wantsPage && previous?.fullTextFrom === 'page') {
    // Fetched once: the stored extraction stands.
    clean = sanitizeWithImages(previous.contentHtml, previous.url)
    clean.imageUrls = previous.images.map((image) => image.url)
    fullTextFrom = 'page'
    author ??= previous.author
    published ??= previous.published
  } else if (wantsPage && attempts < MAX_PAGE_ATTEMPTS) {
    attempts += 1
    const page = await fetchPage(item.url as string, deps)
    if ('error' in page) {
      fullTextError = page.error
    } else if (textLength(page.contentHtml) > feedLength) {
      clean = sanitizeWithImages(page.contentHtml, item.url)
      fullTextFrom = 'page'
      author ??= page.byline
      published ??= page.published
      leadImage ??= page.leadImage
    }
  } else if (wantsPage) {
    fullTextError = previous?.fullTextError ?? null
  }

  if (leadImage && clean.imageUrls.length === 0) {
    const figure = sanitizeWithImages(
      `<figure><img src="${escapeAttribute(leadImage)}" alt=""></figure>`,
      base,
    )
    clean = { html: `${figure.html}\n${clean.html}`, imageUrls: figure.imageUrls }
  }
  const cached = await cacheArticleImages(clean, item.url, previous?.images ?? [], deps)
  return {
    id: itemId(feed.id, item),
    feedId: feed.id,
    guid: item.guid ?? item.url ?? '',
    url: item.url,
    title,
    author,
    published,
    summary,
    contentHtml: cached.html,
    contentText: htmlToText(cached.html),
    images: cached.images,
    fetchedAt: previous?.fetchedAt ?? deps.now().toISOString(),
    fullTextFrom,
    fullTextError,
    ...(attempts > 0 ? { fullTextAttempts: attempts } : {}),
    sourceHash: itemHash(item, mode),
  }
}

/** Letters of sanitized HTML's text, counted without parsing it (tags and entities are cheap to skip). */
function textLength(html: string): number {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&[#\w]+;/g, '.')
    .replace(/\s+/g, '').length
}

/** A summary, not an article: short, or cut off with an ellipsis or a "read more". */
function isSummary(html: string): boolean {
  const letters = textLength(html)
  const text = html.replace(/<[^>]*>/g, ' ').trim()
  if (letters < SUMMARY_CHARS) return true
  return (
    letters < SUMMARY_CHARS * 3 &&
    /(\.\.\.|…|\[…\]|read more|continue reading|더 ?보기|続きを読む)\s*\W*$/i.test(text)
  )
}

/** Fetches and extracts a story's page; failures are the article's, reported in words. */
export async function fetchPage(url: string, deps: BuildDeps): Promise<ExtractedArticle | { error: string }> {
  try {
    const result = await deps.downloader.fetch(url, 'page')
    if (result.status !== 'ok') return { error: 'the page was not sent' }
    const html = decodeText(result.bytes, result.contentType, 'html')
    const extracted = extractArticle(html, result.url)
    return extracted ?? { error: 'no article could be found on the page' }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
}

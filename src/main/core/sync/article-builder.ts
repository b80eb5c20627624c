import type { Article, ArticleImage, Feed, FullTextMode } from '../../../shared/types'
import type { BlobStore } from '../store/blob-store'
import { forEachLimited } from '../for-each-limited'
import { plainLine } from '../content/text'
import { contentHash, stableId } from '../store/ids'
import { decodeText } from '../net/charset'
import type { ArticleContent, Draft, DraftInput } from './article-content'
import type { ContentBuilder } from './build-jobs'
import { fetchFor, type Downloader, type FetchFor } from './downloader'
import { normalizeLanguage } from '../../../shared/language'
import type { ParsedItem } from './feed-parse'
import { cacheArticleImages, type CleanHtml } from './image-cache'

/** A failed page fetch is retried on later syncs, this many times in all. */
const MAX_PAGE_ATTEMPTS = 3

export interface BuildDeps {
  downloader: Downloader
  blobs: BlobStore
  maxImages: number
  cacheLimitBytes: number
  now: () => Date
  /** Images downloaded during this sync, by URL (see ImageCacheDeps in image-cache.ts). */
  downloads?: Map<string, Promise<string | null>>
  /** The server account whose items are built: its host, like the feed's, may be at any address. */
  serverUrl?: string
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

/**
 * The id of a feed's item: its guid, else its link, else its title and date, within its feed — or, for a
 * server account's feed, within the account (an item the server files under two feeds is one article).
 */
export function itemId(feed: Pick<Feed, 'id' | 'account'>, item: ParsedItem): string {
  return stableId(
    feed.account ?? feed.id,
    item.guid ?? item.url ?? `${item.title}\u0000${item.published ?? ''}`,
  )
}

/** An item to build, with the article stored for it before (if any). */
export interface BuildEntry {
  item: ParsedItem
  previous: Article | null
}

/** An item that could not be built (its markup overran the builder's time limit, say): left out, and why. */
export interface SkippedItem {
  title: string
  reason: string
}

/** A feed's items built: an article for each in the order of the entries, null for one skipped. */
export interface BuiltArticles {
  articles: (Article | null)[]
  skipped: SkippedItem[]
}

/** What {@link buildFeedArticles} builds with. */
export interface FeedBuild {
  /** What building needs, and the library's full-text mode (the feed's own setting wins). */
  deps: BuildDeps & { fullTextMode: FullTextMode }
  content: ContentBuilder
  /** Reads an item's stored article; null when the feed has none (a new subscription's first sync). */
  stored: ((id: string) => Promise<Article | null>) | null
}

/**
 * A feed's articles from its parsed items, each item once (by guid, then by link), in the feed's order:
 * an unchanged one's stored copy is kept (`kept`: those copies, as read), the others are built
 * ({@link buildArticles}); an item that could not be built is left out, with its reason in `skippedItems`.
 */
export async function buildFeedArticles(
  feed: Feed,
  items: readonly ParsedItem[],
  { deps, content, stored }: FeedBuild,
): Promise<{ articles: Article[]; kept: Set<Article>; skippedItems: SkippedItem[] }> {
  const seenIds = new Set<string>()
  const seenUrls = new Set<string>()
  const unique = items.filter((item) => {
    const id = itemId(feed, item)
    if (seenIds.has(id) || (item.url && !item.guid && seenUrls.has(item.url))) return false
    seenIds.add(id)
    if (item.url) seenUrls.add(item.url)
    return true
  })
  const mode = feed.settings.fullText ?? deps.fullTextMode
  const previous = new Array<Article | null>(unique.length).fill(null)
  if (stored)
    await forEachLimited([...unique.keys()], 8, async (index) => {
      previous[index] = await stored(itemId(feed, unique[index] as ParsedItem))
    })
  const articles = previous.map((article, index) =>
    article && isUpToDate(article, unique[index] as ParsedItem, mode) ? article : null,
  )
  const toBuild: BuildEntry[] = []
  unique.forEach((item, index) => {
    if (!articles[index]) toBuild.push({ item, previous: previous[index] ?? null })
  })
  const kept = new Set(articles.filter((article) => article !== null))
  const built = await buildArticles(feed, toBuild, mode, deps, content)
  const fresh = built.articles.values()
  // In the feed's order, the kept and the built alike; an item skipped is left out.
  const all = articles.map((article) => article ?? (fresh.next().value as Article | null))
  return {
    articles: all.filter((article) => article !== null),
    kept,
    skippedItems: built.skipped,
  }
}

/** Items drafted in one job at most, and the size (characters of markup) past which an item has its own. */
const DRAFTS_PER_JOB = 100
const LARGE_ITEM_CHARS = 64 * 1024

/**
 * Turns a feed's items into stored articles: sanitized content — the full text from the story's page when
 * the feed has only a summary (fetched once: a stored page extraction is reused) — and cached images.
 * The DOM work goes to `content` (a pool of workers, or this thread), small items many to a job, a large
 * one in a job of its own; the network and the disk are waited on here. An item whose building fails
 * (after a failed job of several, each of them is tried alone) is skipped with its reason; the others are
 * built all the same.
 */
export async function buildArticles(
  feed: Feed,
  entries: readonly BuildEntry[],
  mode: FullTextMode,
  deps: BuildDeps,
  content: ContentBuilder,
): Promise<BuiltArticles> {
  const inputs = entries.map(({ item, previous }): DraftInput => {
    const stored = previous?.fullTextFrom === 'page' ? previous : null
    return {
      item,
      base: baseOf(feed, item),
      mode,
      storedPage: stored && {
        contentHtml: stored.contentHtml,
        url: stored.url,
        imageUrls: stored.images.map((image) => image.url),
      },
      mayFetchPage: (previous?.fullTextAttempts ?? 0) < MAX_PAGE_ATTEMPTS,
    }
  })
  const drafts = await draftAll(inputs, content)
  const articles: (Article | null)[] = new Array<Article | null>(entries.length).fill(null)
  const skipped: SkippedItem[] = []
  const skip = (entry: BuildEntry, error: unknown): void => {
    skipped.push({
      title: plainLine(entry.item.title) || entry.item.url || '(untitled)',
      reason: messageOf(error),
    })
  }
  await forEachLimited([...entries.keys()], 4, async (index) => {
    const entry = entries[index] as BuildEntry
    const draft = drafts[index] as Draft | Error
    if (draft instanceof Error) return skip(entry, draft)
    try {
      articles[index] = await finishArticle(feed, entry, draft, mode, deps, content)
    } catch (error) {
      skip(entry, error)
    }
  })
  return { articles, skipped }
}

/** Every item's draft, or the error that stopped it (a failed job of several is tried again item by item). */
async function draftAll(inputs: readonly DraftInput[], content: ContentBuilder): Promise<(Draft | Error)[]> {
  const drafts = new Array<Draft | Error>(inputs.length)
  const jobs: number[][] = []
  let small: number[] = []
  inputs.forEach((input, index) => {
    if (markupSize(input) > LARGE_ITEM_CHARS) jobs.push([index])
    else if (small.push(index) === DRAFTS_PER_JOB) {
      jobs.push(small)
      small = []
    }
  })
  if (small.length > 0) jobs.push(small)
  const draft = async (indexes: number[]): Promise<void> => {
    try {
      const done = await content.run(
        'drafts',
        indexes.map((index) => inputs[index] as DraftInput),
      )
      indexes.forEach((index, at) => (drafts[index] = done[at] as Draft))
    } catch (error) {
      if (indexes.length === 1) drafts[indexes[0] as number] = asError(error)
      else await Promise.all(indexes.map((index) => draft([index])))
    }
  }
  await Promise.all(jobs.map(draft))
  return drafts
}

function markupSize({ item, storedPage }: DraftInput): number {
  return (
    (item.contentHtml?.length ?? 0) + (item.summaryHtml?.length ?? 0) + (storedPage?.contentHtml.length ?? 0)
  )
}

/** An item's article from its draft: its page fetched if need be, its images cached. */
async function finishArticle(
  feed: Feed,
  { item, previous }: BuildEntry,
  draft: Draft,
  mode: FullTextMode,
  deps: BuildDeps,
  content: ContentBuilder,
): Promise<Article> {
  const base = baseOf(feed, item)
  // On the feed's behalf: a private address only on its own host (see FetchFor).
  const on = fetchFor(feed.url, deps.serverUrl)
  let author = plainLine(item.author ?? '') || null
  let published = item.published
  let fullTextFrom: Article['fullTextFrom'] = 'feed'
  let fullTextError: string | null = null
  // The item's own language, else its page's; the feed's is looked up when the article is shown.
  let language = item.language ?? null
  let attempts = previous?.fullTextAttempts ?? 0

  let result: ArticleContent
  if (draft.content) {
    result = draft.content
    if (draft.fromStoredPage) {
      fullTextFrom = 'page'
      author ??= previous?.author ?? null
      published ??= previous?.published ?? null
      language ??= previous?.language ?? null
    } else if (draft.wantsPage && draft.summaryOnly) {
      // Wanted, but every try has failed: the last failure stands.
      fullTextError = previous?.fullTextError ?? null
    }
  } else {
    // The draft left the page to fetch (it is wanted, and tries are left).
    const fromFeed = draft.fromFeed as CleanHtml
    attempts += 1
    const page = await fetchPageHtml(item.url as string, deps, on)
    const outcome =
      'error' in page
        ? page
        : await content
            .run('page', {
              ...page,
              itemUrl: item.url as string,
              base,
              fromFeed,
              leadImage: item.imageUrl,
            })
            .catch((error: unknown) => ({ error: messageOf(error) }))
    if ('error' in outcome) {
      // "Showing the feed's summary" only over a summary: a feed's complete text is no worse for the
      // page it came from failing (the full-text setting "always" asks for the page all the same).
      fullTextError = draft.summaryOnly ? outcome.error : null
      result = await content.run('finish', { clean: fromFeed, leadImage: item.imageUrl, base })
    } else {
      result = outcome.content
      if (outcome.fromPage) {
        fullTextFrom = 'page'
        author ??= outcome.byline
        published ??= outcome.published
        language ??= normalizeLanguage(outcome.lang)
      }
    }
  }

  const cached = await cacheArticleImages(result.clean, item.url, previous?.images ?? [], deps, on)
  return {
    id: itemId(feed, item),
    feedId: feed.id,
    guid: item.guid ?? item.url ?? '',
    url: item.url,
    title: draft.title,
    author,
    published,
    summary: draft.summary,
    contentHtml: cached.html,
    contentText: await cachedText(result, cached.html, cached.images, content),
    images: cached.images,
    fetchedAt: previous?.fetchedAt ?? deps.now().toISOString(),
    fullTextFrom,
    fullTextError,
    ...(attempts > 0 ? { fullTextAttempts: attempts } : {}),
    ...(language ? { language } : {}),
    sourceHash: itemHash(item, mode),
  }
}

/**
 * The text of the article once its images point at the cache. Pointing rewrites image attributes only,
 * which are not text, so the text read before stands; unless an image URL also stands in the text itself
 * (`src="…"` written out in a paragraph), where the rewrite may have reached it: then it is read again.
 */
export function cachedText(
  before: ArticleContent,
  html: string,
  images: ArticleImage[],
  content: ContentBuilder,
): Promise<string> | string {
  if (html === before.clean.html) return before.text
  const rewritten = images.filter((image) => image.hash !== null)
  return rewritten.some((image) => before.text.includes(image.url)) ? content.run('text', html) : before.text
}

function baseOf(feed: Feed, item: ParsedItem): string {
  return item.url ?? feed.siteUrl ?? feed.url
}

/** Fetches a story's page; failures are the article's, reported in words. */
async function fetchPageHtml(
  url: string,
  deps: BuildDeps,
  on: FetchFor,
): Promise<{ html: string; pageUrl: string } | { error: string }> {
  try {
    const result = await deps.downloader.fetch(url, 'page', on)
    if (result.status !== 'ok') return { error: 'the page was not sent' }
    return { html: decodeText(result.bytes, result.contentType, 'html'), pageUrl: result.url }
  } catch (error) {
    return { error: messageOf(error) }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}

import { SAVED_FEED_ID, SAVED_FEED_TITLE } from '../../../shared/types'
import type { Articles } from '../articles/articles'
import { UserError } from '../errors'
import type { Highlights } from '../highlights/highlights'
import type { Search } from '../search/search-service'
import type { SmartFeeds } from '../smart/smart-feeds'
import type { BlobStore } from '../store/blob-store'
import type { Subscriptions } from '../subscriptions/subscriptions'
import { prepareArticle } from './prepare'
import { EXPORT_FORMATS, type ExportFormat, type ExportWriter } from './writers'

/** A list's filters, as the reader's lists apply them (a folder, All, Unread, Saved Pages, …). */
export interface ExportListFilters {
  feedIds?: readonly string[]
  folderId?: string
  unread?: boolean
  bookmarked?: boolean
  saved?: boolean
}

/** A search's filters besides its query (see SearchArgs). */
export type ExportSearchFilters = ExportListFilters & { since?: string; until?: string }

/**
 * Which articles to export: some by id, the bookmarks, a feed's, a list's (newest first), a search's
 * results (best first, with the list's filters), or a smart feed's.
 */
export type ExportSource =
  | { ids: readonly string[] }
  | { bookmarked: true }
  | { feedId: string }
  | { list: ExportListFilters }
  | { search: string; filters?: ExportSearchFilters }
  | { smartFeedId: string }

export interface ExportRequest {
  source: ExportSource
  format: ExportFormat
  /** The file to write (for Markdown, images go in a folder beside it). */
  out: string
  /** Called after each article: how many are written of how many. */
  onProgress?: (done: number, total: number) => void
  signal?: AbortSignal
}

export interface ExportResult {
  path: string
  articles: number
  images: number
  highlights: number
}

interface ExportsDeps {
  articles: Articles
  highlights: Highlights
  search: Search
  subscriptions: Subscriptions
  blobs: BlobStore
  /** Smart feeds, where there are any (a smart feed's source needs them). */
  smart?: SmartFeeds
}

/** A search exports at most this many results (best first). */
export const MAX_SEARCH_EXPORT = 10_000

/**
 * Export: articles as they are cached — text, images, highlights and notes — to Markdown, one
 * standalone HTML file, or an EPUB 3 book. Article by article, so a 2,000-article export holds one
 * article at a time; nothing is put in place until all of it is written.
 */
export class Exports {
  readonly #deps: ExportsDeps

  constructor(deps: ExportsDeps) {
    this.#deps = deps
  }

  /** What a source would export, without writing anything: how many articles, and the book's title. */
  async preview(source: ExportSource): Promise<{ articles: number; title: string }> {
    const { ids, title } = await this.#select(source)
    return { articles: ids.length, title }
  }

  async export(request: ExportRequest): Promise<ExportResult> {
    const { articles, highlights, blobs, subscriptions } = this.#deps
    if (!EXPORT_FORMATS.includes(request.format))
      throw new UserError(`no export format "${request.format}": choose ${EXPORT_FORMATS.join(', ')}`)
    const { ids, title } = await this.#select(request.source)
    if (ids.length === 0)
      throw new UserError(`nothing to export: ${describe(request.source)} has no articles`)
    const metas = await articles.metas(ids)
    const metaOf = new Map(metas.map((meta) => [meta.id, meta]))
    // As stored: each export places them in its own copy of the article (prepare.ts), so they are not
    // placed here too (list() would parse every highlighted article for it).
    const byArticle = groupBy(await highlights.stored(), (h) => h.articleId)
    const writer = await writerFor(request.format, request.out)
    let images = 0
    let marked = 0
    await writer.begin({ title, entries: ids.map((id) => ({ title: metaOf.get(id)?.title ?? id })) })
    try {
      for (const [index, id] of ids.entries()) {
        request.signal?.throwIfAborted()
        const article = await articles.get(id)
        if (!article) continue
        const own = byArticle.get(id) ?? []
        const prepared = await prepareArticle(
          article,
          index,
          own,
          {
            imageType: async (hash) => (await blobs.info(hash))?.contentType ?? null,
            feedTitle: (feedId) =>
              feedId === SAVED_FEED_ID ? SAVED_FEED_TITLE : (subscriptions.feed(feedId)?.title ?? ''),
          },
          writer.images,
        )
        images += prepared.images.length
        marked += own.length
        await writer.add(prepared, async (hash) => (await blobs.get(hash))?.bytes ?? null)
        request.onProgress?.(index + 1, ids.length)
      }
      await writer.finish()
    } catch (error) {
      await writer.discard()
      throw error
    }
    return { path: request.out, articles: ids.length, images, highlights: marked }
  }

  /** The ids a source names, in export order, and the book's title. */
  async #select(source: ExportSource): Promise<{ ids: string[]; title: string }> {
    const { articles, search, subscriptions } = this.#deps
    const all = Number.MAX_SAFE_INTEGER
    if ('ids' in source) {
      const ids = [...new Set(source.ids)]
      const found = new Map((await articles.metas(ids)).map((meta) => [meta.id, meta]))
      const missing = ids.find((id) => !found.has(id))
      if (missing) throw new UserError(`no article with id ${missing}`)
      const title = ids.length === 1 ? (found.get(ids[0]!)?.title ?? 'Article') : `${ids.length} articles`
      return { ids, title }
    }
    if ('bookmarked' in source) {
      const list = await articles.list({ bookmarked: true, limit: all })
      return { ids: list.map((a) => a.id), title: 'Bookmarks' }
    }
    if ('feedId' in source) {
      const feed = subscriptions.require(source.feedId)
      const list = await articles.list({ feedIds: [feed.id], limit: all })
      return { ids: list.map((a) => a.id), title: feed.title }
    }
    if ('list' in source) {
      const { feedIds, ...filters } = source.list
      const list = await articles.list({ ...filters, feedIds: feedIds && [...feedIds], limit: all })
      return { ids: list.map((a) => a.id), title: this.#listTitle(source.list) }
    }
    if ('smartFeedId' in source) {
      const smart = this.#deps.smart
      if (!smart) throw new UserError(`no smart feed with id ${source.smartFeedId}`)
      const name = (await smart.list()).find((feed) => feed.id === source.smartFeedId)?.name
      const ids = await pagedIds((offset) => smart.articles(source.smartFeedId, { limit: 200, offset }))
      return { ids, title: name ?? 'Smart feed' }
    }
    const { filters = {} } = source
    const { feedIds, ...rest } = filters
    const ids = await pagedIds((offset) =>
      search.search({
        query: source.search,
        ...rest,
        ...(feedIds ? { feedIds: [...feedIds] } : {}),
        limit: 200,
        offset,
      }),
    )
    return { ids, title: `Search: ${source.search}` }
  }

  /** A list's title as the sidebar names it. */
  #listTitle(list: ExportListFilters): string {
    const { subscriptions } = this.#deps
    if (list.folderId) return subscriptions.folder(list.folderId).title
    if (list.feedIds?.length === 1) return subscriptions.require(list.feedIds[0]!).title
    if (list.saved) return SAVED_FEED_TITLE
    if (list.bookmarked) return 'Bookmarks'
    if (list.unread) return 'Unread'
    return 'All Articles'
  }
}

/** The format's writer, loaded when an export runs (turndown and the zip writer are not needed to read). */
async function writerFor(format: ExportFormat, out: string): Promise<ExportWriter> {
  if (format === 'md') return new (await import('./markdown-writer')).MarkdownWriter(out)
  if (format === 'html') return new (await import('./html-writer')).HtmlWriter(out)
  return new (await import('./epub-writer')).EpubWriter(out)
}

function describe(source: ExportSource): string {
  if ('ids' in source) return 'the selection'
  if ('bookmarked' in source) return 'Bookmarks'
  if ('feedId' in source) return 'the feed'
  if ('list' in source) return 'the list'
  if ('smartFeedId' in source) return 'the smart feed'
  return `the search "${source.search}"`
}

/** Every id a paged search answers, best first, up to {@link MAX_SEARCH_EXPORT}. */
async function pagedIds(page: (offset: number) => Promise<{ results: { id: string }[] }>): Promise<string[]> {
  const ids: string[] = []
  for (let offset = 0; ids.length < MAX_SEARCH_EXPORT;) {
    const { results } = await page(offset)
    ids.push(...results.map((hit) => hit.id))
    offset += results.length
    if (results.length < 200) break
  }
  return ids.slice(0, MAX_SEARCH_EXPORT)
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const list = groups.get(key(item))
    if (list) list.push(item)
    else groups.set(key(item), [item])
  }
  return groups
}

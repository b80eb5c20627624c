import type { SearchArgs, SearchResults } from '../../../shared/contract'
import { SAVED_FEED_ID } from '../../../shared/types'
import type { Broadsheet } from '../broadsheet'
import { SearchIndex, type SearchIndexOptions, type SearchPage } from './search-index'

/** The search index of a library: its store, feed titles, write lock and damage list wired in. */
export function openLibrarySearch(
  core: Broadsheet,
  options: Omit<SearchIndexOptions, 'articles' | 'feedTitles' | 'lock' | 'damage'> = {},
): Promise<SearchIndex> {
  return SearchIndex.open(core.dataDir, {
    ...options,
    articles: core.articles,
    feedTitles: () => feedTitlesOf(core),
    lock: core.lock,
    damage: core.damage,
  })
}

export function feedTitlesOf(core: Broadsheet): Map<string, string> {
  const titles = new Map(core.library.feeds().map((feed) => [feed.id, feed.title]))
  titles.set(SAVED_FEED_ID, titles.get(SAVED_FEED_ID) ?? 'Saved')
  return titles
}

/** The filters the article list has, for search: they combine with each other and the query. */
export interface LibrarySearchOptions {
  feedIds?: string[]
  folderId?: string
  unread?: boolean
  bookmarked?: boolean
  saved?: boolean
  /** sortTime range in ms: since ≤ t < until. */
  since?: number
  until?: number
  limit?: number
  offset?: number
  snippets?: boolean
}

/** Searches the library with the article list's filters (folder, unread, bookmarked, saved, dates). */
export function searchLibrary(
  core: Broadsheet,
  index: SearchIndex,
  query: string,
  options: LibrarySearchOptions = {},
): Promise<SearchPage> {
  let feedIds = options.feedIds ? new Set(options.feedIds) : undefined
  if (options.folderId) {
    const folders = core.library.folderAndDescendants(options.folderId)
    const inFolder = core.library.feeds().filter((feed) => feed.folderId && folders.has(feed.folderId))
    feedIds = new Set(inFolder.map((feed) => feed.id).filter((id) => !feedIds || feedIds.has(id)))
  }
  if (options.saved) feedIds = new Set([...(feedIds ?? [SAVED_FEED_ID])].filter((id) => id === SAVED_FEED_ID))
  const read = options.unread ? core.library.readIds() : null
  const bookmarked = options.bookmarked ? core.library.bookmarkedIds() : null
  return index.search(query, {
    limit: options.limit,
    offset: options.offset,
    feedIds,
    since: options.since,
    until: options.until,
    snippets: options.snippets,
    exceptIds: read ?? undefined,
    onlyIds: bookmarked ?? undefined,
  })
}

/**
 * Keeps the index in step with every change to the store from now on — sync, save, retention and
 * unsubscribe all go through the store — and returns the function that stops it. A crash between a store
 * write and its indexing is repaired by `index.repair()` on the next start.
 */
export function keepIndexInStep(core: Broadsheet, index: SearchIndex): () => void {
  return core.articles.subscribe({
    stored: async (result, articles) => {
      const changed = new Set([...result.added, ...result.updated])
      const fresh = articles.filter((article) => changed.has(article.id))
      if (fresh.length > 0) await index.add(fresh)
    },
    removed: async (removed) => {
      await index.remove(removed.map((meta) => meta.id))
    },
  })
}

/**
 * The contract's `search` request over this library: the query, its filters, and dates as ISO strings
 * (an unreadable date is no bound rather than an error: the query itself still runs).
 */
export function searchRequest(
  core: Broadsheet,
  index: SearchIndex,
): (args: SearchArgs) => Promise<SearchResults> {
  const time = (iso: string | undefined) => {
    const ms = iso ? Date.parse(iso) : Number.NaN
    return Number.isFinite(ms) ? ms : undefined
  }
  return async (args) => {
    const page = await searchLibrary(core, index, args.query, {
      limit: args.limit,
      offset: args.offset,
      feedIds: args.feedIds,
      folderId: args.folderId,
      unread: args.unread,
      bookmarked: args.bookmarked,
      saved: args.saved,
      since: time(args.since),
      until: time(args.until),
    })
    return { total: page.total, totalIsExact: page.totalIsExact, results: page.results }
  }
}

/**
 * Opens the library's search index for a long-running process (the app, the preview): in step with the
 * store from now on, and repaired against it in the background (a crash between the two, or a first run).
 */
export async function startLibrarySearch(
  core: Broadsheet,
  options: Omit<SearchIndexOptions, 'articles' | 'feedTitles' | 'lock' | 'damage'> = {},
): Promise<{ index: SearchIndex; search: (args: SearchArgs) => Promise<SearchResults> }> {
  const index = await openLibrarySearch(core, options)
  keepIndexInStep(core, index)
  void index.repair().catch((error: unknown) => {
    core.damage.push({
      file: 'search index',
      keptAt: '',
      reason: error instanceof Error ? error.message : String(error),
      action: 'search may miss articles until the next start',
    })
  })
  return { index, search: searchRequest(core, index) }
}

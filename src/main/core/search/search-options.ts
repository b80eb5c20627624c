import { SEARCH_PAGE_MAX } from '../../../shared/contract'
import type { Article } from '../../../shared/types'
import { UserError } from '../errors'

/**
 * What a search is restricted to, and which page of it is wanted: the engine's one options type. The
 * caller resolves its own filters (a folder into its feeds, "unread" into the read ids…) into this shape
 * once; SearchIndex#search hands the same object down to query-exec.ts, which filters with it, and to
 * result-page.ts, which pages with it. Ids are sets: the library already keeps its flags as sets, so a
 * filter over every read id is passed, not copied.
 */
export interface SearchOptions {
  /** Only articles of these feeds (a folder: its feeds; saved pages: SAVED_FEED_ID). */
  feedIds?: ReadonlySet<string>
  /** sortTime range in ms: since ≤ t < until. */
  since?: number
  until?: number
  /** Only these articles (bookmarked…). */
  onlyIds?: ReadonlySet<string>
  /** Never these articles (the read ones, for unread…). */
  exceptIds?: ReadonlySet<string>
  /** Results per page: default 20, at most SEARCH_PAGE_MAX (more is a UserError, see {@link pageOf}). */
  limit?: number
  /** Results to skip: the page starts after them. */
  offset?: number
  /** Best match first (the default), or newest first (a smart feed's list). */
  order?: 'best' | 'newest'
  /** Read the page's articles for snippets and highlights (default true). */
  snippets?: boolean
  /**
   * Where phrase checks read articles from instead of the store (a rule's run keeps the articles of a
   * sync it has read once, for every rule with a phrase).
   */
  load?: (id: string) => Promise<Article | null>
}

const DEFAULT_LIMIT = 20

/**
 * The page the options ask for. A limit above {@link SEARCH_PAGE_MAX} is refused, not cut to it: a
 * client paging by offset would take the short page for the whole one and skip what was left out.
 */
export function pageOf(options: SearchOptions): { offset: number; limit: number } {
  const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT))
  // A page without snippets reads no article for them: core callers (a rule over a sync's new articles)
  // take every match at once rather than run the query again for each page.
  if (limit > SEARCH_PAGE_MAX && options.snippets !== false)
    throw new UserError(
      `a search answers with at most ${SEARCH_PAGE_MAX} results at a time (asked for ${limit}); ask for the next ones with an offset`,
    )
  return { offset: Math.max(0, Math.floor(options.offset ?? 0)), limit }
}

/** Whether an article passes the options' filters other than its feed (checked per segment, by feed). */
export function acceptsArticle(options: SearchOptions, id: string, sortTime: number): boolean {
  if (options.since !== undefined && sortTime < options.since) return false
  if (options.until !== undefined && sortTime >= options.until) return false
  if (options.onlyIds && !options.onlyIds.has(id)) return false
  return !options.exceptIds?.has(id)
}

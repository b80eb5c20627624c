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
  /** Results per page: default 20, at most 200. */
  limit?: number
  /** Results to skip: the page starts after them. */
  offset?: number
  /** Read the page's articles for snippets and highlights (default true). */
  snippets?: boolean
}

const DEFAULT_LIMIT = 20
const MAX_LIMIT = 200

/** The page the options ask for, within bounds. */
export function pageOf(options: SearchOptions): { offset: number; limit: number } {
  return {
    offset: Math.max(0, Math.floor(options.offset ?? 0)),
    limit: Math.min(MAX_LIMIT, Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT))),
  }
}

/** Whether an article passes the options' filters other than its feed (checked per segment, by feed). */
export function acceptsArticle(options: SearchOptions, id: string, sortTime: number): boolean {
  if (options.since !== undefined && sortTime < options.since) return false
  if (options.until !== undefined && sortTime >= options.until) return false
  if (options.onlyIds && !options.onlyIds.has(id)) return false
  return !options.exceptIds?.has(id)
}

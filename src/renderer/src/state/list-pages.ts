import type { SearchHit, SearchResults, TextRange } from '../../../shared/contract'
import type { ArticleListItem } from '../../../shared/types'
import { api } from '../api-client'
import type { FlaggedArticle } from './flags'
import { listQueryOf, searchArgsOf, type SearchFilters, type Selection } from './selection'

/** One row of the article list, from a listing or a search. Its flags are the flag store's. */
export interface ListRow {
  id: string
  feedId: string
  title: string
  snippet: string
  sortTime: number
  url: string | null
  /** The article's own declared language, when it has one (see Article.language). */
  language?: string
  /** Search matches to highlight, when the row is a search result. */
  titleRanges?: TextRange[]
  snippetRanges?: TextRange[]
  hit?: SearchHit
}

/** What the list asks for: a selection's articles, or a search's results (when `query` is not empty). */
export interface ListRequest {
  selection: Selection
  query: string
  filters: SearchFilters
}

const PAGE_SIZE = 150
/** Every row of the list has this height in pixels (the list is virtualized on it; styles.css agrees). */
export const ROW_HEIGHT = 84
/**
 * A search's pages are smaller than a listing's: each result's snippet reads its article and finds the
 * matches in it, and the answer to a keystroke should not wait for more of them than fit on the screen.
 * The first page fills the list, with a row to spare below it: the rows a window this tall holds (its
 * height over a row's, rounded up: more than the list under the search field shows), ten at least.
 * The next pages come as it scrolls (the first of them once typing has paused, or at once if the
 * list is scrolled to its end): a first page that left the list's end on screen would send that
 * request after every keystroke, and the core would work on 50 more snippets before the next one.
 */
export function firstSearchPage(windowHeight: number = globalThis.innerHeight): number {
  const rows = Number.isFinite(windowHeight) ? Math.ceil(windowHeight / ROW_HEIGHT) : 0
  return Math.max(10, rows)
}
const SEARCH_PAGE = 50
/**
 * A smart feed's pages: the first fills the list (a word query's matches are ranked by date before any is
 * read), the next ones come as it scrolls, a listing's length where the core allows it.
 */
const FIRST_SMART_PAGE = 30
const SMART_PAGE = 100

export interface Page {
  rows: ListRow[]
  /** The answer's articles with their flags, for the flag store. */
  articles: FlaggedArticle[]
  hasMore: boolean
  /** Search results' count, or null when listing. */
  total: number | null
  totalIsExact: boolean
}

function rowOfItem(item: ArticleListItem): ListRow {
  return {
    id: item.id,
    feedId: item.feedId,
    title: item.title,
    snippet: item.snippet,
    sortTime: item.sortTime,
    url: item.url,
    ...(item.language ? { language: item.language } : {}),
  }
}

function rowOfHit(hit: SearchHit): ListRow {
  return {
    id: hit.id,
    feedId: hit.feedId,
    title: hit.title,
    snippet: hit.snippet,
    sortTime: hit.sortTime,
    url: null,
    titleRanges: hit.positions.title,
    snippetRanges: hit.snippetPositions,
    hit,
  }
}

/** The page after `after` (the first page when it is empty). */
export async function loadPage(request: ListRequest, after: ListRow[]): Promise<Page> {
  const { selection, query, filters } = request
  if (query.trim()) {
    const found = await api.search({
      ...searchArgsOf(query, filters),
      limit: after.length === 0 ? firstSearchPage() : SEARCH_PAGE,
      offset: after.length,
    })
    return pageOfHits(found, after, { total: found.total, totalIsExact: found.totalIsExact })
  }
  if (selection.kind === 'smart') {
    // A smart feed: its search, in its own order (newest first or best match), a page at a time.
    const found = await api.listSmartFeed({
      id: selection.smartId,
      limit: after.length === 0 ? FIRST_SMART_PAGE : SMART_PAGE,
      offset: after.length,
    })
    return pageOfHits(found, after, { total: null, totalIsExact: true })
  }
  const last = after.at(-1)
  const items = await api.listArticles({
    ...listQueryOf(selection),
    limit: PAGE_SIZE,
    before: last?.sortTime,
  })
  return {
    rows: items.map(rowOfItem),
    articles: items,
    hasMore: items.length === PAGE_SIZE,
    total: null,
    totalIsExact: true,
  }
}

/** A page of search hits (a search's, a smart feed's) after the rows already listed, with the total shown. */
function pageOfHits(
  found: SearchResults,
  after: ListRow[],
  shown: Pick<Page, 'total' | 'totalIsExact'>,
): Page {
  const rows = found.results.map(rowOfHit)
  return {
    rows,
    articles: found.results,
    hasMore: after.length + rows.length < found.total && rows.length > 0,
    ...shown,
  }
}

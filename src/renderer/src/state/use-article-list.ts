import { useCallback, useEffect, useRef, useState } from 'react'
import type { SearchHit, TextRange } from '../../../shared/contract'
import type { ArticleListItem } from '../../../shared/types'
import { api } from '../api-client'
import { listQueryOf, searchArgsOf, type SearchFilters, type Selection } from './selection'

/** One row of the article list, from a listing or a search. */
export interface ListRow {
  id: string
  feedId: string
  title: string
  snippet: string
  sortTime: number
  url: string | null
  read: boolean
  bookmarked: boolean
  /** Search matches to highlight, when the row is a search result. */
  titleRanges?: TextRange[]
  snippetRanges?: TextRange[]
  hit?: SearchHit
}

export const PAGE_SIZE = 150
/**
 * A search's pages are smaller than a listing's: each result's snippet reads its article and finds the
 * matches in it, and the answer to a keystroke should not wait for more of them than fit on the screen
 * (eight rows of 84 px at 800 px, under the search field and its filters). The first page fills the list; the next ones come as it scrolls
 * (the first of them at once, while the results are read).
 */
export const FIRST_SEARCH_PAGE = 10
export const SEARCH_PAGE = 50
/**
 * A search's next page is asked for once its first one has been on screen this long (or at once when
 * the list is scrolled to its end): while someone types, each keystroke's search would otherwise be
 * followed by 50 more snippets that the core works on before it can answer the next keystroke.
 */
export const MORE_RESULTS_AFTER_MS = 250

export interface ArticleListState {
  rows: ListRow[]
  loading: boolean
  error: string | null
  hasMore: boolean
  /** Search results' count, or null when listing. */
  total: number | null
  totalIsExact: boolean
  loadMore: () => void
  retry: () => void
  patchRow: (id: string, patch: Partial<ListRow>) => void
  patchRows: (match: (row: ListRow) => boolean, patch: Partial<ListRow>) => void
}

function rowOfItem(item: ArticleListItem): ListRow {
  return {
    id: item.id,
    feedId: item.feedId,
    title: item.title,
    snippet: item.snippet,
    sortTime: item.sortTime,
    url: item.url,
    read: item.read,
    bookmarked: item.bookmarked,
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
    read: hit.read ?? false,
    bookmarked: hit.bookmarked ?? false,
    titleRanges: hit.positions.title,
    snippetRanges: hit.snippetPositions,
    hit,
  }
}

interface Page {
  rows: ListRow[]
  hasMore: boolean
  total: number | null
  totalIsExact: boolean
}

async function loadPage(
  selection: Selection,
  query: string,
  filters: SearchFilters,
  after: ListRow[],
): Promise<Page> {
  if (query.trim()) {
    const found = await api.search({
      ...searchArgsOf(query, filters),
      limit: after.length === 0 ? FIRST_SEARCH_PAGE : SEARCH_PAGE,
      offset: after.length,
    })
    const rows = found.results.map(rowOfHit)
    return {
      rows,
      hasMore: after.length + rows.length < found.total && rows.length > 0,
      total: found.total,
      totalIsExact: found.totalIsExact,
    }
  }
  const last = after.at(-1)
  const items = await api.listArticles({
    ...listQueryOf(selection),
    limit: PAGE_SIZE,
    before: last?.sortTime,
  })
  return { rows: items.map(rowOfItem), hasMore: items.length === PAGE_SIZE, total: null, totalIsExact: true }
}

interface Loaded extends Page {
  /** Which request this answers: a result for an older request is not shown as current. */
  key: string
  error: string | null
}

const NOTHING: Loaded = { key: '', rows: [], hasMore: false, total: null, totalIsExact: true, error: null }

/**
 * The article list of a selection, or a search's results: the first page at once, then more pages as
 * the list scrolls near its end. A newer request always wins over a slower older one.
 */
export function useArticleList(
  selection: Selection,
  query: string,
  filters: SearchFilters,
  version: number,
): ArticleListState {
  const [attempt, setAttempt] = useState(0)
  const [loaded, setLoaded] = useState<Loaded>(NOTHING)
  const key = JSON.stringify([selection, query, filters, version, attempt])
  const current = useRef(key)
  const busy = useRef(false)

  useEffect(() => {
    current.current = key
    busy.current = true
    loadPage(selection, query, filters, []).then(
      (page) => {
        if (current.current !== key) return
        busy.current = false
        setLoaded({ ...page, key, error: null })
      },
      (failure: Error) => {
        if (current.current !== key) return
        busy.current = false
        setLoaded({ ...NOTHING, key, error: failure.message })
      },
    )
  }, [key, selection, query, filters])

  const loadMore = useCallback(() => {
    if (busy.current || !loaded.hasMore || loaded.key !== key) return
    busy.current = true
    loadPage(selection, query, filters, loaded.rows).then(
      (page) => {
        busy.current = false
        if (current.current !== key) return
        setLoaded((now) => {
          if (now.key !== key) return now
          // Articles with the same time sit on both sides of a page boundary: keep each once.
          const seen = new Set(now.rows.map((row) => row.id))
          return { ...now, ...page, rows: [...now.rows, ...page.rows.filter((row) => !seen.has(row.id))] }
        })
      },
      (failure: Error) => {
        busy.current = false
        if (current.current !== key) return
        setLoaded((now) => (now.key === key ? { ...now, hasMore: false, error: failure.message } : now))
      },
    )
  }, [key, loaded, selection, query, filters])

  const searching = query.trim() !== ''
  const [settledKey, setSettledKey] = useState('')
  useEffect(() => {
    if (!searching || loaded.key !== key || !loaded.hasMore) return
    const timer = setTimeout(() => setSettledKey(key), MORE_RESULTS_AFTER_MS)
    return () => clearTimeout(timer)
  }, [searching, key, loaded.key, loaded.hasMore])

  const patchRows = useCallback((match: (row: ListRow) => boolean, patch: Partial<ListRow>) => {
    setLoaded((now) => ({ ...now, rows: now.rows.map((row) => (match(row) ? { ...row, ...patch } : row)) }))
  }, [])
  const patchRow = useCallback(
    (id: string, patch: Partial<ListRow>) => patchRows((row) => row.id === id, patch),
    [patchRows],
  )
  const retry = useCallback(() => setAttempt((n) => n + 1), [])

  // While a new request runs, the rows of the last one stay on screen (a search refines in place).
  return {
    rows: loaded.rows,
    loading: loaded.key !== key,
    error: loaded.error,
    hasMore: loaded.hasMore && (!searching || settledKey === key),
    total: loaded.total,
    totalIsExact: loaded.totalIsExact,
    loadMore,
    retry,
    patchRow,
    patchRows,
  }
}

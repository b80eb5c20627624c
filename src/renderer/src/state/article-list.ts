import { isQueryProblem, type FailureCode } from '../../../shared/failure-codes'
import { STRINGS } from '../strings'
import type { FlagStore } from './flags'
import { loadPage, type ListRequest, type ListRow, type Page } from './list-pages'
import { createStore, patchStore, type Readable } from './store'
import { failureText } from '../locale'

interface ListState {
  rows: ListRow[]
  loading: boolean
  error: string | null
  /**
   * Why the search typed cannot run (yet): an unclosed quote, a lone stop word. Not a failure: the
   * last results stay listed and the field says it quietly.
   */
  queryProblem: FailureCode | null
  hasMore: boolean
  /** Search results' count, or null when listing. */
  total: number | null
  totalIsExact: boolean
  /**
   * What the rows list (the selection, search and filters they answer), as a key: a new one is another
   * list, which starts at its top; the same list loaded again (a sync brought articles) keeps its place.
   */
  listing: string
}

/**
 * The article list of a selection, or a search's results: the first page at once, then more pages as
 * the list scrolls near its end. A newer request always wins over a slower older one.
 */
export interface ArticleList {
  state: Readable<ListState>
  /** Lists what is asked for, unless it is already listed; a new `version` lists it again. */
  show(request: ListRequest, version: number): void
  loadMore(): void
  retry(): void
}

/**
 * A search's next page is asked for once its first one has been on screen this long (or at once when
 * the list is scrolled to its end): while someone types, each keystroke's search would otherwise be
 * followed by 50 more snippets that the core works on before it can answer the next keystroke.
 */
const MORE_RESULTS_AFTER_MS = 250

interface Loaded extends Omit<Page, 'articles'> {
  /** Which request this answers: a result for an older request is not shown as current. */
  key: string
  /** The request alone (no version, no attempt): ListState's listing. */
  listing: string
  error: string | null
  queryProblem: FailureCode | null
}

const NOTHING: Loaded = {
  key: '',
  listing: '',
  rows: [],
  hasMore: false,
  total: null,
  totalIsExact: true,
  error: null,
  queryProblem: null,
}

export function createArticleList(flags: FlagStore): ArticleList {
  let request: ListRequest | null = null
  let version = 0
  let attempt = 0
  // Not asked yet: loading, so the first paint says so rather than "no articles".
  let key = 'unasked'
  let busy = false
  let loaded = NOTHING
  let settledKey = ''
  let settling = { on: '', timer: undefined as ReturnType<typeof setTimeout> | undefined }
  const searching = (): boolean => (request?.query.trim() ?? '') !== ''

  const state = createStore<ListState>({ ...NOTHING, loading: true })
  const publish = (): void => {
    // While a new request runs, the rows of the last one stay on screen (a search refines in place).
    patchStore(state, {
      rows: loaded.rows,
      loading: loaded.key !== key,
      error: loaded.error,
      queryProblem: loaded.queryProblem,
      hasMore: loaded.hasMore && (!searching() || settledKey === key),
      total: loaded.total,
      totalIsExact: loaded.totalIsExact,
      listing: loaded.listing,
    })
    // A search's first page waits MORE_RESULTS_AFTER_MS before it offers more; the wait starts again
    // only when the request or whether it has more changes (not when a page is added).
    const on = JSON.stringify([searching(), key, loaded.key, loaded.hasMore])
    if (on === settling.on) return
    clearTimeout(settling.timer)
    settling = { on, timer: undefined }
    if (!searching() || loaded.key !== key || !loaded.hasMore) return
    const waited = key
    settling.timer = setTimeout(() => {
      settledKey = waited
      publish()
    }, MORE_RESULTS_AFTER_MS)
  }

  const load = (): void => {
    if (!request) return
    const mine = (key = JSON.stringify([request, version, attempt]))
    const listing = JSON.stringify(request)
    busy = true
    publish()
    const asOf = flags.now()
    loadPage(request, []).then(
      ({ articles, ...page }) => {
        if (key !== mine) return
        busy = false
        flags.learn(articles, asOf)
        loaded = { ...page, key: mine, listing, error: null, queryProblem: null }
        publish()
      },
      (failure: Error & Partial<FailureCode>) => {
        if (key !== mine) return
        busy = false
        loaded =
          isQueryProblem(failure.code) && searching()
            ? // The query is not searchable as typed: what was listed stays, with the reason beside it.
              {
                ...loaded,
                key: mine,
                error: null,
                // Their next page would be asked for with the query as typed now.
                hasMore: false,
                queryProblem: { code: failure.code, params: failure.params },
              }
            : {
                ...NOTHING,
                key: mine,
                listing,
                // A smart feed whose saved search no longer runs (the feed or folder it names is gone).
                error: isQueryProblem(failure.code)
                  ? STRINGS.search.problem(failure.code, failure.params)
                  : failureText(failure),
              }
        publish()
      },
    )
  }

  return {
    state,
    show(next, nextVersion) {
      if (JSON.stringify([next, nextVersion, attempt]) === key) return
      request = next
      version = nextVersion
      load()
    },
    loadMore() {
      if (!request || busy || !loaded.hasMore || loaded.key !== key) return
      busy = true
      const mine = key
      const asOf = flags.now()
      loadPage(request, loaded.rows).then(
        ({ articles, ...page }) => {
          busy = false
          if (key !== mine) return
          flags.learn(articles, asOf)
          // Articles with the same time sit on both sides of a page boundary: keep each once.
          const seen = new Set(loaded.rows.map((row) => row.id))
          loaded = {
            ...loaded,
            ...page,
            rows: [...loaded.rows, ...page.rows.filter((row) => !seen.has(row.id))],
          }
          publish()
        },
        (failure: Error) => {
          busy = false
          if (key !== mine) return
          loaded = { ...loaded, hasMore: false, error: failureText(failure) }
          publish()
        },
      )
    },
    retry() {
      attempt++
      load()
    },
  }
}

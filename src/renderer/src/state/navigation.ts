import { NO_FILTERS, sameSelection, type SearchFilters, type Selection } from './selection'
import { createStore, patchStore, type Readable } from './store'

/** What the list shows: the sidebar's choice, or a search within it. */
interface NavigationState {
  selection: Selection
  /** The search field's text. */
  query: string
  /** The text searched last: it follows the field one search at a time (see startSearchPacing). */
  searched: string
  filters: SearchFilters
}

export interface Navigation {
  state: Readable<NavigationState>
  /** Shows a smart view, folder or feed, leaving any search. */
  choose(selection: Selection): void
  setQuery(query: string): void
  setFilters(filters: SearchFilters): void
  /** Searches what the field holds now. */
  searchTyped(): void
}

/** The query searched, or '' when listing: clearing the field ends the search at once. */
export function activeQuery(state: NavigationState): string {
  return state.query.trim() ? state.searched : ''
}

export function createNavigation(): Navigation {
  const state = createStore<NavigationState>({
    selection: { kind: 'all' },
    query: '',
    searched: '',
    filters: NO_FILTERS,
  })
  const setQuery = (query: string): void =>
    patchStore(state, { query, searched: query.trim() ? state.get().searched : '' })
  return {
    state,
    choose(selection) {
      const now = state.get().selection
      patchStore(state, {
        selection: sameSelection(now, selection) ? now : selection,
        query: '',
        searched: '',
      })
    },
    setQuery,
    setFilters: (filters) => patchStore(state, { filters }),
    searchTyped: () => patchStore(state, { searched: state.get().query }),
  }
}

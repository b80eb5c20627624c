import type { SearchFilters, Selection } from './selection'

/**
 * True when everything the list shows comes from one feed (a feed chosen in the sidebar, the Saved pages,
 * or a search kept to one feed): then the rows need not repeat the feed's name, the heading says it.
 */
export function listsOneFeed(selection: Selection, searched: string, filters: SearchFilters): boolean {
  if (searched) return filters.scope.startsWith('feed:') || (filters.saved && !filters.scope)
  return selection.kind === 'feed' || selection.kind === 'saved'
}

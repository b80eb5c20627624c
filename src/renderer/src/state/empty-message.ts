import { STRINGS } from '../strings'
import type { Selection } from './selection'

/** What an empty list says: it differs for a search (`query`, '' when listing), and for each smart view. */
export function emptyMessageOf(query: string, selection: Selection): string {
  if (query) return STRINGS.list.noResults(query)
  switch (selection.kind) {
    case 'unread':
      return STRINGS.list.emptyUnread
    case 'bookmarks':
      return STRINGS.list.emptyBookmarks
    case 'saved':
      return STRINGS.list.emptySaved
    default:
      return STRINGS.list.empty
  }
}

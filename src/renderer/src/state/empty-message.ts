import { STRINGS } from '../strings'
import type { ReaderState } from './use-reader'

/** What an empty list says: it differs for a search, and for each smart view. */
export function emptyMessageOf(reader: Pick<ReaderState, 'activeQuery' | 'selection'>): string {
  if (reader.activeQuery) return STRINGS.list.noResults(reader.activeQuery)
  switch (reader.selection.kind) {
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

import type { ArticleListQuery, FolderView, SearchArgs } from '../../../shared/contract'
import type { FeedSummary } from '../../../shared/types'
import { STRINGS } from '../strings'

/** What the sidebar has chosen: a smart view, a folder or one feed. */
export type Selection =
  | { kind: 'all' }
  | { kind: 'unread' }
  | { kind: 'bookmarks' }
  | { kind: 'saved' }
  | { kind: 'feed'; feedId: string }
  | { kind: 'folder'; folderId: string }
  | { kind: 'smart'; smartId: string }

export const SMART_VIEWS = ['all', 'unread', 'bookmarks', 'saved'] as const

export function selectionKey(selection: Selection): string {
  if (selection.kind === 'feed') return `feed:${selection.feedId}`
  if (selection.kind === 'folder') return `folder:${selection.folderId}`
  if (selection.kind === 'smart') return `smart:${selection.smartId}`
  return selection.kind
}

export function sameSelection(a: Selection, b: Selection): boolean {
  return selectionKey(a) === selectionKey(b)
}

/** The article list query that shows a selection. */
export function listQueryOf(selection: Selection): ArticleListQuery {
  switch (selection.kind) {
    case 'all':
      return {}
    case 'unread':
      return { unread: true }
    case 'bookmarks':
      return { bookmarked: true }
    case 'saved':
      return { saved: true }
    case 'feed':
      return { feedIds: [selection.feedId] }
    case 'folder':
      return { folderId: selection.folderId }
    case 'smart':
      // Listed through its search (see loadPage), never as a listing.
      return {}
  }
}

/** Where a search looks: everywhere, or one feed or folder ("feed:<id>", "folder:<id>"). */
export type SearchScope = string

export interface SearchFilters {
  scope: SearchScope
  unread: boolean
  bookmarked: boolean
  saved: boolean
}

export const NO_FILTERS: SearchFilters = { scope: '', unread: false, bookmarked: false, saved: false }

export function searchArgsOf(query: string, filters: SearchFilters): SearchArgs {
  const args: SearchArgs = { query }
  if (filters.scope.startsWith('feed:')) args.feedIds = [filters.scope.slice('feed:'.length)]
  if (filters.scope.startsWith('folder:')) args.folderId = filters.scope.slice('folder:'.length)
  if (filters.unread) args.unread = true
  if (filters.bookmarked) args.bookmarked = true
  if (filters.saved) args.saved = true
  return args
}

/** The heading of a selection ("Unread", a feed's title, a folder's path). */
export function selectionTitle(selection: Selection, feeds: FeedSummary[], folders: FolderView[]): string {
  switch (selection.kind) {
    case 'feed':
      return feeds.find((feed) => feed.id === selection.feedId)?.title ?? ''
    case 'folder':
      return folders.find((folder) => folder.id === selection.folderId)?.path ?? ''
    case 'smart':
      // The smart feed's name is the smart feeds' store's (see ListHeader).
      return ''
    default:
      return STRINGS.views[selection.kind]
  }
}

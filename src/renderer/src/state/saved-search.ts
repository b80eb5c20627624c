import type { FolderView } from '../../../shared/contract'
import type { FeedSummary } from '../../../shared/types'
import type { SearchFilters } from './selection'

/**
 * A search as one query, to save as a smart feed: what was typed, plus the filters chosen beside the
 * field written in the query language (`is:unread`, `feed:"The Verge"`, `folder:"News/World"`), so the
 * smart feed finds what the search found.
 */
export function queryOfSearch(
  query: string,
  filters: SearchFilters,
  feeds: readonly FeedSummary[],
  folders: readonly FolderView[],
): string {
  const parts = [query.trim()]
  const has = (filter: string): boolean => new RegExp(`(^|\\s)${filter}(\\s|$)`, 'i').test(query)
  if (filters.scope.startsWith('feed:')) {
    const title = feeds.find((feed) => `feed:${feed.id}` === filters.scope)?.title
    if (title) parts.push(`feed:${quoted(title)}`)
  }
  if (filters.scope.startsWith('folder:')) {
    const path = folders.find((folder) => `folder:${folder.id}` === filters.scope)?.path
    if (path) parts.push(`folder:${quoted(path)}`)
  }
  if (filters.unread && !has('is:unread')) parts.push('is:unread')
  if (filters.bookmarked && !has('is:bookmarked')) parts.push('is:bookmarked')
  if (filters.saved && !has('is:saved')) parts.push('is:saved')
  return parts.filter(Boolean).join(' ')
}

/** A name as the query language takes it: quoted when it has spaces (a quote inside cannot be kept). */
function quoted(name: string): string {
  const text = name.replace(/"/g, ' ').replace(/\s+/g, ' ').trim()
  return /\s/.test(text) ? `"${text}"` : text
}

/** A smart feed's name, offered from its query: the query's words without the filters, or the query. */
export function nameOfQuery(query: string): string {
  const words = query
    .replace(/(^|\s)-?(is|folder|feed|after|before):("[^"]*"|\S*)/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  const name = words || query.trim()
  return name.length > 60 ? `${name.slice(0, 59)}…` : name
}

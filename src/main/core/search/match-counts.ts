import type { ReadChange } from '../store/flags-state'
import type { MatchedIds } from './search-index'

/** A counted query: its matches (the scope they were matched in), and its counts under the flags then. */
export interface CountedQuery {
  key: string
  matched: MatchedIds
  /** The flags' stamp the counts were made under (Flags#stamp). */
  stamp: object
  total: number
  unread: number
}

/** The flags a count narrows the matches by. */
export interface CountFlags {
  read: ReadonlySet<string>
  exceptIds?: ReadonlySet<string>
  onlyIds?: ReadonlySet<string>
}

/** Read flags changed since the last count beyond this many: everything is looked up again. */
const FOLLOWED_CHANGES = 64

/** Read flags changed since the last count, for a count that follows them (see {@link countMatches}). */
export interface ReadFollow {
  /** As Flags#readChangesSince gives them: null when it cannot tell. */
  changes: readonly ReadChange[] | null
  /** The query keeps unread articles only (is:unread): a change moves its total too. */
  unreadOnly: boolean
  /** What the query leaves out besides read articles: its `exceptIds` without the read ones. */
  except: ReadonlySet<string> | undefined
}

/**
 * A query's matches counted under the flags (those `exceptIds` leaves out, those `onlyIds` keeps, the
 * unread among them), as the entry to keep for the next count. When the last count (`earlier`, of the same
 * matching) was made under the same flags, and its matches are still the first ones, only the matches
 * added since (a sync's) are looked up: after a sync of 1,000 at 50,000 articles every match was looked
 * up again (20 smart feeds: 200,000 lookups, 50–100 ms on a slow machine). When only read flags changed
 * since (`follow`, a few: an article read), the last count follows them instead, for a query that keeps
 * read articles or only unread ones (not is:read: its `onlyIds` are read flags). `steady`: false when a
 * flag changed while the matching ran; the entry is then kept under no flags, and the next count looks
 * every match up again.
 */
export function countMatches(
  key: string,
  matched: MatchedIds,
  earlier: CountedQuery | undefined,
  stamp: object,
  steady: boolean,
  { read, exceptIds, onlyIds }: CountFlags,
  follow: ReadFollow | null = null,
): CountedQuery {
  const same = steady && earlier?.key === key && matched.kept === earlier.matched.ids.length
  const changes = same && earlier.stamp !== stamp ? follow?.changes : null
  const followed = !!changes && changes.length <= FOLLOWED_CHANGES
  const since = (same && earlier.stamp === stamp) || followed
  let { total, unread } = since && earlier ? earlier : { total: 0, unread: 0 }
  if (followed && follow) {
    for (const change of changes) {
      const at = matched.ids.indexOf(change.id)
      if (at === -1 || at >= matched.kept) continue
      if (follow.except?.has(change.id) || (onlyIds && !onlyIds.has(change.id))) continue
      const step = change.read ? -1 : 1
      unread += step
      if (follow.unreadOnly) total += step
    }
  }
  for (let i = since ? matched.kept : 0; i < matched.ids.length; i++) {
    const id = matched.ids[i] as string
    if (exceptIds?.has(id) || (onlyIds && !onlyIds.has(id))) continue
    total++
    if (!read.has(id)) unread++
  }
  return { key, matched, stamp: steady ? stamp : {}, total, unread }
}

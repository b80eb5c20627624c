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

/**
 * A query's matches counted under the flags (those `exceptIds` leaves out, those `onlyIds` keeps, the
 * unread among them), as the entry to keep for the next count. When the last count (`earlier`, of the same
 * matching) was made under the same flags, and its matches are still the first ones, only the matches
 * added since (a sync's) are looked up: after a sync of 1,000 at 50,000 articles every match was looked
 * up again (20 smart feeds: 200,000 lookups, 50–100 ms on a slow machine). `steady`: false when a flag
 * changed while the matching ran; the entry is then kept under no flags, and the next count looks every
 * match up again.
 */
export function countMatches(
  key: string,
  matched: MatchedIds,
  earlier: CountedQuery | undefined,
  stamp: object,
  steady: boolean,
  { read, exceptIds, onlyIds }: CountFlags,
): CountedQuery {
  const since =
    steady && earlier?.key === key && earlier.stamp === stamp && matched.kept === earlier.matched.ids.length
  let { total, unread } = since ? earlier : { total: 0, unread: 0 }
  for (let i = since ? matched.kept : 0; i < matched.ids.length; i++) {
    const id = matched.ids[i] as string
    if (exceptIds?.has(id) || (onlyIds && !onlyIds.has(id))) continue
    total++
    if (!read.has(id)) unread++
  }
  return { key, matched, stamp: steady ? stamp : {}, total, unread }
}

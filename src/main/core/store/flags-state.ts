import type { FlagsData } from './config-schema'
import type { FlagsRecord } from './flags-log'

/**
 * The flags in memory (flags-file.ts reads and writes them): read ids by feed, bookmarked ids, hidden ids
 * by feed; changed in place as the log's records are applied.
 *
 * Read ids are most of the flags (400,000 at 500,000 articles), and a fresh process needs few of them:
 * a list of 100 asks about 100 articles. So each feed's read ids stay as flags.json stores them, one
 * string, until a lookup or a change in that feed needs them as a set, and the set of every read id is
 * built only when something asks for it (a search's unread filter, a rule); from then on it is kept.
 */
export interface FlagState {
  read: ReadIds
  bookmarked: Set<string>
  hiddenByFeed: Map<string, Set<string>>
  hidden: Set<string>
  /** Records applied to these sets since they were read from flags.json (see FlagsFile#stamp). */
  changes: number
  /** The last read flags that changed, for counts kept from before them (see {@link ReadJournal}). */
  journal: ReadJournal
}

/** A read flag that changed: the article, whether it is read now, and the change (record) it came with. */
export interface ReadChange {
  id: string
  read: boolean
  at: number
}

/**
 * The last {@link JOURNAL_SIZE} read flags that changed, in order. What is counted from the flags (a smart
 * feed's unread count) can then follow a mark read by what it changed, not count everything again: a
 * recount of 20 smart feeds at 50,000 articles took 40–70 ms, after every article read.
 */
export interface ReadJournal {
  changes: ReadChange[]
  /** Changes up to this one (`FlagState#changes`) may be missing: older entries were dropped. */
  dropped: number
  /** The last change that was not a read flag alone (bookmarks, hidden, forgotten articles). */
  barrier: number
}

const JOURNAL_SIZE = 256

/**
 * The read flags changed after change `since` (a FlagState#changes), in order; null when the journal
 * cannot tell (older changes dropped) or something besides read flags changed since.
 */
export function readChangesSince(state: FlagState, since: number): readonly ReadChange[] | null {
  const { journal } = state
  if (journal.barrier > since || journal.dropped > since) return null
  let first = journal.changes.length
  while (first > 0 && (journal.changes[first - 1] as ReadChange).at > since) first--
  return journal.changes.slice(first)
}

/** Between the ids of a feed's read string in flags.json (ids are hex, so never hold it). */
const SEPARATOR = ' '

/** The read ids of every feed, each feed's turned into a set on first need. */
export class ReadIds {
  /** A feed's ids as stored (one string) until needed as a set. */
  readonly #byFeed = new Map<string, string | Set<string>>()
  readonly #counts = new Map<string, number>()
  #all: Set<string> | null = null

  constructor(stored: Readonly<Record<string, string | readonly string[]>>) {
    for (const [feedId, ids] of Object.entries(stored)) {
      const entry = typeof ids === 'string' ? ids : new Set(ids)
      const count = typeof entry === 'string' ? countIds(entry) : entry.size
      if (count === 0) continue
      this.#byFeed.set(feedId, entry)
      this.#counts.set(feedId, count)
    }
  }

  /** Whether an article of this feed is read (its feed's ids only are looked at). */
  has(feedId: string, id: string): boolean {
    return this.#feed(feedId)?.has(id) ?? false
  }

  /**
   * {@link has} for many articles, grouped by feed as the weeks' ids files are: a feed's set is found
   * once for its run of articles, not once an article (500,000 lookups in a "mark all read").
   */
  lookup(): (feedId: string, id: string) => boolean {
    let last: string | null = null
    let ids: Set<string> | undefined
    return (feedId, id) => {
      if (feedId !== last) {
        last = feedId
        ids = this.#feed(feedId)
      }
      return ids?.has(id) ?? false
    }
  }

  /** Every read id: built on first need, then kept in step (shared: do not change it). */
  all(): Set<string> {
    if (this.#all) return this.#all
    const all = new Set<string>()
    for (const feedId of this.#byFeed.keys()) for (const id of this.#feed(feedId)!) all.add(id)
    return (this.#all = all)
  }

  /** How many articles of each feed are read (shared: do not change it). */
  counts(): Map<string, number> {
    return this.#counts
  }

  /** Sets or clears the read flag of `ids` of a feed; `changed` is given those whose flag changed. */
  set(feedId: string, ids: readonly string[], value: boolean, changed?: (id: string) => void): void {
    let feed = this.#feed(feedId)
    if (value) {
      if (!feed) this.#byFeed.set(feedId, (feed = new Set()))
      for (const id of ids) {
        if (feed.has(id)) continue
        feed.add(id)
        this.#all?.add(id)
        changed?.(id)
      }
    } else if (feed) {
      for (const id of ids)
        if (feed.delete(id)) {
          this.#all?.delete(id)
          changed?.(id)
        }
    }
    if (feed && feed.size > 0) this.#counts.set(feedId, feed.size)
    else {
      this.#byFeed.delete(feedId)
      this.#counts.delete(feedId)
    }
  }

  /** The read ids as flags.json stores them: one string a feed (a feed untouched since it was read is as read). */
  stored(): Record<string, string | string[]> {
    const stored: Record<string, string | string[]> = {}
    for (const [feedId, ids] of this.#byFeed) {
      if (typeof ids === 'string') stored[feedId] = ids
      else if (ids.size > 0) {
        const list = [...ids]
        // An id with the separator in it (none Broadsheet makes) keeps the feed's ids as a list.
        stored[feedId] = list.some((id) => id.includes(SEPARATOR)) ? list : list.join(SEPARATOR)
      }
    }
    return stored
  }

  #feed(feedId: string): Set<string> | undefined {
    const entry = this.#byFeed.get(feedId)
    if (typeof entry !== 'string') return entry
    const ids = new Set(entry.split(SEPARATOR))
    this.#byFeed.set(feedId, ids)
    return ids
  }
}

/** How many ids a stored string holds (without splitting it). */
function countIds(text: string): number {
  if (text === '') return 0
  let count = 1
  for (let at = text.indexOf(SEPARATOR); at !== -1; at = text.indexOf(SEPARATOR, at + 1)) count++
  return count
}

export function groupByFeed(articles: readonly { id: string; feedId: string }[]): Record<string, string[]> {
  const byFeed = new Map<string, Set<string>>()
  for (const { id, feedId } of articles) {
    let ids = byFeed.get(feedId)
    if (!ids) byFeed.set(feedId, (ids = new Set()))
    ids.add(id)
  }
  return Object.fromEntries([...byFeed].map(([feedId, ids]) => [feedId, [...ids]]))
}

function byFeedMap(record: Record<string, string[]>): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>()
  for (const [feedId, ids] of Object.entries(record)) if (ids.length > 0) map.set(feedId, new Set(ids))
  return map
}

export function byFeedRecord(map: Map<string, Set<string>>): Record<string, string[]> {
  const record: Record<string, string[]> = {}
  for (const [feedId, ids] of map) if (ids.size > 0) record[feedId] = [...ids]
  return record
}

export function stateOf({ read, bookmarked, hidden }: FlagsData): FlagState {
  const hiddenByFeed = byFeedMap(hidden ?? {})
  return {
    read: new ReadIds(read),
    bookmarked: new Set(bookmarked),
    hiddenByFeed,
    hidden: new Set(Object.values(hidden ?? {}).flat()),
    changes: 0,
    journal: { changes: [], dropped: 0, barrier: 0 },
  }
}

export function dataOf(state: FlagState): FlagsData {
  return {
    read: state.read.stored(),
    bookmarked: [...state.bookmarked],
    hidden: byFeedRecord(state.hiddenByFeed),
  }
}

/** Sets (or clears) `ids` of a feed in a by-feed map and its set of every id. */
function setIn(
  byFeed: Map<string, Set<string>>,
  all: Set<string>,
  feedId: string,
  ids: readonly string[],
  value: boolean,
): void {
  let feed = byFeed.get(feedId)
  if (value) {
    if (!feed) byFeed.set(feedId, (feed = new Set()))
    for (const id of ids) {
      feed.add(id)
      all.add(id)
    }
  } else {
    for (const id of ids) {
      feed?.delete(id)
      all.delete(id)
    }
    if (feed?.size === 0) byFeed.delete(feedId)
  }
}

/** Applies one record of the log (or of a change this process makes) to the flags in memory. */
export function applyRecord(state: FlagState, record: FlagsRecord): void {
  const at = ++state.changes
  const value = record.to ?? true
  const { journal } = state
  if (record.bookmarked?.length || !isEmpty(record.hidden) || !isEmpty(record.forget)) journal.barrier = at
  let overflow = false
  const changed = (id: string): void => {
    // A "mark all read" of 100,000 is not written down one by one: nothing can follow it anyway.
    if (journal.changes.length < 2 * JOURNAL_SIZE) journal.changes.push({ id, read: value, at })
    else overflow = true
  }
  for (const [feedId, ids] of Object.entries(record.read ?? {})) state.read.set(feedId, ids, value, changed)
  if (overflow) {
    journal.dropped = at
    journal.changes = []
  } else if (journal.changes.length > JOURNAL_SIZE) {
    const cut = journal.changes.length - JOURNAL_SIZE
    // Those changes' record may have more of them left: it is dropped whole.
    journal.dropped = (journal.changes[cut - 1] as ReadChange).at
    journal.changes = journal.changes.slice(cut).filter((change) => change.at > journal.dropped)
  }
  for (const id of record.bookmarked ?? []) {
    if (value) state.bookmarked.add(id)
    else state.bookmarked.delete(id)
  }
  for (const [feedId, ids] of Object.entries(record.hidden ?? {}))
    setIn(state.hiddenByFeed, state.hidden, feedId, ids, value)
  for (const [feedId, ids] of Object.entries(record.forget ?? {})) {
    state.read.set(feedId, ids, false)
    setIn(state.hiddenByFeed, state.hidden, feedId, ids, false)
    for (const id of ids) state.bookmarked.delete(id)
  }
}

function isEmpty(byFeed: Record<string, string[]> | undefined): boolean {
  return !byFeed || Object.values(byFeed).every((ids) => ids.length === 0)
}

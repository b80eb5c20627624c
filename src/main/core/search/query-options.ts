import type { SearchArgs } from '../../../shared/contract'
import type { Flags } from '../flags/flags'
import type { Subscriptions } from '../subscriptions/subscriptions'
import { feedsNamed } from './feed-names'
import type { QueryFilters } from './query-filters'
import { SearchQueryError } from './query-parse'
import type { SearchOptions } from './search-options'

/**
 * A search's arguments and its query's filters (is:, feed:, folder:, after:, before:) as the engine's one
 * options shape: the feeds it covers, its dates, and the ids it takes only or leaves out (the flags').
 */

/** What the options are worked out from: the flags, and the feeds and folders. */
export interface OptionDeps {
  flags: Pick<Flags, 'readIds' | 'bookmarkedIds' | 'hiddenIds'>
  subscriptions: Pick<Subscriptions, 'titles' | 'scope' | 'folders'>
}

/** Whether a query's filters narrow it (so that filters alone make a search: a listing). */
export function isFiltered(filters: QueryFilters): boolean {
  return (
    filters.read !== undefined ||
    filters.bookmarked === true ||
    filters.saved === true ||
    filters.hidden === true ||
    filters.folders.length > 0 ||
    filters.feeds.length > 0 ||
    filters.notFeeds.length > 0 ||
    filters.after !== undefined ||
    filters.before !== undefined
  )
}

/**
 * The engine's options for a search's arguments and its query's filters. Hidden (muted) articles are left
 * out of every search but is:hidden, which finds only them; `within`: only these articles.
 */
export function engineOptions(
  deps: OptionDeps,
  args: SearchArgs,
  filters: QueryFilters,
  {
    order,
    within,
    snippets,
    load,
  }: Pick<SearchOptions, 'order' | 'snippets' | 'load'> & { within?: ReadonlySet<string> } = {},
): {
  options: SearchOptions
  bookmarked: ReadonlySet<string> | null
  /** What `exceptIds` leaves out besides read articles (the hidden ones, unless the search is for them). */
  exceptButRead: ReadonlySet<string> | undefined
} {
  const { flags } = deps
  const unreadOnly = args.unread === true || filters.read === false
  const read = unreadOnly || filters.read === true ? flags.readIds() : null
  const hidden = flags.hiddenIds()
  let bookmarked: ReadonlySet<string> | null =
    args.bookmarked || filters.bookmarked ? flags.bookmarkedIds() : null
  if (filters.read === true && read) bookmarked = bookmarked ? intersect(bookmarked, read) : read
  if (filters.hidden) bookmarked = bookmarked ? intersect(bookmarked, hidden) : hidden
  if (within) bookmarked = bookmarked ? intersect(within, bookmarked) : within
  const except = unreadOnly ? read : null
  const exceptButRead = filters.hidden || hidden.size === 0 ? undefined : hidden
  const titles = deps.subscriptions.titles()
  const notFeeds = new Set(filters.notFeeds.flatMap((name) => feedsNamedIfAny(name, titles)))
  const options: SearchOptions = {
    limit: args.limit,
    offset: args.offset,
    feedIds: withoutFeeds(scopeOf(deps, args, filters, titles), notFeeds, titles),
    since: latest(timeOf(args.since), filters.after),
    until: earliest(timeOf(args.until), filters.before),
    exceptIds: (exceptButRead ? union(except, exceptButRead) : except) ?? undefined,
    onlyIds: bookmarked ?? undefined,
    order,
    snippets,
    load,
  }
  return { options, bookmarked, exceptButRead }
}

/**
 * The feeds a search covers: the arguments' scope, `is:saved`, every `folder:` named (and in them), and
 * the feeds `feed:` names (any of them).
 */
function scopeOf(
  deps: OptionDeps,
  args: SearchArgs,
  filters: QueryFilters,
  titles: ReadonlyMap<string, string>,
): Set<string> | undefined {
  const { subscriptions } = deps
  let scope = subscriptions.scope({ ...args, saved: args.saved || filters.saved })
  if (filters.feeds.length > 0) {
    const named = new Set(filters.feeds.flatMap((name) => feedsNamed(name, titles)))
    scope = scope ? intersect(scope, named) : named
  }
  if (filters.folders.length === 0) return scope
  const folders = subscriptions.folders()
  for (const name of filters.folders) {
    const wanted = name.toLowerCase()
    const named = folders.filter((f) => f.path.toLowerCase() === wanted || f.title.toLowerCase() === wanted)
    if (named.length === 0) {
      const partial = folders.some(
        (f) => f.path.toLowerCase().startsWith(wanted) || f.title.toLowerCase().startsWith(wanted),
      )
      throw partial
        ? new SearchQueryError('query-partial-filter', `"folder:${name}" is not finished`, {
            filter: `folder:${name}`,
          })
        : new SearchQueryError('query-unknown-folder', `there is no folder named "${name}"`, {
            folder: name,
          })
    }
    const inFolders = new Set(named.flatMap((f) => [...(subscriptions.scope({ folderId: f.id }) ?? [])]))
    scope = scope ? intersect(scope, inFolders) : inFolders
  }
  return scope
}

/** `-feed:NAME` leaves out what it names; a name no feed has leaves out nothing. */
function feedsNamedIfAny(name: string, titles: ReadonlyMap<string, string>): string[] {
  try {
    return feedsNamed(name, titles)
  } catch {
    return []
  }
}

/** The scope without the feeds `-feed:` named (every feed but those, when there was no scope). */
function withoutFeeds(
  scope: Set<string> | undefined,
  not: ReadonlySet<string>,
  titles: ReadonlyMap<string, string>,
): Set<string> | undefined {
  if (not.size === 0) return scope
  return new Set([...(scope ?? titles.keys())].filter((id) => !not.has(id)))
}

function timeOf(iso: string | undefined): number | undefined {
  const ms = iso ? Date.parse(iso) : Number.NaN
  return Number.isFinite(ms) ? ms : undefined
}

export function intersect<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): Set<T> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  return new Set([...small].filter((x) => large.has(x)))
}

function union<T>(a: ReadonlySet<T> | null, b: ReadonlySet<T>): ReadonlySet<T> {
  return a ? new UnionSet(a, b) : b
}

/**
 * Two sets as one, not copied: an unread search leaves out the read articles (most of the library) and
 * the hidden ones, and copying the read ones into a new set took milliseconds at every such search and
 * count. Lookups are what a search does with it; going through it (rare) makes the union then.
 */
class UnionSet<T> implements ReadonlySet<T> {
  constructor(
    private readonly a: ReadonlySet<T>,
    private readonly b: ReadonlySet<T>,
  ) {}

  has(value: T): boolean {
    return this.a.has(value) || this.b.has(value)
  }

  get size(): number {
    return this.#whole().size
  }

  forEach(visit: (value: T, same: T, set: ReadonlySet<T>) => void): void {
    for (const value of this.#whole()) visit(value, value, this)
  }

  entries(): SetIterator<[T, T]> {
    return this.#whole().entries()
  }

  keys(): SetIterator<T> {
    return this.#whole().keys()
  }

  values(): SetIterator<T> {
    return this.#whole().values()
  }

  [Symbol.iterator](): SetIterator<T> {
    return this.#whole().values()
  }

  #whole(): Set<T> {
    const whole = new Set(this.a)
    for (const value of this.b) whole.add(value)
    return whole
  }
}

function latest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b)
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b)
}

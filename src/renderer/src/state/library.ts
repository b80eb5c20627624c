import type { AccountView, FolderView } from '../../../shared/contract'
import { SAVED_FEED_ID, type FeedSummary } from '../../../shared/types'
import { api } from '../api-client'
import { STRINGS } from '../strings'
import type { FlagStore } from './flags'
import { createStore, type Readable } from './store'
import { failureText } from '../locale'

interface LibraryState {
  /** With their unread counts: the core's, plus the changes made here since it counted. */
  feeds: FeedSummary[]
  folders: FolderView[]
  /**
   * The Saved pages' counts, with the changes made here: no subscription, but All and Unread list them,
   * so their counts include these.
   */
  saved: SavedCounts
  /** Server accounts, whose subscriptions the sidebar groups under each. */
  accounts: AccountView[]
  /**
   * Each feed's title by its id, in the core's order: the same map until a title changes, so what shows
   * titles (the list's rows, the search's scope) is not drawn again for every count that changes.
   */
  titles: ReadonlyMap<string, string>
  /** Each feed's icon (its blob hash) by its id, for feeds that have one; the same map until one changes. */
  icons: ReadonlyMap<string, string>
  /** False until the first answer: the first-run screen must not flash while loading. */
  loaded: boolean
  error: string | null
}

/** How many Saved pages there are, and how many of them are unread. */
export interface SavedCounts {
  total: number
  unread: number
}

const NO_SAVED: SavedCounts = { total: 0, unread: 0 }

/** The Saved pages' counts with the flag store's changes to them; `before` again when the same. */
function savedWithChanges(
  counted: SavedCounts,
  changes: ReadonlyMap<string, number>,
  before: SavedCounts,
): SavedCounts {
  const unread = Math.min(counted.total, Math.max(0, counted.unread + (changes.get(SAVED_FEED_ID) ?? 0)))
  return before.total === counted.total && before.unread === unread ? before : { ...counted, unread }
}

/** Subscriptions and folders with their unread counts. */
export interface Library {
  state: Readable<LibraryState>
  reload(): Promise<void>
}

/**
 * The core's feeds with the flag store's changes to their counts. A feed whose count did not change stays
 * the same object (the sidebar redraws only the rows whose feed is another object).
 */
function withChanges(
  feeds: FeedSummary[],
  changes: ReadonlyMap<string, number>,
  drawn: WeakMap<FeedSummary, FeedSummary>,
): FeedSummary[] {
  return feeds.map((feed) => {
    const change = changes.get(feed.id) ?? 0
    if (change === 0) return feed
    const unread = Math.min(feed.total, Math.max(0, feed.unread + change))
    const before = drawn.get(feed)
    if (before?.unread === unread) return before
    const now = { ...feed, unread }
    drawn.set(feed, now)
    return now
  })
}

/** The feeds' titles by id; `before` again when none changed. */
function titlesOf(feeds: FeedSummary[], before: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const same = feeds.length === before.size && feeds.every((feed) => before.get(feed.id) === feed.title)
  return same ? before : new Map(feeds.map((feed) => [feed.id, feed.title]))
}

/** The feeds' icons by id; `before` again when none changed. */
function iconsOf(feeds: FeedSummary[], before: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const now = new Map(feeds.flatMap((feed) => (feed.icon ? [[feed.id, feed.icon] as const] : [])))
  const same = now.size === before.size && [...now].every(([id, icon]) => before.get(id) === icon)
  return same ? before : now
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i])
}

export function createLibrary(flags: FlagStore): Library {
  const state = createStore<LibraryState>({
    feeds: [],
    folders: [],
    saved: NO_SAVED,
    accounts: [],
    titles: new Map(),
    icons: new Map(),
    loaded: false,
    error: null,
  })
  let counted: FeedSummary[] = []
  let savedCounted: SavedCounts = NO_SAVED
  const drawn = new WeakMap<FeedSummary, FeedSummary>()
  let latest = 0
  const recount = (): void => {
    const changes = flags.unreadChanges.get()
    const feeds = withChanges(counted, changes, drawn)
    state.update((now) => {
      const saved = savedWithChanges(savedCounted, changes, now.saved)
      return sameItems(feeds, now.feeds) && saved === now.saved ? now : { ...now, feeds, saved }
    })
  }
  // Lives as long as the flag store: both belong to one reader.
  flags.unreadChanges.subscribe(recount)

  return {
    state,
    reload() {
      const ticket = ++latest
      const asked = flags.now()
      return Promise.all([
        api.listFeeds(),
        api.listFolders(),
        api.listAccounts(),
        api.savedPageCounts(),
      ]).then(
        ([feeds, folders, accounts, saved]) => {
          if (ticket !== latest) return
          counted = feeds
          savedCounted = saved
          flags.countsLoaded(asked)
          state.set({
            feeds: withChanges(feeds, flags.unreadChanges.get(), drawn),
            folders,
            saved: savedWithChanges(saved, flags.unreadChanges.get(), state.get().saved),
            accounts,
            titles: titlesOf(feeds, state.get().titles),
            icons: iconsOf(feeds, state.get().icons),
            loaded: true,
            error: null,
          })
        },
        (failure: Error) => {
          if (ticket !== latest) return
          state.update((now) => ({ ...now, error: failureText(failure), loaded: true }))
        },
      )
    },
  }
}

/** A feed's title by its id, for the list's rows and the reader's dateline (the Saved feed's too). */
export function feedTitle(titles: ReadonlyMap<string, string>, feedId: string): string {
  return titles.get(feedId) ?? (feedId === SAVED_FEED_ID ? STRINGS.views.saved : '')
}

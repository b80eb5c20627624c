import type { SmartFeedView } from '../../../shared/contract'
import { api } from '../api-client'
import { createStore, type Readable } from './store'

interface SmartFeedsState {
  /** In the sidebar's order, with the core's counts. */
  feeds: SmartFeedView[]
  loaded: boolean
}

/** Saved searches in the sidebar, and their counts kept right as flags, feeds and articles change. */
export interface SmartFeedStore {
  state: Readable<SmartFeedsState>
  /** Reads them and their counts again now (after an edit). */
  reload(): Promise<void>
  /**
   * Reads their counts again soon: after a sync, a mark read, an unsubscribe. Changes close together (a
   * run of articles read with J) are counted once, and one reading runs at a time.
   */
  refreshSoon(): void
  /** Drops a count still waiting to run (the reader is closing). */
  cancel(): void
  /** Moves one to `index` of the order (a drag in the sidebar): shown at once, then as the core has it. */
  move(id: string, index: number): Promise<void>
}

/** Counting waits this long for more changes; a smart feed's count is a search, not an addition. */
const REFRESH_DELAY_MS = 150

/** The same object again when nothing a row shows changed (the sidebar draws only what changed). */
function kept(feeds: SmartFeedView[], before: SmartFeedView[]): SmartFeedView[] {
  const byId = new Map(before.map((feed) => [feed.id, feed]))
  const next = feeds.map((feed) => {
    const old = byId.get(feed.id)
    return old && JSON.stringify(old) === JSON.stringify(feed) ? old : feed
  })
  return next.length === before.length && next.every((feed, i) => feed === before[i]) ? before : next
}

export function createSmartFeeds(): SmartFeedStore {
  const state = createStore<SmartFeedsState>({ feeds: [], loaded: false })
  let latest = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> | null = null
  let again = false

  const reload = (): Promise<void> => {
    const ticket = ++latest
    return api.listSmartFeeds().then(
      (feeds) => {
        if (ticket !== latest) return
        const now = state.get()
        const next = kept(feeds, now.feeds)
        if (next !== now.feeds || !now.loaded) state.set({ feeds: next, loaded: true })
      },
      () => {
        // Counts stay as they were; the next change counts again.
      },
    )
  }
  const run = (): void => {
    if (running) {
      again = true
      return
    }
    running = reload().finally(() => {
      running = null
      if (again) {
        again = false
        run()
      }
    })
  }
  return {
    state,
    reload,
    refreshSoon() {
      clearTimeout(timer)
      timer = setTimeout(run, REFRESH_DELAY_MS)
    },
    cancel() {
      clearTimeout(timer)
    },
    async move(id, index) {
      const now = state.get()
      const feed = now.feeds.find((f) => f.id === id)
      if (!feed || now.feeds[index] === feed) return
      const rest = now.feeds.filter((f) => f !== feed)
      rest.splice(Math.max(0, Math.min(index, rest.length)), 0, feed)
      state.set({ ...now, feeds: rest })
      try {
        await api.moveSmartFeed({ id, index })
      } finally {
        await reload()
      }
    },
  }
}

import type { SyncSummary } from '../../../shared/contract'
import { api } from '../api-client'
import { createStore, patchStore, type Readable } from './store'
import { failureText } from '../locale'

interface SyncState {
  syncing: boolean
  done: number
  total: number
  lastSync: SyncSummary | null
  online: boolean
  /** A sync that failed as a whole (one feed's failure shows beside that feed). */
  error: string | null
  /** Bumped when feeds or their counts may have changed: the library loads again. */
  feedsVersion: number
  /** Bumped when a sync brought articles (or the UI changed the library): the list loads again. */
  listVersion: number
}

/** The sync as the reader shows it: running or not, progress, the last one, and whether we are online. */
export interface SyncStatus {
  state: Readable<SyncState>
  /** Listens to the core's sync events; returns how to stop. */
  start(): () => void
  refresh(): void
  /** Bumps both versions (after the UI itself changed the library: a feed added, removed, imported). */
  changed(): void
}

const IDLE: SyncState = {
  syncing: false,
  done: 0,
  total: 0,
  lastSync: null,
  online: true,
  error: null,
  feedsVersion: 0,
  listVersion: 0,
}

/** Whether `recorded` finished after `shown` (or nothing is shown yet). */
function isNewer(recorded: SyncSummary, shown: SyncSummary | null): boolean {
  return !shown || Date.parse(recorded.finishedAt) > Date.parse(shown.finishedAt)
}

export function createSyncStatus(): SyncStatus {
  const state = createStore(IDLE)
  const patch = (change: Partial<SyncState> | ((now: SyncState) => Partial<SyncState>)): void =>
    patchStore(state, typeof change === 'function' ? change(state.get()) : change)

  return {
    state,
    start() {
      let live = true
      api.getStatus().then(
        (status) => {
          if (!live) return
          patch((now) => ({
            syncing: now.syncing || status.syncing,
            lastSync: now.lastSync ?? status.lastSync,
            online: status.online && navigator.onLine !== false,
          }))
        },
        () => undefined,
      )
      // Another process (the CLI, another window) may have synced while this one was in the background:
      // coming back reads the library's record, and a newer sync than the one shown reloads the feeds.
      const reread = (): void => {
        if (document.visibilityState === 'hidden') return
        api.getStatus().then(
          ({ lastSync }) => {
            if (!live || !lastSync) return
            patch((now) =>
              now.syncing || !isNewer(lastSync, now.lastSync)
                ? {}
                : {
                    lastSync,
                    feedsVersion: now.feedsVersion + 1,
                    listVersion: lastSync.newArticles > 0 ? now.listVersion + 1 : now.listVersion,
                  },
            )
          },
          () => undefined,
        )
      }
      window.addEventListener('focus', reread)
      document.addEventListener('visibilitychange', reread)
      const stops = [
        () => window.removeEventListener('focus', reread),
        () => document.removeEventListener('visibilitychange', reread),
        api.on('syncStarted', () => patch({ syncing: true, error: null, done: 0, total: 0 })),
        api.on('syncProgress', ({ done, total, feed }) =>
          // A feed that just finished with news or an error: the sidebar shows it now; the list waits
          // for the end, so what the reader is scrolling through does not jump under them.
          patch((now) => ({
            syncing: true,
            done,
            total,
            feedsVersion:
              feed && (feed.newArticles > 0 || feed.error) ? now.feedsVersion + 1 : now.feedsVersion,
          })),
        ),
        api.on('syncFinished', (summary) =>
          patch((now) => ({
            syncing: false,
            lastSync: summary,
            feedsVersion: now.feedsVersion + 1,
            listVersion: summary.newArticles > 0 ? now.listVersion + 1 : now.listVersion,
          })),
        ),
        api.on('syncError', ({ message }) => patch({ syncing: false, error: message })),
        api.on('online', ({ online }) => patch({ online })),
      ]
      return () => {
        live = false
        stops.forEach((stop) => stop())
      }
    },
    refresh() {
      patch({ syncing: true, error: null })
      api.syncNow().catch((failure: Error) => patch({ syncing: false, error: failureText(failure) }))
    },
    changed() {
      patch((now) => ({ feedsVersion: now.feedsVersion + 1, listVersion: now.listVersion + 1 }))
    },
  }
}

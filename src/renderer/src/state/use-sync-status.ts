import { useCallback, useEffect, useState } from 'react'
import type { SyncSummary } from '../../../shared/contract'
import { api } from '../api-client'

export interface SyncState {
  syncing: boolean
  done: number
  total: number
  lastSync: SyncSummary | null
  online: boolean
  /** A sync that failed as a whole (one feed's failure shows beside that feed). */
  error: string | null
  /** Bumped when feeds or their counts may have changed: the sidebar loads again. */
  feedsVersion: number
  /** Bumped when a sync brought articles (or the UI changed the library): the list loads again. */
  listVersion: number
  refresh: () => void
  /** Bumps both versions (after the UI itself changed the library: a feed added, removed, imported). */
  changed: () => void
}

/** The sync as the reader shows it: running or not, progress, the last one, and whether we are online. */
export function useSyncStatus(): SyncState {
  const [syncing, setSyncing] = useState(false)
  const [progress, setProgress] = useState({ done: 0, total: 0 })
  const [lastSync, setLastSync] = useState<SyncSummary | null>(null)
  const [online, setOnline] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [feedsVersion, setFeedsVersion] = useState(0)
  const [listVersion, setListVersion] = useState(0)

  useEffect(() => {
    let live = true
    api.getStatus().then(
      (status) => {
        if (!live) return
        setSyncing((now) => now || status.syncing)
        setLastSync((now) => now ?? status.lastSync)
        setOnline(status.online && navigator.onLine !== false)
      },
      () => undefined,
    )
    const stops = [
      api.on('syncStarted', () => {
        setSyncing(true)
        setError(null)
        setProgress({ done: 0, total: 0 })
      }),
      api.on('syncProgress', ({ done, total, feed }) => {
        setSyncing(true)
        setProgress({ done, total })
        // A feed that just finished with news or an error: the sidebar shows it now; the list waits
        // for the end, so what the reader is scrolling through does not jump under them.
        if (feed && (feed.newArticles > 0 || feed.error)) setFeedsVersion((v) => v + 1)
      }),
      api.on('syncFinished', (summary) => {
        setSyncing(false)
        setLastSync(summary)
        setFeedsVersion((v) => v + 1)
        if (summary.newArticles > 0) setListVersion((v) => v + 1)
      }),
      api.on('syncError', ({ message }) => {
        setSyncing(false)
        setError(message)
      }),
      api.on('online', ({ online: now }) => setOnline(now)),
    ]
    return () => {
      live = false
      stops.forEach((stop) => stop())
    }
  }, [])

  const refresh = useCallback(() => {
    setSyncing(true)
    setError(null)
    api.syncNow().catch((failure: Error) => {
      setSyncing(false)
      setError(failure.message)
    })
  }, [])
  const changed = useCallback(() => {
    setFeedsVersion((v) => v + 1)
    setListVersion((v) => v + 1)
  }, [])

  return { syncing, ...progress, lastSync, online, error, feedsVersion, listVersion, refresh, changed }
}

import { useCallback, useEffect, useRef, useState } from 'react'
import type { FolderView } from '../../../shared/contract'
import type { FeedSummary } from '../../../shared/types'
import { api } from '../api-client'

export interface LibraryState {
  feeds: FeedSummary[]
  folders: FolderView[]
  /** False until the first answer: the first-run screen must not flash while loading. */
  loaded: boolean
  error: string | null
  reload: () => Promise<void>
  /** Counts an article read (-1) or unread (+1) at once, before the next reload confirms it. */
  adjustUnread: (feedId: string, delta: number) => void
}

/** Subscriptions and folders with their unread counts, reloaded whenever `version` changes. */
export function useLibrary(version: number): LibraryState {
  const [feeds, setFeeds] = useState<FeedSummary[]>([])
  const [folders, setFolders] = useState<FolderView[]>([])
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const latest = useRef(0)

  const reload = useCallback(() => {
    const ticket = ++latest.current
    return Promise.all([api.listFeeds(), api.listFolders()]).then(
      ([nextFeeds, nextFolders]) => {
        if (ticket !== latest.current) return
        setFeeds(nextFeeds)
        setFolders(nextFolders)
        setError(null)
        setLoaded(true)
      },
      (failure: Error) => {
        if (ticket !== latest.current) return
        setError(failure.message)
        setLoaded(true)
      },
    )
  }, [])

  useEffect(() => {
    // Through a promise: the state changes when the answer comes, not while the effect runs.
    void Promise.resolve().then(reload)
  }, [reload, version])

  const adjustUnread = useCallback((feedId: string, delta: number) => {
    setFeeds((current) =>
      current.map((feed) =>
        feed.id === feedId
          ? { ...feed, unread: Math.min(feed.total, Math.max(0, feed.unread + delta)) }
          : feed,
      ),
    )
  }, [])

  return { feeds, folders, loaded, error, reload, adjustUnread }
}

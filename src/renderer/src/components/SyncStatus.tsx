import { useEffect, useState } from 'react'
import { newsOf, type SyncSummary } from '../../../shared/contract'
import type { FeedSummary } from '../../../shared/types'
import { CommandButton } from '../commands/CommandButton'
import { formatAgo, formatFullTime } from '../format'
import { useReader } from '../state/reader-context'
import { useStore } from '../state/store'
import { STRINGS } from '../strings'
import { RefreshIcon } from './Icons'

/** Re-renders every half minute so "3 minutes ago" stays true. */
function useClock(): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

/** The last sync's failed feeds that are still in the library (all of them until it has loaded). */
function failedCount(lastSync: SyncSummary | null, feeds: readonly FeedSummary[] | null): number {
  if (!lastSync) return 0
  const subscribed = feeds && new Set(feeds.map((feed) => feed.id))
  return lastSync.feeds.filter((feed) => feed.error && (!subscribed || subscribed.has(feed.id))).length
}

/**
 * Parts joined by " · " that a narrow window wraps between, never inside one (no-break spaces within):
 * at 800 px "1 feed failed" moves to a line of its own instead of vanishing behind an ellipsis.
 */
function wrapBetween(parts: string[]): string {
  return parts
    .filter(Boolean)
    .map((part) => part.replaceAll(' ', '\u00a0'))
    .join(' · ')
}

/**
 * The sync as people see it: a refresh control, progress while it runs, the last sync, offline. Its
 * second line is the progress bar while a sync runs and the last sync's news after: the same height
 * either way, so the sidebar's rows never move under the pointer as a sync starts or ends.
 */
export function SyncStatus() {
  const reader = useReader()
  const sync = useStore(reader.sync.state)
  const feeds = useStore(reader.library.state, (state) => (state.loaded ? state.feeds : null))
  const now = useClock()
  // Only feeds still subscribed: removing a failing feed takes its failure off the count.
  const failedFeeds = failedCount(sync.lastSync, feeds)
  let line: string
  if (sync.syncing)
    line = sync.total > 0 ? STRINGS.sync.progress(sync.done, sync.total) : STRINGS.sync.syncing
  else if (sync.error) line = STRINGS.sync.failed(sync.error)
  else if (sync.lastSync) line = STRINGS.sync.lastSynced(formatAgo(sync.lastSync.finishedAt, now))
  else line = STRINGS.sync.neverSynced

  return (
    <div className="sync-status">
      <div className="sync-row">
        <CommandButton
          command="refresh"
          label={STRINGS.sync.refresh}
          icon={
            <span className={sync.syncing ? 'spin' : undefined}>
              <RefreshIcon />
            </span>
          }
        />
        <div className="sync-text">
          <p
            className={sync.error ? 'sync-line sync-error' : 'sync-line'}
            role="status"
            title={sync.lastSync ? formatFullTime(sync.lastSync.finishedAt) : undefined}
          >
            {line}
          </p>
          {sync.syncing && (
            <div
              className="progress"
              role="progressbar"
              aria-label={STRINGS.sync.syncing}
              aria-valuemin={0}
              aria-valuemax={Math.max(sync.total, 1)}
              aria-valuenow={sync.done}
              aria-valuetext={
                sync.total > 0 ? STRINGS.sync.progress(sync.done, sync.total) : STRINGS.sync.syncing
              }
            >
              <div
                className={sync.total > 0 ? 'progress-fill' : 'progress-fill indeterminate'}
                style={{ width: sync.total > 0 ? `${(100 * sync.done) / sync.total}%` : undefined }}
              />
            </div>
          )}
          {!sync.syncing && sync.lastSync && (
            <p className="sync-detail">
              {wrapBetween([
                STRINGS.sync.finished(newsOf(sync.lastSync).total),
                failedFeeds > 0 ? STRINGS.sync.feedsFailed(failedFeeds) : '',
              ])}
            </p>
          )}
        </div>
      </div>
      {!sync.online && (
        <p className="offline" role="status">
          {STRINGS.sync.offline}
        </p>
      )}
    </div>
  )
}

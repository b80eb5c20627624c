import { newsOf, type SyncReason, type SyncSummary } from '../../../shared/contract'
import type { EventHub } from '../events'
import type { SyncOptions, SyncResult } from './sync-engine'

export interface SchedulerOptions {
  /** Runs one sync (the sync engine's `syncAll`). */
  sync: (options: SyncOptions) => Promise<SyncResult>
  /** Minutes between automatic syncs; read before each wait, so a changed setting applies at once. */
  intervalMinutes: () => number
  events: EventHub
  /**
   * Records a finished sync where every process reads it (the data dir) and returns the record that
   * the status shows (`partial`: it covered some feeds only). Its failure costs the record, not the sync.
   */
  record?: (summary: SyncSummary, partial: boolean) => Promise<SyncSummary>
  /** Whether the machine is online at start (the shell asks Electron's `net.isOnline()`). */
  online?: boolean
  now?: () => Date
}

/** Which feeds a queued sync covers: all of them, or the union of what its requesters asked for. */
type FeedSelection = 'all' | Set<string>

/**
 * Background sync: at start, every N minutes, when the machine wakes and when it comes back online, plus
 * "sync now". Never two syncs at once: a request during a sync is queued as one follow-up sync, which
 * every further request during that sync joins. Automatic syncs are skipped while offline (every feed
 * would fail and record a misleading error); coming back online syncs.
 */
export class SyncScheduler {
  readonly #sync: SchedulerOptions['sync']
  readonly #intervalMinutes: () => number
  readonly #events: EventHub
  readonly #record: SchedulerOptions['record']
  readonly #now: () => Date
  #online: boolean
  #started = false
  #stopped = false
  #timer: ReturnType<typeof setTimeout> | null = null
  #current: Promise<SyncSummary> | null = null
  #followUp: Promise<SyncSummary> | null = null
  #followUpFeeds: FeedSelection = new Set()
  #abort: AbortController | null = null
  #lastSync: SyncSummary | null = null

  constructor(options: SchedulerOptions) {
    this.#sync = options.sync
    this.#intervalMinutes = options.intervalMinutes
    this.#events = options.events
    this.#record = options.record
    this.#online = options.online ?? true
    this.#now = options.now ?? (() => new Date())
  }

  /** Syncs once now (when online) and then every interval. */
  start(): void {
    if (this.#started || this.#stopped) return
    this.#started = true
    this.trigger('start')
  }

  /** Stops the timer, cancels the running sync (feeds not yet fetched are skipped) and waits for it. */
  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    this.#abort?.abort()
    await Promise.allSettled([this.#current, this.#followUp])
  }

  /** A sync asked for by the user: runs now, or right after the running one; resolves when it is done. */
  request(reason: SyncReason = 'manual', feedIds?: string[]): Promise<SyncSummary> {
    if (this.#stopped) return Promise.reject(new Error('background sync has stopped'))
    // The queued follow-up first: between a sync's end and its follow-up's start nothing else may begin.
    if (this.#followUp) {
      this.#followUpFeeds = merge(this.#followUpFeeds, feedIds)
      return this.#followUp
    }
    if (!this.#current) return this.#begin(reason, feedIds ? new Set(feedIds) : 'all')
    this.#followUpFeeds = merge(this.#followUpFeeds, feedIds)
    this.#followUp = this.#current
      .catch(() => undefined)
      .then(() => {
        const feeds = this.#followUpFeeds
        this.#followUp = null
        this.#followUpFeeds = new Set()
        return this.#begin(reason, feeds)
      })
    return this.#followUp
  }

  /** An automatic sync (start, interval, wake, online): skipped while offline; failures are events. */
  trigger(reason: Exclude<SyncReason, 'manual'>): void {
    if (this.#stopped) return
    if (!this.#online) {
      this.#schedule()
      return
    }
    this.request(reason).catch(() => undefined)
  }

  /** The machine woke from sleep: whatever the timer says, the feeds are stale. */
  resume(): void {
    this.trigger('resume')
  }

  /** The network came or went; coming back syncs. */
  setOnline(online: boolean): void {
    if (online === this.#online) return
    this.#online = online
    this.#events.emit('online', { online })
    if (online) this.trigger('online')
  }

  /** The interval setting changed: wait the new interval from now. */
  reschedule(): void {
    if (!this.#current) this.#schedule()
  }

  get status(): { syncing: boolean; lastSync: SyncSummary | null; online: boolean } {
    return { syncing: this.#current !== null, lastSync: this.#lastSync, online: this.#online }
  }

  #begin(reason: SyncReason, feeds: FeedSelection): Promise<SyncSummary> {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    const run = this.#run(reason, feeds === 'all' ? undefined : [...feeds]).finally(() => {
      if (this.#current === run) this.#current = null
      this.#schedule()
    })
    this.#current = run
    return run
  }

  async #run(reason: SyncReason, feedIds: string[] | undefined): Promise<SyncSummary> {
    const abort = new AbortController()
    this.#abort = abort
    const startedAt = this.#now()
    this.#events.emit('syncStarted', { reason })
    try {
      const result = await this.#sync({
        feedIds,
        signal: abort.signal,
        onProgress: (progress) =>
          this.#events.emit('syncProgress', {
            done: progress.done,
            total: progress.total,
            feed: progress.feed ? { ...progress.feed } : null,
          }),
      })
      const summary = summaryOf(reason, startedAt, this.#now(), result)
      const recorded = this.#record
        ? await this.#record(summary, feedIds !== undefined || isCut(result)).catch(() => summary)
        : summary
      this.#lastSync = recorded
      this.#events.emit('syncFinished', recorded)
      // What the rules read or hid is not news: only the new articles still unread and shown count.
      const news = newsOf(summary)
      if (news.feeds.length > 0) this.#events.emit('newArticles', news)
      return summary
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
      this.#events.emit('syncError', { message: message || 'the sync failed' })
      throw error
    } finally {
      if (this.#abort === abort) this.#abort = null
    }
  }

  /** Arms the interval timer (only once started: the preview syncs on request only). */
  #schedule(): void {
    if (!this.#started || this.#stopped) return
    if (this.#timer) clearTimeout(this.#timer)
    const minutes = Math.max(1, this.#intervalMinutes())
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.trigger('interval')
    }, minutes * 60_000)
    // The timer alone must not keep a process alive (the CLI's preview, tests).
    this.#timer.unref?.()
  }
}

/** A finished sync as the contract tells of it. */
export function summaryOf(
  reason: SyncReason,
  startedAt: Date,
  finishedAt: Date,
  result: SyncResult,
): SyncSummary {
  return {
    reason,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: result.durationMs,
    newArticles: result.newArticles,
    // A feed the stopped sync never reached keeps its last outcome: it did not fail.
    feeds: result.feeds
      .filter((feed) => !feed.cancelled)
      .map(({ id, title, newArticles, error, notice }) => ({
        id,
        title,
        newArticles,
        error,
        notice,
      })),
    accounts: result.accounts,
    ...(result.newUnread && { newUnread: result.newUnread }),
  }
}

/** Whether a sync was stopped before it reached every feed it was to sync. */
export function isCut(result: SyncResult): boolean {
  return result.feeds.some((feed) => feed.cancelled)
}

function merge(selection: FeedSelection, feedIds: string[] | undefined): FeedSelection {
  if (selection === 'all' || !feedIds) return 'all'
  return new Set([...selection, ...feedIds])
}

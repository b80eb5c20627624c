import type { SyncSummary } from '../../../shared/contract'
import type { Article } from '../../../shared/types'
import type { EventHub } from '../api/event-hub'
import type { Articles } from '../articles/articles'
import type { Flags } from '../articles/flags'
import { parseWebUrl } from '../net/web-url'
import type { SettingsService } from '../settings/settings'
import type { BlobStore } from '../store/blob-store'
import type { WriteLock } from '../store/write-lock'
import type { Subscriptions } from '../subscriptions/subscriptions'
import { SyncScheduler } from './scheduler'
import { SyncEngine, type SyncEngineOptions, type SyncOptions, type SyncResult } from './sync-engine'

/** What syncing reads and writes: the services it works through, and the data dir's own files. */
export interface SyncContext {
  dataDir: string
  lock: WriteLock
  articles: Articles
  blobs: BlobStore
  flags: Flags
  settings: SettingsService
  subscriptions: Subscriptions
}

export interface SyncStartOptions extends SyncEngineOptions {
  /** Whether the machine is online at start (the shell asks Electron). */
  online?: boolean
}

/**
 * The sync service: fetching every subscription (in this process, or queued through the background
 * schedule so that two syncs never overlap) and saving single pages.
 */
export class Sync {
  readonly #engine: SyncEngine
  /** The background schedule: at start, every interval, on wake and on coming back online. */
  readonly schedule: SyncScheduler

  constructor(context: SyncContext, events: EventHub, options: SyncStartOptions = {}) {
    this.#engine = new SyncEngine(context, options)
    this.schedule = new SyncScheduler({
      sync: (syncOptions) => this.#engine.syncAll(syncOptions),
      intervalMinutes: () => context.settings.get().syncIntervalMinutes,
      events,
      online: options.online,
    })
    context.settings.onChange(() => this.schedule.reschedule())
  }

  /** Syncs now, in this process, and says what happened to each feed (the CLI, tests). */
  run(options: SyncOptions = {}): Promise<SyncResult> {
    return this.#engine.syncAll(options)
  }

  /** "Sync now" from a person: runs now, or right after the running sync; resolves when it is done. */
  request(feedIds?: string[]): Promise<SyncSummary> {
    return this.schedule.request('manual', feedIds)
  }

  /** Saves one web page for offline reading under Saved Pages. */
  async save(url: string): Promise<Article> {
    return this.#engine.save(parseWebUrl(url))
  }
}

import type { SyncSummary } from '../../../shared/contract'
import type { Article } from '../../../shared/types'
import type { EventHub } from '../events'
import { parseWebUrl } from '../net/web-url'
import { SyncScheduler } from './scheduler'
import type { SyncContext } from './sync-context'
import { SyncEngine, type SyncEngineOptions, type SyncOptions, type SyncResult } from './sync-engine'

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

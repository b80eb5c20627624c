import type { SyncSummary } from '../../../shared/contract'
import type { Article, Feed } from '../../../shared/types'
import type { EventHub } from '../events'
import { UserError } from '../errors'
import { explainFetchFailure, fetchFailureParams } from '../net/fetch-failures'
import { FetchError } from '../net/fetch-error'
import { typedWebUrls, withTypedUrl } from '../net/web-url'
import { LastSyncFile } from './last-sync'
import { isCut, SyncScheduler, summaryOf } from './scheduler'
import type { DiscoveredFeed } from '../subscriptions/new-feeds'
import type { Downloader } from './downloader'
import type { SyncContext } from './sync-context'
import type { SyncEngine, SyncEngineOptions, SyncOptions, SyncResult } from './sync-engine'
import { builtWorkerFile } from '../workers/built-worker'
import { SyncThread, type SyncThreadSetup } from './sync-thread'

export interface SyncStartOptions extends SyncEngineOptions {
  /** Whether the machine is online at start (the shell asks Electron). */
  online?: boolean
  /**
   * Where syncs run: on this thread (`'here'`, the default: the CLI, which answers no one meanwhile), or
   * in a thread of their own (`'worker'`: the app and the preview, whose thread answers the reader; see
   * sync-thread.ts). Saving a page and finding a feed run here either way.
   */
  thread?: 'here' | 'worker'
  /**
   * The sync thread's file: by default the build's own (out/main/sync-worker.js). None (running from the
   * TypeScript sources): syncs run here.
   */
  syncWorker?: URL | string | null
  /** What the sync thread opens the data dir with (startServices fills in the rest). */
  threadSetup?: Omit<SyncThreadSetup, 'dataDir'>
}

/**
 * The sync service: fetching every subscription (in this process, or queued through the background
 * schedule so that two syncs never overlap) and saving single pages.
 */
export class Sync {
  readonly #context: SyncContext
  readonly #options: SyncStartOptions
  #engine: Promise<SyncEngine> | null = null
  #downloader: Promise<Downloader> | null = null
  readonly #lastSync: LastSyncFile
  /** The sync thread, when syncs run in one. */
  readonly #thread: SyncThread | null
  /** The background schedule: at start, every interval, on wake and on coming back online. */
  readonly schedule: SyncScheduler

  constructor(context: SyncContext, events: EventHub, options: SyncStartOptions = {}) {
    this.#context = context
    this.#options = options
    this.#lastSync = new LastSyncFile(context.dataDir, context.lock, context.damage)
    const file =
      options.thread === 'worker'
        ? options.syncWorker === undefined
          ? builtWorkerFile('sync-worker')
          : options.syncWorker
        : null
    this.#thread = file
      ? new SyncThread(
          file,
          {
            dataDir: context.dataDir,
            ...(options.feedParallelism !== undefined ? { feedParallelism: options.feedParallelism } : {}),
            ...(typeof options.content === 'string' ? { content: options.content } : {}),
            ...options.threadSetup,
          },
          events,
          context.damage,
        )
      : null
    this.schedule = new SyncScheduler({
      sync: (syncOptions) => this.#syncAll(syncOptions),
      record: (summary, partial) => this.#lastSync.record(summary, partial),
      intervalMinutes: () => context.settings.get().syncIntervalMinutes,
      events,
      online: options.online,
    })
    context.settings.onChange(() => this.schedule.reschedule())
  }

  /**
   * Syncs now, in this process, and says what happened to each feed (the CLI, tests); the data dir
   * records it as the last sync, for every process's status.
   */
  async run(options: SyncOptions = {}): Promise<SyncResult> {
    // A sync fetches everything before it writes: where nothing can be written, say so first.
    await this.#context.lock.checkWritable()
    const startedAt = new Date()
    const result = await this.#syncAll(options)
    // The record is the status's, not the sync's: failing to write it loses no article.
    await this.#lastSync
      .record(
        summaryOf('manual', startedAt, new Date(), result),
        options.feedIds !== undefined || isCut(result),
      )
      .catch(() => undefined)
    return result
  }

  /**
   * Syncs on this thread whatever `thread` says, recording nothing: the sync thread's own core runs its
   * syncs through this (sync-worker.ts).
   */
  async runHere(options: SyncOptions = {}): Promise<SyncResult> {
    await this.#context.lock.checkWritable()
    return (await this.#engineNow()).syncAll(options)
  }

  /** Ends the sync thread, if there is one (after the schedule has stopped: Broadsheet#close). */
  async close(): Promise<void> {
    await this.#thread?.close()
  }

  /** The sync thread (tests: what a lost thread costs); null when syncs run here. */
  get thread(): SyncThread | null {
    return this.#thread
  }

  async #syncAll(options: SyncOptions): Promise<SyncResult> {
    if (!this.#thread) return this.runHere(options)
    // Where nothing can be written, say so here, before a thread is started for it.
    await this.#context.lock.checkWritable()
    const result = await this.#thread.syncAll(options)
    if (result.newArticles > 0) this.#context.storedElsewhere?.()
    return result
  }

  /**
   * The last sync as the data dir recorded it, whichever process ran it, with only the feeds and
   * accounts still subscribed: a failure of a feed since removed no longer counts.
   */
  lastSync(): SyncSummary | null {
    const recorded = this.#lastSync.read()
    if (!recorded) return null
    const feeds = new Set(this.#context.subscriptions.feeds().map((feed) => feed.id))
    const accounts = new Set(this.#context.accounts.list().map((account) => account.id))
    return {
      ...recorded,
      feeds: recorded.feeds.filter((feed) => feeds.has(feed.id)),
      accounts: recorded.accounts.filter((account) => accounts.has(account.id)),
    }
  }

  /** What the status bar shows: a sync running here, the last one (from the data dir), online. */
  status(): { syncing: boolean; lastSync: SyncSummary | null; online: boolean } {
    return { ...this.schedule.status, lastSync: this.lastSync() }
  }

  /** "Sync now" from a person: runs now, or right after the running sync; resolves when it is done. */
  request(feedIds?: string[]): Promise<SyncSummary> {
    return this.schedule.request('manual', feedIds)
  }

  /**
   * Saves one web page for offline reading under Saved Pages. A bare address ("example.com/post") is
   * tried over https, then over http should https not connect.
   */
  async save(url: string, signal?: AbortSignal): Promise<Article> {
    typedWebUrls(url)
    await this.#context.lock.checkWritable()
    const engine = await this.#engineNow()
    let tried = url
    try {
      return await withTypedUrl(url, (page) => engine.save((tried = page), signal))
    } catch (error) {
      if (error instanceof FetchError)
        throw new UserError(`could not save ${tried}: ${explainFetchFailure(error)}`, {
          code: 'page-unreachable',
          params: { url: tried, ...fetchFailureParams(error) },
        })
      throw error
    }
  }

  /**
   * The engine, loaded on first need: it brings the parsers, the sanitizer, the extractor and the worker
   * pool, which a process that only reads (most CLI commands, the app until its first sync) never needs.
   */
  #engineNow(): Promise<SyncEngine> {
    this.#engine ??= Promise.all([import('./sync-engine'), this.downloader()]).then(
      ([{ SyncEngine }, downloader]) => new SyncEngine(this.#context, { ...this.#options, downloader }),
    )
    return this.#engine
  }

  /** Finds the feed behind a URL (a feed, or a site's page), the parsing done where the sync's is. */
  async discover(url: string, signal?: AbortSignal): Promise<DiscoveredFeed> {
    const [{ discoverFeed }, engine] = await Promise.all([import('./discover'), this.#engineNow()])
    return discoverFeed(url, engine.downloader, engine.content, signal)
  }

  /** Finds and caches a feed's site icon (see findFeedIcon); null when it has none. */
  async findIcon(feed: Pick<Feed, 'url' | 'siteUrl'>): Promise<string | null> {
    const [{ findFeedIcon }, engine] = await Promise.all([import('./feed-icons'), this.#engineNow()])
    return findFeedIcon(feed, {
      downloader: engine.downloader,
      blobs: this.#context.blobs,
      content: engine.content,
    })
  }

  /** The one polite HTTP client of this process's syncs and feed discovery (made on first need). */
  downloader(): Promise<Downloader> {
    const given = this.#options.downloader
    this.#downloader ??= given
      ? Promise.resolve(given)
      : import('./downloader').then((module) => new module.Downloader())
    return this.#downloader
  }
}

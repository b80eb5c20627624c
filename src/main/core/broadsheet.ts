import { mkdirSync } from 'node:fs'
import { EventHub } from './events'
import { Articles } from './articles/articles'
import { Flags } from './flags/flags'
import { SettingsService } from './settings/settings'
import { Search, type SearchStartOptions } from './search/search-service'
import { ArticleStore } from './store/article-store'
import { BlobStore } from './store/blob-store'
import { ConfigFile } from './store/config-file'
import { type ConfFactory, defaultConfFactory, openConfFile } from './store/conf-file'
import { configOptions, flagsOptions } from './store/config-schema'
import type { DamageNotice } from './store/files'
import { FlagsFile } from './store/flags-file'
import { WriteLock } from './store/write-lock'
import { Subscriptions } from './subscriptions/subscriptions'
import { discoverFeed } from './sync/discover'
import { Downloader } from './sync/downloader'
import { Sync, type SyncStartOptions } from './sync/sync-service'

/** What a process runs Broadsheet's core with. */
export interface StartOptions {
  dataDir: string
  /** electron-store in the app; conf everywhere else. */
  confFactory?: ConfFactory
  /** How long a write waits for another process holding the data dir (ms). */
  lockWaitMs?: number
  /** How the search index runs here (the app and the preview: in the background). */
  search?: SearchStartOptions
  /** How syncs fetch and build (tests: a downloader of their own, in-thread building). */
  sync?: SyncStartOptions
}

/**
 * Broadsheet's core over one data dir: one service per concept, composed. The Electron shell, the browser
 * preview and the CLI all get theirs from {@link startServices} and call the services' operations; the
 * stores behind them are theirs alone. Plain Node; no electron.
 */
export class Broadsheet {
  constructor(
    readonly dataDir: string,
    /** Feeds and folders: subscribe, unsubscribe, rename, move, OPML, and what a folder covers. */
    readonly subscriptions: Subscriptions,
    /** The cached articles: list, open, store, remove. */
    readonly articles: Articles,
    /** Read and bookmarked. */
    readonly flags: Flags,
    readonly settings: SettingsService,
    /** Full-text search, kept in step with the articles. */
    readonly search: Search,
    /** Syncing feeds (now, or on the background schedule) and saving pages. */
    readonly sync: Sync,
    /** Cached images and other downloads, by content hash. */
    readonly blobs: BlobStore,
    /** The contract's events (sync progress, new articles), for whoever shows them. */
    readonly events: EventHub,
    /** Damaged files found (and set aside) while open; the UI and CLI report them. */
    readonly damage: DamageNotice[],
  ) {}

  /** Stops background sync and closes the search index: the last thing a process does with the core. */
  async close(): Promise<void> {
    await this.sync.schedule.stop()
    await this.search.close()
  }
}

/**
 * The one composition root: opens the data dir and wires every service to its stores and to the others.
 * Background work (the sync schedule) starts only when the caller starts it.
 */
export async function startServices(options: StartOptions): Promise<Broadsheet> {
  const { dataDir } = options
  mkdirSync(dataDir, { recursive: true })
  const damage: DamageNotice[] = []
  const lock = new WriteLock(dataDir, { waitMs: options.lockWaitMs })
  const factory = options.confFactory ?? defaultConfFactory
  // Opening may restore a damaged file from its backup: do it under the lock another process honours.
  const [config, flagsFile] = await lock.run(() => [
    new ConfigFile(openConfFile(dataDir, configOptions(dataDir), factory, damage), lock),
    new FlagsFile(openConfFile(dataDir, flagsOptions(dataDir), factory, damage), lock),
  ])
  const store = await ArticleStore.open(dataDir, lock, damage)
  const blobs = new BlobStore(dataDir)
  const events = new EventHub()
  const downloader = options.sync?.downloader ?? new Downloader()

  const settings = new SettingsService(config)
  const flags = new Flags(flagsFile, store)
  const subscriptions = new Subscriptions({
    config,
    store,
    flags,
    discover: (url) => discoverFeed(url, downloader),
  })
  const articles = new Articles(store, flags, subscriptions)
  const search = new Search({ dataDir, store, lock, damage, subscriptions, flags }, options.search)
  const sync = new Sync({ dataDir, lock, articles, blobs, flags, settings, subscriptions }, events, {
    ...options.sync,
    downloader,
  })
  return new Broadsheet(
    dataDir,
    subscriptions,
    articles,
    flags,
    settings,
    search,
    sync,
    blobs,
    events,
    damage,
  )
}

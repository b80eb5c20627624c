import { checkDataFormat } from './store/data-format'
import { mkdirSync } from 'node:fs'
import { Accounts } from './accounts/accounts'
import { CredentialStore, type CredentialPolicy } from './accounts/credentials'
import type { ServerTransport } from './accounts/greader-http'
import { EventHub } from './events'
import { Articles } from './articles/articles'
import { Flags } from './flags/flags'
import { Exports } from './export/exports'
import { Highlights } from './highlights/highlights'
import { SmartFeeds } from './smart/smart-feeds'
import { Rules } from './rules/rules'
import { HighlightsFile } from './highlights/highlights-file'
import { SettingsService } from './settings/settings'
import { Search, type SearchStartOptions } from './search/search-service'
import { ArticleStore } from './store/article-store'
import { BlobStore } from './store/blob-store'
import { inThreadBodies, workerBodyWriter } from './store/body-writer'
import { ConfigFile } from './store/config-file'
import { type ConfFactory, defaultConfFactory, openConfFile } from './store/conf-file'
import { configOptions, flagsOptions } from './store/config-schema'
import type { DamageNotice } from '../../shared/contract'
import { FlagsFile } from './store/flags-file'
import { WriteLock } from './store/write-lock'
import { ReadOnlyDataDirError } from './store/read-only'
import { Subscriptions } from './subscriptions/subscriptions'
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
  /**
   * How the store writes: `bodyWorker`, the built store-worker script (a JavaScript file), writes large
   * groups of article bodies in a thread of its own (store/body-writer.ts; `broadsheet sync`, the sync
   * thread). Without it, on this thread.
   */
  store?: { bodyWorker?: URL | string; execArgv?: string[] }
  /** How server accounts are reached and their sign-ins kept (tests: recorded answers, the file). */
  accounts?: {
    transport?: ServerTransport
    credentials?: CredentialPolicy
    /** Send a change to a server article this soon (ms; the app and the preview); else at the next sync. */
    pushDelayMs?: number | null
  }
}

/** The services of one data dir, side by side. */
interface Services {
  dataDir: string
  /** Feeds and folders: subscribe, unsubscribe, rename, move, OPML, and what a folder covers. */
  subscriptions: Subscriptions
  /** The cached articles: list, open, store, remove. */
  articles: Articles
  /** Read and bookmarked. */
  flags: Flags
  /** Passages marked in articles, with notes. */
  highlights: Highlights
  /** Articles with their highlights to Markdown, standalone HTML or EPUB. */
  exports: Exports
  /** Saved searches, listed like feeds with their unread counts. */
  smart: SmartFeeds
  /** Rules that read, bookmark, hide or notify as a sync brings new articles. */
  rules: Rules
  settings: SettingsService
  /** Full-text search, kept in step with the articles. */
  search: Search
  /** Syncing feeds and server accounts (now, or on the background schedule) and saving pages. */
  sync: Sync
  /** Server accounts (Google Reader API): add, list, remove, and what goes to their servers. */
  accounts: Accounts
  /** Cached images and other downloads, by content hash. */
  blobs: BlobStore
  /** The contract's events (sync progress, new articles), for whoever shows them. */
  events: EventHub
  /** Damaged files found (and set aside) while open; the UI and CLI report them. */
  damage: DamageNotice[]
}

/**
 * Broadsheet's core over one data dir: one service per concept, composed. The Electron shell, the browser
 * preview and the CLI all get theirs from {@link startServices} and call the services' operations; the
 * stores behind them are theirs alone. Plain Node; no electron.
 */
export class Broadsheet implements Services {
  readonly dataDir: string
  readonly subscriptions: Subscriptions
  readonly articles: Articles
  readonly flags: Flags
  readonly highlights: Highlights
  readonly exports: Exports
  readonly smart: SmartFeeds
  readonly rules: Rules
  readonly settings: SettingsService
  readonly search: Search
  readonly sync: Sync
  readonly accounts: Accounts
  readonly blobs: BlobStore
  readonly events: EventHub
  readonly damage: DamageNotice[]

  constructor(services: Services) {
    this.dataDir = services.dataDir
    this.subscriptions = services.subscriptions
    this.articles = services.articles
    this.flags = services.flags
    this.highlights = services.highlights
    this.exports = services.exports
    this.smart = services.smart
    this.rules = services.rules
    this.settings = services.settings
    this.search = services.search
    this.sync = services.sync
    this.accounts = services.accounts
    this.blobs = services.blobs
    this.events = services.events
    this.damage = services.damage
  }

  /**
   * Stops background sync, sends nothing more to servers (queued changes stay queued) and closes the
   * search index: the last thing a process does with the core.
   */
  async close(): Promise<void> {
    await this.sync.schedule.stop()
    await this.sync.close()
    await this.accounts.close()
    await this.search.close()
    await this.articles.close()
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
  // Where the data dir cannot be written, the lock cannot be taken and nothing could be restored: open
  // to read (a write later fails, saying why).
  const openConf = () =>
    [
      new ConfigFile(openConfFile(dataDir, configOptions(dataDir), factory, damage), lock),
      openFlags(),
    ] as const
  const openFlags = () => {
    const flags = new FlagsFile(openConfFile(dataDir, flagsOptions(dataDir), factory, damage), lock, damage)
    flags.open()
    return flags
  }
  // The format first: a data dir a newer version wrote is refused before any of its files is read.
  const [config, flagsFile] = await lock
    .run(async () => {
      await checkDataFormat(dataDir, true, damage)
      return openConf()
    })
    .catch(async (error: unknown) => {
      if (!(error instanceof ReadOnlyDataDirError)) throw error
      await checkDataFormat(dataDir, false, damage)
      return openConf()
    })
  const bodyWorker = options.store?.bodyWorker
  const bodies = bodyWorker
    ? workerBodyWriter(bodyWorker, options.store?.execArgv ? { execArgv: options.store.execArgv } : {})
    : inThreadBodies
  const store = await ArticleStore.open(dataDir, lock, damage, bodies)
  const blobs = new BlobStore(dataDir)
  const events = new EventHub()

  const settings = new SettingsService(config)
  const flags = new Flags(flagsFile, store)
  const highlights = new Highlights(new HighlightsFile(dataDir, lock, damage), store)
  const subscriptions = new Subscriptions({
    config,
    store,
    flags,
    highlighted: () => highlights.articleIds(),
    // Loaded on first need, as the sync engine is: the feed parser is not needed to read.
    discover: (url, signal) => sync.discover(url, signal),
    findIcon: (feed) => sync.findIcon(feed),
  })
  const accounts = new Accounts({
    dataDir,
    lock,
    damage,
    config,
    subscriptions,
    credentials: new CredentialStore(dataDir, lock, options.accounts?.credentials),
    transport: options.accounts?.transport,
    pushDelayMs: options.accounts?.pushDelayMs ?? null,
  })
  flags.connectRemote(accounts)
  subscriptions.connectRemote(accounts)
  const articles = new Articles(store, flags, subscriptions)
  const search = new Search(
    { dataDir, store, lock, damage, subscriptions, flags, notes: () => highlights.notes() },
    options.search,
  )
  const rules = new Rules({ dataDir, lock, damage, search, flags, store, subscriptions, events })
  const sync: Sync = new Sync(
    {
      dataDir,
      lock,
      damage,
      articles,
      accounts,
      blobs,
      flags,
      highlights,
      settings,
      subscriptions,
      rules,
      // The sync thread's segments are merged by this process's index (the app's, in its worker).
      storedElsewhere: () => search.storedElsewhere(),
    },
    events,
    {
      ...options.sync,
      // A sync thread opens this data dir as this process did.
      threadSetup: {
        ...(options.lockWaitMs !== undefined ? { lockWaitMs: options.lockWaitMs } : {}),
        ...(options.accounts?.credentials ? { credentials: options.accounts.credentials } : {}),
        ...options.sync?.threadSetup,
      },
    },
  )
  const smart = new SmartFeeds(dataDir, lock, damage, search)
  return new Broadsheet({
    dataDir,
    subscriptions,
    articles,
    flags,
    highlights,
    exports: new Exports({ articles, highlights, search, subscriptions, blobs, smart }),
    smart,
    rules,
    settings,
    search,
    sync,
    accounts,
    blobs,
    events,
    damage,
  })
}

import type { SearchArgs, SearchResults } from '../../../shared/contract'
import type { Flags } from '../flags/flags'
import type { ArticleStore } from '../store/article-store'
import type { DamageNotice } from '../../../shared/contract'
import { ReadOnlyDataDirError, type WriteLock } from '../store/write-lock'
import type { Subscriptions } from '../subscriptions/subscriptions'
import type { IndexProgress, RepairResult, SearchIndexOptions } from './index-options'
import type { SearchIndex } from './search-index'

export interface SearchDeps {
  dataDir: string
  store: ArticleStore
  lock: WriteLock
  damage: DamageNotice[]
  subscriptions: Subscriptions
  flags: Flags
}

/** How the index runs in this process. */
export interface SearchStartOptions {
  /**
   * A long-running process (the app, the preview): the index opens now, merges in the background and is
   * repaired against the store in the background (a crash between the two, or a first run). Otherwise (the
   * CLI, tests) it opens on first use and merges only when asked.
   */
  background?: boolean
  /** The built index-worker script: builds and merges run off the thread that answers requests. */
  worker?: URL | string
  /** Further engine options (tests: merge policy, delays). */
  index?: Omit<SearchIndexOptions, 'articles' | 'feedTitles' | 'lock' | 'damage' | 'worker'>
}

/**
 * The search service: full-text search over every cached article with the article list's filters, and
 * the index kept in step with every change to the store (sync, save, retention, unsubscribe all go
 * through it) from the moment the service exists.
 */
export class Search {
  readonly #deps: SearchDeps
  readonly #options: SearchStartOptions
  #index: Promise<SearchIndex> | null = null
  /** The repair under way, which searches that find the index incomplete wait for rather than repeat. */
  #repairing: Promise<void> | null = null

  constructor(deps: SearchDeps, options: SearchStartOptions = {}) {
    this.#deps = deps
    this.#options = options
    deps.store.subscribe({
      stored: async (result, articles) => {
        const changed = new Set([...result.added, ...result.updated])
        const fresh = articles.filter((article) => changed.has(article.id))
        if (fresh.length > 0) await (await this.index()).add(fresh)
      },
      removed: async (removed) => {
        await (await this.index()).remove(removed.map((meta) => meta.id))
      },
    })
    if (options.background) void this.#startInBackground()
  }

  /** The index, opened on first use. */
  index(): Promise<SearchIndex> {
    const { dataDir, store, lock, damage, subscriptions } = this.#deps
    // Loaded on first need: a process that never searches or stores (most CLI commands) does without it.
    this.#index ??= import('./search-index').then(({ SearchIndex }) =>
      SearchIndex.open(dataDir, {
        autoMerge: this.#options.background ?? false,
        ...this.#options.index,
        worker: this.#options.worker,
        articles: store,
        feedTitles: () => subscriptions.titles(),
        lock,
        damage,
      }),
    )
    return this.#index
  }

  async #startInBackground(): Promise<void> {
    try {
      await this.#repairOnce()
    } catch (error) {
      this.#deps.damage.push({
        file: 'search index',
        keptAt: '',
        reason: error instanceof Error ? error.message : String(error),
        action: 'search may miss articles until the next start',
      })
    }
  }

  /**
   * Searches with the article list's filters (feeds, folder, saved, unread, bookmarked) and dates as ISO
   * strings (an unreadable date is no bound rather than an error: the query itself still runs). Results
   * carry their flags as lists show them.
   */
  async search(args: SearchArgs): Promise<SearchResults> {
    const { subscriptions, flags } = this.#deps
    const index = await this.#whole()
    const read = args.unread ? flags.readIds() : null
    const bookmarked = args.bookmarked ? flags.bookmarkedIds() : null
    const page = await index.search(args.query, {
      limit: args.limit,
      offset: args.offset,
      feedIds: subscriptions.scope(args),
      since: timeOf(args.since),
      until: timeOf(args.until),
      exceptIds: read ?? undefined,
      onlyIds: bookmarked ?? undefined,
    })
    const flagsOf = flags.reader()
    return {
      total: page.total,
      totalIsExact: page.totalIsExact,
      results: page.results.map((hit) => ({ ...hit, ...flagsOf(hit) })),
    }
  }

  /**
   * The index with every article it should have: its segments loaded, and, when it has lost some (a
   * damaged or missing segment found just now, a damaged manifest, another format), repaired from the
   * store first — an answer from an index that lost articles would silently miss them.
   */
  async #whole(): Promise<SearchIndex> {
    const index = await this.index()
    await index.load()
    // Where the data dir cannot be written, nothing can be repaired: the index answers as it is.
    if (index.rebuildReason !== null)
      await this.#repairOnce().catch((error: unknown) => {
        if (!(error instanceof ReadOnlyDataDirError)) throw error
      })
    return index
  }

  #repairOnce(): Promise<void> {
    this.#repairing ??= (async () => {
      await (await this.index()).repair()
    })().finally(() => {
      this.#repairing = null
    })
    return this.#repairing
  }

  /** Brings the index in step with the store (a first search indexes everything), then merges what it added. */
  async repair(onProgress?: (progress: IndexProgress) => void): Promise<RepairResult> {
    const index = await this.index()
    const repaired = await index.repair(onProgress)
    if (repaired.added > 0 || repaired.removed > 0) await index.merge()
    return repaired
  }

  /** Waits for the index's pending work and closes it (a process's last step). */
  async close(): Promise<void> {
    const index = this.#index
    this.#index = null
    if (index) await (await index).close()
  }
}

function timeOf(iso: string | undefined): number | undefined {
  const ms = iso ? Date.parse(iso) : Number.NaN
  return Number.isFinite(ms) ? ms : undefined
}

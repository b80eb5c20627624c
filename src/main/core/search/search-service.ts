import type { SearchArgs, SearchHit, SearchResults } from '../../../shared/contract'
import type { Flags } from '../flags/flags'
import type { ArticleStore } from '../store/article-store'
import type { DamageNotice } from '../../../shared/contract'
import { type WriteLock } from '../store/write-lock'
import { ReadOnlyDataDirError } from '../store/read-only'
import type { Subscriptions } from '../subscriptions/subscriptions'
import type { IndexProgress, RepairResult, SearchIndexOptions } from './index-options'
import { compileQuery } from './query-compile'
import { noteMatcher, plainNoteMatcher, splitNoteItems } from './note-match'
import type { SearchIndex } from './search-index'
import { pageOf, type SearchOptions } from './search-options'
import { splitFilters } from './query-filters'
import { engineOptions, intersect, isFiltered } from './query-options'
import { warmUpSearch } from './warm-up'
import { countMatches, type CountedQuery } from './match-counts'

/** Smart feeds whose matches a process keeps between counts (more are matched afresh). */
const COUNTED_QUERIES = 50

export interface SearchDeps {
  dataDir: string
  store: ArticleStore
  lock: WriteLock
  damage: DamageNotice[]
  subscriptions: Subscriptions
  flags: Flags
  /** The person's notes on highlights, per article (joined), read when a query runs. */
  notes?: () => ReadonlyMap<string, string>
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
  /** Each counted query's matches when it was last counted, and the scope they were matched in. */
  readonly #matched = new Map<string, CountedQuery>()
  /** The repair under way, which searches that find the index incomplete wait for rather than repeat. */
  #repairing: Promise<void> | null = null
  #closed = false

  constructor(deps: SearchDeps, options: SearchStartOptions = {}) {
    this.#deps = deps
    this.#options = options
    deps.store.subscribe({
      stored: async (result, articles, step) => {
        const changed = new Set([...result.added, ...result.updated])
        const fresh = articles.filter((article) => changed.has(article.id))
        if (fresh.length > 0) await (await this.index()).add(fresh, step)
      },
      removed: async (removed, step) => {
        await (
          await this.index()
        ).remove(
          removed.map((meta) => meta.id),
          step,
        )
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
    await warmUpSearch({
      store: this.#deps.store,
      search: (query) => this.search({ query, limit: 10 }),
      closed: () => this.#closed,
    }).catch(() => undefined)
  }

  /**
   * Searches with the article list's filters (feeds, folder, saved, unread, bookmarked) and dates as ISO
   * strings (an unreadable date is no bound rather than an error: the query itself still runs). Results
   * carry their flags as lists show them. `order` 'newest': matches by date, newest first (a smart feed).
   */
  async search(
    args: SearchArgs,
    {
      order = 'best',
      within,
      snippets,
      load,
    }: {
      order?: SearchOptions['order']
      /** Only these (a rule trying the articles a sync brought). */
      within?: ReadonlySet<string>
      snippets?: false
      load?: SearchOptions['load']
    } = {},
  ): Promise<SearchResults> {
    const { flags } = this.#deps
    const { rest: words, filters } = splitFilters(args.query)
    const { rest, wanted, unwanted } = splitNoteItems(words)
    if (rest === '' && wanted === null && !isFiltered(filters)) compileQuery(rest) // says what a search needs
    const index = await this.#whole()
    const { options, bookmarked } = engineOptions(this.#deps, args, filters, {
      order,
      within,
      snippets,
      load,
    })
    // Filters alone (is:unread folder:World): every article they let through, newest first.
    if (rest === '' && wanted === null) return this.#listed(options)
    const notes = this.#deps.notes?.() ?? new Map<string, string>()
    const saying = (query: string): Set<string> => {
      const matches = noteMatcher(compileQuery(query))
      return new Set([...notes].filter(([, text]) => matches(text)).map(([id]) => id))
    }
    // note: items: only articles whose notes say so, none whose notes say what -note: names.
    let noted: Set<string> | null = wanted === null ? null : saying(wanted)
    if (noted && bookmarked) noted = intersect(noted, bookmarked)
    if (unwanted.length > 0) {
      const except = new Set([...(options.exceptIds ?? []), ...unwanted.flatMap((item) => [...saying(item)])])
      options.exceptIds = except
      if (noted) noted = new Set([...noted].filter((id) => !except.has(id)))
    }
    // Plain words reach notes too: articles whose notes hold them all, though their text may not.
    const reach = wanted === null && rest !== '' ? plainNoteMatcher(rest) : null
    const candidates = reach ? [...notes].filter(([, text]) => reach(text)).map(([id]) => id) : []
    let fromNotes = noted !== null && rest === '' ? [...noted] : candidates
    if (fromNotes.length > 0) {
      fromNotes = await this.#noteHits(fromNotes, options)
      if (rest !== '') {
        // Those the index matches anyway are answered by it, ranked with the rest.
        const byIndex = await index.search(rest, {
          ...options,
          onlyIds: new Set(fromNotes),
          limit: Math.min(200, Math.max(1, fromNotes.length)),
          offset: 0,
          snippets: false,
        })
        const found = new Set(byIndex.results.map((hit) => hit.id))
        fromNotes = fromNotes.filter((id) => !found.has(id))
      }
    }
    const offset = options.offset ?? 0
    const limit = options.limit ?? 20
    const noteHits = await this.#noteHitsOf(fromNotes.slice(offset, offset + limit), notes)
    const page =
      rest === ''
        ? { total: 0, totalIsExact: true, results: [] as SearchHit[] }
        : await index.search(rest, {
            ...options,
            onlyIds: noted ?? options.onlyIds,
            offset: Math.max(0, offset - fromNotes.length),
            limit: Math.max(1, limit - noteHits.length),
            // A list by date shows each article's own line, as listings do: no article read for a passage.
            snippets: snippets !== false && order === 'best',
          })
    if (order === 'newest') await this.#ownSnippets(page.results)
    const flagsOf = flags.reader()
    const results = noteHits.length >= limit ? noteHits : [...noteHits, ...page.results]
    return {
      total: page.total + fromNotes.length,
      totalIsExact: page.totalIsExact,
      results: results.slice(0, limit).map((hit) => ({ ...hit, ...flagsOf(hit) })),
    }
  }

  /**
   * How many articles a query matches, and how many of them are unread: a smart feed's counts, in one
   * pass over the matches (no page, no snippets). Queries that reach notes are counted as searches.
   */
  async counts(query: string): Promise<{ total: number; unread: number }> {
    const { flags } = this.#deps
    const { rest: words, filters } = splitFilters(query)
    const { rest, wanted, unwanted } = splitNoteItems(words)
    const notes = this.#deps.notes?.() ?? new Map<string, string>()
    const reach = wanted === null && rest !== '' && notes.size > 0 ? plainNoteMatcher(rest) : null
    const reachesNotes = wanted !== null || unwanted.length > 0 || [...notes.values()].some((t) => reach?.(t))
    if (reachesNotes || (rest === '' && !isFiltered(filters))) {
      const [all, unread] = await Promise.all([
        this.search({ query, limit: 1 }),
        this.search({ query, limit: 1, unread: true }),
      ])
      return { total: all.total, unread: unread.total }
    }
    const index = await this.#whole()
    // The flags the options below are made of (hidden, bookmarked): see `stamp` after the matching.
    const stamp = flags.stamp()
    const { options, exceptButRead } = engineOptions(this.#deps, { query }, filters)
    // The flags narrow the matches afterwards: the matches themselves can then be kept from one count to
    // the next, and only what a sync added since is matched again (the same query, scope, dates, titles).
    const { exceptIds, onlyIds, ...scope } = options
    const sources = /(^|\s)[+-]?(source|feed):/i.test(rest)
      ? [...this.#deps.subscriptions.titles()].join('\n')
      : ''
    const key = JSON.stringify([
      rest,
      scope.feedIds ? [...scope.feedIds].sort() : null,
      scope.since ?? null,
      scope.until ?? null,
      sources,
    ])
    const cached = this.#matched.get(query)
    const matched = await index.matchingIds(
      rest === '' ? null : rest,
      scope,
      cached?.key === key ? cached.matched : undefined,
    )
    // is:read keeps read flags in its options: it is counted again after a mark.
    const follow =
      cached && filters.read !== true
        ? {
            changes: flags.readChangesSince(cached.stamp),
            unreadOnly: filters.read === false,
            except: filters.read === false ? exceptButRead : exceptIds,
          }
        : null
    const counted = countMatches(
      key,
      matched,
      cached,
      stamp,
      flags.stamp() === stamp,
      { read: flags.readIds(), exceptIds, onlyIds },
      follow,
    )
    if (this.#matched.size >= COUNTED_QUERIES && !this.#matched.has(query)) this.#matched.clear()
    this.#matched.set(query, counted)
    return { total: counted.total, unread: counted.unread }
  }

  /**
   * The ids of `within` that a query matches now, with the search's own filters and semantics (a rule's
   * test on the articles a sync brought): the index is asked once, restricted to them, without snippets.
   */
  async matchingIds(
    args: Omit<SearchArgs, 'limit' | 'offset'>,
    within: ReadonlySet<string>,
    load?: SearchOptions['load'],
  ): Promise<string[]> {
    if (within.size === 0) return []
    const page = await this.search(
      { ...args, limit: within.size, offset: 0 },
      { within, snippets: false, load },
    )
    return page.results.map((hit) => hit.id)
  }

  /** A page of every article the options let through, newest first (a query of filters only). */
  async #listed(options: SearchOptions): Promise<SearchResults> {
    const { store, flags } = this.#deps
    const { offset, limit } = pageOf(options)
    const metas = await store.list({
      feedIds: options.feedIds,
      limit: Number.MAX_SAFE_INTEGER,
      filter: (meta) =>
        (!options.exceptIds || !options.exceptIds.has(meta.id)) &&
        (!options.onlyIds || options.onlyIds.has(meta.id)) &&
        (options.since === undefined || meta.sortTime >= options.since) &&
        (options.until === undefined || meta.sortTime < options.until),
    })
    const flagsOf = flags.reader()
    return {
      total: metas.length,
      totalIsExact: true,
      results: metas.slice(offset, offset + limit).map((meta) => ({
        id: meta.id,
        title: meta.title,
        feedId: meta.feedId,
        score: 0,
        matchedWords: 0,
        sortTime: meta.sortTime,
        snippet: meta.snippet,
        snippetPositions: [],
        positions: {},
        ...flagsOf(meta),
      })),
    }
  }

  /** Of articles found through their notes, those the search's filters let through, newest first. */
  async #noteHits(ids: string[], options: SearchOptions): Promise<string[]> {
    const metas = await this.#deps.store.metas(ids)
    return metas
      .filter(
        (meta) =>
          (!options.feedIds || options.feedIds.has(meta.feedId)) &&
          (!options.exceptIds || !options.exceptIds.has(meta.id)) &&
          (!options.onlyIds || options.onlyIds.has(meta.id)) &&
          (options.since === undefined || meta.sortTime >= options.since) &&
          (options.until === undefined || meta.sortTime < options.until),
      )
      .sort((a, b) => b.sortTime - a.sortTime)
      .map((meta) => meta.id)
  }

  /** Gives hits without a passage the line their article's record keeps (what a listing shows). */
  async #ownSnippets(hits: SearchHit[]): Promise<void> {
    const bare = hits.filter((hit) => hit.snippet === '')
    if (bare.length === 0) return
    const metas = new Map((await this.#deps.store.metas(bare.map((hit) => hit.id))).map((m) => [m.id, m]))
    for (const hit of bare) hit.snippet = metas.get(hit.id)?.snippet ?? ''
  }

  /** Hits for articles found through their notes: the note is the snippet. */
  async #noteHitsOf(ids: string[], notes: ReadonlyMap<string, string>): Promise<SearchHit[]> {
    const metas = new Map((await this.#deps.store.metas(ids)).map((meta) => [meta.id, meta]))
    return ids.flatMap((id) => {
      const meta = metas.get(id)
      if (!meta) return []
      const note = (notes.get(id) ?? '').replace(/\s+/g, ' ')
      return [
        {
          id,
          title: meta.title,
          feedId: meta.feedId,
          score: 0,
          matchedWords: 0,
          sortTime: meta.sortTime,
          snippet: note.length > 200 ? `${note.slice(0, 199)}…` : note,
          snippetPositions: [],
          positions: {},
        },
      ]
    })
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

  /**
   * Another writer of this data dir (the sync thread) added segments: where this process merges (the
   * app, the preview), merge them here as after an add of its own — in its index worker, keeping the
   * result in memory — rather than leave them unmerged, or merged elsewhere and read back from disk.
   */
  storedElsewhere(): void {
    if (!this.#options.background) return
    this.index()
      // Their segments read first: the merge plans over the manifest this process last read.
      .then(async (index) => {
        await index.load()
        await index.merge()
      })
      .catch(() => undefined)
  }

  /** Waits for the index's pending work and closes it (a process's last step). */
  async close(): Promise<void> {
    this.#closed = true
    const index = this.#index
    this.#index = null
    if (index) await (await index).close()
  }
}

import type { Article } from '../../../shared/types'
import { forEachLimited } from '../for-each-limited'
import type { CatalogStep } from '../store/article-store'
import { WriteLock } from '../store/write-lock'
import { ReadOnlyDataDirError } from '../store/read-only'
import { entryOf, swapMerged, tombstone, toIndexDoc, type BuiltSegment } from './index-changes'
import { bucketOf, DEFAULT_MERGE_POLICY, planMerges, type MergePolicy } from './merge-policy'
import { compileQuery } from './query-compile'
import { executeQuery } from './query-exec'
import type { StampChange } from './manifest'
import { assemblePage } from './result-page'
import type { IndexProgress, RepairResult, SearchIndexOptions, SearchPage } from './index-options'
import { acceptsArticle, type SearchOptions } from './search-options'
import { decodeSegment, openSegmentFile, type Segment, type SegmentView } from './segment'
import type { IndexDoc } from './segment-build'
import { inProcessBuilder, workerBuilder, type SegmentBuilder } from './segment-threads'
import { SegmentStore } from './segment-store'

const BUILD_CHUNK = 2_000

/**
 * Broadsheet's full-text search engine. It uses Lunr's stemmer, stop words, tokenizer slot and pipeline
 * (the tokenizer in that slot is our own, tokenize.ts: every script kept, Hangul/Han/Kana as bigrams), and
 * reproduces Lunr's BM25 scores exactly — tests/main/core/search/ranking.test.ts checks every score
 * against a real lunr.Index over the same articles — over its own segment format, not Lunr's index:
 * time-partitioned segments of compact postings (segment.ts), scored from statistics summed over all of
 * them (query-exec.ts). Lunr's query parser is not used (query-compile.ts says why).
 *
 * New articles go into small new segments; removals are tombstones; segments of one time bucket are
 * merged in the background (merge-policy.ts). Builds and merges run in a worker thread when `worker` is
 * given. Segments load on the first search, not on open. Feed titles are not in the segments: each search
 * reads them from `feedTitles` (feed-field.ts), so renaming a feed needs no reindexing.
 */
export class SearchIndex {
  readonly #builder: SegmentBuilder
  readonly #policy: MergePolicy
  readonly #now: () => number
  #queue: Promise<unknown> = Promise.resolve()
  #mergeTimer: NodeJS.Timeout | null = null
  #merging: Promise<void> | null = null
  #closed = false

  private constructor(
    private readonly store: SegmentStore,
    private readonly options: SearchIndexOptions,
  ) {
    this.#builder = options.worker ? workerBuilder(options.worker, options.workerOptions) : inProcessBuilder()
    this.#policy = { ...DEFAULT_MERGE_POLICY, ...options.mergePolicy }
    this.#now = options.now ?? Date.now
  }

  /** Opens (or creates) the index in `<dataDir>/search`. Reads the manifest only. */
  static async open(dataDir: string, options: SearchIndexOptions = {}): Promise<SearchIndex> {
    const lock = options.lock ?? new WriteLock(dataDir)
    const store = await SegmentStore.open(dataDir, lock, options.damage ?? [], options.lazyPostingsFrom)
    return new SearchIndex(store, options)
  }

  /** Why the index is incomplete and repair() must run, or null. */
  get rebuildReason(): string | null {
    return this.store.rebuildReason
  }

  /**
   * Loads the segments not in memory yet, as a search would: a damaged or missing one is set aside, and
   * {@link rebuildReason} then says the index lost articles (so a caller can repair before answering).
   */
  async load(): Promise<void> {
    await this.store.views()
  }

  /**
   * Indexes articles; ones already indexed are replaced (their old copy becomes a tombstone). `step`: the
   * store's change that stored them, which keeps the index's stamp of being in step with the store.
   */
  add(articles: readonly Article[], step?: CatalogStep): Promise<void> {
    const docs = articles.map(toIndexDoc)
    return this.#serial(() => this.#addDocs(docs, step ? { step } : 'clear'))
  }

  /** Removes articles (tombstones; a segment left with no live article is dropped at once). */
  remove(ids: Iterable<string>, step?: CatalogStep): Promise<number> {
    const wanted = [...ids]
    return this.#serial(async () => {
      const removed = await this.store.commit(
        (manifest) => tombstone(this.store, manifest, wanted),
        step ? { step } : 'clear',
      )
      this.#scheduleMerge()
      return removed
    })
  }

  /**
   * Runs a query (see query-parse.ts for the syntax) with the options' filters and page; throws
   * SearchQueryError for a malformed one.
   */
  async search(query: string, options: SearchOptions = {}): Promise<SearchPage> {
    const started = performance.now()
    const compiled = compileQuery(query)
    const articles = this.options.articles
    const feedTitles = this.options.feedTitles?.() ?? new Map<string, string>()
    const views = await this.store.views()
    const execution = executeQuery(compiled, views, options, feedTitles)
    const page = await assemblePage({
      query: compiled,
      execution,
      views,
      options,
      feedTitles,
      load: options.load ?? (articles ? (id) => articles.get(id) : undefined),
      loadNow: articles?.getNow ? (id) => articles.getNow?.(id) ?? null : undefined,
    })
    return { ...page, tookMs: performance.now() - started }
  }

  /**
   * Every article a query matches (null: every article the options let through), by id: one pass over
   * the matches, no page, no snippets (what a smart feed's counts are counted from). A quoted phrase is
   * matched as its words (an upper bound, as a search's `totalIsExact: false` total is). Given an earlier
   * answer for the same query and options, it reads only the segments added since, when every segment
   * that answer read is still there unchanged (a sync adds segments; a merge, a removal or a repair
   * changes them, and then everything is read again).
   */
  async matchingIds(query: string | null, options: SearchOptions, before?: MatchedIds): Promise<MatchedIds> {
    const compiled = query === null ? null : compileQuery(query)
    const views = await this.store.views()
    const unchanged =
      before !== undefined &&
      [...before.seen].every(([segment, deleted]) =>
        views.some((view) => view.segment === segment && view.deleted === deleted),
      )
    const fresh = before && unchanged ? views.filter((view) => !before.seen.has(view.segment)) : views
    const ids = before && unchanged ? [...before.ids] : []
    const kept = ids.length
    if (compiled) {
      const titles = this.options.feedTitles?.() ?? new Map<string, string>()
      const { matches } = executeQuery(compiled, fresh, options, titles)
      for (let i = 0; i < matches.count; i++) {
        const segment = (fresh[matches.view[i] as number] as SegmentView).segment
        ids.push(segment.header.ids[matches.doc[i] as number] as string)
      }
    } else {
      for (const { segment, deleted } of fresh) {
        const feedIds = options.feedIds
        const allowed = feedIds ? segment.header.feeds.map((id) => feedIds.has(id)) : null
        for (let d = 0; d < segment.docCount; d++) {
          if (deleted?.[d] || (allowed && !allowed[segment.feedOf[d] as number])) continue
          const id = segment.header.ids[d] as string
          if (acceptsArticle(options, id, segment.sortTimes[d] as number)) ids.push(id)
        }
      }
    }
    return { seen: new Map(views.map((view) => [view.segment, view.deleted])), ids, kept }
  }

  /**
   * Brings the index in step with the store: indexes stored articles it lacks, tombstones ids the store no
   * longer has. After a crash between a store write and the index, on a damaged segment or a new analyzer,
   * this is what repairs it (a full rebuild when the index is empty).
   *
   * The check reads every stored id and every indexed one (at 500,000 articles, about a second). It is
   * skipped when the manifest's stamp says the index was in step with the catalog at the revision the
   * catalog is still at: every change to the catalog writes it under a new revision, and the stamp moves
   * on only with a change this index made from exactly the stamped revision (or a check like this one),
   * so another process's change, or a crash between a store write and the index's, leaves them apart.
   * `always`: check all the same (the benchmark measures the check beside its skip).
   */
  repair(
    onProgress?: (progress: IndexProgress) => void,
    { always = false }: { always?: boolean } = {},
  ): Promise<RepairResult> {
    const articles = this.options.articles
    if (!articles) throw new Error('repair needs the article store (options.articles)')
    return this.#serial(async () => {
      await this.store.refresh()
      const revision = articles.revision ? await articles.revision() : null
      const inStep = revision !== null && this.store.inStepWith === revision
      if (inStep && !always && this.store.rebuildReason === null) {
        const indexed = this.stats().articles
        return { added: 0, removed: 0, indexed, checked: false }
      }
      // Ids only: a fresh process's search checks every stored article, so at 500,000 the catalog's records
      // (~540 B each) would cost seconds where its ids files (~26 B) cost tens of milliseconds.
      const storedIds = articles.ids
        ? await articles.ids()
        : (await articles.list({ limit: Number.MAX_SAFE_INTEGER })).map((meta) => meta.id)
      const stored = new Set(storedIds)
      const indexed = this.store.liveIds()
      const extra = [...indexed].filter((id) => !stored.has(id))
      const missing = storedIds.filter((id) => !indexed.has(id))
      if (extra.length > 0) await this.store.commit((manifest) => tombstone(this.store, manifest, extra))
      let done = 0
      onProgress?.({ done, total: missing.length })
      for (let from = 0; from < missing.length; from += BUILD_CHUNK) {
        const chunk: Article[] = []
        await forEachLimited(missing.slice(from, from + BUILD_CHUNK), 16, async (id) => {
          const article = await articles.get(id)
          if (article) chunk.push(article)
        })
        await this.#addDocs(chunk.map(toIndexDoc))
        done = Math.min(missing.length, from + BUILD_CHUNK)
        onProgress?.({ done, total: missing.length })
      }
      this.store.rebuildReason = null
      // In step at `revision` when the catalog did not move while it was read (else the next check runs).
      const checked = revision !== null && (await articles.revision?.()) === revision ? revision : null
      const changed = extra.length > 0 || missing.length > 0
      if (changed || checked !== this.store.inStepWith)
        await this.store
          .commit(() => undefined, { checked })
          .catch((error: unknown) => {
            // Where the data dir cannot be written, the check runs again next time.
            if (!(error instanceof ReadOnlyDataDirError)) throw error
          })
      this.#scheduleMerge()
      return { added: missing.length, removed: extra.length, indexed: stored.size, checked: true }
    })
  }

  /** Drops the whole index and indexes every stored article again. */
  async rebuild(onProgress?: (progress: IndexProgress) => void): Promise<RepairResult> {
    await this.#serial(() =>
      this.store.commit((manifest) => {
        manifest.segments = []
      }),
    )
    return this.repair(onProgress)
  }

  /** Runs the merge policy now (`force`: merge every bucket fully and purge every tombstone). */
  merge(force = false): Promise<void> {
    if (this.#mergeTimer) clearTimeout(this.#mergeTimer)
    this.#mergeTimer = null
    const run = async (): Promise<void> => {
      for (;;) {
        const groups = planMerges(this.store.entries, this.#now(), this.#policy, force)
        if (groups.length === 0 || this.#closed) return
        for (const group of groups) await this.#mergeGroup(group)
      }
    }
    const previous = this.#merging ?? Promise.resolve()
    const merging = previous.then(run)
    this.#merging = merging.finally(() => {
      if (this.#merging === merging) this.#merging = null
    })
    return merging
  }

  /** Resolves once queued changes and background merges are done. */
  async idle(): Promise<void> {
    await this.#queue
    if (this.#mergeTimer) await this.merge()
    await this.#merging
  }

  /** Counts for status displays and tests. */
  stats(): { articles: number; segments: number; tombstones: number; bytes: number } {
    const entries = this.store.entries
    return {
      articles: entries.reduce((sum, entry) => sum + entry.docCount - entry.deleted.length, 0),
      segments: entries.length,
      tombstones: entries.reduce((sum, entry) => sum + entry.deleted.length, 0),
      bytes: entries.reduce((sum, entry) => sum + entry.bytes, 0),
    }
  }

  /** Waits for work in progress, then stops the worker. */
  async close(): Promise<void> {
    if (this.#mergeTimer) clearTimeout(this.#mergeTimer)
    this.#mergeTimer = null
    this.#closed = true
    await this.#queue.catch(() => undefined)
    await this.#merging?.catch(() => undefined)
    await this.#builder.close()
    await this.store.close()
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the search index is closed'))
    const result = this.#queue.then(task)
    this.#queue = result.catch(() => undefined)
    return result
  }

  /** Builds one segment per time bucket (and per 2,000 articles), then names them all in one commit. */
  async #addDocs(docs: IndexDoc[], stamp: StampChange = 'clear'): Promise<void> {
    const unique = [...new Map(docs.map((doc) => [doc.id, doc])).values()]
    if (unique.length === 0) return
    const now = this.#now()
    const buckets = new Map<string, IndexDoc[]>()
    for (const doc of unique) {
      const bucket = bucketOf(doc.sortTime, now)
      const members = buckets.get(bucket)
      if (members) members.push(doc)
      else buckets.set(bucket, [doc])
    }
    const built: BuiltSegment[] = []
    for (const group of buckets.values()) {
      for (let from = 0; from < group.length; from += BUILD_CHUNK) {
        const chunk = group.slice(from, from + BUILD_CHUNK)
        const bytes = await this.#builder.build(chunk)
        const name = await this.store.writeSegment(bytes)
        this.store.adopt(name, decodeSegment(bytes))
        built.push({ name, docs: chunk, bytes: bytes.length })
      }
    }
    await this.store.commit((manifest) => {
      tombstone(
        this.store,
        manifest,
        unique.map((doc) => doc.id),
      )
      manifest.segments.push(...built.map(entryOf))
    }, stamp)
    this.#scheduleMerge()
  }

  /** Merges a group of segments off the queue, then swaps them for the result in one commit. */
  async #mergeGroup(names: string[]): Promise<void> {
    const sources = names.flatMap((name) => {
      const entry = this.store.entries.find((candidate) => candidate.name === name)
      return entry ? [{ name, deletedCount: entry.deleted.length, deleted: [...entry.deleted] }] : []
    })
    if (sources.length !== names.length) return
    const bytes = await this.#builder.merge(
      sources.map((source) => ({ path: this.store.pathOf(source.name), deleted: source.deleted })),
    )
    const name = await this.store.writeSegment(bytes)
    // Opened from the file just written, as a fresh process opens it: a merge's large postings stay on
    // disk here too (a long-running app would otherwise come to hold every merged segment whole).
    const segment = await openSegmentFile(this.store.pathOf(name), this.options.lazyPostingsFrom)
    const merged = { name, segment, bytes: bytes.length }
    let adopted = false
    try {
      await this.#serial(() =>
        this.store.commit((manifest) => {
          const entry = swapMerged(manifest, sources, merged)
          if (entry) this.store.adopt(name, segment)
          adopted = entry !== null
        }, 'keep'),
      )
    } finally {
      if (!adopted) {
        await segment.close()
        await this.store.discard(name)
      }
    }
  }

  #scheduleMerge(): void {
    if (this.options.autoMerge === false || this.#closed || this.#mergeTimer) return
    this.#mergeTimer = setTimeout(() => {
      this.#mergeTimer = null
      this.merge().catch(() => undefined)
    }, this.options.mergeDelayMs ?? 2_000)
    this.#mergeTimer.unref()
  }
}

/** The articles a query matched, and what it read (each segment and its deletions then). */
export interface MatchedIds {
  seen: Map<Segment, Uint8Array | null>
  ids: string[]
  /** How many of `ids`, first, are the `before` given (the segments it saw, unchanged): 0 when none. */
  kept: number
}

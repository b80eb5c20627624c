import { join } from 'node:path'
import type { Article, ArticleMeta } from '../../../shared/types'
import { ArticleCatalog, partitionOf, type PartitionChange } from './article-catalog'
import type { ArticleRef, RefMatch } from './week-ids'
import { BodyFiles } from './body-files'
import { inThreadBodies, type BodyWriter } from './body-writer'
import type { DamageNotice } from '../../../shared/contract'
import { forEachLimited } from '../for-each-limited'
import { metaOf, sortTimeOf } from './article-meta'
import type { WriteLock } from './write-lock'

const IO_PARALLELISM = 16

/** What a put did with each article. */
export interface PutResult {
  added: string[]
  updated: string[]
  unchanged: string[]
}

/**
 * Told of every change to the store, whoever made it (sync, save, retention, unsubscribe): the search
 * index keeps in step through this. Called after the write lock is released; a listener's failure is
 * reported, not thrown, because the store change already happened (the index repairs itself on open).
 */
export interface StoreListener {
  stored?: (result: PutResult, articles: Article[], step: CatalogStep) => Promise<void> | void
  removed?: (metas: ArticleMeta[], step: CatalogStep) => Promise<void> | void
}

/**
 * The catalog's revision just before a change and just after it, read under the write lock: a copy kept
 * in step with the store at `before` (the search index) is in step at `after` once it has made the change.
 */
export interface CatalogStep {
  before: string | null
  after: string | null
}

/** How a {@link ArticleStore.put} goes. */
export interface PutOptions {
  /**
   * Articles that are, unchanged, what {@link ArticleStore.get} returned (a sync keeps an unchanged item's
   * stored article as it is): when listed, they are not read again to be compared.
   */
  asStored?: ReadonlySet<Article>
  /**
   * Called once the store's part is over (the bodies on disk and the catalog naming them, or a failure),
   * before the listeners are told: a writer of many batches starts its next one here, while the index
   * takes this one in.
   */
  onStored?: () => void
}

/** Which records to list: newest first, optionally only some feeds, older than `before`, matching `filter`. */
export interface CatalogQuery {
  feedIds?: ReadonlySet<string>
  before?: number
  limit: number
  filter?: (meta: ArticleMeta) => boolean
}

/**
 * The articles cached for offline reading: each article's body is a file of its own ({@link BodyFiles});
 * the {@link ArticleCatalog} indexes them by week for listing. A body is written before the catalog names it, so a crash leaves at worst an
 * unlisted body, which the next put of that article or a catalog rebuild picks up.
 */
export class ArticleStore {
  readonly #bodies: BodyFiles
  readonly #catalog: ArticleCatalog
  readonly #listeners = new Set<StoreListener>()

  private constructor(
    articlesDir: string,
    dataDir: string,
    private readonly lock: WriteLock,
    private readonly reports: DamageNotice[],
    writer: BodyWriter,
  ) {
    this.#bodies = new BodyFiles(join(articlesDir, 'bodies'), dataDir, reports, writer)
    // Recovery of a week's records: read from every body.
    this.#catalog = new ArticleCatalog(articlesDir, dataDir, lock, reports, (week) =>
      this.#bodies.metasWhere((meta) => partitionOf(meta.sortTime) === week),
    )
  }

  /**
   * Opens the store: reads the small manifest only; weeks and bodies load when asked for. `bodies`: what
   * writes article bodies (default: this thread; a sync's process gives its worker, body-writer.ts).
   */
  static async open(
    dataDir: string,
    lock: WriteLock,
    reports: DamageNotice[],
    bodies: BodyWriter = inThreadBodies,
  ): Promise<ArticleStore> {
    const store = new ArticleStore(join(dataDir, 'articles'), dataDir, lock, reports, bodies)
    await store.#catalog.refresh()
    return store
  }

  /** Ends the body writer's worker, if it has one (the store still reads, and writes on this thread). */
  async close(): Promise<void> {
    await this.#bodies.close()
  }

  /** Adds a listener for changes; returns the function that removes it. */
  subscribe(listener: StoreListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async #notify(call: (listener: StoreListener) => Promise<void> | void): Promise<void> {
    for (const listener of this.#listeners) {
      try {
        await call(listener)
      } catch (error) {
        this.reports.push({
          file: 'search index',
          keptAt: '',
          reason: error instanceof Error ? error.message : String(error),
          action: 'the index will be brought in step with the store when it next opens',
        })
      }
    }
  }

  /**
   * Stores articles: new ones are added, changed ones replace their copy, identical ones are left alone.
   * Resolves once the listeners (the search index) have been told.
   */
  async put(articles: Article[], options: PutOptions = {}): Promise<PutResult> {
    const step: CatalogStep = { before: null, after: null }
    let result: PutResult
    try {
      result = await this.#put(articles, step, options.asStored)
    } finally {
      options.onStored?.()
    }
    if (result.added.length + result.updated.length > 0)
      await this.#notify((l) => l.stored?.(result, articles, step))
    return result
  }

  async #put(articles: Article[], step: CatalogStep, asStored?: ReadonlySet<Article>): Promise<PutResult> {
    const result: PutResult = { added: [], updated: [], unchanged: [] }
    if (articles.length === 0) return result
    return this.lock.run(async () => {
      await this.#catalog.refresh()
      step.before = this.#catalog.revision
      const changes = new Map<string, PartitionChange>()
      const change = (week: string): PartitionChange => {
        let entry = changes.get(week)
        if (!entry) changes.set(week, (entry = { remove: new Set(), put: [] }))
        return entry
      }
      const listedIn = new Map<string, Promise<Set<string>>>()
      const isListed = async (meta: Pick<ArticleMeta, 'id' | 'sortTime'>): Promise<boolean> => {
        const week = partitionOf(meta.sortTime)
        let ids = listedIn.get(week)
        if (!ids)
          listedIn.set(week, (ids = this.#catalog.load(week).then((ms) => new Set(ms.map((m) => m.id)))))
        return (await ids).has(meta.id)
      }
      // A feed with nothing listed (a new subscription's first sync) has no stored copy worth reading: at
      // most a body a crash left unlisted, which the new one replaces (and lists) all the same.
      const listedFeeds = this.#catalog.feedCounts()
      // Written together once all are known (their flushes grouped): before the catalog names any.
      const bodies: Article[] = []
      await forEachLimited(dedupeById(articles), IO_PARALLELISM, async (article) => {
        if (asStored?.has(article) && (await isListed({ id: article.id, sortTime: sortTimeOf(article) }))) {
          result.unchanged.push(article.id)
          return
        }
        const previous = listedFeeds.has(article.feedId) ? await this.get(article.id) : null
        if (previous && sameContent(previous, article)) {
          const meta = metaOf(previous)
          if (await isListed(meta)) {
            result.unchanged.push(article.id)
            return
          }
          // Its body was written but the process died before the catalog named it: list it now, as new
          // (no one has seen it), or it would stay unlisted and unsearchable for good.
          change(partitionOf(meta.sortTime)).put.push(meta)
          result.added.push(article.id)
          return
        }
        const stored = previous ? { ...article, fetchedAt: previous.fetchedAt } : article
        bodies.push(stored)
        const meta = metaOf(stored)
        if (previous) change(partitionOf(sortTimeOf(previous))).remove.add(article.id)
        change(partitionOf(meta.sortTime)).put.push(meta)
        ;(previous ? result.updated : result.added).push(article.id)
      })
      await this.#bodies.write(bodies)
      for (const entry of changes.values()) for (const meta of entry.put) entry.remove.add(meta.id)
      await this.#catalog.apply(changes)
      step.after = this.#catalog.revision
      return result
    })
  }

  /** The whole article, or null when there is none. A damaged file is quarantined and reported. */
  get(id: string): Promise<Article | null> {
    return this.#bodies.get(id)
  }

  /**
   * One article for the reader, read synchronously: it is one small file, and an async read waits
   * behind every file operation a running sync has queued. Bulk reads (sync, repair, metas) use {@link get}.
   */
  getNow(id: string): Article | null {
    return this.#bodies.getNow(id)
  }

  /**
   * The ids of the stored articles that start with `prefix` (two or more characters: the first two name
   * the body's folder, so only that folder is read).
   */
  idsStartingWith(prefix: string): Promise<string[]> {
    return this.#bodies.idsStartingWith(prefix)
  }

  /** Newest first, reading only as many weeks as it takes to fill the page. */
  async list(query: CatalogQuery): Promise<ArticleMeta[]> {
    await this.#catalog.refresh()
    const found: ArticleMeta[] = []
    for (const week of this.#catalog.weeks()) {
      if (query.before !== undefined && Date.parse(week) >= query.before) continue
      const info = this.#catalog.info(week)
      if (query.feedIds && info && ![...query.feedIds].some((feedId) => info.feeds[feedId])) continue
      const metas = query.feedIds
        ? await this.#catalog.loadOf(week, query.feedIds)
        : await this.#catalog.load(week)
      for (const meta of metas) {
        if (query.before !== undefined && meta.sortTime >= query.before) continue
        if (query.feedIds && !query.feedIds.has(meta.feedId)) continue
        if (query.filter && !query.filter(meta)) continue
        found.push(meta)
        if (found.length >= query.limit) return found
      }
    }
    return found
  }

  /**
   * Every article of `feedIds` (all when omitted) that `match` selects, as {@link ArticleRef}s in no
   * particular order: read from each week's small ids file, not its records ("mark all read" of a whole
   * library in a fresh process). Weeks found without a current ids file get one afterwards, where the
   * data dir can be written.
   */
  async refsWhere(match: RefMatch, feedIds?: ReadonlySet<string>): Promise<ArticleRef[]> {
    await this.#catalog.refresh()
    const found: ArticleRef[] = []
    const stale: string[] = []
    for (const week of this.#catalog.weeks()) {
      const info = this.#catalog.info(week)
      if (feedIds && info && ![...feedIds].some((feedId) => info.feeds[feedId])) continue
      for (const ref of await this.#catalog.refs(week, feedIds, (w) => stale.push(w), match)) found.push(ref)
    }
    const behind = this.#catalog.takeIdsBehindLogs()
    if (stale.length > 0 || behind.length > 0)
      await this.lock
        .run(async () => {
          await this.#catalog.writeIds(stale)
          await this.#catalog.writeIdsWithLogs(behind)
        })
        .catch(() => {
          // A read-only data dir, or a busy one: the records served, and the next time writes them.
        })
    return found
  }

  /** The catalog's revision now (null: unknown): it changes with every change to the stored articles. */
  async revision(): Promise<string | null> {
    await this.#catalog.refresh()
    return this.#catalog.revision
  }

  /** Every stored article's id, from the weeks' ids files ({@link refsWhere}): what search's repair checks. */
  async ids(): Promise<string[]> {
    return (await this.refsWhere(() => true)).map((ref) => ref.id)
  }

  /** Catalog records of these ids (read from their bodies), newest first. */
  async metas(ids: Iterable<string>): Promise<ArticleMeta[]> {
    const metas: ArticleMeta[] = []
    await forEachLimited([...ids], IO_PARALLELISM, async (id) => {
      const article = await this.get(id)
      if (article) metas.push(metaOf(article))
    })
    return metas.sort((a, b) => b.sortTime - a.sortTime)
  }

  /** Articles per feed. */
  async feedCounts(): Promise<Map<string, number>> {
    await this.#catalog.refresh()
    return this.#catalog.feedCounts()
  }

  async total(): Promise<number> {
    await this.#catalog.refresh()
    return this.#catalog.total()
  }

  /**
   * Removes every article that `match` selects (only weeks holding `feedIds` are opened when given),
   * bodies included, and returns what went.
   */
  async removeWhere(
    match: (meta: ArticleMeta) => boolean,
    feedIds?: ReadonlySet<string>,
  ): Promise<ArticleMeta[]> {
    const step: CatalogStep = { before: null, after: null }
    const removed = await this.#removeWhere(match, step, feedIds)
    if (removed.length > 0) await this.#notify((l) => l.removed?.(removed, step))
    return removed
  }

  async #removeWhere(
    match: (meta: ArticleMeta) => boolean,
    step: CatalogStep,
    feedIds?: ReadonlySet<string>,
  ): Promise<ArticleMeta[]> {
    return this.lock.run(async () => {
      await this.#catalog.refresh()
      step.before = this.#catalog.revision
      const removed: ArticleMeta[] = []
      const changes = new Map<string, PartitionChange>()
      for (const week of this.#catalog.weeks()) {
        const info = this.#catalog.info(week)
        if (feedIds && info && ![...feedIds].some((feedId) => info.feeds[feedId])) continue
        const gone = (await this.#catalog.load(week)).filter(match)
        if (gone.length === 0) continue
        removed.push(...gone)
        changes.set(week, { remove: new Set(gone.map((meta) => meta.id)), put: [] })
      }
      await this.#catalog.apply(changes)
      step.after = this.#catalog.revision
      await this.#bodies.remove(removed.map((meta) => meta.id))
      return removed
    })
  }
}

/** Equal apart from when we fetched it: a resync of an unchanged item writes nothing. */
function sameContent(a: Article, b: Article): boolean {
  return JSON.stringify({ ...a, fetchedAt: '' }) === JSON.stringify({ ...b, fetchedAt: '' })
}

function dedupeById(articles: Article[]): Article[] {
  return [...new Map(articles.map((article) => [article.id, article])).values()]
}

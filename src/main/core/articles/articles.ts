import type { ArticleListQuery } from '../../../shared/contract'
import type { Article, ArticleListItem, ArticleMeta, ArticleView } from '../../../shared/types'
import { plainLine } from '../content/text'
import { UserError } from '../errors'
import { MIN_ID_PREFIX, resolveIdPrefix } from '../id-prefix'
import type { ArticleStore, CatalogQuery, PutOptions, PutResult, StoreListener } from '../store/article-store'
import type { Subscriptions } from '../subscriptions/subscriptions'
import type { Flags } from '../flags/flags'

const DEFAULT_PAGE = 100

/**
 * The articles service: what is cached for offline reading, listed newest first with its flags, opened
 * one at a time, stored by syncs and saves, removed by retention and unsubscribing.
 */
export class Articles {
  readonly #store: ArticleStore
  readonly #flags: Flags
  readonly #subscriptions: Subscriptions

  constructor(store: ArticleStore, flags: Flags, subscriptions: Subscriptions) {
    this.#store = store
    this.#flags = flags
    this.#subscriptions = subscriptions
  }

  /** Articles newest first with their flags; the query's filters combine. */
  async list(query: ArticleListQuery = {}): Promise<ArticleListItem[]> {
    const limit = query.limit ?? DEFAULT_PAGE
    const isRead = this.#flags.readReader()
    const bookmarked = this.#flags.bookmarkedIds()
    const hidden = this.#flags.hiddenIds()
    const feedIds = this.#subscriptions.scope(query)
    // Hidden (muted) articles are in no list but their own (`hidden`).
    const keep = (meta: ArticleMeta): boolean =>
      (!query.unread || !isRead(meta)) &&
      (query.before === undefined || meta.sortTime < query.before) &&
      hidden.has(meta.id) === (query.hidden === true) &&
      (!query.hidden || !query.bookmarked || bookmarked.has(meta.id))
    let metas: ArticleMeta[]
    if (query.bookmarked || query.hidden) {
      // Bookmarks (and hidden ones) are few and may be years old: read them directly instead of scanning
      // every week.
      metas = (await this.#store.metas(query.hidden ? hidden : bookmarked))
        .filter((meta) => (!feedIds || feedIds.has(meta.feedId)) && keep(meta))
        .slice(0, limit)
    } else {
      metas = await this.#store.list({ feedIds, before: query.before, limit, filter: keep })
    }
    const flagsOf = this.#flags.reader()
    return metas.map((meta) => ({ ...meta, ...flagsOf(meta) }))
  }

  /**
   * One cached article with its flags, for the reader; never touches the network. Its one small file is
   * read at once: an async read would wait behind every file operation a running sync has queued.
   */
  async open(id: string): Promise<ArticleView> {
    const article = this.#store.getNow(id)
    if (!article) throw new UserError(`no article with id ${id}`)
    return { ...article, ...this.#flags.of(article) }
  }

  /**
   * The article an id or a unique start of one (6+ characters) names, as people type them (see
   * resolveIdPrefix); an ambiguous start lists the articles it matches by title.
   */
  async resolveId(input: string): Promise<string> {
    const wanted = input.trim().toLowerCase()
    const ids = wanted.length >= MIN_ID_PREFIX ? await this.#store.idsStartingWith(wanted) : []
    const candidates = await Promise.all(
      ids.slice(0, 20).map(async (id) => ({ id, label: (await this.#store.get(id))?.title ?? 'unreadable' })),
    )
    // Past the first 20, only their ids: the error lists a few and counts the rest.
    for (const id of ids.slice(20)) candidates.push({ id, label: '' })
    return resolveIdPrefix('article', input, candidates)
  }

  /** The stored article, or null (a sync compares against it). */
  get(id: string): Promise<Article | null> {
    return this.#store.get(id)
  }

  /** Ends the store's writer thread, if it has one (the process is done with the core). */
  close(): Promise<void> {
    return this.#store.close()
  }

  /**
   * Stores articles (see ArticleStore#put), their titles and authors as plain lines whoever built them:
   * the builders clean them already, and this is where no other way in can skip it.
   */
  put(articles: Article[], options: PutOptions = {}): Promise<PutResult> {
    return this.#store.put(articles.map(withPlainText), options)
  }

  /** The catalog records of these ids (those that exist), without flags. */
  metas(ids: Iterable<string>): Promise<ArticleMeta[]> {
    return this.#store.metas(ids)
  }

  /** Catalog records newest first, without flags (retention, blob clean-up). */
  catalog(query: CatalogQuery): Promise<ArticleMeta[]> {
    return this.#store.list(query)
  }

  /** Removes what `match` selects, bodies included (see ArticleStore#removeWhere). */
  removeWhere(match: (meta: ArticleMeta) => boolean, feedIds?: ReadonlySet<string>): Promise<ArticleMeta[]> {
    return this.#store.removeWhere(match, feedIds)
  }

  /** Articles per feed. */
  feedCounts(): Promise<Map<string, number>> {
    return this.#store.feedCounts()
  }

  total(): Promise<number> {
    return this.#store.total()
  }

  /** Told of every change to the stored articles (search keeps in step through this). */
  onChange(listener: StoreListener): () => void {
    return this.#store.subscribe(listener)
  }
}

/** The article with its title and author as plain lines; the same object when they are already. */
function withPlainText(article: Article): Article {
  const title = plainLine(article.title) || 'Untitled'
  const author = article.author === null ? null : plainLine(article.author) || null
  return title === article.title && author === article.author ? article : { ...article, title, author }
}

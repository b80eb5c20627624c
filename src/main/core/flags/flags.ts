import { SAVED_FEED_ID, type ArticleFlags, type ArticleMeta } from '../../../shared/types'
import { UserError } from '../errors'
import { metaOf } from '../store/article-meta'
import type { ArticleRef } from '../store/week-ids'
import type { ArticleStore } from '../store/article-store'
import type { FlagsFile } from '../store/flags-file'
import type { ReadChange } from '../store/flags-state'

/** The states a server account keeps of an item; `starred` is Broadsheet's bookmark. */
export type RemoteState = 'read' | 'starred'

/**
 * Where a change to an article of a server account is recorded, durably, before it is made here, so that
 * it reaches the server (accounts/ implements it; see Accounts#beforeChange).
 */
export interface RemoteFlags {
  beforeChange(articles: readonly ArticleRef[], state: RemoteState, value: boolean): Promise<void>
}

/**
 * The flags service: read, bookmarked and hidden, as the user set them (flags.json and flags.log:
 * store/flags-file.ts), and every change to them.
 */
export class Flags {
  readonly #file: FlagsFile
  readonly #store: ArticleStore
  #remote: RemoteFlags | null = null

  constructor(file: FlagsFile, store: ArticleStore) {
    this.#file = file
    this.#store = store
  }

  /** Connects the accounts, which send changes to their articles on to their servers. */
  connectRemote(remote: RemoteFlags): void {
    this.#remote = remote
  }

  /** An article's flags as they are now. */
  of(article: { id: string; feedId: string }): ArticleFlags {
    return this.reader()(article)
  }

  /**
   * The flags of many articles, as they are now: the sets are looked up once (each lookup checks that
   * flags.json and its log are as read), not once per article. Read ones are looked up in their feed's
   * ids: no set of every read id is built.
   */
  reader(): (article: { id: string; feedId: string }) => ArticleFlags {
    const read = this.#file.reads()
    const bookmarked = this.#file.bookmarkedIds()
    const hidden = this.#file.hiddenIds()
    return (article) => ({
      read: read.has(article.feedId, article.id),
      bookmarked: bookmarked.has(article.id),
      saved: article.feedId === SAVED_FEED_ID,
      ...(hidden.has(article.id) && { hidden: true as const }),
    })
  }

  /** Whether articles are read, looked up in their feeds' read ids (see {@link reader}). */
  readReader(): (article: { id: string; feedId: string }) => boolean {
    const read = this.#file.reads()
    return (article) => read.has(article.feedId, article.id)
  }

  /**
   * Every read article id, as one set (shared: do not change it). Built on first need (~0.2 µs an id):
   * where the articles' feeds are known, {@link readReader} needs no such set.
   */
  readIds(): ReadonlySet<string> {
    return this.#file.readIds()
  }

  /** Shared: do not change it. */
  bookmarkedIds(): ReadonlySet<string> {
    return this.#file.bookmarkedIds()
  }

  /**
   * A token for the flags as they are now (read, bookmarked, hidden): the same object until one changes,
   * here or in another process. Counts worked out from the flags can be kept under it.
   */
  stamp(): object {
    return this.#file.stamp()
  }

  /**
   * The read flags changed since {@link stamp} gave `stamp`, in order, for a count that follows them; null
   * when that cannot be told (anything else changed too, or too much): the count is made again.
   */
  readChangesSince(stamp: object): readonly ReadChange[] | null {
    return this.#file.readChangesSince(stamp)
  }

  /** Every hidden (muted) article id (shared: do not change it). */
  hiddenIds(): ReadonlySet<string> {
    return this.#file.hiddenIds()
  }

  /**
   * How many articles of each feed are hidden, and of those how many unread: what every count leaves out.
   * Hidden articles are few next to read ones; they are counted when asked.
   */
  hiddenCounts(): Map<string, { total: number; unread: number }> {
    const read = this.#file.reads()
    const counts = new Map<string, { total: number; unread: number }>()
    for (const [feedId, ids] of Object.entries(this.#file.hiddenByFeed()))
      counts.set(feedId, { total: ids.length, unread: ids.filter((id) => !read.has(feedId, id)).length })
    return counts
  }

  /**
   * Hides articles (muted: out of every list and count, still found with is:hidden) or shows them again.
   * Local only: a server account never hears of it. An unknown id fails the whole request.
   */
  async setHidden(ids: readonly string[], hidden: boolean): Promise<void> {
    const articles = await this.#store.metas(ids)
    if (articles.length < new Set(ids).size) {
      const found = new Set(articles.map((article) => article.id))
      throw new UserError(`no article with id ${ids.find((id) => !found.has(id))}`)
    }
    await this.#file.setHidden(articles, hidden)
  }

  /**
   * The rules' changes to articles they have the records of (no article is read again), in one write:
   * read and bookmarked as a person's (a server account hears of them), hidden here only.
   */
  async applyRuleChanges(change: {
    read: readonly ArticleMeta[]
    bookmark: readonly ArticleMeta[]
    hide: readonly ArticleMeta[]
  }): Promise<void> {
    if (change.read.length > 0) await this.#remote?.beforeChange(change.read, 'read', true)
    if (change.bookmark.length > 0) await this.#remote?.beforeChange(change.bookmark, 'starred', true)
    await this.#file.setMany(
      { read: change.read, bookmarked: change.bookmark.map((meta) => meta.id), hidden: change.hide },
      true,
    )
  }

  /** How many articles of each feed are read (shared: do not change it). */
  readCounts(): ReadonlyMap<string, number> {
    return this.#file.readCounts()
  }

  /** Marks articles read or unread; an unknown id fails the whole request and changes nothing. */
  async setRead(ids: readonly string[], read: boolean): Promise<void> {
    // Up to 100,000 ids may come: their bodies are read for their feeds a few at a time, without blocking.
    const articles = await this.#store.metas(ids)
    if (articles.length < new Set(ids).size) {
      const found = new Set(articles.map((article) => article.id))
      throw new UserError(`no article with id ${ids.find((id) => !found.has(id))}`)
    }
    await this.#remote?.beforeChange(articles, 'read', read)
    await this.#file.setRead(articles, read)
  }

  /**
   * Marks every article of these feeds (every article when omitted) read — `only`: of these articles
   * only; returns how many changed.
   */
  async markAllRead(feedIds?: ReadonlySet<string>, only?: ReadonlySet<string>): Promise<number> {
    return (await this.markAllReadUndoably(feedIds, only)).changed
  }

  /**
   * As {@link markAllRead}, with the way back: `undo` marks unread again exactly the articles this marked
   * (those read before stay read; those gone since are skipped). `only`: of these articles only.
   */
  async markAllReadUndoably(
    feedIds?: ReadonlySet<string>,
    only?: ReadonlySet<string>,
  ): Promise<{ changed: number; undo: () => Promise<void> }> {
    // The weeks' ids files, not their records: a fresh process reads ~21 bytes an article, not ~540.
    const isRead = this.#file.reads().lookup()
    const unread = await this.#store.refsWhere(
      (id, feedId) => !isRead(feedId, id) && (!only || only.has(id)),
      feedIds,
    )
    await this.#remote?.beforeChange(unread, 'read', true)
    await this.#file.setRead(unread, true)
    const undo = async (): Promise<void> => {
      const marked = new Set(unread.map((ref) => ref.id))
      const still = await this.#store.refsWhere((id) => marked.has(id), feedIds)
      await this.#remote?.beforeChange(still, 'read', false)
      await this.#file.setRead(still, false)
    }
    return { changed: unread.length, undo }
  }

  async setBookmarked(id: string, bookmarked: boolean): Promise<void> {
    const article = this.#store.getNow(id)
    if (!article) throw new UserError(`no article with id ${id}`)
    await this.#remote?.beforeChange([metaOf(article)], 'starred', bookmarked)
    await this.#file.setBookmarked([id], bookmarked)
  }

  /**
   * Takes a server's state as it is (a sync's reconciliation): changes nothing the server must hear of.
   * Articles carry their feed so read counts stay per feed.
   */
  async applyRemote(change: {
    read?: ArticleMeta[]
    unread?: ArticleMeta[]
    bookmark?: string[]
    unbookmark?: string[]
  }): Promise<void> {
    await this.#file.setRead(change.read ?? [], true)
    await this.#file.setRead(change.unread ?? [], false)
    await this.#file.setBookmarked(change.bookmark ?? [], true)
    await this.#file.setBookmarked(change.unbookmark ?? [], false)
  }

  /** Writes the flags whole now, folding in the log of changes (it happens by itself): tests, the bench. */
  async compact(): Promise<void> {
    await this.#file.compact()
  }

  /** Drops the flags of articles that no longer exist (retention, unsubscribe). */
  async forget(articles: readonly { id: string; feedId: string }[]): Promise<void> {
    await this.#file.forgetArticles([...articles])
  }
}

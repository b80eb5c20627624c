import { SAVED_FEED_ID, type ArticleFlags } from '../../../shared/types'
import { UserError } from '../errors'
import type { ArticleStore } from '../store/article-store'
import type { FlagsFile } from '../store/flags-file'

/** The flags service: read and bookmarked, as the user set them (flags.json), and every change to them. */
export class Flags {
  readonly #file: FlagsFile
  readonly #store: ArticleStore

  constructor(file: FlagsFile, store: ArticleStore) {
    this.#file = file
    this.#store = store
  }

  /** An article's flags as they are now. */
  of(article: { id: string; feedId: string }): ArticleFlags {
    return {
      read: this.#file.readIds().has(article.id),
      bookmarked: this.#file.bookmarkedIds().has(article.id),
      saved: article.feedId === SAVED_FEED_ID,
    }
  }

  /** Every read article id (shared: do not change it). */
  readIds(): ReadonlySet<string> {
    return this.#file.readIds()
  }

  /** Shared: do not change it. */
  bookmarkedIds(): ReadonlySet<string> {
    return this.#file.bookmarkedIds()
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
    await this.#file.setRead(articles, read)
  }

  /** Marks every article of these feeds (every article when omitted) read; returns how many changed. */
  async markAllRead(feedIds?: ReadonlySet<string>): Promise<number> {
    const read = this.#file.readIds()
    const unread = await this.#store.list({
      feedIds,
      limit: Number.MAX_SAFE_INTEGER,
      filter: (meta) => !read.has(meta.id),
    })
    await this.#file.setRead(unread, true)
    return unread.length
  }

  async setBookmarked(id: string, bookmarked: boolean): Promise<void> {
    if (!this.#store.getNow(id)) throw new UserError(`no article with id ${id}`)
    await this.#file.setBookmarked(id, bookmarked)
  }

  /** Drops the flags of articles that no longer exist (retention, unsubscribe). */
  async forget(articles: readonly { id: string; feedId: string }[]): Promise<void> {
    await this.#file.forgetArticles([...articles])
  }
}

import { mkdirSync } from 'node:fs'
import type {
  ArticleFlags,
  ArticleListItem,
  ArticleMeta,
  ArticleQuery,
  ArticleView,
  Feed,
  FeedSummary,
  OpmlImportResult,
} from '../../shared/types'
import { SAVED_FEED_ID } from '../../shared/types'
import { ArticleStore } from './store/article-store'
import { BlobStore } from './store/blob-store'
import { type ConfFactory, defaultConfFactory, openConfFile } from './store/conf-file'
import { configOptions, flagsOptions } from './store/config-schema'
import type { DamageReport } from './store/files'
import { FOLDER_SEPARATOR, Library, UserError } from './store/library'
import { readOpml, writeOpml } from './subscriptions/opml'
import { WriteLock } from './store/write-lock'

export interface OpenOptions {
  dataDir: string
  /** electron-store in the app; conf everywhere else. */
  confFactory?: ConfFactory
  /** How long a write waits for another process holding the data dir (ms). */
  lockWaitMs?: number
}

// The renderer shows these too, so they live in shared; re-exported for core's callers.
export type { ArticleView, FeedSummary, OpmlImportResult } from '../../shared/types'

export interface ListOptions extends ArticleQuery {
  folderId?: string
}

const DEFAULT_PAGE = 100

/**
 * Broadsheet's core over one data dir: the entry point that the Electron shell, the browser preview and
 * the CLI all use. Plain Node; no electron.
 */
export class Broadsheet {
  private constructor(
    readonly dataDir: string,
    readonly library: Library,
    readonly articles: ArticleStore,
    readonly blobs: BlobStore,
    readonly lock: WriteLock,
    /** Damaged files found (and set aside) while this library was open; the UI and CLI report them. */
    readonly damage: DamageReport[],
  ) {}

  static async open(options: OpenOptions): Promise<Broadsheet> {
    const { dataDir } = options
    mkdirSync(dataDir, { recursive: true })
    const damage: DamageReport[] = []
    const lock = new WriteLock(dataDir, { waitMs: options.lockWaitMs })
    const factory = options.confFactory ?? defaultConfFactory
    // Opening may restore a damaged file from its backup: do it under the lock another process honours.
    const library = await lock.run(
      () =>
        new Library(
          openConfFile(dataDir, configOptions(dataDir), factory, damage),
          openConfFile(dataDir, flagsOptions(dataDir), factory, damage),
          lock,
        ),
    )
    const articles = await ArticleStore.open(dataDir, lock, damage)
    return new Broadsheet(dataDir, library, articles, new BlobStore(dataDir), lock, damage)
  }

  /**
   * Subscribes to a feed URL (http or https) as given, optionally in a folder path such as "Tech/Rust".
   * The sync engine's `subscribe` finds the feed behind a website first.
   */
  async subscribe(
    url: string,
    options: { folder?: string; title?: string; siteUrl?: string | null } = {},
  ): Promise<Feed> {
    const parsed = parseWebUrl(url)
    const folderId = options.folder
      ? await this.library.ensureFolder(options.folder.split(FOLDER_SEPARATOR))
      : null
    return this.library.addFeed({ url: parsed, title: options.title, siteUrl: options.siteUrl, folderId })
  }

  /** Unsubscribes: the feed's articles go, except bookmarked ones, which stay readable. */
  async unsubscribe(feedId: string): Promise<{ feed: Feed; removed: number; kept: number }> {
    const feed = this.library.requireFeed(feedId)
    const bookmarked = this.library.bookmarkedIds()
    const removed = await this.articles.removeWhere(
      (meta) => meta.feedId === feedId && !bookmarked.has(meta.id),
      new Set([feedId]),
    )
    await this.library.forgetArticles(removed)
    await this.library.removeFeed(feedId)
    const kept = (await this.articles.feedCounts()).get(feedId) ?? 0
    return { feed, removed: removed.length, kept }
  }

  async feedSummaries(): Promise<FeedSummary[]> {
    const totals = await this.articles.feedCounts()
    const reads = this.library.readCounts()
    return this.library.feeds().map((feed) => {
      const total = totals.get(feed.id) ?? 0
      return {
        ...feed,
        folder: this.library.folderPath(feed.folderId),
        total,
        unread: Math.max(0, total - (reads.get(feed.id) ?? 0)),
      }
    })
  }

  /** Articles newest first with their flags; filters combine. */
  async listArticles(options: ListOptions = {}): Promise<ArticleListItem[]> {
    const limit = options.limit ?? DEFAULT_PAGE
    const read = this.library.readIds()
    const bookmarked = this.library.bookmarkedIds()
    let feedIds = options.feedIds ? new Set(options.feedIds) : undefined
    if (options.folderId) {
      const folders = this.library.folderAndDescendants(options.folderId)
      const inFolder = this.library.feeds().filter((feed) => feed.folderId && folders.has(feed.folderId))
      feedIds = new Set(inFolder.map((feed) => feed.id).filter((id) => !feedIds || feedIds.has(id)))
    }
    if (options.saved)
      feedIds = new Set([...(feedIds ?? [SAVED_FEED_ID])].filter((id) => id === SAVED_FEED_ID))
    const keep = (meta: ArticleMeta): boolean =>
      (!options.unread || !read.has(meta.id)) &&
      (options.before === undefined || meta.sortTime < options.before)
    let metas: ArticleMeta[]
    if (options.bookmarked) {
      // Bookmarks are few and may be years old: read them directly instead of scanning every week.
      metas = (await this.articles.metas(bookmarked))
        .filter((meta) => !feedIds || feedIds.has(meta.feedId))
        .filter(keep)
        .slice(0, limit)
    } else {
      metas = await this.articles.list({ feedIds, before: options.before, limit, filter: keep })
    }
    return metas.map((meta) => ({ ...meta, ...flagsOf(meta, read, bookmarked) }))
  }

  /** One cached article; never touches the network. */
  async article(id: string): Promise<ArticleView> {
    const article = this.articles.getNow(id)
    if (!article) throw new UserError(`no article with id ${id}`)
    return { ...article, ...flagsOf(article, this.library.readIds(), this.library.bookmarkedIds()) }
  }

  /** An article's read and bookmark flags as they are now. */
  flags(article: { id: string; feedId: string }): ArticleFlags {
    return flagsOf(article, this.library.readIds(), this.library.bookmarkedIds())
  }

  async setRead(ids: string[], read: boolean): Promise<void> {
    // Up to 100,000 ids may come: read their bodies for their feeds a few at a time and without blocking
    // (article() reads one body at once, for the person waiting on it).
    const articles = await this.articles.metas(ids)
    if (articles.length < new Set(ids).size) {
      const found = new Set(articles.map((article) => article.id))
      throw new UserError(`no article with id ${ids.find((id) => !found.has(id))}`)
    }
    await this.library.setRead(articles, read)
  }

  /** Marks every article of these feeds (all when omitted) read; returns how many changed. */
  async markAllRead(feedIds?: string[]): Promise<number> {
    const read = this.library.readIds()
    const unread = await this.articles.list({
      feedIds: feedIds ? new Set(feedIds) : undefined,
      limit: Number.MAX_SAFE_INTEGER,
      filter: (meta) => !read.has(meta.id),
    })
    await this.library.setRead(unread, true)
    return unread.length
  }

  async setBookmarked(id: string, bookmarked: boolean): Promise<void> {
    await this.article(id)
    await this.library.setBookmarked(id, bookmarked)
  }

  /** Adds the subscriptions of an OPML file, recreating its folders; ones already there are skipped. */
  async importOpml(text: string): Promise<OpmlImportResult> {
    const result: OpmlImportResult = { added: [], skipped: [] }
    for (const subscription of readOpml(text)) {
      let url: string
      try {
        url = parseWebUrl(subscription.url)
      } catch {
        result.skipped.push(subscription.url)
        continue
      }
      try {
        const folderId = await this.library.ensureFolder(subscription.folder)
        result.added.push(
          await this.library.addFeed({
            url,
            title: subscription.title,
            siteUrl: subscription.siteUrl,
            folderId,
          }),
        )
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        result.skipped.push(subscription.url)
      }
    }
    return result
  }

  exportOpml(): string {
    return writeOpml(this.library.feeds(), this.library.folders())
  }
}

function flagsOf(
  article: { id: string; feedId: string },
  read: Set<string>,
  bookmarked: Set<string>,
): ArticleFlags {
  return {
    read: read.has(article.id),
    bookmarked: bookmarked.has(article.id),
    saved: article.feedId === SAVED_FEED_ID,
  }
}

/** The URL, normalized, if it is an absolute http(s) URL; otherwise a UserError saying why. */
export function parseWebUrl(input: string): string {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw new UserError(`not a URL: ${input}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(
      `only http and https URLs are supported, not ${url.protocol.replace(':', '')}: ${input}`,
    )
  }
  return url.href
}

import type { ArticleListQuery, FeedSettingsPatch, FolderView } from '../../../shared/contract'
import type { FailureCode } from '../../../shared/failure-codes'
import {
  SAVED_FEED_ID,
  SAVED_FEED_TITLE,
  type Feed,
  type FeedSettings,
  type FeedSummary,
  type OpmlImportResult,
} from '../../../shared/types'
import { plainLine } from '../content/text'
import type { Flags } from '../flags/flags'
import { FeedUnreachableError, UserError } from '../errors'
import { resolveIdPrefix } from '../id-prefix'
import { typedWebUrls } from '../net/web-url'
import type { ArticleStore } from '../store/article-store'
import type { ConfigFile } from '../store/config-file'
import type { ConfigData } from '../store/config-schema'
import {
  deleteFolderIn,
  ensureFolderIn,
  folderAndDescendants,
  folderNamedIn,
  folderPath,
  pathTitles,
  renameFolderIn,
  restoreFolderPlacementIn,
} from './folders'
import { removableArticlesOf, restoreSubscription } from './unsubscribe-undo'
import { mirrorAccount, type RemoteSubscriptions, type ServerSubscription } from './account-mirror'
import { addFeedsIn, sameUrl, withPlainText, type DiscoveredFeed, type NewFeed } from './new-feeds'

/** Which feeds a list, a search or "mark all read" covers; what is left out does not restrict. */
export type FeedScope = Pick<ArticleListQuery, 'feedIds' | 'folderId' | 'saved'>

export interface SubscriptionsDeps {
  config: ConfigFile
  store: ArticleStore
  flags: Flags
  /** Ids of the articles with highlights: like bookmarked ones, they stay when their feed goes. */
  highlighted: () => Promise<ReadonlySet<string>>
  /** Finds the feed behind a URL (the sync service's downloader does the fetching). */
  discover: (url: string, signal?: AbortSignal) => Promise<DiscoveredFeed>
  /**
   * Finds and caches a feed's site icon, as its blob hash (null: none). Once, at subscribe time; a sync
   * asks again for feeds that have none yet.
   */
  findIcon?: (feed: Pick<Feed, 'url' | 'siteUrl'>) => Promise<string | null>
}

/**
 * The subscriptions service: feeds and their folders (config.json), and every operation on them —
 * subscribe (with autodiscovery), unsubscribe, rename, move, per-feed settings, folders, OPML — plus the
 * one place a folder or a filter turns into the feeds it covers.
 */
export class Subscriptions {
  readonly #config: ConfigFile
  readonly #store: ArticleStore
  readonly #flags: Flags
  readonly #highlighted: () => Promise<ReadonlySet<string>>
  readonly #discover: SubscriptionsDeps['discover']
  readonly #findIcon: SubscriptionsDeps['findIcon']
  #remote: RemoteSubscriptions | null = null

  constructor(deps: SubscriptionsDeps) {
    this.#config = deps.config
    this.#store = deps.store
    this.#flags = deps.flags
    this.#highlighted = deps.highlighted
    this.#discover = deps.discover
    this.#findIcon = deps.findIcon
  }

  /** Connects the accounts, through which a server account's subscriptions change on its server. */
  connectRemote(remote: RemoteSubscriptions): void {
    this.#remote = remote
  }

  /** Every subscription (shared: do not change it). */
  feeds(): readonly Feed[] {
    return this.#config.read().feeds
  }

  feed(id: string): Feed | undefined {
    return this.feeds().find((feed) => feed.id === id)
  }

  /** The feed, or a UserError naming the id. */
  require(id: string): Feed {
    const feed = this.feed(id)
    if (!feed) throw new UserError(`no feed with id ${id}`)
    return feed
  }

  /** The feed an id or a unique start of one (6+ characters) names, as people type them (see resolveIdPrefix). */
  resolveId(input: string): string {
    return resolveIdPrefix(
      'feed',
      input,
      this.feeds().map((feed) => ({ id: feed.id, label: feed.title })),
    )
  }

  /** This computer's subscription to this URL (ignoring a trailing slash, the fragment and case), if any. */
  feedByUrl(url: string): Feed | undefined {
    return this.feeds().find((feed) => !feed.account && sameUrl(feed.url, url))
  }

  folders(): FolderView[] {
    const { folders } = this.#config.read()
    return folders.map((folder) => ({ ...folder, path: folderPath(folders, folder.id) }))
  }

  /** The folder with its path, or a UserError naming the id. */
  folder(folderId: string): FolderView {
    const folder = this.folders().find((f) => f.id === folderId)
    if (!folder) throw new UserError(`no folder with id ${folderId}`)
    return folder
  }

  /** The folder a person names by its path, or by a title only one folder has (see folderNamedIn). */
  folderNamed(name: string): FolderView {
    return folderNamedIn(this.folders(), name)
  }

  /** "Tech/Rust" for a folder nested in another; "" for none. */
  folderPath(folderId: string | null): string {
    return folderPath(this.#config.read().folders, folderId)
  }

  /** Every feed's title by id, the Saved pages' included: what lists, search and the CLI show. */
  titles(): Map<string, string> {
    const titles = new Map(this.feeds().map((feed) => [feed.id, feed.title]))
    titles.set(SAVED_FEED_ID, SAVED_FEED_TITLE)
    return titles
  }

  /**
   * The feeds a scope covers, or undefined when it covers every article: the given feeds, narrowed to a
   * folder (its feeds and its subfolders' feeds), narrowed to the Saved pages. An unknown folder is a
   * UserError.
   */
  scope(scope: FeedScope): Set<string> | undefined {
    let feedIds = scope.feedIds ? new Set(scope.feedIds) : undefined
    if (scope.folderId) {
      const config = this.#config.read()
      if (!config.folders.some((folder) => folder.id === scope.folderId))
        throw new UserError(`no folder with id ${scope.folderId}`)
      const folders = folderAndDescendants(config.folders, scope.folderId)
      const inFolder = config.feeds.filter((feed) => feed.folderId && folders.has(feed.folderId))
      feedIds = new Set(inFolder.map((feed) => feed.id).filter((id) => !feedIds || feedIds.has(id)))
    }
    if (scope.saved) feedIds = new Set([...(feedIds ?? [SAVED_FEED_ID])].filter((id) => id === SAVED_FEED_ID))
    return feedIds
  }

  /**
   * The Saved pages' counts: no subscription, but their articles are in All and Unread like a feed's, so
   * every unread count that covers them must count them.
   */
  async savedCounts(): Promise<{ total: number; unread: number }> {
    const hidden = this.#flags.hiddenCounts().get(SAVED_FEED_ID) ?? { total: 0, unread: 0 }
    const total = (await this.#store.feedCounts()).get(SAVED_FEED_ID) ?? 0
    const read = this.#flags.readCounts().get(SAVED_FEED_ID) ?? 0
    // Hidden articles leave every count: the total, and the unread ones among them.
    return { total: Math.max(0, total - hidden.total), unread: Math.max(0, total - read - hidden.unread) }
  }

  /** Subscriptions as lists show them: folder path, unread and total counts. */
  async summaries(): Promise<FeedSummary[]> {
    const totals = await this.#store.feedCounts()
    const reads = this.#flags.readCounts()
    const hiddenCounts = this.#flags.hiddenCounts()
    const { feeds, folders } = this.#config.read()
    const paths = new Map<string | null, string>()
    const pathOf = (folderId: string | null): string => {
      let path = paths.get(folderId)
      if (path === undefined) paths.set(folderId, (path = folderPath(folders, folderId)))
      return path
    }
    return feeds.map((feed) => {
      const stored = totals.get(feed.id) ?? 0
      const hidden = hiddenCounts.get(feed.id) ?? { total: 0, unread: 0 }
      return {
        ...feed,
        folder: pathOf(feed.folderId),
        // Hidden articles leave every count: the total, and the unread ones among them.
        total: Math.max(0, stored - hidden.total),
        unread: Math.max(0, stored - (reads.get(feed.id) ?? 0) - hidden.unread),
      }
    })
  }

  /**
   * Subscribes to a feed or a website (autodiscovery finds the feed it links to), optionally in a folder
   * path such as "Tech/Rust"; the feed's articles arrive with the next sync. A bare address
   * ("example.com/blog") is tried over https, then http. With a server account, the server subscribes
   * (and fetches); its list is mirrored here at once. With `anyway`, a feed that cannot be fetched now
   * (the server is busy, did not answer, refused) is subscribed all the same, with that as its last
   * error: the next sync tries it again. `signal` cancels the discovery.
   */
  async subscribe(
    url: string,
    options: { folder?: string; account?: string; anyway?: boolean; signal?: AbortSignal } = {},
  ): Promise<Feed> {
    const typed = typedWebUrls(url)
    await this.#config.checkWritable()
    if (options.account) return this.#subscribeOnServer(options.account, typed[0]!, options.folder)
    for (const candidate of typed) this.#refuseDuplicate(candidate)
    let found: DiscoveredFeed
    let lastError: string | null = null
    let lastErrorCode: FailureCode | null = null
    try {
      found = await this.#discover(url, options.signal)
    } catch (error) {
      if (!options.anyway || !(error instanceof FeedUnreachableError)) throw error
      found = { feedUrl: error.url, title: '', siteUrl: null }
      lastError = error.message
      lastErrorCode = { code: error.code, params: error.params ?? {} }
    }
    this.#refuseDuplicate(found.feedUrl)
    const { added } = await this.add([
      { url: found.feedUrl, title: found.title, siteUrl: found.siteUrl, folder: options.folder },
    ])
    if (!added[0]) this.#refuseDuplicate(found.feedUrl)
    const feed = added[0] as Feed
    if (lastError !== null) {
      // Said where the sidebar says every feed's failure; errorCount stays 0, so no backoff delays the retry.
      return this.#updateFeed(feed.id, () => ({ lastError, lastErrorCode }))
    }
    return this.#withIcon(feed)
  }

  /** The new feed with its site's icon, when one is found; a feed without one is subscribed all the same. */
  async #withIcon(feed: Feed): Promise<Feed> {
    if (!this.#findIcon) return feed
    const icon = await this.#findIcon({ url: feed.url, siteUrl: feed.siteUrl }).catch(() => null)
    // None found (or the site did not answer): the next sync looks again, and records when it did.
    if (!icon) return feed
    // Unsubscribed meanwhile: nothing to record.
    if (!this.feeds().some((other) => other.id === feed.id)) return feed
    return this.#updateFeed(feed.id, () => ({ icon, iconCheckedAt: new Date().toISOString() }))
  }

  #refuseDuplicate(url: string): void {
    const existing = this.feedByUrl(url)
    if (existing) throw duplicateError(url, existing)
  }

  /**
   * Adds subscriptions as they are (no discovery), creating their folders, in one write: an invalid URL
   * or one already subscribed (or repeated) is skipped.
   */
  async add(feeds: readonly NewFeed[]): Promise<OpmlImportResult> {
    return this.#config.update((data) => addFeedsIn(data, feeds))
  }

  /**
   * Unsubscribes (on its server too, for a server account's feed): the feed's articles go, except
   * bookmarked and highlighted ones, which stay readable. `undoable`: `undo` subscribes again as it was
   * (unsubscribe-undo.ts).
   */
  async unsubscribe(
    feedId: string,
    options: { undoable?: boolean } = {},
  ): Promise<{ feed: Feed; removed: number; kept: number; undo?: () => Promise<Feed> }> {
    const feed = this.require(feedId)
    if (feed.account) await this.#server().unsubscribe(feed)
    // What undo needs is read before it goes (a server account's feed is the server's to bring back).
    const folder = this.folderPath(feed.folderId)
    const saved =
      options.undoable && !feed.account
        ? await removableArticlesOf(this.#store, this.#flags, feed.id, await this.#kept())
        : null
    const [removed] = await this.#dropArticlesOf([feed])
    await this.#config.update((data) => {
      data.feeds = data.feeds.filter((other) => other.id !== feedId)
    })
    const kept = (await this.#store.feedCounts()).get(feedId) ?? 0
    const undo = saved
      ? async () => {
          await restoreSubscription(
            { config: this.#config, store: this.#store, flags: this.#flags },
            feed,
            folder,
            saved,
          )
          return this.require(feed.id)
        }
      : undefined
    return { feed, removed: removed ?? 0, kept, ...(undo ? { undo } : {}) }
  }

  /**
   * Deletes a folder: its feeds and subfolders move up into its parent (see deleteFolderIn); `undo` puts
   * them back. A server account's folders are its server's labels and are refused.
   */
  async deleteFolder(
    folderId: string,
  ): Promise<{ folder: FolderView; moved: number; undo: () => Promise<void> }> {
    const folder = this.folder(folderId)
    if (folder.account)
      throw new UserError(`the folder ${folder.path} is a label of a server account: change it on its server`)
    const { moved, placement } = await this.#config.update((data) => deleteFolderIn(data, folderId))
    const undo = (): Promise<void> => this.#config.update((data) => restoreFolderPlacementIn(data, placement))
    return { folder, moved, undo }
  }

  /** Renames a feed (on its server too, for a server account's feed); the title is stored as a plain line. */
  async rename(feedId: string, title: string): Promise<Feed> {
    const feed = this.require(feedId)
    const clean = plainLine(title)
    if (!clean) throw new UserError('a feed title needs at least one visible character')
    if (feed.account) await this.#server().edit(feed, { title: clean })
    return this.#updateFeed(feedId, () => ({ title: clean }))
  }

  /**
   * Moves a feed to a folder path ("Tech/Rust", created as needed; "" for the top level). A server
   * account's feed moves between its labels there, and among the account's own folders here.
   */
  async move(feedId: string, folder: string): Promise<Feed> {
    const feed = this.require(feedId)
    const titles = pathTitles(folder)
    if (feed.account) {
      const from = this.folderPath(feed.folderId) || null
      await this.#server().edit(feed, { from, to: titles.join('/') || null })
    }
    return this.#updateFeed(feedId, (data) => ({
      folderId: ensureFolderIn(data.folders, titles, feed.account),
    }))
  }

  /** Changes a feed's own settings: a value sets a key, null (or undefined) returns it to the global one. */
  async updateFeedSettings(feedId: string, patch: FeedSettingsPatch): Promise<Feed> {
    return this.#updateFeed(feedId, (_, feed) => {
      const merged: Record<string, unknown> = { ...feed.settings, ...patch }
      for (const key of Object.keys(merged))
        if (merged[key] === null || merged[key] === undefined) delete merged[key]
      return { settings: merged as FeedSettings }
    })
  }

  /** Records what syncs learned of feeds (ETag, errors, titles), several feeds in one write. */
  async recordFetches(patches: ReadonlyMap<string, Partial<Omit<Feed, 'id'>>>): Promise<void> {
    if (patches.size === 0) return
    await this.#config.update((data) => {
      data.feeds = data.feeds.map((feed) => {
        const patch = patches.get(feed.id)
        return patch ? { ...feed, ...withPlainText(patch, feed.url) } : feed
      })
    })
  }

  /** Renames a folder; a sibling of the same name is a UserError (paths name folders). */
  async renameFolder(folderId: string, title: string): Promise<FolderView> {
    await this.#config.update((data) => renameFolderIn(data.folders, folderId, title))
    return this.folder(folderId)
  }

  /**
   * Makes this copy of a server account's subscriptions what its server lists (see mirrorAccount): the
   * articles of subscriptions gone from it go too, except bookmarked ones.
   */
  async mirror(
    accountId: string,
    list: readonly ServerSubscription[],
  ): Promise<{ added: Feed[]; removed: Feed[] }> {
    const result = await this.#config.update((data) => mirrorAccount(data, accountId, list))
    await this.#dropArticlesOf(result.removed)
    return result
  }

  async #subscribeOnServer(accountId: string, url: string, folder?: string): Promise<Feed> {
    const known = this.feeds().find((feed) => feed.account === accountId && sameUrl(feed.url, url))
    if (known) throw duplicateError(url, known)
    const label = folder ? pathTitles(folder).join('/') || null : null
    const list = await this.#server().subscribe(accountId, url, label)
    const { added } = await this.mirror(accountId, list)
    const feed = added.find((candidate) => sameUrl(candidate.url, url)) ?? added[0]
    if (!feed) throw new UserError(`the server did not subscribe to ${url}`)
    return feed
  }

  #server(): RemoteSubscriptions {
    if (!this.#remote) throw new UserError('server accounts are not available in this process')
    return this.#remote
  }

  /**
   * Removes these feeds' articles but bookmarked and highlighted ones in one pass (one write per file);
   * counts per feed.
   */
  async #dropArticlesOf(feeds: readonly Feed[]): Promise<number[]> {
    if (feeds.length === 0) return []
    const ids = new Set(feeds.map((feed) => feed.id))
    const kept = await this.#kept()
    const removed = await this.#store.removeWhere((meta) => ids.has(meta.feedId) && !kept(meta.id), ids)
    await this.#flags.forget(removed)
    const counts = new Map<string, number>()
    for (const meta of removed) counts.set(meta.feedId, (counts.get(meta.feedId) ?? 0) + 1)
    return feeds.map((feed) => counts.get(feed.id) ?? 0)
  }

  /** Which articles stay when their feed goes: the bookmarked and the highlighted. */
  async #kept(): Promise<(id: string) => boolean> {
    const bookmarked = this.#flags.bookmarkedIds()
    const highlighted = await this.#highlighted()
    return (id) => bookmarked.has(id) || highlighted.has(id)
  }

  /**
   * Adds the subscriptions of an OPML file, recreating its folders, in one write; known ones are skipped.
   * The OPML reader (and the feed library it is part of) is loaded here, on first need.
   */
  async importOpml(text: string): Promise<OpmlImportResult> {
    const { readOpml } = await import('./opml')
    return this.add(readOpml(text))
  }

  async exportOpml(): Promise<string> {
    const { writeOpml } = await import('./opml')
    const { feeds, folders } = this.#config.read()
    return writeOpml(feeds, folders)
  }

  async #updateFeed(
    feedId: string,
    patchOf: (data: ConfigData, feed: Feed) => Partial<Omit<Feed, 'id'>>,
  ): Promise<Feed> {
    return this.#config.update((data) => {
      const index = data.feeds.findIndex((feed) => feed.id === feedId)
      const feed = data.feeds[index]
      if (!feed) throw new UserError(`no feed with id ${feedId}`)
      const updated = { ...feed, ...patchOf(data, feed) }
      data.feeds[index] = updated
      return updated
    })
  }
}

/** "already subscribed to URL as “Title”": the feed by the name people know it by, never its id. */
function duplicateError(url: string, feed: Feed): UserError {
  return new UserError(`already subscribed to ${url} as “${feed.title}”`, {
    code: 'already-subscribed',
    params: { url, title: feed.title },
  })
}

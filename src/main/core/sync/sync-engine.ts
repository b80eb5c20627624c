import type { AccountSyncSummary, SyncProgressEvent } from '../../../shared/contract'
import type { Article, Feed, FullTextMode } from '../../../shared/types'
import { durationWords } from '../../../shared/relative-time'
import { hostOf } from '../../../shared/urls'
import { forEachLimited } from '../for-each-limited'
import { decodeText } from '../net/charset'
import { buildFeedArticles, type BuildDeps } from './article-builder'
import { inThreadBuilder, type ContentBuilder } from './build-jobs'
import { sharedBuildPool } from './build-pool'
import { findFeedIcon, wantsIcon } from './feed-icons'
import { Downloader, fetchFor } from './downloader'
import { failurePatch } from './failure-patch'
import { leftOut, leftOutCode } from './left-out'
import { syncAccount } from './account-sync'
import { keepFresh } from './fresh-articles'
import { applyRetention } from './retention'
import { sweepLeftoverTemps } from '../store/leftover-temps'
import { retryPendingImages } from './pending-images'
import { savePage } from './save-page'
import type { SyncContext } from './sync-context'
import { WriteBatcher } from './write-batcher'

export interface FeedSyncResult {
  id: string
  title: string
  newArticles: number
  updatedArticles: number
  notModified: boolean
  error: string | null
  /** What the feed's sync left out (see Feed.notice); null when nothing. */
  notice: string | null
  /** Not fetched because the sync was stopped first: its last outcome still stands. */
  cancelled?: true
}

export interface SyncResult {
  feeds: FeedSyncResult[]
  /** Server accounts synced (all of them, or those of the feeds asked for). */
  accounts: AccountSyncSummary[]
  newArticles: number
  durationMs: number
  /** Of each feed's new articles, those left unread and shown once the rules ran (see SyncSummary). */
  newUnread?: Record<string, number>
}

export interface SyncOptions {
  feedIds?: string[]
  onProgress?: (progress: SyncProgressEvent) => void
  signal?: AbortSignal
}

export interface SyncEngineOptions {
  downloader?: Downloader
  now?: () => Date
  /** Feeds processed at once (their requests are further bounded per host by the downloader). */
  feedParallelism?: number
  /**
   * Where the DOM work (parsing, sanitizing, extracting) runs: the process's pool of worker threads
   * (the default), this thread (`'in-thread'`), or a builder of the caller's.
   */
  content?: 'pool' | 'in-thread' | ContentBuilder
}

/** What one sync shares between its feeds. */
interface SyncRun {
  batcher: WriteBatcher
  /** Built articles with images that failed to download: retried at the end, and on later syncs. */
  failedImages: Article[]
  deps: SyncDeps
  /** Articles stored per feed when the sync began: a feed with none has no stored copies to read. */
  stored: ReadonlyMap<string, number>
  /** The ids of the articles this sync stored new, for the rules. */
  added: string[]
  /** The first of them as built (the rules' phrase checks read them here rather than from disk). */
  fresh: Map<string, Article>
  /** Feeds (and their site's address) whose icon is looked for once the sync's feeds are all fetched. */
  icons: { feed: Feed; siteUrl: string | null }[]
}

/** What building needs, and the library's full-text mode (feeds may override it). */
type SyncDeps = BuildDeps & { fullTextMode: FullTextMode }

const BATCH_ARTICLES = 1_000
const BATCH_DELAY_MS = 1_000

/**
 * Syncs subscriptions: fetches each feed politely (conditional GET, Retry-After, backoff), parses it,
 * builds full, sanitized articles with cached images, stores them, then records the feed's new state.
 * One feed's failure is that feed's `lastError`; the others carry on.
 */
export class SyncEngine {
  readonly downloader: Downloader
  readonly #now: () => Date
  readonly #parallelism: number
  readonly #content: ContentBuilder

  constructor(
    private readonly context: SyncContext,
    options: SyncEngineOptions = {},
  ) {
    this.downloader = options.downloader ?? new Downloader()
    this.#now = options.now ?? (() => new Date())
    this.#parallelism = options.feedParallelism ?? 12
    const content = options.content ?? 'pool'
    this.#content =
      content === 'pool' ? sharedBuildPool() : content === 'in-thread' ? inThreadBuilder() : content
  }

  get buildDeps(): SyncDeps {
    const settings = this.context.settings.get()
    return {
      fullTextMode: settings.fullTextMode,
      downloader: this.downloader,
      blobs: this.context.blobs,
      maxImages: settings.maxImagesPerArticle,
      cacheLimitBytes: settings.imageCacheLimitMB * 1024 * 1024,
      now: this.#now,
    }
  }

  /** Where this engine's DOM work runs (feed discovery's too). */
  get content(): ContentBuilder {
    return this.#content
  }

  /** Saves one web page (an http(s) URL) for offline reading (see {@link savePage}). */
  async save(url: string, signal?: AbortSignal): Promise<Article> {
    return savePage(this.context, url, this.buildDeps, this.#content, signal)
  }

  async syncAll(options: SyncOptions = {}): Promise<SyncResult> {
    const started = Date.now()
    const wanted = options.feedIds ? new Set(options.feedIds) : null
    const chosen = this.context.subscriptions.feeds().filter((feed) => !wanted || wanted.has(feed.id))
    // A server account's feeds come from its server, in one exchange per account, after this computer's.
    const feeds = chosen.filter((feed) => !feed.account)
    const accountIds = new Set(chosen.flatMap((feed) => (feed.account ? [feed.account] : [])))
    const accounts = this.context.accounts.list().filter((account) => !wanted || accountIds.has(account.id))
    // Each write rewrites the week's catalog and config.json, and adds a search segment: over a big
    // sync, fewer, larger writes cost far less than the batcher's small defaults.
    const batcher = new WriteBatcher(this.context, BATCH_ARTICLES, BATCH_DELAY_MS)
    // Read once: the library reads its settings file on every call.
    const run: SyncRun = {
      batcher,
      failedImages: [],
      // One download per image URL in the whole sync, whichever articles show it.
      deps: { ...this.buildDeps, downloads: new Map() },
      stored: await this.context.articles.feedCounts(),
      added: [],
      fresh: new Map(),
      icons: [],
    }
    const results: FeedSyncResult[] = []
    const writes: Promise<void>[] = []
    options.onProgress?.({ done: 0, total: feeds.length, feed: null })
    await forEachLimited(feeds, this.#parallelism, async (feed) => {
      // A feed's slot is free once it is fetched and built; its write joins the next batch meanwhile.
      const { written } = options.signal?.aborted
        ? {
            written: Promise.resolve({
              ...skipped(feed, 'the sync was cancelled'),
              cancelled: true as const,
            }),
          }
        : await this.#syncFeed(feed, run)
      writes.push(
        written.then((result) => {
          results.push(result)
          options.onProgress?.({
            done: results.length,
            total: feeds.length,
            feed: {
              id: feed.id,
              title: result.title,
              error: result.error,
              newArticles: result.newArticles,
              notice: result.notice,
            },
          })
        }),
      )
    })
    // Icons last: a feed's articles (and its progress) never wait for its site's icon.
    const icons = this.#findIcons(run.icons, options.signal)
    await batcher.flush()
    await retryPendingImages(this.context, run.failedImages, run.deps)
    await Promise.all(writes)
    // Recorded before retention, which keeps the icons the feeds name.
    await this.context.subscriptions.recordFetches(await icons)
    const accountResults: AccountSyncSummary[] = []
    for (const account of accounts) {
      if (options.signal?.aborted) break
      accountResults.push(
        await syncAccount(account, this.context, {
          deps: run.deps,
          content: this.#content,
          added: run.added,
          fresh: run.fresh,
        }),
      )
    }
    const newUnread = await this.#applyRules(run.added, run.fresh)
    await applyRetention(this.context, this.#now())
    // What killed processes left half-written, a day old or more (a few body folders each time).
    await sweepLeftoverTemps(this.context.dataDir)
    const order = new Map(feeds.map((feed, index) => [feed.id, index]))
    results.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
    return {
      feeds: results,
      accounts: accountResults,
      newArticles: [...results, ...accountResults].reduce((sum, r) => sum + r.newArticles, 0),
      durationMs: Date.now() - started,
      ...(newUnread && { newUnread }),
    }
  }

  /**
   * Runs the rules, in order, on this sync's new articles only (local feeds' and server accounts' alike),
   * before anything counts them as new: returns, per feed, how many new ones are still unread and shown
   * (null when there were no rules to change that).
   */
  async #applyRules(
    added: readonly string[],
    fresh: ReadonlyMap<string, Article>,
  ): Promise<Record<string, number> | null> {
    const { rules, flags, articles } = this.context
    if (!rules || added.length === 0) return null
    const { acted } = await rules.runOnNew(added, fresh)
    if (acted === 0) return null
    const isRead = flags.readReader()
    const hidden = flags.hiddenIds()
    const newUnread: Record<string, number> = {}
    const ids = new Set(added)
    for (const meta of await articles.catalog({
      limit: Number.MAX_SAFE_INTEGER,
      filter: (m) => ids.has(m.id),
    })) {
      newUnread[meta.feedId] ??= 0
      if (!isRead(meta) && !hidden.has(meta.id)) newUnread[meta.feedId]! += 1
    }
    return newUnread
  }

  /**
   * Looks for the icons of the feeds without one (none found at subscribe time, or before icons were
   * kept), once the sync's feeds are all fetched; a site without one is asked again only after
   * ICON_RETRY_MS (see wantsIcon). Returns each feed's patch.
   */
  async #findIcons(
    wanted: readonly { feed: Feed; siteUrl: string | null }[],
    signal: AbortSignal | undefined,
  ): Promise<Map<string, Partial<Feed>>> {
    const patches = new Map<string, Partial<Feed>>()
    const deps = { downloader: this.downloader, blobs: this.context.blobs, content: this.#content }
    await forEachLimited(wanted, this.#parallelism, async ({ feed, siteUrl }) => {
      if (signal?.aborted) return
      const icon = await findFeedIcon({ url: feed.url, siteUrl }, deps)
      patches.set(feed.id, { icon, iconCheckedAt: this.#now().toISOString() })
    })
    return patches
  }

  /**
   * Fetches and builds one feed; resolves when that is done, with `written`, which resolves once its
   * articles and then its new state are stored (and never rejects: a failed write is the feed's error).
   */
  async #syncFeed(
    feed: Feed,
    { batcher, failedImages, deps, stored, added, fresh, icons }: SyncRun,
  ): Promise<{ written: Promise<FeedSyncResult> }> {
    const now = this.#now()
    const wantIcon = (siteUrl: string | null) => {
      if (wantsIcon(feed, now)) icons.push({ feed, siteUrl })
    }
    const done = (result: FeedSyncResult) => ({ written: Promise.resolve(result) })
    const submit = (
      articles: Article[],
      patch: Partial<Feed>,
      result: FeedSyncResult,
      kept: ReadonlySet<Article> | null = null,
    ) => ({
      written: batcher.submit(articles, feed.id, patch, kept).then(
        (stored) => {
          added.push(...stored.added)
          keepFresh(fresh, articles, stored.added)
          return { ...result, newArticles: stored.added.length, updatedArticles: stored.updated.length }
        },
        (error: unknown) => skipped(feed, `could not store its articles: ${(error as Error).message}`),
      ),
    })
    if (feed.dead) return done(skipped(feed, feed.lastError ?? 'the feed is gone (the server said 410 Gone)'))
    if (feed.retryAfter && Date.parse(feed.retryAfter) > now.getTime()) {
      const wait = durationWords(Date.parse(feed.retryAfter) - now.getTime())
      return done(skipped(feed, `the server asked us to wait; retrying in ${wait}`))
    }
    try {
      const response = await this.downloader.fetch(feed.url, 'feed', {
        ...fetchFor(feed.url),
        etag: feed.etag,
        lastModified: feed.lastModified,
      })
      if (response.status === 'not-modified') {
        const patch = {
          lastFetched: now.toISOString(),
          lastError: null,
          lastErrorCode: null,
          errorCount: 0,
          retryAfter: null,
        }
        wantIcon(feed.siteUrl)
        return submit([], patch, { ...skipped(feed, null), notModified: true })
      }
      const text = decodeText(
        response.bytes,
        response.contentType,
        isJson(response.contentType, response.bytes) ? 'json' : 'xml',
      )
      const parsed = await this.#content.run('feed', { text, url: response.url })
      const { articles, kept, skippedItems } = await buildFeedArticles(feed, parsed.items, {
        deps,
        content: this.#content,
        // A feed with no stored articles (a new subscription's first sync) reads none.
        stored: (stored.get(feed.id) ?? 0) > 0 ? (id) => this.context.articles.get(id) : null,
      })
      failedImages.push(...articles.filter((article) => article.images.some((image) => !image.hash)))
      const title =
        feed.title && feed.title !== hostOf(feed.url) ? feed.title : parsed.title.trim() || feed.title
      const notice = leftOut(parsed, skippedItems)
      const noticeCode = notice ? leftOutCode(parsed, skippedItems) : null
      const patch = {
        title,
        siteUrl: feed.siteUrl ?? parsed.siteUrl,
        language: parsed.language,
        etag: response.etag,
        lastModified: response.lastModified,
        lastFetched: now.toISOString(),
        lastError: null,
        lastErrorCode: null,
        errorCount: 0,
        retryAfter: null,
        notice,
        noticeCode,
      }
      wantIcon(feed.siteUrl ?? parsed.siteUrl)
      return submit(articles, patch, { ...skipped(feed, null), title, notice }, kept)
    } catch (error) {
      const patch = failurePatch(feed, error, now)
      const result = skipped(feed, patch.lastError ?? 'failed')
      return {
        written: batcher.submit([], feed.id, patch).then(
          () => result,
          () => result,
        ),
      }
    }
  }
}

function skipped(feed: Feed, error: string | null): FeedSyncResult {
  return {
    id: feed.id,
    title: feed.title,
    newArticles: 0,
    updatedArticles: 0,
    notModified: false,
    error,
    notice: null,
  }
}

/** Bytes a feed may begin with before its first character: whitespace and a UTF-8 BOM. */
const LEADING = new Set([0x20, 0x0a, 0x0d, 0x09, 0xef, 0xbb, 0xbf])

function isJson(contentType: string | null, bytes: Uint8Array): boolean {
  if (contentType && /json/i.test(contentType)) return true
  const first = bytes.subarray(0, 64).find((byte) => !LEADING.has(byte))
  return first === 0x7b // {
}

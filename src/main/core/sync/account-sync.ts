import type { AccountSyncSummary } from '../../../shared/contract'
import type { Article, ArticleMeta, Feed, FullTextMode } from '../../../shared/types'
import type { GReaderClient } from '../accounts/greader-client'
import { STREAMS } from '../accounts/greader-http'
import type { ServerItem } from '../accounts/greader-schemas'
import { longItemId } from '../accounts/item-ids'
import { describeFailure } from '../errors'
import type { StoredAccount } from '../store/config-schema'
import { buildArticles, type BuildDeps } from './article-builder'
import { keepFresh } from './fresh-articles'
import type { ContentBuilder } from './build-jobs'
import type { ParsedItem } from './feed-parse'
import type { SyncContext } from './sync-context'

/** New items taken from an account in one sync, newest first; the rest come with the next ones. */
const MAX_NEW_ITEMS = 20_000
/** Unread and starred ids read for reconciling (far more than a reader keeps unread). */
const MAX_STATE_IDS = 200_000
/** Items built and stored at once. */
const BUILD_BATCH = 500

/** How an account's articles are built: as a feed's (the sync engine's deps and builder). */
export interface AccountBuild {
  deps: BuildDeps & { fullTextMode: FullTextMode }
  content: ContentBuilder
  /** Where the ids of the articles stored new are added (the sync's rules run on them). */
  added?: string[]
  /** Where the first of them are kept as built (see SyncEngine's `fresh`). */
  fresh?: Map<string, Article>
}

/**
 * Syncs one server account: first sends its queued read and starred changes, then mirrors its
 * subscriptions, then pulls the items it took in since the last sync (stored like a feed's: full text
 * where the server has a summary, images cached, indexed), then takes the server's unread and starred
 * sets as they are — except for articles with a change still queued. A failure is the account's
 * `lastError`: its local data and queue stay as they were, and the other accounts and feeds sync on.
 */
export async function syncAccount(
  account: StoredAccount,
  context: SyncContext,
  build: AccountBuild,
): Promise<AccountSyncSummary> {
  const { accounts, subscriptions } = context
  const result: AccountSyncSummary = { id: account.id, newArticles: 0, pushed: 0, error: null }
  try {
    result.pushed = await accounts.push(account.id)
    const client = await accounts.client(account.id)
    await subscriptions.mirror(account.id, await client.subscriptions())
    const feeds = accountFeeds(context, account.id)
    const stored = await storedItems(context, feeds)
    const since = account.itemsUpToUsec ? account.itemsUpToUsec / 1e6 - 1 : undefined
    const fresh = await client.itemIds({
      stream: STREAMS.readingList,
      sinceSeconds: since,
      max: MAX_NEW_ITEMS,
    })
    const wanted = fresh.ids.filter((id) => !stored.has(id))
    // An item's links and images are its feed's to reach (see FetchFor), and the server's host too: the
    // user added it, and servers serve images of their own (image proxies).
    const itemBuild = { ...build, deps: { ...build.deps, serverUrl: account.url } }
    for (let at = 0; at < wanted.length; at += BUILD_BATCH) {
      const { items } = await client.items(wanted.slice(at, at + BUILD_BATCH))
      const { articles, added } = await storeItems(items, feeds, context, itemBuild)
      build.added?.push(...added)
      if (build.fresh) keepFresh(build.fresh, articles, added)
      result.newArticles += added.length
    }
    await reconcileAccount(account.id, context, client)
    await accounts.record(account.id, {
      lastSync: new Date().toISOString(),
      lastError: null,
      lastErrorCode: null,
      itemsUpToUsec: Math.max(account.itemsUpToUsec ?? 0, fresh.newestUsec),
    })
  } catch (error) {
    const failure = describeFailure(error)
    result.error = failure.message
    // Its code too, when it has one, for the UI to word (a wrong password, a server out of reach).
    const lastErrorCode = failure.code ? { code: failure.code, params: failure.params ?? {} } : null
    await accounts.record(account.id, { lastError: result.error, lastErrorCode }).catch(() => undefined)
  }
  return result
}

/** The account's subscriptions, by their id on the server. */
function accountFeeds(
  context: Pick<SyncContext, 'subscriptions'>,
  accountId: string,
): Map<string | undefined, Feed> {
  return new Map(
    context.subscriptions
      .feeds()
      .filter((feed) => feed.account === accountId)
      .map((feed) => [feed.remoteId, feed]),
  )
}

/** The server ids of the account's stored articles. */
async function storedItems(
  context: Pick<SyncContext, 'articles'>,
  feeds: ReadonlyMap<string | undefined, Feed>,
): Promise<Set<string>> {
  const metas = await accountMetas(context, feeds)
  return new Set(metas.flatMap((meta) => (meta.remoteId ? [meta.remoteId] : [])))
}

async function accountMetas(
  context: Pick<SyncContext, 'articles'>,
  feeds: ReadonlyMap<string | undefined, Feed>,
): Promise<ArticleMeta[]> {
  const feedIds = new Set([...feeds.values()].map((feed) => feed.id))
  if (feedIds.size === 0) return []
  return context.articles.catalog({ feedIds, limit: Number.MAX_SAFE_INTEGER })
}

/** Builds the server's items, per feed, and stores them; returns them, and the ids of those that were new. */
async function storeItems(
  items: readonly ServerItem[],
  feeds: ReadonlyMap<string | undefined, Feed>,
  context: SyncContext,
  build: AccountBuild,
): Promise<{ articles: Article[]; added: string[] }> {
  const byFeed = new Map<Feed, ParsedItem[]>()
  for (const item of items) {
    const feed = feeds.get(item.origin?.streamId ?? undefined)
    const parsed = parsedItemOf(item)
    // An item of a subscription the server no longer lists, or one without a usable id: left out.
    if (!feed || !parsed) continue
    let list = byFeed.get(feed)
    if (!list) byFeed.set(feed, (list = []))
    list.push(parsed)
  }
  const articles: Article[] = []
  for (const [feed, parsed] of byFeed) {
    const mode = feed.settings.fullText ?? build.deps.fullTextMode
    const entries = parsed.map((item) => ({ item, previous: null }))
    const built = await buildArticles(feed, entries, mode, build.deps, build.content)
    // An item that could not be built is left out (the server keeps it; a later sync tries it again).
    built.articles.forEach((article, index) => {
      if (article) articles.push({ ...article, remoteId: parsed[index]?.guid ?? undefined })
    })
  }
  const stored = await context.articles.put(articles)
  return { articles, added: stored.added }
}

/** A server item as a feed item: its id (long form) as the guid, its content as the feed's. */
function parsedItemOf(item: ServerItem): ParsedItem | null {
  const guid = longItemId(String(item.id))
  if (!guid) return null
  const published = Number(item.published)
  return {
    guid,
    url: item.canonical?.[0]?.href ?? item.alternate?.[0]?.href ?? null,
    title: item.title ?? '',
    titleIsHtml: true,
    author: item.author?.trim() || null,
    published: Number.isFinite(published) && published > 0 ? new Date(published * 1000).toISOString() : null,
    // FreshRSS sends the item's content as its summary; a short one is fetched in full like a feed's.
    contentHtml: item.content?.content ?? item.summary?.content ?? null,
    summaryHtml: item.content?.content ? (item.summary?.content ?? null) : null,
    imageUrl: null,
  }
}

/**
 * Reads the server's unread and starred ids and takes that state for the account's articles, except where
 * a local change is still queued (it wins until the server has it).
 */
export async function reconcileAccount(
  accountId: string,
  context: Pick<SyncContext, 'accounts' | 'subscriptions' | 'articles' | 'flags'>,
  /** The account's client when the caller is signed in already (a sync is). */
  signedIn?: GReaderClient,
): Promise<void> {
  const client = signedIn ?? (await context.accounts.client(accountId))
  const [unread, starred] = await Promise.all([
    client.itemIds({ stream: STREAMS.readingList, exclude: STREAMS.read, max: MAX_STATE_IDS }),
    client.itemIds({ stream: STREAMS.starred, max: MAX_STATE_IDS }),
  ])
  const server = { unread: new Set(unread.ids), starred: new Set(starred.ids) }
  const feeds = accountFeeds(context, accountId)
  const pending = new Set(
    (await context.accounts.queue(accountId).pending()).map((c) => `${c.item}:${c.state}`),
  )
  const isReadHere = context.flags.readReader()
  const bookmarked = context.flags.bookmarkedIds()
  const change = {
    read: [] as ArticleMeta[],
    unread: [] as ArticleMeta[],
    bookmark: [] as string[],
    unbookmark: [] as string[],
  }
  for (const meta of await accountMetas(context, feeds)) {
    const item = meta.remoteId
    if (!item) continue
    if (!pending.has(`${item}:read`)) {
      const isRead = !server.unread.has(item)
      if (isRead !== isReadHere(meta)) (isRead ? change.read : change.unread).push(meta)
    }
    if (!pending.has(`${item}:starred`)) {
      const isStarred = server.starred.has(item)
      if (isStarred !== bookmarked.has(meta.id))
        (isStarred ? change.bookmark : change.unbookmark).push(meta.id)
    }
  }
  await context.flags.applyRemote(change)
}

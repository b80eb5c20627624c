import type { Article, Feed } from '../../../shared/types'
import { UserError } from '../errors'
import type { Flags } from '../flags/flags'
import { forEachLimited } from '../for-each-limited'
import type { ArticleStore } from '../store/article-store'
import type { ConfigFile } from '../store/config-file'
import { ensureFolderIn, pathTitles } from './folders'
import { sameUrl } from './new-feeds'

/** What unsubscribing removes, kept so that undo can put it back: the articles, and which were read. */
export interface RemovedArticles {
  articles: Article[]
  read: string[]
}

/** The articles unsubscribing removes (those `kept` says stay are not), whole, and which of them are read. */
export async function removableArticlesOf(
  store: ArticleStore,
  flags: Flags,
  feedId: string,
  kept: (id: string) => boolean,
): Promise<RemovedArticles> {
  const metas = await store.list({
    feedIds: new Set([feedId]),
    limit: Number.MAX_SAFE_INTEGER,
    filter: (meta) => meta.feedId === feedId && !kept(meta.id),
  })
  const articles: Article[] = []
  await forEachLimited(metas, 16, async (meta) => {
    const article = await store.get(meta.id)
    if (article) articles.push(article)
  })
  const isRead = flags.readReader()
  return { articles, read: articles.filter(isRead).map((article) => article.id) }
}

/**
 * Subscribes again to a feed that was unsubscribed, as it was: its id, title, settings and folder (made
 * again if it went), its articles and their read flags. Subscribed to again since: a UserError.
 */
export async function restoreSubscription(
  deps: { config: ConfigFile; store: ArticleStore; flags: Flags },
  feed: Feed,
  folder: string,
  removed: RemovedArticles,
): Promise<void> {
  await deps.config.update((data) => {
    if (data.feeds.some((other) => other.id === feed.id)) return
    const again = data.feeds.find((other) => !other.account && sameUrl(other.url, feed.url))
    if (again) throw new UserError(`already subscribed to ${feed.url} again (feed ${again.id})`)
    const folderId =
      feed.folderId && data.folders.some((f) => f.id === feed.folderId)
        ? feed.folderId
        : ensureFolderIn(data.folders, pathTitles(folder))
    data.feeds.push({ ...feed, folderId })
  })
  await deps.store.put(removed.articles)
  if (removed.read.length > 0) await deps.flags.setRead(removed.read, true)
}

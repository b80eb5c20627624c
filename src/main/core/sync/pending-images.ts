import { join } from 'node:path'
import { SAVED_FEED_ID, type Article } from '../../../shared/types'
import type { SyncContext } from './sync-context'
import { readJsonFile } from '../store/json-files'
import { writeFileAtomic } from '../store/atomic-write'
import { fetchFor, type FetchFor } from './downloader'
import { cacheArticleImages, type ImageCacheDeps } from './image-cache'

/** Tries per article before an image is given up on (it stays at its original URL). */
const MAX_TRIES = 5
/** Articles retried per sync, so a long outage of one image host cannot make syncs slow. */
const PER_SYNC = 100

type Pending = Record<string, number>

/**
 * Articles whose images failed to download, kept in `sync-pending.json` (id → tries). A feed that answers
 * 304 is not rebuilt, so without this list its failed images would wait for the item to change; every
 * sync retries them instead.
 */
export async function retryPendingImages(
  core: SyncContext,
  newlyFailed: readonly Article[],
  deps: ImageCacheDeps,
): Promise<void> {
  const path = join(core.dataDir, 'sync-pending.json')
  const read = await readJsonFile<Pending>(path)
  const pending: Pending =
    read.status === 'ok' && read.value && typeof read.value === 'object' ? read.value : {}
  const fresh = new Set(newlyFailed.map((article) => article.id))
  for (const id of fresh) pending[id] ??= 1
  const retried: Article[] = []
  for (const id of Object.keys(pending)
    .filter((id) => !fresh.has(id))
    .slice(0, PER_SYNC)) {
    const article = await core.articles.get(id)
    if (!article || article.images.every((image) => image.hash)) {
      delete pending[id]
      continue
    }
    const imageUrls = article.images.map((image) => image.url)
    const cached = await cacheArticleImages(
      { html: article.contentHtml, imageUrls },
      article.url,
      article.images,
      deps,
      fetchForArticle(core, article),
    )
    const tries = (pending[id] ?? 0) + 1
    if (cached.images.every((image) => image.hash) || tries >= MAX_TRIES) delete pending[id]
    else pending[id] = tries
    if (cached.html !== article.contentHtml)
      retried.push({ ...article, contentHtml: cached.html, images: cached.images })
  }
  await core.articles.put(retried)
  await core.lock.run(() => writeFileAtomic(path, JSON.stringify(pending)))
}

/**
 * On whose behalf an article's images are fetched, as when it was built: its feed's (and its server
 * account's), or for a saved page, the address the user saved (its guid).
 */
function fetchForArticle(core: SyncContext, article: Article): FetchFor {
  if (article.feedId === SAVED_FEED_ID) return fetchFor(article.guid)
  const feed = core.subscriptions.feed(article.feedId)
  const account = feed?.account && core.accounts.list().find((candidate) => candidate.id === feed.account)
  return fetchFor(feed?.url, account ? account.url : null)
}

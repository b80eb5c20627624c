import { SAVED_FEED_ID, type ArticleMeta } from '../../../shared/types'
import type { SyncContext } from './sync-context'

const DAY_MS = 86_400_000

/** What a retention pass removed. */
export interface RetentionResult {
  articles: ArticleMeta[]
  blobs: number
}

/**
 * Applies the retention settings: articles older than `retentionDays` (by when we fetched them, so an old
 * story fetched today is not dropped and refetched on every sync) or beyond the newest
 * `retentionMaxPerFeed` of their feed are removed — never bookmarked, highlighted or saved ones — and then every blob
 * no remaining article shows is deleted.
 */
export async function applyRetention(
  core: Pick<SyncContext, 'settings' | 'flags' | 'highlights' | 'articles' | 'blobs' | 'subscriptions'>,
  now: Date,
): Promise<RetentionResult> {
  const settings = core.settings.get()
  const bookmarked = core.flags.bookmarkedIds()
  const highlighted = await core.highlights.articleIds()
  const cutoff = now.getTime() - settings.retentionDays * DAY_MS
  const perFeed = new Map<string, number>()
  const keep = (meta: ArticleMeta): boolean =>
    meta.feedId === SAVED_FEED_ID || bookmarked.has(meta.id) || highlighted.has(meta.id)
  // removeWhere visits weeks newest first, so counting per feed keeps the newest M.
  const removed = await core.articles.removeWhere((meta) => {
    if (keep(meta)) return false
    const seen = (perFeed.get(meta.feedId) ?? 0) + 1
    perFeed.set(meta.feedId, seen)
    if (settings.retentionMaxPerFeed > 0 && seen > settings.retentionMaxPerFeed) return true
    return Date.parse(meta.fetchedAt) < cutoff
  })
  await core.flags.forget(removed)
  const blobs = removed.some((meta) => meta.imageHashes?.length)
    ? await deleteUnusedBlobs(core, now.getTime())
    : 0
  return { articles: removed, blobs }
}

/** Blobs younger than this are spared: another sync may have stored one and not yet its article. */
const GRACE_MS = 3600_000

/** Deletes every blob that no article in the catalog shows; returns how many went. */
export async function deleteUnusedBlobs(
  core: Pick<SyncContext, 'articles' | 'blobs' | 'subscriptions'>,
  now = Date.now(),
): Promise<number> {
  // Feeds' icons are kept as long as their feed.
  const used = new Set<string>(core.subscriptions.feeds().flatMap((feed) => (feed.icon ? [feed.icon] : [])))
  const all = await core.articles.catalog({ limit: Number.MAX_SAFE_INTEGER })
  for (const meta of all) for (const hash of meta.imageHashes ?? []) used.add(hash)
  let deleted = 0
  for (const { hash } of await core.blobs.list()) {
    if (used.has(hash)) continue
    const info = await core.blobs.info(hash)
    if (info && now - Date.parse(info.storedAt) < GRACE_MS) continue
    await core.blobs.delete(hash)
    deleted += 1
  }
  return deleted
}

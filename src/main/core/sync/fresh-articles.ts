import type { Article } from '../../../shared/types'

/** Articles a sync keeps in memory for the rules, at most: about one write batch (tens of MB at most). */
const FRESH_KEPT = 1_000

/**
 * Keeps the new ones of `articles` as built (up to {@link FRESH_KEPT} in a sync) for the rules' phrase
 * checks, which otherwise read each article back from disk.
 */
export function keepFresh(
  fresh: Map<string, Article>,
  articles: readonly Article[],
  added: readonly string[],
): void {
  if (fresh.size >= FRESH_KEPT || added.length === 0) return
  const ids = new Set(added)
  for (const article of articles)
    if (ids.has(article.id) && fresh.size < FRESH_KEPT) fresh.set(article.id, article)
}

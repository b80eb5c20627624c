import { createHash } from 'node:crypto'
import type { Article } from '../../src/shared/types'

const MINUTE_MS = 60_000

/** A deterministic article id (lower-case hex, like the real `stableId`), spread over body shards. */
export function articleId(seed: string, index: number): string {
  return createHash('sha256').update(`${seed}\u0000${index}`).digest('hex').slice(0, 20)
}

/**
 * One generated article. `published` is the given time; it was fetched a minute later, so its sort
 * time is its published time.
 */
export function makeArticle(
  index: number,
  overrides: Partial<Article> & { publishedMs?: number } = {},
): Article {
  const { publishedMs = Date.UTC(2025, 0, 1) + index * MINUTE_MS, ...rest } = overrides
  const feedId = rest.feedId ?? 'feed-a'
  return {
    id: articleId(feedId, index),
    feedId,
    guid: `urn:test:${feedId}:${index}`,
    url: `https://news.test/${feedId}/${index}`,
    title: `Article ${index} of ${feedId}`,
    author: index % 3 === 0 ? null : `Author ${index % 7}`,
    published: new Date(publishedMs).toISOString(),
    summary: `<p>Summary ${index}</p>`,
    contentHtml: `<p>Body of article ${index}.</p><p>Second paragraph.</p>`,
    contentText: `Body of article ${index}.\n\nSecond paragraph.`,
    images: [],
    fetchedAt: new Date(publishedMs + MINUTE_MS).toISOString(),
    ...rest,
  }
}

export interface ManyArticlesOptions {
  /** The feed of article i; a string for all of them. */
  feedId?: string | ((index: number) => string)
  /** Published time of the oldest article (ms). */
  startMs?: number
  /** Time between consecutive articles (ms). */
  stepMs?: number
  /** The index of the first article, so batches of one series do not collide. */
  firstIndex?: number
}

/** `count` articles, oldest first, evenly spaced from `startMs`. */
export function makeArticles(count: number, options: ManyArticlesOptions = {}): Article[] {
  const {
    startMs = Date.UTC(2025, 0, 1),
    stepMs = 60 * MINUTE_MS,
    firstIndex = 0,
    feedId = 'feed-a',
  } = options
  const feedOf = typeof feedId === 'function' ? feedId : () => feedId
  return Array.from({ length: count }, (_, n) => {
    const index = firstIndex + n
    return makeArticle(index, { feedId: feedOf(index), publishedMs: startMs + index * stepMs })
  })
}

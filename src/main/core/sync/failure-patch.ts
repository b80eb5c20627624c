import type { Feed } from '../../../shared/types'
import { explainFetchFailure, fetchFailureParams } from '../net/fetch-failures'
import { FetchError } from '../net/http-fetch'
import { FeedParseError } from './feed-parse'

const BACKOFF_BASE_MS = 5 * 60_000
const BACKOFF_MAX_MS = 24 * 3600_000

/** The feed's new state after a failed fetch: the error in words, and when to try again. */
export function failurePatch(feed: Feed, error: unknown, now: Date): Partial<Feed> {
  const errorCount = (feed.errorCount ?? 0) + 1
  const patch: Partial<Feed> = { lastFetched: now.toISOString(), errorCount, lastErrorCode: null }
  if (error instanceof FetchError) {
    // Busy, no answer, refused: said as the add dialog says it, so a failure reads the same everywhere.
    patch.lastError = explainFetchFailure(error)
    patch.lastErrorCode = { code: 'sync-fetch', params: fetchFailureParams(error) }
    if (error.gone) {
      patch.dead = true
      patch.lastError = 'the feed is gone (the server said 410 Gone)'
      patch.lastErrorCode = { code: 'sync-gone' }
    } else if (error.status === 429 || error.status === 503) {
      const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (errorCount - 1))
      // The server's Retry-After wins (capped at a week); without one, back off exponentially.
      const wait = Math.min(7 * BACKOFF_MAX_MS, error.retryAfterMs ?? backoff)
      patch.retryAfter = new Date(now.getTime() + wait).toISOString()
    }
  } else if (error instanceof FeedParseError) {
    patch.lastError = error.message
  } else {
    patch.lastError = error instanceof Error ? error.message.split('\n')[0] : String(error)
  }
  return patch
}

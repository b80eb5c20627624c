/**
 * Stable codes on the failures the UI words itself (from the message catalog) instead of showing the
 * core's English message. A failure without a code is shown as its message.
 */

/** Why a typed search cannot run. */
export type QueryProblemCode =
  // Incomplete: what a query passes through while it is typed.
  | 'query-unclosed-quote'
  | 'query-lone-sign'
  | 'query-lone-field'
  | 'query-empty-phrase'
  | 'query-lone-star'
  | 'query-too-common'
  | 'query-no-words'
  | 'query-only-exclusions'
  | 'query-empty'
  | 'query-partial-filter'
  // Invalid: typing on does not mend them by itself.
  | 'query-star-inside'
  | 'query-prefix-too-short'
  | 'query-too-long'
  | 'query-too-many-words'
  | 'query-unknown-filter'
  | 'query-conflicting-filters'
  | 'query-bad-date'
  | 'query-unknown-folder'
  | 'query-unknown-feed'

/** The codes of a query that is still being typed: not a failure, a hint (and the last results stay). */
export const INCOMPLETE_QUERY_CODES: ReadonlySet<QueryProblemCode> = new Set<QueryProblemCode>([
  'query-unclosed-quote',
  'query-lone-sign',
  'query-lone-field',
  'query-empty-phrase',
  'query-lone-star',
  'query-too-common',
  'query-no-words',
  'query-only-exclusions',
  'query-empty',
  'query-partial-filter',
])

/**
 * A feed that could not be fetched while subscribing (busy, no answer, refused): not a verdict that the
 * address is no feed, so the UI offers "Subscribe anyway" (addFeed with `anyway`).
 */
export const FEED_UNREACHABLE = 'feed-unreachable'

/** A failure's code and the values its words need (plain strings and numbers: what the user typed). */
export interface FailureCode {
  code: string
  params?: Record<string, string | number>
}

/** Whether a failure code is a search query's problem (a hint under the field, never "Search failed"). */
export function isQueryProblem(code: string | undefined): code is QueryProblemCode {
  return typeof code === 'string' && code.startsWith('query-')
}

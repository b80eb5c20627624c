/** Smart feeds as the contract carries them (src/main/core/smart keeps them). */

/** How a smart feed lists its articles: newest first, or best match first. */
export type SmartFeedSort = 'newest' | 'best'

/** A smart feed: a saved search, listed in the sidebar. */
export interface SmartFeed {
  id: string
  name: string
  /** The query, in the search's language (words, filters such as is:unread folder:News, note:). */
  query: string
  sort: SmartFeedSort
}

/** A smart feed with its counts, as the sidebar shows it. */
export interface SmartFeedView extends SmartFeed {
  unread: number
  total: number
}

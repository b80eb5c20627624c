/**
 * The data Broadsheet keeps, as plain JSON-safe types shared by core, shell, preload, renderer and CLI.
 */

/** How a feed's items get their full text. `auto` fetches the page only when the feed carries a summary. */
export type FullTextMode = 'auto' | 'always' | 'never'

import type { FailureCode } from './failure-codes'
import type { LanguageSetting } from './i18n'

export type Theme = 'system' | 'light' | 'dark'

/** Per-feed settings; anything left out follows the global settings. */
export interface FeedSettings {
  fullText?: FullTextMode
  notify?: boolean
}

/** A subscription. */
export interface Feed {
  id: string
  /** The feed document's URL (after autodiscovery). */
  url: string
  title: string
  /** The website the feed belongs to, when known. */
  siteUrl: string | null
  /** The language the feed declares (BCP 47: "ko", "en-US"), from its last sync; absent or null if none. */
  language?: string | null
  /** The folder it sits in, or null at the top level. */
  folderId: string | null
  etag: string | null
  lastModified: string | null
  /** ISO time of the last fetch attempt that reached a conclusion (success, 304 or error). */
  lastFetched: string | null
  /** The last fetch's failure in plain words, or null when it went well. */
  lastError: string | null
  /** The same failure as a code the UI words in its language (shared/failure-codes.ts), when it has one. */
  lastErrorCode?: FailureCode | null
  /** ISO time before which the feed must not be fetched again (Retry-After, backoff). */
  retryAfter: string | null
  /** Set when the server said 410 Gone: the feed is kept but not fetched. */
  dead: boolean
  /** Failed fetches in a row (429/503 back off exponentially on it). */
  errorCount?: number
  /**
   * What the last sync that read the feed left out, in plain words (the items past the most one sync
   * takes, items that could not be built); absent or null when it took everything.
   */
  notice?: string | null
  /** The same as a code the UI words in its language (`sync-notice`). */
  noticeCode?: FailureCode | null
  addedAt: string
  settings: FeedSettings
  /** The server account the subscription belongs to; absent for a feed this computer fetches itself. */
  account?: string
  /** Its id on that server (`feed/…`), through which it is renamed, moved and unsubscribed there. */
  remoteId?: string
  /** The site's icon (favicon) in the image cache: its blob hash, or null/absent when it has none yet. */
  icon?: string | null
  /** ISO time an icon was last looked for (a feed without one is asked again after a while). */
  iconCheckedAt?: string | null
}

/** A folder of feeds; folders nest (OPML outlines). */
export interface Folder {
  id: string
  title: string
  parentId: string | null
  /** The server account whose label it mirrors; absent for this computer's own folders. */
  account?: string
}

/** The kinds of server account Broadsheet speaks to; another protocol slots in beside `greader`. */
export type AccountKind = 'greader'

/**
 * A server account whose subscriptions, read and starred state Broadsheet mirrors (a Google Reader API
 * server: FreshRSS, Miniflux, …). Its credential is never part of it: see the README's "Accounts".
 */
export interface Account {
  id: string
  kind: AccountKind
  /** The API endpoint as the user gave it (FreshRSS: https://host/api/greader.php; Miniflux: https://host). */
  url: string
  user: string
  /** ISO time of the last sync that reached the server, and its failure in plain words, if it failed. */
  lastSync: string | null
  lastError: string | null
  /** The same failure as a code the UI words in its language, when it has one. */
  lastErrorCode?: FailureCode | null
}

export interface Settings {
  syncIntervalMinutes: number
  retentionDays: number
  /**
   * Keep at most this many articles per feed (0: no limit), the newest; bookmarked and saved ones always
   * stay. Bounds what one feed can fill the library with (see MAX_ITEMS_PER_SYNC in sync/feed-parse.ts).
   */
  retentionMaxPerFeed: number
  fullTextMode: FullTextMode
  markReadOnOpen: boolean
  notifications: boolean
  theme: Theme
  fontSize: number
  lineWidth: number
  fontFamily: 'serif' | 'sans'
  maxImagesPerArticle: number
  imageCacheLimitMB: number
  /** The interface's language: "system" (the operating system's; the browser's in the preview) or one. */
  language: LanguageSetting
}

/** The settings a new library starts with (core fills missing keys with them; the UI shows them until
 * the library's own have come). */
export const DEFAULT_SETTINGS: Settings = {
  syncIntervalMinutes: 30,
  retentionDays: 90,
  retentionMaxPerFeed: 5_000,
  fullTextMode: 'auto',
  markReadOnOpen: true,
  notifications: false,
  theme: 'system',
  fontSize: 18,
  lineWidth: 68,
  fontFamily: 'serif',
  maxImagesPerArticle: 40,
  imageCacheLimitMB: 2048,
  language: 'system',
}

/** An image of an article: its original URL and, once downloaded, the blob that holds it. */
export interface ArticleImage {
  url: string
  /** sha256 of the cached bytes, or null while not cached. */
  hash: string | null
}

/** The id of the pseudo-feed that holds pages saved by URL. */
export const SAVED_FEED_ID = 'saved'

/** Its title where core names it (the CLI, search's `feed:`); the UI takes its own from the catalogs. */
export const SAVED_FEED_TITLE = 'Saved Pages'

/** The scheme of cached images: `broadsheet-cache://<sha256>`, served by the app's protocol and the preview. */
export const CACHE_SCHEME = 'broadsheet-cache'

/** The URL a cached blob is shown under. */
export function cacheUrl(hash: string): string {
  return `${CACHE_SCHEME}://${hash}`
}

/** A cached article, complete. Stored one file per article; the catalog holds its {@link ArticleMeta}. */
export interface Article {
  id: string
  feedId: string
  guid: string
  url: string | null
  title: string
  author: string | null
  /** ISO time the publisher gave, or null. */
  published: string | null
  /** Sanitized HTML summary from the feed. */
  summary: string | null
  /** Sanitized HTML of the full article. */
  contentHtml: string
  /** The readable plain text of contentHtml. */
  contentText: string
  images: ArticleImage[]
  /** ISO time Broadsheet stored it. */
  fetchedAt: string
  /** Where contentHtml came from: the feed, or the story's page (full text extracted). */
  fullTextFrom?: 'feed' | 'page'
  /** Why fetching the story's page failed, when it did; a later sync tries again. */
  fullTextError?: string | null
  /** How many times the story's page was fetched for full text (bounded; see the sync engine). */
  fullTextAttempts?: number
  /** A hash of the feed item this was built from: an unchanged item is not rebuilt on the next sync. */
  sourceHash?: string
  /** For an article of a server account: the server's id of the item (long form), for read and starred. */
  remoteId?: string
  /**
   * The language the item or its page declares (BCP 47), when either does; the feed's (`Feed.language`)
   * is looked up where it is shown, so it is not copied here.
   */
  language?: string
}

/** What lists show and filter on: small, kept in the catalog, no body. */
export interface ArticleMeta {
  id: string
  feedId: string
  title: string
  url: string | null
  author: string | null
  published: string | null
  fetchedAt: string
  /** Milliseconds since the epoch used for ordering: published, clamped to fetchedAt. */
  sortTime: number
  /** A short plain-text line for the article list. */
  snippet: string
  /** Blobs the article shows (list thumbnails; retention frees blobs no article names). */
  imageHashes: string[]
  /** The server's id of the item, for an article of a server account (see Article). */
  remoteId?: string
  /** The article's own language, when declared (see Article). */
  language?: string
}

/** Per-article flags, as the user set them. */
export interface ArticleFlags {
  read: boolean
  bookmarked: boolean
  saved: boolean
  /** Hidden (muted, by a rule or by hand): out of lists and counts until unhidden. Absent when not. */
  hidden?: true
}

export type ArticleListItem = ArticleMeta & ArticleFlags

/** Which articles to list, newest first. */
export interface ArticleQuery {
  feedIds?: string[]
  unread?: boolean
  bookmarked?: boolean
  saved?: boolean
  /** Only hidden (muted) articles; without it, hidden ones are left out. */
  hidden?: boolean
  /** Only articles strictly older than this sortTime (paging). */
  before?: number
  limit?: number
}

/** A subscription as lists show it. */
export interface FeedSummary extends Feed {
  /** The folder path ("Tech/Rust"), "" at the top level. */
  folder: string
  unread: number
  total: number
}

/** An article with its flags and what is cached of its images. */
export interface ArticleView extends Article, ArticleFlags {}

/** What importing an OPML file did. */
export interface OpmlImportResult {
  added: Feed[]
  /** URLs already subscribed (or repeated in the file). */
  skipped: string[]
}

const CACHE_URL = new RegExp(`^${CACHE_SCHEME}:/{0,3}([0-9a-f]{64})/?$`)

/**
 * The blob hash a `broadsheet-cache:` URL names, or null for anything else. Only the exact shape
 * `broadsheet-cache://<sha256>` passes, so no path (`../`, `%2e%2e`) can reach the file system.
 */
export function cacheHashOf(url: string): string | null {
  return CACHE_URL.exec(url)?.[1] ?? null
}

/** The colours a highlight may have; the first is the default. */
export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number]

/**
 * A passage a person marked in an article, with an optional note. Anchored by its quote and position in
 * the article's canonical text (see shared/anchor.ts), so it survives re-rendering and re-extraction.
 */
export interface Highlight {
  id: string
  articleId: string
  /** The article's feed when it was made (kept so a highlight's article is found without its body). */
  feedId: string
  /** The highlighted text. */
  text: string
  /** The text just before and after it, and its offsets then: how it is placed again. */
  prefix: string
  suffix: string
  start: number
  end: number
  color: HighlightColor
  /** The person's note, or "" for none. */
  note: string
  /** ISO times. */
  created: string
  updated: string
}

/** A highlight as shown: `orphaned` when its text no longer occurs in the article (or the article is gone). */
export interface HighlightView extends Highlight {
  orphaned: boolean
  /** The article's title, for lists across articles. */
  articleTitle: string
}

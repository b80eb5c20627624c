/**
 * The one contract between the reader's UI and everything behind it: every request the renderer may make
 * and every event it may receive. The Electron shell serves it over IPC (src/main/ipc.ts), the preload
 * exposes it as `window.broadsheet`, the browser preview serves it over HTTP and server-sent events, and
 * the renderer's client module is typed by it. Arguments and results are JSON-safe (no Dates, Maps,
 * classes or functions), so both transports carry them unchanged.
 */
import type { CommandId } from './commands'
import type {
  Account,
  ArticleListItem,
  ArticleQuery,
  ArticleView,
  Feed,
  FeedSettings,
  FeedSummary,
  Folder,
  Highlight,
  HighlightColor,
  HighlightView,
  OpmlImportResult,
  Settings,
} from './types'
import type { ExportFormat, ExportOutcome, ExportPreview, ExportSourceArgs } from './export-types'
import type { RuleAction, RuleInput, RuleNotice, RuleTest, RuleView } from './rules'
import type { SmartFeed, SmartFeedSort, SmartFeedView } from './smart-feeds'

// The requests' own shapes, in a file per concept, are part of the contract too.
export * from './export-types'
export * from './rules'
export * from './smart-feeds'

/** The argument of a method that needs none (calling it with nothing is fine too). */
export type NoArgs = Record<string, never>

/** A folder with its full path ("Tech/Rust"). */
export interface FolderView extends Folder {
  path: string
}

/** Changes to a feed's own settings: a value sets it, null returns it to the global setting. */
export type FeedSettingsPatch = { [K in keyof FeedSettings]?: FeedSettings[K] | null }

/** Which articles to list: {@link ArticleQuery} plus a folder (its feeds and its subfolders' feeds). */
export interface ArticleListQuery extends ArticleQuery {
  folderId?: string
}

/**
 * The most results one search answers with: a page's snippets are read from each result's article on the
 * thread that answers requests, so a bigger page would hold it up. More is paged with `offset`; a larger
 * `limit` is refused (never silently cut, which would make a client paging by offset skip results).
 */
export const SEARCH_PAGE_MAX = 200

/** A full-text search, with the same filters as lists. */
export interface SearchArgs {
  query: string
  /** Results wanted: default 20, at most {@link SEARCH_PAGE_MAX}. */
  limit?: number
  /** Results to skip: the page starts after them. */
  offset?: number
  feedIds?: string[]
  folderId?: string
  unread?: boolean
  bookmarked?: boolean
  saved?: boolean
  /** ISO dates bounding the article's date. */
  since?: string
  until?: string
}

/** A match in a text as [start, length] in UTF-16 units (Lunr's position format). */
export type TextRange = [number, number]

/** One search result, ready to list and highlight. */
export interface SearchHit {
  id: string
  title: string
  feedId: string
  score: number
  /** How many of the query's plain words it contains. */
  matchedWords: number
  sortTime: number
  /** A passage around the matches. */
  snippet: string
  snippetPositions: TextRange[]
  /** Matches in the article's own fields. */
  positions: Partial<Record<'title' | 'author' | 'content', TextRange[]>>
  /** The article's flags, as lists show them (the API adds them; the index does not keep them). */
  read?: boolean
  bookmarked?: boolean
  /** Hidden (muted): only `is:hidden` finds these. */
  hidden?: true
}

export interface SearchResults {
  /** Every match (an upper bound when `totalIsExact` is false: quoted phrases are checked lazily). */
  total: number
  totalIsExact: boolean
  results: SearchHit[]
}

/** A server account as lists show it. */
export interface AccountView extends Account {
  /** Its subscriptions here. */
  feeds: number
  /** Read and starred changes made here and not yet sent to the server. */
  pending: number
  /** Where its sign-in token is kept: the system keychain, or a file only the user can read. */
  credential: 'keychain' | 'file'
}

/** What a sync did with one server account. */
export interface AccountSyncSummary {
  id: string
  newArticles: number
  /** Local changes sent to the server before pulling. */
  pushed: number
  error: string | null
}

/** Why a sync ran. */
export type SyncReason = 'start' | 'interval' | 'resume' | 'online' | 'manual'

/** What one finished sync did. */
export interface SyncSummary {
  reason: SyncReason
  /** ISO times. */
  startedAt: string
  finishedAt: string
  durationMs: number
  newArticles: number
  /** `notice`: what the feed's sync left out (see Feed.notice). */
  feeds: { id: string; title: string; newArticles: number; error: string | null; notice: string | null }[]
  accounts: AccountSyncSummary[]
  /**
   * Of the new articles, those left unread and shown after the rules ran, per feed (a feed absent: all of
   * them): the new-articles notification counts these.
   */
  newUnread?: Record<string, number>
}

/**
 * A sync's news: its new articles less those its rules marked read or hid (each feed's `newUnread`, where
 * the rules ran). The status line and the new-articles notification both count these.
 */
export function newsOf(summary: Pick<SyncSummary, 'feeds' | 'newArticles' | 'newUnread'>): {
  total: number
  feeds: { id: string; title: string; count: number }[]
} {
  const countOf = (feed: { id: string; newArticles: number }): number =>
    summary.newUnread?.[feed.id] ?? feed.newArticles
  return {
    total: summary.feeds.reduce((sum, feed) => sum - feed.newArticles + countOf(feed), summary.newArticles),
    feeds: summary.feeds
      .filter((feed) => countOf(feed) > 0)
      .map((feed) => ({ id: feed.id, title: feed.title, count: countOf(feed) })),
  }
}

/** A damaged file found and set aside so that nothing overwrites it (see the README's "Where your data lives"). */
export interface DamageNotice {
  /** The file that was damaged. */
  file: string
  /** Where the damaged copy now lives. */
  keptAt: string
  reason: string
  /** What Broadsheet did about it, in plain words. */
  action: string
}

/** What the status bar shows. */
export interface AppStatus {
  syncing: boolean
  lastSync: SyncSummary | null
  online: boolean
  damage: DamageNotice[]
}

/**
 * Every request the renderer may make: one argument object per method (optional where none is needed),
 * a JSON-safe result. A failure rejects with an Error whose message is one plain line for people.
 */
export interface BroadsheetApi {
  listFeeds(args?: NoArgs): Promise<FeedSummary[]>
  /** The Saved pages' unread and total counts (no subscription, but All and Unread list them). */
  savedPageCounts(args?: NoArgs): Promise<{ total: number; unread: number }>
  listFolders(args?: NoArgs): Promise<FolderView[]>
  /**
   * Subscribes to a feed or a website (its feed is discovered); articles arrive with the next sync. With
   * `account`, the server account subscribes (and fetches it). A bare address ("example.com/blog") is
   * tried over https, then http. A failure with the code `feed-unreachable` (busy, no answer, refused)
   * may be retried with `anyway`: subscribed with its error, tried again at the next sync. `requestId`
   * names the request for {@link BroadsheetApi.cancelRequest}.
   */
  addFeed(args: {
    url: string
    folder?: string
    account?: string
    anyway?: boolean
    requestId?: string
  }): Promise<Feed>
  /** Cancels a request still running that was given this `requestId` (adding a feed, saving a page). */
  cancelRequest(args: { requestId: string }): Promise<void>
  /** Unsubscribes; bookmarked articles stay. `undo`: the token that brings it back (see `undo`). */
  removeFeed(args: { feedId: string }): Promise<{ removed: number; kept: number; undo?: string }>
  renameFeed(args: { feedId: string; title: string }): Promise<Feed>
  /** Moves a feed to a folder path ("Tech/Rust", created as needed; "" for the top level). */
  moveFeed(args: { feedId: string; folder: string }): Promise<Feed>
  updateFeedSettings(args: { feedId: string; settings: FeedSettingsPatch }): Promise<Feed>
  renameFolder(args: { folderId: string; title: string }): Promise<FolderView>
  /** Deletes a folder: its feeds and subfolders move up into its parent. */
  deleteFolder(args: { folderId: string }): Promise<{ moved: number; undo: string }>
  /** Undoes an action whose answer carried this `undo` token (mark all read, unsubscribe, delete folder). */
  undo(args: { token: string }): Promise<void>
  listArticles(args?: ArticleListQuery): Promise<ArticleListItem[]>
  /** One cached article, complete; never touches the network. */
  getArticle(args: { id: string }): Promise<ArticleView>
  setRead(args: { ids: string[]; read: boolean }): Promise<void>
  /**
   * Marks every article of these feeds, of a folder, or of everything read; with `smartFeedId`, every
   * article its saved search matches; with `bookmarked`, every bookmarked one (of the feeds or folder given).
   */
  markAllRead(args?: {
    feedIds?: string[]
    folderId?: string
    smartFeedId?: string
    bookmarked?: boolean
  }): Promise<{ changed: number; undo?: string }>
  setBookmarked(args: { id: string; bookmarked: boolean }): Promise<void>
  search(args: SearchArgs): Promise<SearchResults>
  /** Syncs now (after the running sync, if one is running) and resolves when done. */
  syncNow(args?: { feedIds?: string[] }): Promise<SyncSummary>
  /** Saves one web page for offline reading. */
  saveUrl(args: { url: string; requestId?: string }): Promise<ArticleView>
  importOpml(args: { text: string }): Promise<OpmlImportResult>
  exportOpml(args?: NoArgs): Promise<{ text: string }>
  getSettings(args?: NoArgs): Promise<Settings>
  updateSettings(args: Partial<Settings>): Promise<Settings>
  getStatus(args?: NoArgs): Promise<AppStatus>
  listAccounts(args?: NoArgs): Promise<AccountView[]>
  /** Signs in to a Google Reader API server with the password and adds the account (nothing is kept on failure). */
  addAccount(args: { url: string; user: string; password: string }): Promise<Account>
  /** Signs in without keeping anything: whether the address, user and password work. */
  testAccount(args: { url: string; user: string; password: string }): Promise<{ ok: true }>
  /** Forgets an account and its sign-in; its articles go, bookmarked ones stay. */
  removeAccount(args: { accountId: string }): Promise<void>
  /** An article's highlights in reading order, or every article's newest first. */
  listHighlights(args?: { articleId?: string }): Promise<HighlightView[]>
  /**
   * Highlights [start, end) of the article's canonical text (shared/anchor.ts), with a colour and a note;
   * `text`, what the reader saw there, is checked against it (the nearest place of that text wins).
   */
  addHighlight(args: {
    articleId: string
    start: number
    end: number
    text?: string
    color?: HighlightColor
    note?: string
  }): Promise<HighlightView>
  updateHighlight(args: { id: string; note?: string; color?: HighlightColor }): Promise<HighlightView>
  /** Removes a highlight and returns it as it was, for undo ({@link restoreHighlight}). */
  removeHighlight(args: { id: string }): Promise<Highlight>
  restoreHighlight(args: { highlight: Highlight }): Promise<void>
  /** How many articles an export of this source would hold, and the name it is offered under. */
  exportPreview(args: { source: ExportSourceArgs; format: ExportFormat }): Promise<ExportPreview>
  /**
   * Exports a source: the app asks where with its own save dialog (the path never comes from the caller);
   * the preview writes a file to download. `requestId` names it for {@link BroadsheetApi.cancelRequest}
   * and for its `exportProgress` events.
   */
  exportArticles(args: {
    source: ExportSourceArgs
    format: ExportFormat
    requestId?: string
  }): Promise<ExportOutcome>
  /** Shows an exported file in the system's file manager (the `receipt` of its outcome). */
  revealExport(args: { receipt: string }): Promise<void>
  /** Smart feeds in the sidebar's order, with their unread and total counts. */
  listSmartFeeds(args?: NoArgs): Promise<SmartFeedView[]>
  /** Saves a search; a query the search refuses is refused with its one-line explanation, nothing kept. */
  addSmartFeed(args: { name: string; query: string; sort?: SmartFeedSort }): Promise<SmartFeed>
  /** Renames it, changes its query (checked as when added) or its order. */
  updateSmartFeed(args: {
    id: string
    name?: string
    query?: string
    sort?: SmartFeedSort
  }): Promise<SmartFeed>
  /** Removes it; `undo` brings it back where it was (see `undo`). */
  removeSmartFeed(args: { id: string }): Promise<{ undo: string }>
  /** Moves it to `index` in the sidebar's order. */
  moveSmartFeed(args: { id: string; index: number }): Promise<void>
  /** A page of its articles in its order (newest first or best match), with their flags. */
  listSmartFeed(args: {
    id: string
    limit?: number
    offset?: number
    unread?: boolean
  }): Promise<SearchResults>
  /** Rules in their order (the order they run in), each with whether it is active. */
  listRules(args?: NoArgs): Promise<RuleView[]>
  /** Adds a rule at the end; a malformed query is refused with the search's explanation, nothing kept. */
  addRule(args: RuleInput): Promise<RuleView>
  /** Changes a rule (checked as when adding); null clears its feed or folder. */
  updateRule(args: {
    id: string
    query?: string
    action?: RuleAction
    feed?: string | null
    folder?: string | null
  }): Promise<RuleView>
  removeRule(args: { id: string }): Promise<void>
  /** Moves a rule to `index` in the list. */
  moveRule(args: { id: string; index: number }): Promise<void>
  /** What a query (in a feed or folder) would match among the cached articles now. */
  testRule(args: { query: string; feed?: string; folder?: string }): Promise<RuleTest>
  /** Applies a rule once to every cached article it matches now; how many it acted on. */
  applyRule(args: { id: string }): Promise<{ count: number }>
  /** Hides (mutes) articles or shows them again. */
  setHidden(args: { ids: string[]; hidden: boolean }): Promise<void>
}

export type ApiMethod = keyof BroadsheetApi
export type ApiArgs<M extends ApiMethod> = Parameters<BroadsheetApi[M]>[0]

/** Every method, at run time (the preload and the preview build their tables from it). */
export const API_METHODS = [
  'listFeeds',
  'listFolders',
  'addFeed',
  'removeFeed',
  'renameFeed',
  'moveFeed',
  'updateFeedSettings',
  'renameFolder',
  'deleteFolder',
  'undo',
  'listArticles',
  'getArticle',
  'setRead',
  'markAllRead',
  'setBookmarked',
  'search',
  'syncNow',
  'saveUrl',
  'importOpml',
  'exportOpml',
  'getSettings',
  'updateSettings',
  'getStatus',
  'listAccounts',
  'addAccount',
  'testAccount',
  'removeAccount',
  'listHighlights',
  'addHighlight',
  'updateHighlight',
  'removeHighlight',
  'restoreHighlight',
  'cancelRequest',
  'savedPageCounts',
  'exportPreview',
  'exportArticles',
  'revealExport',
  'listSmartFeeds',
  'addSmartFeed',
  'updateSmartFeed',
  'removeSmartFeed',
  'moveSmartFeed',
  'listSmartFeed',
  'listRules',
  'addRule',
  'updateRule',
  'removeRule',
  'moveRule',
  'testRule',
  'applyRule',
  'setHidden',
] as const satisfies readonly ApiMethod[]

// Does not compile when a method of BroadsheetApi is missing from API_METHODS.
const _everyMethodListed: [Exclude<ApiMethod, (typeof API_METHODS)[number]>] extends [never] ? true : never =
  true

/** Progress of a running sync: after each feed. */
export interface SyncProgressEvent {
  done: number
  total: number
  /** The feed that just finished (null on the first event, before any). */
  feed: {
    id: string
    title: string
    error: string | null
    newArticles: number
    notice?: string | null
  } | null
}

/** Every event the renderer may receive, by name. */
export interface BroadsheetEvents {
  syncStarted: { reason: SyncReason }
  syncProgress: SyncProgressEvent
  syncFinished: SyncSummary
  /** Sent after a sync that stored new articles. */
  newArticles: { total: number; feeds: { id: string; title: string; count: number }[] }
  /** A sync that failed as a whole (one feed's failure is that feed's `error` instead). */
  syncError: { message: string }
  online: { online: boolean }
  /** A menu item was chosen: the renderer's command registry runs it. */
  command: { command: CommandId }
  /** A running export's progress: articles written of how many (`requestId` as its request gave). */
  exportProgress: { requestId: string; done: number; total: number }
  /** A `notify` rule matched an article a sync brought. */
  ruleNotice: RuleNotice
}

export type EventName = keyof BroadsheetEvents

/** One event with its payload, as transports carry it. */
export type BroadsheetEvent = { [E in EventName]: { name: E; payload: BroadsheetEvents[E] } }[EventName]

export const EVENT_NAMES = [
  'syncStarted',
  'syncProgress',
  'syncFinished',
  'newArticles',
  'syncError',
  'online',
  'command',
  'exportProgress',
  'ruleNotice',
] as const satisfies readonly EventName[]

const _everyEventListed: [Exclude<EventName, (typeof EVENT_NAMES)[number]>] extends [never] ? true : never =
  true

/** IPC channel of a request (`api:listFeeds`) and of an event (`event:syncProgress`). */
export const API_CHANNEL_PREFIX = 'api:'
export const EVENT_CHANNEL_PREFIX = 'event:'

/** What main answers over IPC: Electron would mangle a thrown error's message, so failures are values. */
export type ApiReply<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: string; code?: string; params?: Record<string, string | number> }

/** What the renderer sees as `window.broadsheet` (preload) and what the client module offers. */
export interface BroadsheetBridge extends BroadsheetApi {
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: BroadsheetEvents[E]) => void): () => void
  /** The platform (`darwin`, `linux`, `win32`), or `browser` in the preview. */
  platform: string
  /** The preferred languages, most preferred first: the operating system's in the app (the Language
   * setting's "system"), the browser's in the preview. */
  languages: readonly string[]
}

export function isApiMethod(value: string): value is ApiMethod {
  return (API_METHODS as readonly string[]).includes(value)
}

export function isEventName(value: string): value is EventName {
  return (EVENT_NAMES as readonly string[]).includes(value)
}

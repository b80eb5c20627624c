import { vi } from 'vitest'
import type {
  AccountView,
  AppStatus,
  BroadsheetBridge,
  BroadsheetEvents,
  EventName,
  FolderView,
  SearchArgs,
  SearchResults,
} from '../../src/shared/contract'
import { SAVED_FEED_ID } from '../../src/shared/types'
import type { ArticleListItem, ArticleView, FeedSummary, Settings } from '../../src/shared/types'

/** A feed as lists show it, with defaults for what a test does not care about. */
export function feedSummary(id: string, title: string, overrides: Partial<FeedSummary> = {}): FeedSummary {
  return {
    id,
    url: `https://${id}.test/feed`,
    title,
    siteUrl: null,
    folderId: null,
    etag: null,
    lastModified: null,
    lastFetched: null,
    lastError: null,
    retryAfter: null,
    dead: false,
    addedAt: '2026-01-01T00:00:00.000Z',
    settings: {},
    folder: '',
    unread: 0,
    total: 0,
    ...overrides,
  }
}

export function listItem(
  index: number,
  feedId: string,
  overrides: Partial<ArticleListItem> = {},
): ArticleListItem {
  return {
    id: `${feedId}-${index}`,
    feedId,
    title: `Story ${index} of ${feedId}`,
    url: `https://${feedId}.test/${index}`,
    author: `Writer ${index}`,
    published: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
    fetchedAt: '2026-02-01T00:00:00.000Z',
    sortTime: Date.UTC(2026, 0, 1) + index * 60_000,
    snippet: `Snippet of story ${index}`,
    imageHashes: [],
    read: false,
    bookmarked: false,
    saved: false,
    ...overrides,
  }
}

export const SETTINGS: Settings = {
  syncIntervalMinutes: 30,
  retentionDays: 90,
  retentionMaxPerFeed: 0,
  fullTextMode: 'auto',
  markReadOnOpen: true,
  notifications: false,
  theme: 'light',
  fontSize: 18,
  lineWidth: 68,
  fontFamily: 'serif',
  maxImagesPerArticle: 20,
  imageCacheLimitMB: 500,
  language: 'en',
}

type Listener = (payload: unknown) => void

/**
 * An in-memory BroadsheetBridge for component tests: articles newest first, flags that change, every
 * method a spy, and `emit` to send events as main would.
 */
export function fakeApi(
  options: {
    feeds?: FeedSummary[]
    folders?: FolderView[]
    articles?: ArticleListItem[]
    accounts?: AccountView[]
  } = {},
) {
  const feeds = [...(options.feeds ?? [])]
  const folders = options.folders ?? []
  const accounts = [...(options.accounts ?? [])]
  const articles = [...(options.articles ?? [])].sort((a, b) => b.sortTime - a.sortTime)
  let settings = { ...SETTINGS }
  const listeners = new Map<EventName, Set<Listener>>()
  let searchResults: (args: SearchArgs) => SearchResults = () => ({
    total: 0,
    totalIsExact: true,
    results: [],
  })
  const status: AppStatus = { syncing: false, lastSync: null, online: true, damage: [] }

  const view = (item: ArticleListItem): ArticleView => ({
    ...item,
    guid: item.id,
    summary: null,
    contentHtml: `<p>Body of ${item.title}. <a href="https://elsewhere.test/x">a link</a></p>`,
    contentText: `Body of ${item.title}. a link`,
    images: [],
  })

  const api = {
    platform: 'linux',
    languages: ['en-US'],
    listFeeds: vi.fn(async () =>
      feeds.map((feed) => {
        const own = articles.filter((a) => a.feedId === feed.id)
        return { ...feed, total: own.length, unread: own.filter((a) => !a.read).length }
      }),
    ),
    listFolders: vi.fn(async () => folders),
    savedPageCounts: vi.fn(async () => {
      const saved = articles.filter((a) => a.feedId === SAVED_FEED_ID)
      return { total: saved.length, unread: saved.filter((a) => !a.read).length }
    }),
    cancelRequest: vi.fn(async () => undefined),
    listArticles: vi.fn(
      async (
        query: {
          feedIds?: string[]
          unread?: boolean
          bookmarked?: boolean
          before?: number
          limit?: number
        } = {},
      ) =>
        articles
          .filter((a) => !query.feedIds || query.feedIds.includes(a.feedId))
          .filter((a) => !query.unread || !a.read)
          .filter((a) => !query.bookmarked || a.bookmarked)
          .filter((a) => query.before === undefined || a.sortTime < query.before)
          .slice(0, query.limit ?? 100)
          .map((a) => ({ ...a })),
    ),
    getArticle: vi.fn(async ({ id }: { id: string }) => {
      const item = articles.find((a) => a.id === id)
      if (!item) throw new Error(`no article with id ${id}`)
      return view(item)
    }),
    setRead: vi.fn(async ({ ids, read }: { ids: string[]; read: boolean }) => {
      for (const a of articles) if (ids.includes(a.id)) a.read = read
    }),
    setBookmarked: vi.fn(async ({ id, bookmarked }: { id: string; bookmarked: boolean }) => {
      const item = articles.find((a) => a.id === id)
      if (item) item.bookmarked = bookmarked
    }),
    markAllRead: vi.fn(async ({ feedIds, folderId }: { feedIds?: string[]; folderId?: string } = {}) => {
      // A folder's feeds (one level: the tests' folders hold feeds, not folders with feeds).
      const scope = folderId
        ? feeds.filter((feed) => feed.folderId === folderId).map((feed) => feed.id)
        : feedIds
      let changed = 0
      for (const a of articles) {
        if ((!scope || scope.includes(a.feedId)) && !a.read) {
          a.read = true
          changed++
        }
      }
      return { changed }
    }),
    search: vi.fn(async (args: SearchArgs) => searchResults(args)),
    syncNow: vi.fn(async () => ({
      reason: 'manual' as const,
      startedAt: new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      durationMs: 1,
      newArticles: 0,
      feeds: [],
      accounts: [],
    })),
    addFeed: vi.fn(),
    removeFeed: vi.fn(),
    renameFeed: vi.fn(),
    moveFeed: vi.fn(),
    updateFeedSettings: vi.fn(),
    renameFolder: vi.fn(),
    saveUrl: vi.fn(),
    importOpml: vi.fn(),
    exportOpml: vi.fn(async () => ({ text: '<opml/>' })),
    getSettings: vi.fn(async () => settings),
    updateSettings: vi.fn(async (patch: Partial<Settings>) => (settings = { ...settings, ...patch })),
    getStatus: vi.fn(async () => status),
    listAccounts: vi.fn(async () => accounts),
    addAccount: vi.fn(async ({ url, user }: { url: string; user: string; password: string }) => {
      const account = {
        id: `acct${accounts.length + 1}`,
        kind: 'greader' as const,
        url,
        user,
        lastSync: null,
        lastError: null,
      }
      accounts.push({ ...account, feeds: 0, pending: 0, credential: 'file' })
      return account
    }),
    testAccount: vi.fn(async () => ({ ok: true as const })),
    removeAccount: vi.fn(async ({ accountId }: { accountId: string }) => {
      accounts.splice(
        accounts.findIndex((account) => account.id === accountId),
        1,
      )
    }),
    on: vi.fn(<E extends EventName>(event: E, listener: (payload: BroadsheetEvents[E]) => void) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener as Listener)
      return () => set.delete(listener as Listener)
    }),
  }

  return {
    api: api as unknown as BroadsheetBridge & typeof api,
    articles,
    accounts,
    /** The subscriptions listFeeds answers with (a test may remove one, as the core would). */
    feeds,
    status,
    emit<E extends EventName>(event: E, payload: BroadsheetEvents[E]): void {
      for (const listener of listeners.get(event) ?? []) listener(payload)
    },
    answerSearch(answer: (args: SearchArgs) => SearchResults): void {
      searchResults = answer
    },
  }
}

export type FakeApi = ReturnType<typeof fakeApi>

/** jsdom lays nothing out: give scroll containers a size so the virtualized list shows rows. */
export function giveElementsASize(width = 400, height = 800): void {
  for (const [name, value] of [
    ['offsetHeight', height],
    ['clientHeight', height],
    ['offsetWidth', width],
    ['clientWidth', width],
  ] as const) {
    Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => value })
  }
}

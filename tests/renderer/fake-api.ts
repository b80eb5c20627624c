import { vi } from 'vitest'
import type {
  AccountView,
  AppStatus,
  BroadsheetBridge,
  BroadsheetEvents,
  EventName,
  FolderView,
  RuleInput,
  RuleTest,
  RuleView,
  SearchArgs,
  SearchResults,
  SmartFeed,
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
    rules?: RuleView[]
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
  // Smart feeds whose query is one word found in an article's title (the core's search is its own test's).
  const smartFeeds: SmartFeed[] = []
  const smartMatches = (feed: SmartFeed) =>
    articles.filter((a) => a.title.toLowerCase().includes(feed.query.toLowerCase()))
  const smartFeed = (id: string): SmartFeed => {
    const feed = smartFeeds.find((f) => f.id === id)
    if (!feed) throw new Error(`no smart feed with id ${id}`)
    return feed
  }
  const rules: RuleView[] = [...(options.rules ?? [])]
  let ruleTest: (args: { query: string }) => RuleTest = () => ({ count: 0, exact: true, samples: [] })

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
    markAllRead: vi.fn(
      async ({
        feedIds,
        folderId,
        smartFeedId,
      }: { feedIds?: string[]; folderId?: string; smartFeedId?: string } = {}) => {
        // A folder's feeds (one level: the tests' folders hold feeds, not folders with feeds).
        const scope = folderId
          ? feeds.filter((feed) => feed.folderId === folderId).map((feed) => feed.id)
          : feedIds
        const only = smartFeedId ? new Set(smartMatches(smartFeed(smartFeedId)).map((a) => a.id)) : null
        let changed = 0
        for (const a of articles) {
          if ((!scope || scope.includes(a.feedId)) && (!only || only.has(a.id)) && !a.read) {
            a.read = true
            changed++
          }
        }
        return { changed }
      },
    ),
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
    exportPreview: vi.fn(async () => ({
      articles: articles.length,
      title: 'All Articles',
      fileName: 'x.epub',
    })),
    exportArticles: vi.fn(),
    revealExport: vi.fn(async () => undefined),
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
    listSmartFeeds: vi.fn(async () =>
      smartFeeds.map((feed) => {
        const found = smartMatches(feed)
        return { ...feed, total: found.length, unread: found.filter((a) => !a.read).length }
      }),
    ),
    addSmartFeed: vi.fn(async ({ name, query }: { name: string; query: string }) => {
      if (query.includes('"')) {
        throw Object.assign(new Error('a quote is never closed'), { code: 'query-unclosed-quote' })
      }
      const feed: SmartFeed = { id: `smart${smartFeeds.length + 1}`, name, query, sort: 'newest' }
      smartFeeds.push(feed)
      return feed
    }),
    updateSmartFeed: vi.fn(async ({ id, ...change }: Partial<SmartFeed> & { id: string }) => {
      const feed = smartFeed(id)
      Object.assign(feed, Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)))
      return { ...feed }
    }),
    removeSmartFeed: vi.fn(async ({ id }: { id: string }) => {
      smartFeeds.splice(smartFeeds.indexOf(smartFeed(id)), 1)
      return { undo: 'undo-smart' }
    }),
    moveSmartFeed: vi.fn(async ({ id, index }: { id: string; index: number }) => {
      const feed = smartFeed(id)
      smartFeeds.splice(smartFeeds.indexOf(feed), 1)
      smartFeeds.splice(index, 0, feed)
    }),
    listSmartFeed: vi.fn(
      async ({ id, limit = 20, offset = 0 }: { id: string; limit?: number; offset?: number }) => {
        const found = smartMatches(smartFeed(id))
        return {
          total: found.length,
          totalIsExact: true,
          results: found.slice(offset, offset + limit).map((a) => ({
            id: a.id,
            title: a.title,
            feedId: a.feedId,
            score: 0,
            matchedWords: 0,
            sortTime: a.sortTime,
            snippet: a.snippet,
            snippetPositions: [],
            positions: {},
            read: a.read,
            bookmarked: a.bookmarked,
          })),
        }
      },
    ),
    undo: vi.fn(async () => undefined),
    listRules: vi.fn(async () => rules.map((rule) => ({ ...rule }))),
    addRule: vi.fn(async (input: RuleInput) => {
      const rule: RuleView = { id: `rule${rules.length + 1}`, ...input, matched: 0, active: true }
      rules.push(rule)
      return rule
    }),
    updateRule: vi.fn(),
    removeRule: vi.fn(async ({ id }: { id: string }) => {
      rules.splice(
        rules.findIndex((rule) => rule.id === id),
        1,
      )
    }),
    moveRule: vi.fn(async ({ id, index }: { id: string; index: number }) => {
      const at = rules.findIndex((rule) => rule.id === id)
      const [rule] = rules.splice(at, 1)
      if (rule) rules.splice(index, 0, rule)
    }),
    testRule: vi.fn(async (_args: { query: string; feed?: string; folder?: string }) => ruleTest(_args)),
    applyRule: vi.fn(async () => ({ count: 0 })),
    setHidden: vi.fn(async ({ ids, hidden }: { ids: string[]; hidden: boolean }) => {
      for (const a of articles) if (ids.includes(a.id)) a.hidden = hidden ? true : undefined
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
    rules,
    answerRuleTest(answer: (args: { query: string }) => RuleTest): void {
      ruleTest = answer
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

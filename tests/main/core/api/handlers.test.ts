import { describe, expect, it, vi } from 'vitest'
import type { SearchArgs, SearchResults } from '../../../../src/shared/contract'
import { createApiHandlers } from '../../../../src/main/core/api/handlers'
import { Broadsheet } from '../../../../src/main/core/broadsheet'
import { DEFAULT_SETTINGS } from '../../../../src/main/core/store/config-schema'
import { EventHub } from '../../../../src/main/core/api/event-hub'
import {
  keepIndexInStep,
  openLibrarySearch,
  searchRequest,
} from '../../../../src/main/core/search/library-search'
import { newArticlesNotice, notificationBody } from '../../../../src/main/core/sync/new-article-notice'
import { SyncScheduler } from '../../../../src/main/core/sync/scheduler'
import { SyncEngine } from '../../../../src/main/core/sync/sync-engine'
import { makeArticle } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('api')

async function handlersOver(deps: { search?: (args: SearchArgs) => Promise<SearchResults> } = {}) {
  const core = await Broadsheet.open({ dataDir: await tempDir() })
  const engine = new SyncEngine(core)
  const events = new EventHub()
  const scheduler = new SyncScheduler({ sync: (o) => engine.syncAll(o), intervalMinutes: () => 30, events })
  const onSettingsChanged = vi.fn()
  const api = createApiHandlers({ core, engine, scheduler, onSettingsChanged, ...deps })
  return { core, api, onSettingsChanged }
}

describe('the contract’s handlers', () => {
  it('move feeds between folder paths and rename folders', async () => {
    const { core, api } = await handlersOver()
    const feed = await core.subscribe('https://a.test/feed', { folder: 'Tech' })
    expect((await api.moveFeed({ feedId: feed.id, folder: 'Tech/Rust' })).folderId).not.toBe(feed.folderId)
    const folders = await api.listFolders()
    expect(folders.map((f) => f.path).sort()).toEqual(['Tech', 'Tech/Rust'])
    const rust = folders.find((f) => f.path === 'Tech/Rust')!
    expect(await api.renameFolder({ folderId: rust.id, title: 'Go' })).toMatchObject({ path: 'Tech/Go' })
    await core.library.ensureFolder(['Tech', 'Zig'])
    await expect(api.renameFolder({ folderId: rust.id, title: 'Zig' })).rejects.toThrow(
      /already a folder named Zig/,
    )
    await expect(api.renameFolder({ folderId: 'nope', title: 'X' })).rejects.toThrow(/no folder with id nope/)
    expect((await api.moveFeed({ feedId: feed.id, folder: '' })).folderId).toBeNull()
  })

  it('mark a folder read, its subfolders included, and nothing else', async () => {
    const { core, api } = await handlersOver()
    const inside = await core.subscribe('https://a.test/feed', { folder: 'News/World' })
    const outside = await core.subscribe('https://b.test/feed')
    await core.articles.put([makeArticle(1, { feedId: inside.id }), makeArticle(2, { feedId: outside.id })])
    const news = (await api.listFolders()).find((f) => f.path === 'News')!
    expect(await api.markAllRead({ folderId: news.id })).toEqual({ changed: 1 })
    const unread = await api.listArticles({ unread: true })
    expect(unread.map((a) => a.feedId)).toEqual([outside.id])
    expect((await api.listArticles({ folderId: news.id })).map((a) => a.feedId)).toEqual([inside.id])
  })

  it('set and clear a feed’s own settings', async () => {
    const { core, api } = await handlersOver()
    const feed = await core.subscribe('https://a.test/feed')
    expect(
      (await api.updateFeedSettings({ feedId: feed.id, settings: { notify: true, fullText: 'never' } }))
        .settings,
    ).toEqual({
      notify: true,
      fullText: 'never',
    })
    expect(
      (await api.updateFeedSettings({ feedId: feed.id, settings: { fullText: null } })).settings,
    ).toEqual({
      notify: true,
    })
  })

  it('tell the shell when settings change', async () => {
    const { api, onSettingsChanged } = await handlersOver()
    const settings = await api.updateSettings({ syncIntervalMinutes: 5 })
    expect(settings.syncIntervalMinutes).toBe(5)
    expect(onSettingsChanged).toHaveBeenCalledWith(settings)
  })

  it('search through the search dependency, with each hit’s flags as they are now, or say it is not there yet', async () => {
    const [first, second] = [makeArticle(1), makeArticle(2)]
    const hit = (id: string) => ({
      id,
      title: 't',
      feedId: 'feed-a',
      score: 1,
      matchedWords: 1,
      sortTime: 0,
      snippet: '',
      snippetPositions: [],
      positions: {},
    })
    const results: SearchResults = { total: 2, totalIsExact: true, results: [hit(first.id), hit(second.id)] }
    const search = vi.fn(async () => results)
    const { core, api } = await handlersOver({ search })
    await core.articles.put([first, second])
    await api.setRead({ ids: [second.id], read: true })
    await api.setBookmarked({ id: first.id, bookmarked: true })
    const found = await api.search({ query: 'x', limit: 5 })
    expect(found.total).toBe(2)
    expect(found.results.map(({ id, read, bookmarked }) => ({ id, read, bookmarked }))).toEqual([
      { id: first.id, read: false, bookmarked: true },
      { id: second.id, read: true, bookmarked: false },
    ])
    expect(search).toHaveBeenCalledWith({ query: 'x', limit: 5 })
    await expect((await handlersOver()).api.search({ query: 'x' })).rejects.toThrow(
      'search is not available yet',
    )
  })
})

describe('search over the real index', () => {
  it('finds a renamed feed’s articles by its new name, and no longer by its old one', async () => {
    const core = await Broadsheet.open({ dataDir: await tempDir() })
    const index = await openLibrarySearch(core, { autoMerge: false })
    keepIndexInStep(core, index)
    const engine = new SyncEngine(core)
    const scheduler = new SyncScheduler({
      sync: (o) => engine.syncAll(o),
      intervalMinutes: () => 30,
      events: new EventHub(),
    })
    const api = createApiHandlers({ core, engine, scheduler, search: searchRequest(core, index) })
    const feed = await core.subscribe('https://a.test/feed', { title: 'Old Name' })
    const other = await core.subscribe('https://b.test/feed', { title: 'Other Paper' })
    const article = makeArticle(1, { feedId: feed.id, title: 'Harvest report' })
    const elsewhere = makeArticle(2, { feedId: other.id, title: 'Harvest report' })
    await core.articles.put([article, elsewhere])
    const found = async (query: string) => (await api.search({ query })).results.map((hit) => hit.id)
    expect(await found('feed:old')).toEqual([article.id])
    await api.renameFeed({ feedId: feed.id, title: 'New Name' })
    expect(await found('feed:new')).toEqual([article.id])
    expect(await found('feed:old')).toEqual([])
    expect(await found('harvest -feed:new')).toEqual([elsewhere.id])
    await index.close()
  })
})

describe('the new-articles notification', () => {
  const feed = (id: string, notify?: boolean) =>
    ({ id, settings: notify === undefined ? {} : { notify } }) as never
  const event = {
    total: 6,
    feeds: [
      { id: 'a', title: 'Alpha', count: 1 },
      { id: 'b', title: 'Beta', count: 5 },
    ],
  }

  it('counts only chosen feeds: a feed’s own choice wins over the global setting', () => {
    expect(newArticlesNotice(event, [feed('a'), feed('b')], DEFAULT_SETTINGS)).toBeNull()
    expect(newArticlesNotice(event, [feed('a', true), feed('b')], DEFAULT_SETTINGS)).toEqual({
      title: '1 new article',
      body: 'Alpha (1)',
    })
    const everyone = { ...DEFAULT_SETTINGS, notifications: true }
    expect(newArticlesNotice(event, [feed('a'), feed('b', false)], everyone)?.body).toBe('Alpha (1)')
    expect(newArticlesNotice(event, [feed('a'), feed('b')], everyone)).toEqual({
      title: '6 new articles',
      body: 'Alpha (1), Beta (5)',
    })
  })

  it('escapes a feed title’s markup where the notification server reads markup (Linux) only', () => {
    const body = 'Q&A <b>Weekly</b> (2)'
    expect(notificationBody(body, 'linux')).toBe('Q&amp;A &lt;b&gt;Weekly&lt;/b&gt; (2)')
    expect(notificationBody(body, 'darwin')).toBe(body)
    expect(notificationBody(body, 'win32')).toBe(body)
  })
})

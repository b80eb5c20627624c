import { describe, expect, it, vi } from 'vitest'
import { createApiHandlers } from '../../../../src/main/core/api/handlers'
import { startServices } from '../../../../src/main/core/broadsheet'
import { translator } from '../../../../src/shared/i18n'
import { DEFAULT_SETTINGS } from '../../../../src/shared/types'
import {
  newArticlesNotice,
  notificationBody,
  ruleMatchNotice,
  ruleNoticeThrottle,
} from '../../../../src/main/core/sync/new-article-notice'
import { makeArticle } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'
import { subscribeTo } from '../../../helpers/subscribe'

const tempDir = useTempDirs('api')

async function handlersOver() {
  const core = await startServices({ dataDir: await tempDir() })
  return { core, api: createApiHandlers(core) }
}

describe('the contract’s handlers', () => {
  it('move feeds between folder paths and rename folders', async () => {
    const { core, api } = await handlersOver()
    const feed = await subscribeTo(core, 'https://a.test/feed', { folder: 'Tech' })
    expect((await api.moveFeed({ feedId: feed.id, folder: 'Tech/Rust' })).folderId).not.toBe(feed.folderId)
    const folders = await api.listFolders()
    expect(folders.map((f) => f.path).sort()).toEqual(['Tech', 'Tech/Rust'])
    const rust = folders.find((f) => f.path === 'Tech/Rust')!
    expect(await api.renameFolder({ folderId: rust.id, title: 'Go' })).toMatchObject({ path: 'Tech/Go' })
    await core.subscriptions.add([{ url: 'http://127.0.0.1:9/zig.xml', folder: 'Tech/Zig' }])
    await expect(api.renameFolder({ folderId: rust.id, title: 'Zig' })).rejects.toThrow(
      /already a folder named Zig/,
    )
    await expect(api.renameFolder({ folderId: 'nope', title: 'X' })).rejects.toThrow(/no folder with id nope/)
    expect((await api.moveFeed({ feedId: feed.id, folder: '' })).folderId).toBeNull()
  })

  it('mark a folder read, its subfolders included, and nothing else', async () => {
    const { core, api } = await handlersOver()
    const inside = await subscribeTo(core, 'https://a.test/feed', { folder: 'News/World' })
    const outside = await subscribeTo(core, 'https://b.test/feed')
    await core.articles.put([makeArticle(1, { feedId: inside.id }), makeArticle(2, { feedId: outside.id })])
    const news = (await api.listFolders()).find((f) => f.path === 'News')!
    expect(await api.markAllRead({ folderId: news.id })).toEqual({ changed: 1, undo: expect.any(String) })
    const unread = await api.listArticles({ unread: true })
    expect(unread.map((a) => a.feedId)).toEqual([outside.id])
    expect((await api.listArticles({ folderId: news.id })).map((a) => a.feedId)).toEqual([inside.id])
  })

  it('set and clear a feed’s own settings', async () => {
    const { core, api } = await handlersOver()
    const feed = await subscribeTo(core, 'https://a.test/feed')
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

  it('re-arm the sync schedule when settings change', async () => {
    const { core, api } = await handlersOver()
    const reschedule = vi.spyOn(core.sync.schedule, 'reschedule')
    const settings = await api.updateSettings({ syncIntervalMinutes: 5 })
    expect(settings.syncIntervalMinutes).toBe(5)
    expect(core.settings.get().syncIntervalMinutes).toBe(5)
    expect(reschedule).toHaveBeenCalledOnce()
  })

  it('search with each hit’s flags as they are now, and the list’s filters', async () => {
    const [first, second] = [makeArticle(1), makeArticle(2)]
    const { api, core } = await handlersOver()
    await core.articles.put([first, second])
    await api.setRead({ ids: [second.id], read: true })
    await api.setBookmarked({ id: first.id, bookmarked: true })
    const found = await api.search({ query: 'article', limit: 5 })
    expect(found.total).toBe(2)
    const flags = found.results.map(({ id, read, bookmarked }) => ({ id, read, bookmarked }))
    expect(flags.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: first.id, read: false, bookmarked: true },
        { id: second.id, read: true, bookmarked: false },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    )
    expect((await api.search({ query: 'article', unread: true })).results.map((hit) => hit.id)).toEqual([
      first.id,
    ])
    expect((await api.search({ query: 'article', bookmarked: true })).results.map((hit) => hit.id)).toEqual([
      first.id,
    ])
  })
})

describe('search over the real index', () => {
  it('finds a renamed feed’s articles by its new name, and no longer by its old one', async () => {
    const { core, api } = await handlersOver()
    const feed = await subscribeTo(core, 'https://a.test/feed', { title: 'Old Name' })
    const other = await subscribeTo(core, 'https://b.test/feed', { title: 'Other Paper' })
    const article = makeArticle(1, { feedId: feed.id, title: 'Harvest report' })
    const elsewhere = makeArticle(2, { feedId: other.id, title: 'Harvest report' })
    await core.articles.put([article, elsewhere])
    const found = async (query: string) => (await api.search({ query })).results.map((hit) => hit.id)
    expect(await found('feed:old')).toEqual([article.id])
    await api.renameFeed({ feedId: feed.id, title: 'New Name' })
    expect(await found('feed:new')).toEqual([article.id])
    expect(await found('source:old')).toEqual([])
    await expect(found('feed:old')).rejects.toMatchObject({ code: 'query-unknown-feed' })
    expect(await found('harvest -feed:new')).toEqual([elsewhere.id])
    await core.close()
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

  it('name the article a notify rule matched, with its feed and the rule’s query', () => {
    const match = { ruleId: 'r1', query: 'flood', articleId: 'x1', title: 'River rises', feedId: 'a' }
    const alpha = { id: 'a', title: 'Alpha', settings: {} } as never
    expect(ruleMatchNotice(match, [alpha])).toEqual({
      title: 'River rises',
      body: 'Alpha · matched the rule “flood”',
    })
    expect(ruleMatchNotice({ ...match, feedId: 'gone' }, [alpha]).body).toBe('Matched the rule “flood”')
    // In the interface's language.
    expect(ruleMatchNotice(match, [alpha], translator('ko')).body).toBe('Alpha · “flood” 규칙과 일치')
    // Many matches at once: the first three, then one saying more came, then none for the minute.
    const take = ruleNoticeThrottle()
    const shown = Array.from({ length: 6 }, (_, i) => take({ ...match, title: `T${i}` }, [alpha], 1000 + i))
    expect(shown.map((notice) => notice?.title ?? null)).toEqual([
      'T0',
      'T1',
      'T2',
      'More articles matched your rules',
      null,
      null,
    ])
    expect(take(match, [alpha], 61_000)?.title).toBe('River rises')
    const inKorean = ruleNoticeThrottle()
    const korean = Array.from({ length: 4 }, (_, i) => inKorean(match, [alpha], i, translator('ko')))
    expect(korean[3]?.title).toBe('규칙과 일치하는 기사가 더 있습니다')
  })

  it('escapes a feed title’s markup where the notification server reads markup (Linux) only', () => {
    const body = 'Q&A <b>Weekly</b> (2)'
    expect(notificationBody(body, 'linux')).toBe('Q&amp;A &lt;b&gt;Weekly&lt;/b&gt; (2)')
    expect(notificationBody(body, 'darwin')).toBe(body)
    expect(notificationBody(body, 'win32')).toBe(body)
  })
})

import { describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../../src/main/core/api/handlers'
import { UNDO_KEPT, UNDO_WINDOW_MS, UndoJournal } from '../../../../src/main/core/api/undo-journal'
import { startServices } from '../../../../src/main/core/broadsheet'
import { makeArticle } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'
import { subscribeTo } from '../../../helpers/subscribe'

const tempDir = useTempDirs('undo')

async function handlersOver() {
  const core = await startServices({ dataDir: await tempDir() })
  return { core, api: createApiHandlers(core) }
}

describe('undo in the core', () => {
  it('mark all read: undo marks unread exactly what it marked, once', async () => {
    const { core, api } = await handlersOver()
    const feed = await subscribeTo(core, 'https://a.test/feed')
    const articles = [1, 2, 3].map((n) => makeArticle(n, { feedId: feed.id }))
    await core.articles.put(articles)
    await api.setRead({ ids: [articles[0]!.id], read: true })
    const { changed, undo } = await api.markAllRead({ feedIds: [feed.id] })
    expect(changed).toBe(2)
    expect(await api.listArticles({ unread: true })).toEqual([])
    await api.undo({ token: undo! })
    const unread = (await api.listArticles({ unread: true })).map((a) => a.id).sort()
    expect(unread).toEqual([articles[1]!.id, articles[2]!.id].sort())
    await expect(api.undo({ token: undo! })).rejects.toThrow(/nothing to undo/)
  })

  it('unsubscribe: undo brings the feed back with its folder, articles, read flags and search', async () => {
    const { core, api } = await handlersOver()
    const feed = await subscribeTo(core, 'https://a.test/feed', { folder: 'News/World', title: 'Paper' })
    await api.updateFeedSettings({ feedId: feed.id, settings: { fullText: 'always' } })
    const articles = [
      makeArticle(1, { feedId: feed.id }),
      makeArticle(2, { feedId: feed.id }),
      makeArticle(3, { feedId: feed.id, title: 'Zanzibar tides' }),
    ]
    await core.articles.put(articles)
    await api.setRead({ ids: [articles[0]!.id], read: true })
    await api.setBookmarked({ id: articles[1]!.id, bookmarked: true })
    const before = await api.listArticles({ feedIds: [feed.id] })

    const removed = await api.removeFeed({ feedId: feed.id })
    expect(removed).toMatchObject({ removed: 2, kept: 1 })
    expect((await api.listFeeds()).map((f) => f.id)).toEqual([])
    await api.undo({ token: removed.undo! })

    const [back] = await api.listFeeds()
    expect(back).toMatchObject({
      id: feed.id,
      title: feed.title,
      folder: 'News/World',
      settings: { fullText: 'always' },
      total: 3,
      unread: 2,
    })
    const after = await api.listArticles({ feedIds: [feed.id] })
    const flags = (list: typeof after) =>
      list
        .map(({ id, read, bookmarked }) => ({ id, read, bookmarked }))
        .sort((a, b) => a.id.localeCompare(b.id))
    expect(flags(after)).toEqual(flags(before))
    expect((await api.search({ query: 'zanzibar' })).results.map((hit) => hit.id)).toEqual([articles[2]!.id])
  })

  it('unsubscribe: undo after subscribing again is refused in one line, nothing doubled', async () => {
    const { core, api } = await handlersOver()
    const feed = await subscribeTo(core, 'https://a.test/feed')
    const { undo } = await api.removeFeed({ feedId: feed.id })
    await subscribeTo(core, 'https://a.test/feed')
    await expect(api.undo({ token: undo! })).rejects.toThrow(
      /already subscribed to https:\/\/a\.test\/feed again/,
    )
    expect(await api.listFeeds()).toHaveLength(1)
  })

  it('delete folder: feeds and subfolders move up (merging), undo puts every one back', async () => {
    const { core, api } = await handlersOver()
    const world = await subscribeTo(core, 'https://a.test/feed', { folder: 'News/World' })
    const news = await subscribeTo(core, 'https://b.test/feed', { folder: 'News' })
    const other = await subscribeTo(core, 'https://c.test/feed', { folder: 'World' })
    const top = await subscribeTo(core, 'https://d.test/feed')
    const folders = await api.listFolders()
    const newsFolder = folders.find((f) => f.path === 'News')!

    const { moved, undo } = await api.deleteFolder({ folderId: newsFolder.id })
    expect(moved).toBe(2) // News's own feed, and World's merged into the top-level World
    const paths = async () =>
      Object.fromEntries((await api.listFeeds()).map((feed) => [feed.id, feed.folder]))
    expect(await paths()).toEqual({ [world.id]: 'World', [news.id]: '', [other.id]: 'World', [top.id]: '' })
    expect((await api.listFolders()).map((f) => f.path)).toEqual(['World'])

    await api.undo({ token: undo })
    expect(await paths()).toEqual({
      [world.id]: 'News/World',
      [news.id]: 'News',
      [other.id]: 'World',
      [top.id]: '',
    })
    expect((await api.listFolders()).map((f) => f.id).sort()).toEqual(folders.map((f) => f.id).sort())
  })

  it('delete an empty folder; an unknown one is a one-line error', async () => {
    const { core, api } = await handlersOver()
    const feed = await subscribeTo(core, 'https://a.test/feed', { folder: 'Empty' })
    await api.moveFeed({ feedId: feed.id, folder: '' })
    const [empty] = await api.listFolders()
    expect(await api.deleteFolder({ folderId: empty!.id })).toMatchObject({ moved: 0 })
    expect(await api.listFolders()).toEqual([])
    await expect(api.deleteFolder({ folderId: empty!.id })).rejects.toThrow(/^no folder with id \w+$/)
  })

  it('forgets a way back after its window', async () => {
    let now = 0
    const journal = new UndoJournal(() => now)
    let ran = 0
    const token = journal.keep(async () => ran++)
    now = UNDO_WINDOW_MS + 1
    await expect(journal.undo(token)).rejects.toThrow(/too long ago/)
    expect(ran).toBe(0)
  })

  it('keeps the newest ways back only', async () => {
    const journal = new UndoJournal()
    const ran: number[] = []
    const tokens = Array.from({ length: UNDO_KEPT + 1 }, (_, n) => journal.keep(async () => ran.push(n)))
    await expect(journal.undo(tokens[0]!)).rejects.toThrow(/nothing to undo/)
    await journal.undo(tokens[1]!)
    await journal.undo(tokens.at(-1)!)
    expect(ran).toEqual([1, UNDO_KEPT])
  })
})

import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  API_METHODS,
  EVENT_NAMES,
  type ApiArgs,
  type ApiMethod,
  type BroadsheetBridge,
} from '../../src/shared/contract'
import { API_SCHEMAS } from '../../src/main/core/api/schemas'
import { registerApiHandlers } from '../../src/main/ipc'
import { startFeedServer } from '../helpers/feed-server'
import { makeArticle } from '../helpers/make-articles'
import { contextBridge, ipcMain, ipcRenderer, resetElectronMock } from './electron-mock'
import { usePreviews } from './core/preview/preview-fixture'
import { subscribeTo } from '../helpers/subscribe'

vi.mock('electron', () => import('./electron-mock'))

const startPreview = usePreviews()

beforeEach(() => resetElectronMock())

/** The preload's bridge, as the renderer would see it. */
async function loadPreload(): Promise<BroadsheetBridge> {
  vi.resetModules()
  await import('../../src/preload/index')
  return contextBridge.exposed.get('broadsheet') as BroadsheetBridge
}

describe('the contract', () => {
  it('lists every method once, each with a schema', () => {
    expect(new Set(API_METHODS).size).toBe(API_METHODS.length)
    expect(Object.keys(API_SCHEMAS).sort()).toEqual([...API_METHODS].sort())
    expect(new Set(EVENT_NAMES).size).toBe(EVENT_NAMES.length)
  })

  it('is handled in main: the one implementation has every method, each registered over IPC', async () => {
    const { handlers } = await startPreview()
    for (const method of API_METHODS) expect(typeof handlers[method], method).toBe('function')
    registerApiHandlers(handlers, () => true)
    for (const method of API_METHODS) expect(ipcMain.handlers.has(`api:${method}`), method).toBe(true)
    expect(ipcMain.handlers.size).toBe(API_METHODS.length)
    const reply = await ipcMain.handlers.get('api:getSettings')!({ senderFrame: null })
    expect(reply).toMatchObject({ ok: true, value: { syncIntervalMinutes: 30 } })
  })

  it('is exposed by the preload: one function per method, over its IPC channel', async () => {
    const bridge = await loadPreload()
    ipcRenderer.invoke.mockImplementation(async (channel) => ({ ok: true, value: `answer from ${channel}` }))
    for (const method of API_METHODS) {
      expect(typeof bridge[method], method).toBe('function')
      const call = bridge[method] as (args?: unknown) => Promise<unknown>
      expect(await call({ probe: method })).toBe(`answer from api:${method}`)
      expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(`api:${method}`, { probe: method })
    }
    const exposed = Object.keys(bridge).sort()
    expect(exposed).toEqual([...API_METHODS, 'on', 'platform', 'languages'].sort())
    expect(exposed).not.toContain('ipcRenderer')
    expect(exposed).not.toContain('invoke')
  })

  it('rejects in the renderer with main’s one-line error', async () => {
    const bridge = await loadPreload()
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: 'no article with id x' })
    await expect(bridge.getArticle({ id: 'x' })).rejects.toThrow(/^no article with id x$/)
  })

  it('hands event listeners the payload only, never the IPC event, and unsubscribes', async () => {
    const bridge = await loadPreload()
    const listener = vi.fn()
    const stop = bridge.on('syncProgress', listener)
    const ipcEvent = { sender: ipcRenderer, senderId: 0 }
    ipcRenderer.emit('event:syncProgress', ipcEvent, { done: 1, total: 2, feed: null })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(listener.mock.calls[0]).toEqual([{ done: 1, total: 2, feed: null }])
    stop()
    ipcRenderer.emit('event:syncProgress', ipcEvent, { done: 2, total: 2, feed: null })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(ipcRenderer.listenerCount('event:syncProgress')).toBe(0)
    expect(() => bridge.on('ipc-message' as never, listener)).toThrow(/no such event/)
    for (const event of EVENT_NAMES) bridge.on(event, () => undefined)()
  })

  it('is served by the preview: every method answers on its route', async () => {
    const feeds = await startFeedServer()
    try {
      const { core, call } = await startPreview()
      const feed = await subscribeTo(core, feeds.url('/kept.xml'), { folder: 'World' })
      const doomed = await subscribeTo(core, feeds.url('/doomed.xml'))
      const folderId = feed.folderId!
      const article = makeArticle(1, { feedId: feed.id })
      await core.articles.put([article])
      const opml =
        '<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>' +
        `<outline type="rss" text="Imported" xmlUrl="${feeds.url('/imported.xml')}"/></body></opml>`
      const smart = await core.smart.add('Bodies', 'body')
      const doomedSmart = await core.smart.add('Doomed', 'is:unread')
      const samples: { [M in ApiMethod]: ApiArgs<M> } = {
        listFeeds: undefined,
        listFolders: {},
        addFeed: { url: feeds.url('/added.xml'), folder: 'News/Local' },
        removeFeed: { feedId: doomed.id },
        renameFeed: { feedId: feed.id, title: 'Renamed' },
        moveFeed: { feedId: feed.id, folder: 'Tech/Rust' },
        updateFeedSettings: { feedId: feed.id, settings: { notify: true } },
        renameFolder: { folderId, title: 'Earth' },
        deleteFolder: { folderId },
        undo: { token: 'nope' },
        listArticles: { feedIds: [feed.id], limit: 10 },
        getArticle: { id: article.id },
        setRead: { ids: [article.id], read: true },
        markAllRead: { feedIds: [feed.id] },
        setBookmarked: { id: article.id, bookmarked: true },
        search: { query: 'body' },
        syncNow: {},
        saveUrl: { url: 'http://127.0.0.1:1/unreachable' },
        importOpml: { text: opml },
        exportOpml: undefined,
        getSettings: undefined,
        updateSettings: { syncIntervalMinutes: 15 },
        getStatus: undefined,
        listAccounts: undefined,
        addAccount: { url: 'http://127.0.0.1:1/api/greader.php', user: 'alice', password: 'secret-word' },
        testAccount: { url: 'http://127.0.0.1:1/api/greader.php', user: 'alice', password: 'secret-word' },
        removeAccount: { accountId: 'nope' },
        listHighlights: { articleId: article.id },
        addHighlight: { articleId: article.id, start: 0, end: 4, color: 'green', note: 'first word' },
        updateHighlight: { id: 'nope', note: 'x' },
        removeHighlight: { id: 'nope' },
        restoreHighlight: {
          highlight: {
            ...{ id: 'h1', articleId: article.id, feedId: feed.id, text: 'Body', prefix: '', suffix: ' of' },
            ...{ start: 0, end: 4, color: 'yellow', note: '', created: '2026-12-04T00:00:00.000Z' },
            updated: '2026-12-04T00:00:00.000Z',
          },
        },
        cancelRequest: { requestId: 'nothing-running' },
        savedPageCounts: undefined,
        exportPreview: { source: { list: { feedIds: [feed.id] } }, format: 'epub' },
        exportArticles: { source: { articleIds: [article.id] }, format: 'html' },
        revealExport: { receipt: 'nope' },
        listSmartFeeds: undefined,
        addSmartFeed: { name: 'Unread', query: 'is:unread', sort: 'best' },
        updateSmartFeed: { id: smart.id, name: 'Body text' },
        removeSmartFeed: { id: doomedSmart.id },
        moveSmartFeed: { id: smart.id, index: 5 },
        listSmartFeed: { id: smart.id, limit: 10 },
        listRules: undefined,
        addRule: { query: 'body is:unread', action: 'notify' },
        updateRule: { id: 'nope', action: 'hide' },
        removeRule: { id: 'nope' },
        moveRule: { id: 'nope', index: 0 },
        testRule: { query: 'body', feed: feed.id },
        applyRule: { id: 'nope' },
        setHidden: { ids: [article.id], hidden: false },
      }
      // Failures the requests are meant to meet (nothing listens on port 1, no account nope).
      const failing: Partial<Record<ApiMethod, RegExp>> = {
        addAccount: /127\.0\.0\.1:1 could not be reached/,
        testAccount: /127\.0\.0\.1:1 could not be reached/,
        removeAccount: /no account with id nope/,
        updateHighlight: /no highlight with id nope/,
        removeHighlight: /no highlight with id nope/,
        undo: /nothing to undo/,
        saveUrl: /127\.0\.0\.1:1/,
        revealExport: /browser preview cannot show files/,
        updateRule: /no rule with id nope/,
        removeRule: /no rule with id nope/,
        moveRule: /no rule with id nope/,
        applyRule: /no rule with id nope/,
      }
      const answers: Record<string, unknown> = {}
      for (const method of API_METHODS) {
        const { status, body } = await call(method, samples[method])
        const expected = failing[method]
        if (expected) {
          expect(status, `${method}: ${JSON.stringify(body)}`).toBe(400)
          expect((body as { error: string }).error).toMatch(expected)
        } else {
          expect(status, `${method}: ${JSON.stringify(body)}`).toBe(200)
        }
        answers[method] = body
      }
      expect(answers.getArticle).toMatchObject({ id: article.id, title: article.title })
      expect(answers.search).toMatchObject({
        total: 1,
        results: [{ id: article.id, read: true, bookmarked: true }],
      })
      expect(answers.renameFeed).toMatchObject({ title: 'Renamed' })
      expect(answers.renameFolder).toMatchObject({ id: folderId, title: 'Earth', path: 'Earth' })
      expect(answers.removeFeed).toEqual({ removed: 0, kept: 0, undo: expect.any(String) })
      expect(answers.deleteFolder).toEqual({ moved: 0, undo: expect.any(String) })
      expect(answers.importOpml).toMatchObject({ added: [{ title: 'Imported' }], skipped: [] })
      expect((answers.exportOpml as { text: string }).text).toContain('Imported')
      expect(answers.updateSettings).toMatchObject({ syncIntervalMinutes: 15 })
      expect(answers.addHighlight).toMatchObject({ text: 'Body', color: 'green', note: 'first word' })
      const highlighted = (await call('listHighlights', { articleId: article.id })).body as { id: string }[]
      expect(highlighted.map((h) => h.id)).toEqual([(answers.addHighlight as { id: string }).id, 'h1'])
      expect(answers.exportPreview).toEqual({ articles: 1, title: 'Renamed', fileName: 'Renamed.epub' })
      expect(answers.exportArticles).toMatchObject({
        status: 'done',
        articles: 1,
        download: expect.any(String),
      })
      expect(answers.listSmartFeeds).toMatchObject([
        { id: smart.id, name: 'Bodies', query: 'body', sort: 'newest', total: 1 },
        { id: doomedSmart.id },
      ])
      expect(answers.updateSmartFeed).toMatchObject({ id: smart.id, name: 'Body text' })
      expect(answers.removeSmartFeed).toEqual({ undo: expect.any(String) })
      expect(answers.listSmartFeed).toMatchObject({ total: 1, results: [{ id: article.id }] })
      expect(
        ((await call('listSmartFeeds', undefined)).body as { name: string }[]).map((f) => f.name),
      ).toEqual(['Unread', 'Body text'])
      expect(answers.getStatus).toMatchObject({ syncing: false, online: true, damage: [] })
      expect((answers.getStatus as { lastSync: { feeds: unknown[] } }).lastSync.feeds.length).toBeGreaterThan(
        0,
      )
      const listed = (await call('listFeeds')).body as { id: string; folder: string; settings: object }[]
      expect(listed.find((f) => f.id === feed.id)).toMatchObject({
        folder: 'Tech/Rust',
        settings: { notify: true },
      })
      expect(listed.some((f) => f.id === doomed.id)).toBe(false)
    } finally {
      await feeds.close()
    }
  })
})

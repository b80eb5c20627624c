import { beforeEach, describe, expect, it, vi } from 'vitest'
import { API_METHODS, type ApiMethod, type ApiReply, type BroadsheetApi } from '../../src/shared/contract'
import { EventHub } from '../../src/main/core/events'
import { UserError } from '../../src/main/core/errors'
import { SearchQueryError } from '../../src/main/core/search/query-parse'
import { forwardEvents, registerApiHandlers } from '../../src/main/ipc'
import { appUrlMatcher, isTrustedSender } from '../../src/main/security'
import { BrowserWindow, ipcMain, resetElectronMock } from './electron-mock'

vi.mock('electron', () => import('./electron-mock'))

const APP_PAGE = 'file:///app/out/renderer/index.html'
const isAppUrl = appUrlMatcher('/app/out/renderer/index.html')
const trusted = { senderFrame: { url: APP_PAGE, parent: null } }

/** Handlers that record their calls and answer with the method's name. */
type Recording = { [M in keyof BroadsheetApi]: ReturnType<typeof vi.fn<BroadsheetApi[M]>> }

function recordingHandlers(): BroadsheetApi & Recording {
  return Object.fromEntries(
    API_METHODS.map((method) => [method, vi.fn(async (args: unknown) => ({ method, args }))]),
  ) as never
}

function invoke(channel: string, event: unknown, args?: unknown): Promise<ApiReply> {
  const handler = ipcMain.handlers.get(channel)
  if (!handler) throw new Error(`no handler for ${channel}`)
  return handler(event, args) as Promise<ApiReply>
}

beforeEach(() => resetElectronMock())

describe('the IPC layer', () => {
  it('registers one handler per contract method, and removes them all', () => {
    const remove = registerApiHandlers(recordingHandlers(), (frame) => isTrustedSender(frame, isAppUrl))
    expect([...ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => `api:${m}`).sort())
    remove()
    expect(ipcMain.handlers.size).toBe(0)
  })

  it('passes validated arguments to the handler and its result back', async () => {
    const handlers = recordingHandlers()
    registerApiHandlers(handlers, (frame) => isTrustedSender(frame, isAppUrl))
    expect(await invoke('api:getArticle', trusted, { id: 'abc123' })).toEqual({
      ok: true,
      value: { method: 'getArticle', args: { id: 'abc123' } },
    })
    expect(await invoke('api:listFeeds', trusted)).toMatchObject({ ok: true })
    expect(await invoke('api:renameFeed', trusted, { feedId: 'f1', title: '  Spaced  ' })).toMatchObject({
      value: { args: { feedId: 'f1', title: 'Spaced' } },
    })
  })

  it('answers bad arguments with an error, never calling core and never throwing', async () => {
    const handlers = recordingHandlers()
    registerApiHandlers(handlers, (frame) => isTrustedSender(frame, isAppUrl))
    const bad: [ApiMethod, unknown][] = [
      ['getArticle', undefined],
      ['getArticle', 'abc'],
      ['getArticle', { id: 5 }],
      ['getArticle', { id: '../../etc/passwd' }],
      ['getArticle', { id: 'a', extra: true }],
      ['setRead', { ids: 'a', read: true }],
      ['setRead', { ids: ['a'], read: 'yes' }],
      ['addFeed', { url: 42 }],
      ['updateSettings', { syncIntervalMinutes: 0 }],
      ['updateSettings', { theme: 'neon' }],
      ['listArticles', { limit: -1 }],
      ['importOpml', { text: 'x'.repeat(21 * 1024 * 1024) }],
      ['listFeeds', { surprise: 1 }],
      ['search', { query: 'x', since: 'yesterday-ish' }],
    ]
    for (const [method, args] of bad) {
      const reply = await invoke(`api:${method}`, trusted, args)
      expect(reply.ok, `${method} ${JSON.stringify(args)?.slice(0, 80)}`).toBe(false)
      expect(reply).toMatchObject({
        error: expect.stringMatching(new RegExp(`^invalid arguments for ${method}`)),
      })
      expect((reply as { error: string }).error).not.toContain('\n')
      expect(handlers[method]).not.toHaveBeenCalled()
    }
  })

  it('answers only the app’s own top frame', async () => {
    const handlers = recordingHandlers()
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    registerApiHandlers(handlers, (frame) => isTrustedSender(frame, isAppUrl))
    const strangers = [
      { senderFrame: null },
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: APP_PAGE, parent: { url: 'https://evil.example/' } } },
      { senderFrame: { url: 'file:///tmp/other.html', parent: null } },
    ]
    for (const event of strangers) {
      expect(await invoke('api:exportOpml', event)).toEqual({
        ok: false,
        error: expect.stringMatching(/^refused/),
      })
    }
    expect(handlers.exportOpml).not.toHaveBeenCalled()
    expect(warned).toHaveBeenCalledTimes(strangers.length)
    warned.mockRestore()
  })

  it('turns failures into one-line errors (a bug is logged too)', async () => {
    const handlers = recordingHandlers()
    handlers.getArticle!.mockRejectedValueOnce(new UserError('no article with id nope'))
    handlers.listFeeds!.mockRejectedValueOnce(new TypeError('cannot read x of undefined\n    at y'))
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    registerApiHandlers(handlers, (frame) => isTrustedSender(frame, isAppUrl))
    expect(await invoke('api:getArticle', trusted, { id: 'nope' })).toEqual({
      ok: false,
      error: 'no article with id nope',
    })
    expect(logged).not.toHaveBeenCalled()
    expect(await invoke('api:listFeeds', trusted)).toEqual({ ok: false, error: 'cannot read x of undefined' })
    expect(logged).toHaveBeenCalledTimes(1)
    logged.mockRestore()
  })

  it('passes an expected failure’s code and parameters on, so the page can word it', async () => {
    const handlers = recordingHandlers()
    handlers.search!.mockRejectedValueOnce(
      new SearchQueryError('query-too-common', '"a" is too common to search for', { words: 'a', count: 1 }),
    )
    registerApiHandlers(handlers, (frame) => isTrustedSender(frame, isAppUrl))
    expect(await invoke('api:search', trusted, { query: 'a' })).toEqual({
      ok: false,
      error: '"a" is too common to search for',
      code: 'query-too-common',
      params: { words: 'a', count: 1 },
    })
  })

  it('forwards core events to every open window', () => {
    const events = new EventHub()
    const open = new BrowserWindow({})
    const closed = new BrowserWindow({})
    closed.destroyed = true
    const stop = forwardEvents(events, () => [open, closed] as never)
    events.emit('online', { online: false })
    events.emit('syncProgress', { done: 1, total: 3, feed: null })
    expect(open.webContents.sent).toEqual([
      ['event:online', { online: false }],
      ['event:syncProgress', { done: 1, total: 3, feed: null }],
    ])
    expect(closed.webContents.sent).toEqual([])
    stop()
    events.emit('online', { online: true })
    expect(open.webContents.sent).toHaveLength(2)
  })
})

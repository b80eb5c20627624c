import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { API_METHODS } from '../../src/shared/contract'
import { builtPaths, dataDirFlag, startApp, type RunningApp } from '../../src/main/app'
import { makeArticle } from '../helpers/make-articles'
import { subscribeTo } from '../helpers/subscribe'
import { useTempDirs } from '../helpers/temp-dir'
import {
  app,
  BrowserWindow,
  dialog,
  FakeWebContents,
  ipcMain,
  Menu,
  Notification,
  protocol,
  resetElectronMock,
  session,
  shell,
} from './electron-mock'

vi.mock('electron', () => import('./electron-mock'))
// electron-store is conf plus Electron's paths; conf itself stands in (same options, same file format).
vi.mock('electron-store', async () => ({ default: (await import('conf')).default }))

const tempDir = useTempDirs('shell-app')
const paths = builtPaths('/app/out/main')
const running: RunningApp[] = []
const platform = process.platform

function setPlatform(value: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value, configurable: true })
}

async function start(extraArgs: string[] = []): Promise<RunningApp> {
  const dir = await tempDir()
  const started = await startApp(['/usr/bin/electron', '.', '--data-dir', dir, ...extraArgs], paths)
  if (!started) throw new Error('expected the app to start')
  running.push(started)
  await started.core.sync.schedule.request('manual') // the start-up sync has settled
  return started
}

beforeEach(() => {
  resetElectronMock()
  vi.unstubAllEnvs()
})
afterEach(async () => {
  setPlatform(platform)
  vi.unstubAllEnvs()
  await Promise.all(running.splice(0).map((started) => started.core.sync.schedule.stop()))
})

describe('the app', () => {
  it('quits at once when another instance holds the lock', async () => {
    app.hasLock = false
    expect(await startApp(['electron', '.', '--data-dir', await tempDir()], paths)).toBeNull()
    expect(app.quit).toHaveBeenCalled()
    expect(BrowserWindow.windows).toHaveLength(0)
    expect(ipcMain.handlers.size).toBe(0)
  })

  it('starts over the data dir with the cache scheme, permissions, CSP, IPC, menu and one window', async () => {
    const started = await start()
    expect(app.setPath).toHaveBeenCalledWith('userData', started.core.dataDir)
    expect(protocol.privileged).toHaveLength(1)
    expect(protocol.handlers.has('broadsheet-cache')).toBe(true)
    expect(session.defaultSession.permissionRequestHandler).not.toBeNull()
    expect(session.defaultSession.headersReceived).not.toBeNull()
    expect([...ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => `api:${m}`).sort())
    expect(Menu.setApplicationMenu).toHaveBeenCalledTimes(1)
    expect(BrowserWindow.windows).toHaveLength(1)
    expect(BrowserWindow.windows[0]!.loadedFile).toBe(join('/app/out/renderer/index.html'))
    expect(BrowserWindow.windows[0]!.options.webPreferences?.preload).toBe(join('/app/out/preload/index.cjs'))
    expect(started.core.sync.schedule.status.lastSync?.reason).toBeDefined()
  })

  it('guards every web contents it creates', async () => {
    await start()
    const contents = new FakeWebContents()
    app.emit('web-contents-created', {}, contents)
    expect(contents.windowOpenHandler).not.toBeNull()
    expect(contents.fire('will-navigate', { url: 'https://example.com/' }).prevented).toBe(true)
    expect(contents.fire('will-attach-webview', {}).prevented).toBe(true)
  })

  it('focuses the first window when launched again', async () => {
    await start()
    const window = BrowserWindow.windows[0]!
    window.minimized = true
    app.emit('second-instance')
    expect(window.minimized).toBe(false)
    expect(window.focusCount).toBe(1)
    window.close()
    app.emit('second-instance')
    expect(BrowserWindow.getAllWindows()).toHaveLength(1)
  })

  it('quits when the last window closes, except on macOS, where activating reopens one', async () => {
    setPlatform('linux')
    await start()
    BrowserWindow.windows[0]!.close()
    app.emit('window-all-closed')
    expect(app.quit).toHaveBeenCalledTimes(1)

    resetElectronMock()
    setPlatform('darwin')
    await start()
    BrowserWindow.windows[0]!.close()
    app.emit('window-all-closed')
    expect(app.quit).not.toHaveBeenCalled()
    app.emit('activate')
    expect(BrowserWindow.getAllWindows()).toHaveLength(1)
    app.emit('activate')
    expect(BrowserWindow.getAllWindows()).toHaveLength(1)
  })

  it('loads the dev server only unpackaged and on a loopback address', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173/')
    await start()
    expect(BrowserWindow.windows[0]!.loadedUrl).toBe('http://localhost:5173/')

    resetElectronMock()
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://192.0.2.7:5173/')
    await start()
    expect(BrowserWindow.windows[0]!.loadedUrl).toBeNull()

    resetElectronMock()
    app.isPackaged = true
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173/')
    await start()
    expect(BrowserWindow.windows[0]!.loadedUrl).toBeNull()
    expect(BrowserWindow.windows[0]!.loadedFile).toContain('index.html')
  })

  it('writes an export where its save dialog says, over IPC, and shows it in its folder', async () => {
    const started = await start()
    const article = makeArticle(1, {
      title: 'Kept',
      contentHtml: '<p>Kept text.</p>',
      contentText: 'Kept text.',
    })
    await started.core.articles.put([article])
    const chosen = join(await tempDir(), 'Kept.epub')
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: chosen })
    const trusted = { senderFrame: { url: `file://${paths.rendererIndex}`, parent: null } }
    const handler = ipcMain.handlers.get('api:exportArticles')!
    const reply = (await handler(trusted, { source: { articleIds: [article.id] }, format: 'epub' })) as {
      ok: boolean
      value: { receipt: string; fileName: string }
    }
    expect(reply).toMatchObject({ ok: true, value: { status: 'done', fileName: 'Kept.epub' } })
    expect(dialog.showSaveDialog.mock.calls[0]![0]).toBe(BrowserWindow.windows[0])
    await ipcMain.handlers.get('api:revealExport')!(trusted, { receipt: reply.value.receipt })
    expect(shell.showItemInFolder).toHaveBeenCalledWith(chosen)
  })

  it('notifies new articles only in the feeds chosen for it', async () => {
    const started = await start()
    const quiet = await subscribeTo(started.core, 'https://quiet.test/feed')
    const loud = await subscribeTo(started.core, 'https://loud.test/feed')
    await started.core.subscriptions.updateFeedSettings(loud.id, { notify: true })
    started.core.events.emit('newArticles', { total: 2, feeds: [{ id: quiet.id, title: 'Quiet', count: 2 }] })
    expect(Notification.shown).toHaveLength(0)
    started.core.events.emit('newArticles', {
      total: 5,
      feeds: [
        { id: quiet.id, title: 'Quiet', count: 2 },
        { id: loud.id, title: 'Loud', count: 3 },
      ],
    })
    expect(Notification.shown.map((n) => n.options)).toEqual([{ title: '3 new articles', body: 'Loud (3)' }])
    BrowserWindow.windows[0]!.close()
    Notification.shown[0]!.emit('click')
    expect(BrowserWindow.getAllWindows()).toHaveLength(1)
  })

  it('speaks the interface language: the system’s for the menu, the window and notifications, a switch rebuilds the menu', async () => {
    app.preferredLanguages = ['ko-KR', 'en-US']
    const started = await start()
    type Item = { label?: string; submenu?: Item[] }
    const menuLabels = (): string[] => {
      const template = (Menu.installed as { template: Item[] }).template
      return template.flatMap((item) => [item.label ?? '', ...(item.submenu ?? []).map((i) => i.label ?? '')])
    }
    expect(menuLabels()).toContain('파일(&F)')
    expect(menuLabels()).toContain('모든 피드 새로 고침')
    // The window's preload learns the system's languages (the renderer's "system").
    expect(BrowserWindow.windows[0]!.options.webPreferences?.additionalArguments).toEqual([
      '--broadsheet-languages=ko-KR,en-US',
    ])
    const feed = await subscribeTo(started.core, 'https://loud.test/feed')
    await started.core.subscriptions.updateFeedSettings(feed.id, { notify: true })
    started.core.events.emit('newArticles', { total: 5, feeds: [{ id: feed.id, title: 'Loud', count: 5 }] })
    expect(Notification.shown.map((n) => n.options)).toEqual([{ title: '새 기사 5개', body: 'Loud (5)' }])

    await started.core.settings.update({ language: 'en' })
    expect(menuLabels()).toContain('&File')
    expect(menuLabels()).toContain('Refresh All Feeds')
    const installs = Menu.setApplicationMenu.mock.calls.length
    await started.core.settings.update({ fontSize: 20 })
    expect(Menu.setApplicationMenu.mock.calls.length).toBe(installs) // same language: left as it is
  })

  it('lets a running sync wind down before quitting', async () => {
    const started = await start()
    const stop = vi.spyOn(started.core.sync.schedule, 'stop')
    const event = { preventDefault: vi.fn() }
    app.emit('before-quit', event)
    expect(event.preventDefault).toHaveBeenCalled()
    expect(stop).toHaveBeenCalled()
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled())
    const again = { preventDefault: vi.fn() }
    app.emit('before-quit', again)
    expect(again.preventDefault).not.toHaveBeenCalled()
  })

  it('reads --data-dir in either form', () => {
    expect(dataDirFlag(['electron', '.', '--data-dir', '/d'])).toBe('/d')
    expect(dataDirFlag(['electron', '.', '--data-dir=/e'])).toBe('/e')
    expect(dataDirFlag(['electron', '.'])).toBeUndefined()
  })
})

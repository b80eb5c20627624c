import { join } from 'node:path'
import { app, BrowserWindow, net, session } from 'electron'
import ElectronStore from 'electron-store'
import type { BroadsheetApi } from '../shared/contract'
import { resolveLocale, type ActiveLocale } from '../shared/i18n'
import { INTERACTIVE_PUSH_DELAY_MS } from './core/accounts/accounts'
import { createApiHandlers } from './core/api/handlers'
import { startServices, type Broadsheet } from './core/broadsheet'
import type { ConfFactory } from './core/store/conf-file'
import { resolveDataDir } from './core/store/data-dir'
import { handleCacheProtocol, registerCacheScheme } from './cache-protocol'
import { forwardEvents, registerApiHandlers } from './ipc'
import { createExportDialog } from './export-dialog'
import { installApplicationMenu } from './menu'
import { notifyNewArticles, notifyRuleMatch } from './notifications'
import {
  appUrlMatcher,
  denyAllPermissions,
  hardenWebContents,
  isTrustedSender,
  loopbackOrigin,
  sendNoReferrer,
} from './security'
import { connectSystemEvents } from './system-events'
import { applyContentSecurityPolicy, createMainWindow, type RendererSource } from './window'

/** electron-store over the same options, so the app and the CLI read and write one file format. */
export const electronStoreFactory: ConfFactory = (options) =>
  new ElectronStore({ ...options, name: options.configName })

/** The built files the shell loads. */
export interface AppPaths {
  preload: string
  rendererIndex: string
}

export function builtPaths(mainDir: string): AppPaths {
  return {
    preload: join(mainDir, '../preload/index.cjs'),
    rendererIndex: join(mainDir, '../renderer/index.html'),
  }
}

/** `--data-dir DIR` or `--data-dir=DIR`, as the CLI takes it. */
export function dataDirFlag(argv: readonly string[]): string | undefined {
  for (const [index, arg] of argv.entries()) {
    if (arg === '--data-dir') return argv[index + 1]
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length)
  }
  return undefined
}

/** The app once running (tests drive it through this). */
export interface RunningApp {
  core: Broadsheet
  handlers: BroadsheetApi
  mainWindow: () => BrowserWindow | null
}

/** How long quitting waits for a running sync to wind down. */
const QUIT_WAIT_MS = 3_000

/**
 * The app's lifecycle: one instance per data dir (a second launch focuses the first), the core over the
 * data dir, the secured main window, the IPC contract, the cache protocol, the menu and background sync.
 * On macOS the app stays alive with no window and reopens one when activated. Returns null in a second
 * instance, which quits.
 */
export async function startApp(argv: readonly string[], paths: AppPaths): Promise<RunningApp | null> {
  // Every renderer sandboxed, whatever its webPreferences say (Electron allows this only before ready).
  app.enableSandbox()
  registerCacheScheme()
  const flag = dataDirFlag(argv)
  // The data dir is Electron's userData (settings, Chromium's own files, and the single-instance lock).
  if (flag || process.env.BROADSHEET_DATA_DIR) app.setPath('userData', resolveDataDir({ flag }))
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return null
  }
  const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
  const renderer: RendererSource =
    devUrl && loopbackOrigin(devUrl) ? { url: devUrl } : { file: paths.rendererIndex }
  const isAppUrl = appUrlMatcher(paths.rendererIndex, 'url' in renderer ? renderer.url : undefined)
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isAppUrl))
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  let mainWindow: BrowserWindow | null = null
  let ready = false
  const stateFile = (): string => join(app.getPath('userData'), 'window-state.json')
  const openWindow = (): BrowserWindow =>
    (mainWindow = createMainWindow({
      preload: paths.preload,
      renderer,
      stateFile: stateFile(),
      languages: app.getPreferredSystemLanguages(),
    }))
  const showWindow = (): void => {
    if (!ready) return
    if (!mainWindow || mainWindow.isDestroyed()) {
      openWindow()
      return
    }
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.show()
    mainWindow.focus()
  }
  app.on('second-instance', showWindow)

  await app.whenReady()
  const core = await startServices({
    dataDir: app.getPath('userData'),
    confFactory: electronStoreFactory,
    // Search segments are built and merged in a worker thread, off the thread that answers the window.
    search: { background: true, worker: new URL('./index-worker.js', import.meta.url) },
    // Syncs run in a thread of their own: this thread answers the window meanwhile (sync/sync-thread.ts).
    sync: { online: net.isOnline(), thread: 'worker' },
    // A read or star on a server account's article reaches the server within seconds while online.
    accounts: { pushDelayMs: INTERACTIVE_PUSH_DELAY_MS },
  })
  denyAllPermissions(session.defaultSession)
  applyContentSecurityPolicy(session.defaultSession)
  sendNoReferrer(session.defaultSession)
  handleCacheProtocol(core.blobs)

  // The shell speaks the interface's language too: the Language setting, "system" the OS's preference.
  const shellLocale = (): ActiveLocale =>
    resolveLocale(core.settings.get().language, app.getPreferredSystemLanguages())
  // Exports go where the person chooses in the save dialog, never where a request says.
  const exportTarget = createExportDialog(() => mainWindow, shellLocale)
  const handlers = createApiHandlers(core, { exportTarget })
  registerApiHandlers(handlers, (frame) => isTrustedSender(frame, isAppUrl))
  forwardEvents(core.events, () => BrowserWindow.getAllWindows())
  core.events.subscribe((event) => {
    if (event.name === 'newArticles') notifyNewArticles(event.payload, core, showWindow, shellLocale())
    if (event.name === 'ruleNotice') notifyRuleMatch(event.payload, core, showWindow, shellLocale())
  })
  let menuLocale = shellLocale()
  installApplicationMenu(menuLocale)
  // A switch of language rebuilds the menu at once (the window redraws itself).
  core.settings.onChange(() => {
    const next = shellLocale()
    if (next === menuLocale) return
    menuLocale = next
    installApplicationMenu(next)
  })

  ready = true
  openWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
  const disconnect = connectSystemEvents(core.sync.schedule)
  core.sync.schedule.start()

  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting) return
    // Let a running sync stop between feeds (its writes are atomic either way), then quit for real.
    quitting = true
    event.preventDefault()
    disconnect()
    const timeout = new Promise((resolve) => setTimeout(resolve, QUIT_WAIT_MS).unref())
    void Promise.race([core.close(), timeout]).finally(() => app.quit())
  })
  return { core, handlers, mainWindow: () => mainWindow }
}

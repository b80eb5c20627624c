import { BrowserWindow, screen, type Session, type WebPreferences } from 'electron'
import { CONTENT_SECURITY_POLICY_HEADER } from '../shared/csp'
import { languagesSwitch } from '../shared/system-languages'
import { loadWindowState, MIN_HEIGHT, MIN_WIDTH, saveWindowState } from './window-state'

/** Where the renderer comes from: the app's built files, or (unpackaged, `npm run dev`) the dev server. */
export type RendererSource = { file: string } | { url: string }

export interface MainWindowOptions {
  /** The built preload (out/preload/index.cjs). */
  preload: string
  renderer: RendererSource
  /** The JSON file that remembers the window's size and position. */
  stateFile: string
  /** The operating system's preferred languages, for the Language setting's "system". */
  languages?: readonly string[]
}

/**
 * The renderer's powers, per the Electron security checklist: a sandboxed process with no Node, its own
 * JavaScript world (the preload's bridge is all it sees of the app), web security on, no <webview>.
 */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  }
}

/** The one main window, where it was last time, shown once its first paint is ready. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = loadWindowState(
    options.stateFile,
    screen.getAllDisplays().map((display) => display.workArea),
  )
  const window = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'Broadsheet', // i18n-exempt: the app's name (the page's <title> replaces it)
    webPreferences: {
      ...secureWebPreferences(options.preload),
      additionalArguments: [languagesSwitch(options.languages ?? [])],
    },
  })
  if (state.maximized) window.maximize()
  window.once('ready-to-show', () => window.show())
  rememberWindowState(window, options.stateFile)
  if ('url' in options.renderer) void window.loadURL(options.renderer.url)
  else void window.loadFile(options.renderer.file)
  return window
}

/**
 * Sends the Content-Security-Policy as a header on every page the session loads. The built page is a
 * file:// URL, which has no headers (index.html's meta tag covers it); this covers the dev server and
 * anything else that answers over HTTP.
 */
export function applyContentSecurityPolicy(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType !== 'mainFrame' && details.resourceType !== 'subFrame') {
      callback({})
      return
    }
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([name]) => name.toLowerCase() !== 'content-security-policy',
      ),
    )
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER] } })
  })
}

const SAVE_DELAY_MS = 500

function rememberWindowState(window: BrowserWindow, file: string): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const save = (): void => {
    if (window.isDestroyed()) return
    try {
      // Normal bounds: a maximized window reopens maximized over the size it had before.
      saveWindowState(file, { ...window.getNormalBounds(), maximized: window.isMaximized() })
    } catch (error) {
      console.error('broadsheet: could not save the window position:', error)
    }
  }
  const saveSoon = (): void => {
    clearTimeout(timer)
    timer = setTimeout(save, SAVE_DELAY_MS)
  }
  window.on('resize', saveSoon)
  window.on('move', saveSoon)
  window.on('close', () => {
    clearTimeout(timer)
    save()
  })
}

import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

/**
 * A stand-in for the `electron` module, enough of it for the shell's code to run under vitest (the
 * Electron binary cannot run here). Test files install it with
 * `vi.mock('electron', () => import('./electron-mock'))` and inspect the same instances below.
 */

type Listener = (...args: never[]) => unknown

/** What a guard did with an event: `prevented` when it called preventDefault. */
export interface Fired {
  prevented: boolean
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  readonly sent: [string, unknown][] = []

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }

  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload])
  }

  /** Emits a navigation-style event (details object with preventDefault, then the deprecated url arg). */
  fire(name: string, details: Record<string, unknown>): Fired {
    const fired = { prevented: false }
    const event = { ...details, preventDefault: () => (fired.prevented = true) }
    this.emit(name, event, details.url)
    return fired
  }
}

interface Bounds {
  x: number
  y: number
  width: number
  height: number
}

export class FakeBrowserWindow extends EventEmitter {
  static windows: FakeBrowserWindow[] = []
  static focused: FakeBrowserWindow | null = null
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.windows.filter((window) => !window.destroyed)
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.focused
  }

  readonly webContents = new FakeWebContents()
  loadedFile: string | null = null
  loadedUrl: string | null = null
  destroyed = false
  visible = false
  minimized = false
  maximized = false
  focusCount = 0
  bounds: Bounds

  constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
    super()
    this.bounds = {
      x: (options.x as number | undefined) ?? 0,
      y: (options.y as number | undefined) ?? 0,
      width: (options.width as number | undefined) ?? 800,
      height: (options.height as number | undefined) ?? 600,
    }
    FakeBrowserWindow.windows.push(this)
    // As Electron does: every web contents is announced, so the app's guards reach the window's own.
    app.emit('web-contents-created', {}, this.webContents)
  }
  loadFile(file: string): Promise<void> {
    this.loadedFile = file
    return Promise.resolve()
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    return Promise.resolve()
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  show(): void {
    this.visible = true
  }
  focus(): void {
    this.focusCount += 1
  }
  isMinimized(): boolean {
    return this.minimized
  }
  restore(): void {
    this.minimized = false
  }
  maximize(): void {
    this.maximized = true
  }
  isMaximized(): boolean {
    return this.maximized
  }
  getNormalBounds(): Bounds {
    return { ...this.bounds }
  }
  close(): void {
    this.emit('close')
    this.destroyed = true
    this.emit('closed')
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false
  hasLock = true
  readonly paths = new Map<string, string>()
  getPath = vi.fn((name: string) => this.paths.get(name) ?? `/nonexistent/${name}`)
  setPath = vi.fn((name: string, value: string) => void this.paths.set(name, value))
  requestSingleInstanceLock = vi.fn(() => this.hasLock)
  quit = vi.fn()
  exit = vi.fn()
  whenReady = vi.fn(() => Promise.resolve())
  enableSandbox = vi.fn()
  preferredLanguages: string[] = ['en-US']
  getPreferredSystemLanguages = vi.fn(() => this.preferredLanguages)

  reset(): void {
    this.removeAllListeners()
    this.preferredLanguages = ['en-US']
    this.isPackaged = false
    this.hasLock = true
    this.paths.clear()
    this.paths.set('userData', '/nonexistent/Broadsheet')
  }
}

export class FakeSession {
  permissionRequestHandler: Listener | null = null
  permissionCheckHandler: Listener | null = null
  devicePermissionHandler: Listener | null = null
  headersReceived: Listener | null = null
  beforeSendHeaders: Listener | null = null
  readonly webRequest = {
    onHeadersReceived: (handler: Listener) => void (this.headersReceived = handler),
    onBeforeSendHeaders: (handler: Listener) => void (this.beforeSendHeaders = handler),
  }
  setPermissionRequestHandler(handler: Listener): void {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: Listener): void {
    this.permissionCheckHandler = handler
  }
  setDevicePermissionHandler(handler: Listener): void {
    this.devicePermissionHandler = handler
  }
}

export class Notification extends EventEmitter {
  static supported = true
  static shown: Notification[] = []
  static isSupported(): boolean {
    return Notification.supported
  }
  constructor(readonly options: { title: string; body: string }) {
    super()
  }
  show(): void {
    Notification.shown.push(this)
  }
}

export const app = new FakeApp()
app.reset()
export const BrowserWindow = FakeBrowserWindow
export const ipcMain = {
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
    if (ipcMain.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    ipcMain.handlers.set(channel, handler)
  }),
  removeHandler: vi.fn((channel: string) => void ipcMain.handlers.delete(channel)),
}
export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged: vi.fn((schemes: unknown[]) => void protocol.privileged.push(...schemes)),
  handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
    protocol.handlers.set(scheme, handler)
  }),
}
export const session = { defaultSession: new FakeSession() }
export const shell = {
  openExternal: vi.fn((_url: string) => Promise.resolve()),
  showItemInFolder: vi.fn((_path: string) => undefined),
}
export const powerMonitor = new EventEmitter()
export const net = { isOnline: vi.fn(() => true) }
export const Menu = {
  installed: null as unknown,
  buildFromTemplate: vi.fn((template: unknown) => ({ template })),
  setApplicationMenu: vi.fn((menu: unknown) => void (Menu.installed = menu)),
}
export const screen = {
  getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]),
}
export const dialog = {
  showErrorBox: vi.fn(),
  showSaveDialog: vi.fn(
    (
      _window: unknown,
      _options: Record<string, unknown>,
    ): Promise<{ canceled: boolean; filePath?: string }> => Promise.resolve({ canceled: true }),
  ),
}
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld: vi.fn((key: string, value: unknown) => void contextBridge.exposed.set(key, value)),
}
export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn((_channel: string, _args?: unknown): Promise<unknown> =>
    Promise.resolve({ ok: true, value: null }),
  ),
})

/** A fresh electron for the next test: no windows, handlers, listeners or recorded calls. */
export function resetElectronMock(): void {
  app.reset()
  FakeBrowserWindow.windows = []
  FakeBrowserWindow.focused = null
  ipcMain.handlers.clear()
  protocol.privileged.length = 0
  protocol.handlers.clear()
  session.defaultSession = new FakeSession()
  powerMonitor.removeAllListeners()
  net.isOnline.mockImplementation(() => true)
  Menu.installed = null
  Notification.shown = []
  Notification.supported = true
  contextBridge.exposed.clear()
  ipcRenderer.removeAllListeners()
  vi.clearAllMocks()
}

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { API_METHODS, type BroadsheetBridge } from '../../src/shared/contract'
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER } from '../../src/shared/csp'
import { CACHE_SCHEME } from '../../src/shared/types'
import { builtPaths, startApp, type RunningApp } from '../../src/main/app'
import { useTempDirs } from '../helpers/temp-dir'
import {
  app,
  BrowserWindow,
  contextBridge,
  ipcMain,
  ipcRenderer,
  protocol,
  resetElectronMock,
  session,
  shell,
  type FakeBrowserWindow,
} from './electron-mock'

// The Electron security checklist (electronjs.org/docs/latest/tutorial/security), one test per item, each
// over what the shell really does: the windows startApp opens, the handlers it installs on the session,
// the guards it puts on every web contents, the preload's bridge, package.json and electron-builder.yml.
// security.test.ts, window.test.ts, ipc.test.ts and contract.test.ts test the pieces one by one; these
// prove the running app is put together from them.

vi.mock('electron', () => import('./electron-mock'))
// electron-store is conf plus Electron's paths; conf itself stands in (same options, same file format).
vi.mock('electron-store', async () => ({ default: (await import('conf')).default }))

/** Electron supports its latest three stable majors; in November 2026 those are 43 to 45. */
const MIN_SUPPORTED_ELECTRON_MAJOR = 43

const tempDir = useTempDirs('security-checklist')
const paths = builtPaths('/app/out/main')
const APP_PAGE = pathToFileURL(paths.rendererIndex).href
const HASH = 'ab'.repeat(32)
const running: RunningApp[] = []

beforeEach(() => {
  resetElectronMock()
  vi.unstubAllEnvs()
})
afterEach(async () => {
  vi.unstubAllEnvs()
  await Promise.all(running.splice(0).map((started) => started.core.sync.schedule.stop()))
})

/**
 * The app as users get it: packaged, with a dev-server URL in the environment that it must ignore.
 * `beforeFirstWindow` runs when the first window's web contents is created.
 */
async function startPackaged(beforeFirstWindow?: () => void): Promise<RunningApp> {
  app.isPackaged = true
  vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173/')
  if (beforeFirstWindow) app.once('web-contents-created', beforeFirstWindow)
  const started = await startApp(['/opt/Broadsheet/broadsheet', '--data-dir', await tempDir()], paths)
  if (!started) throw new Error('expected the app to start')
  running.push(started)
  await started.core.sync.schedule.request('manual') // the start-up sync has settled
  return started
}

/** Every window the app opens: the first, and the one a second launch opens after it was closed. */
async function everyWindow(): Promise<FakeBrowserWindow[]> {
  await startPackaged()
  BrowserWindow.windows[0]!.close()
  app.emit('second-instance')
  expect(BrowserWindow.windows).toHaveLength(2)
  return BrowserWindow.windows
}

/** The main window of a freshly started app, its web contents guarded as the app guards every one. */
async function mainWindow(): Promise<FakeBrowserWindow> {
  await startPackaged()
  expect(BrowserWindow.windows).toHaveLength(1)
  return BrowserWindow.windows[0]!
}

/** A policy's directives by name, each with its sources. */
function directives(policy: string): Map<string, string[]> {
  const parsed = policy
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .filter((words) => words[0])
  const map = new Map(parsed.map(([name, ...sources]) => [name!.toLowerCase(), sources]))
  // A repeated directive is ignored by the browser: the policy would not say what it seems to.
  expect(map.size, policy).toBe(parsed.length)
  return map
}

/** The policy of index.html's meta tag (the one a file:// page gets) and the header form. */
function everyPolicy(): [string, string][] {
  const html = readFileSync('src/renderer/index.html', 'utf8')
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1]
  expect(meta, 'index.html has a CSP meta tag').toBeDefined()
  return [
    ['index.html meta', meta!],
    ['shared constant', CONTENT_SECURITY_POLICY],
    ['header', CONTENT_SECURITY_POLICY_HEADER],
  ]
}

/** The shell's own sources (src/main/*.ts and the preload), by path. */
function shellSources(): Map<string, string> {
  const files = [
    ...readdirSync('src/main').map((name) => join('src/main', name)),
    ...readdirSync('src/preload').map((name) => join('src/preload', name)),
  ].filter((file) => file.endsWith('.ts'))
  return new Map(files.map((file) => [file, readFileSync(file, 'utf8')]))
}

/** Every source file (.ts, .tsx, .html) under a folder. */
function sourcesUnder(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|tsx|html)$/.test(name))
    .map((name) => join(dir, name))
  return new Map(files.map((file) => [file, readFileSync(file, 'utf8')]))
}

/** The `electronFuses` block of electron-builder.yml (flat `key: true|false` lines). */
function configuredFuses(): Record<string, boolean> {
  const yml = readFileSync('electron-builder.yml', 'utf8')
  const block = /^electronFuses:[ \t]*\n((?:[ \t]+.*\n?)*)/m.exec(yml)?.[1] ?? ''
  const fuses: Record<string, boolean> = {}
  for (const line of block.split('\n')) {
    const entry = /^\s+([A-Za-z]+):\s*(true|false)\s*$/.exec(line)
    if (entry) fuses[entry[1]!] = entry[2] === 'true'
    else expect(line.trim() === '' || line.trim().startsWith('#'), `unexpected fuse line: ${line}`).toBe(true)
  }
  return fuses
}

function majorOf(version: string): number {
  return Number(/^\D*(\d+)\./.exec(version)?.[1] ?? NaN)
}

describe('the Electron security checklist', () => {
  it('1. Only secure content is loaded: the packaged app loads its own page, and its page nothing remote', async () => {
    for (const window of await everyWindow()) {
      expect(window.loadedUrl).toBeNull()
      expect(window.loadedFile).toBe(paths.rendererIndex)
    }
    // The page may load from itself and the cache scheme only: no http(s), ws(s), data:, blob: or host.
    const local = new Set(["'self'", "'none'", `${CACHE_SCHEME}:`])
    for (const [where, policy] of everyPolicy()) {
      for (const [name, sources] of directives(policy)) {
        for (const source of sources) {
          if (name === 'style-src' && source === "'unsafe-inline'") continue
          expect(local.has(source), `${where}: ${name} ${source}`).toBe(true)
        }
      }
    }
  })

  it('2. Node.js integration is off in every renderer', async () => {
    for (const window of await everyWindow()) {
      const preferences = window.options.webPreferences!
      expect(preferences.nodeIntegration).toBe(false)
      expect(preferences.nodeIntegrationInWorker).toBe(false)
      expect(preferences.nodeIntegrationInSubFrames).toBe(false)
    }
  })

  it('3. Context isolation is enabled for every window', async () => {
    for (const window of await everyWindow()) {
      expect(window.options.webPreferences!.contextIsolation).toBe(true)
    }
  })

  it('4. Process sandboxing is enabled for every renderer, app-wide before ready', async () => {
    for (const window of await everyWindow()) {
      expect(window.options.webPreferences!.sandbox).toBe(true)
      // A sandboxed preload can load no ES module: the window's is the CommonJS build.
      expect(window.options.webPreferences!.preload).toBe(paths.preload)
      expect(paths.preload).toMatch(/\.cjs$/)
    }
    expect(app.enableSandbox).toHaveBeenCalledTimes(1)
    expect(app.enableSandbox.mock.invocationCallOrder[0]).toBeLessThan(
      app.whenReady.mock.invocationCallOrder[0]!,
    )
  })

  it('5. Every permission request is denied, in the one session that loads content, before it loads', async () => {
    const installedFirst = vi.fn(() => session.defaultSession.permissionRequestHandler !== null)
    await startPackaged(installedFirst)
    expect(installedFirst).toHaveReturnedWith(true)
    // No window has a session of its own (a partition would escape the default session's handlers).
    for (const window of BrowserWindow.windows) {
      expect(window.options.webPreferences).not.toHaveProperty('session')
      expect(window.options.webPreferences).not.toHaveProperty('partition')
    }
    const defaults = session.defaultSession
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const callback = vi.fn()
      defaults.permissionRequestHandler!(...([{}, permission, callback, {}] as never[]))
      expect(callback, permission).toHaveBeenCalledWith(false)
      expect(defaults.permissionCheckHandler!(...([null, permission, APP_PAGE, {}] as never[]))).toBe(false)
    }
    expect(defaults.devicePermissionHandler!(...([{ deviceType: 'hid', origin: APP_PAGE }] as never[]))).toBe(
      false,
    )
  })

  it('6. webSecurity is never disabled', async () => {
    for (const window of await everyWindow()) {
      expect(window.options.webPreferences!.webSecurity).toBe(true)
    }
  })

  it('7. A Content-Security-Policy forbids inline, eval’d and remote script on every page', async () => {
    const unsafe = [
      "'unsafe-inline'",
      "'unsafe-eval'",
      "'unsafe-hashes'",
      "'wasm-unsafe-eval'",
      'data:',
      'blob:',
    ]
    for (const [where, policy] of everyPolicy()) {
      const found = directives(policy)
      expect(found.get('default-src'), where).toBeDefined()
      expect(found.get('script-src'), where).toEqual(["'self'"])
      for (const name of ['script-src-elem', 'script-src-attr']) {
        for (const source of found.get(name) ?? []) expect(unsafe, `${where}: ${name}`).not.toContain(source)
      }
      expect(found.get('object-src'), where).toEqual(["'none'"])
      expect(found.get('base-uri'), where).toEqual(["'none'"])
    }
    // What a meta tag cannot say, the header does: nothing may frame the reader.
    expect(directives(CONTENT_SECURITY_POLICY_HEADER).get('frame-ancestors')).toEqual(["'none'"])
    // The running app sends the header on every page its session loads over HTTP (a file:// page has the
    // meta tag); the browser preview sends the same header (preview-server.test.ts).
    await startPackaged()
    const callback = vi.fn()
    session.defaultSession.headersReceived!(
      ...([
        { url: 'http://localhost:5173/', resourceType: 'mainFrame', responseHeaders: {} },
        callback,
      ] as never[]),
    )
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER] },
    })
  })

  it('8. allowRunningInsecureContent is never enabled', async () => {
    for (const window of await everyWindow()) {
      expect(window.options.webPreferences!.allowRunningInsecureContent).toBe(false)
    }
  })

  it('9. Experimental features are not enabled', async () => {
    for (const window of await everyWindow()) {
      expect(window.options.webPreferences!.experimentalFeatures).toBe(false)
    }
    for (const [file, text] of shellSources()) {
      expect(text, file).not.toMatch(/experimental-web-platform-features/)
    }
  })

  it('10. enableBlinkFeatures is not used', async () => {
    for (const window of await everyWindow()) {
      expect(window.options.webPreferences).not.toHaveProperty('enableBlinkFeatures')
    }
    for (const [file, text] of shellSources()) {
      expect(text, file).not.toMatch(/enableBlinkFeatures|enable-blink-features/)
    }
  })

  it('11. <webview> allowpopups: does not apply, no window can host a <webview>', async () => {
    for (const window of await everyWindow()) {
      expect(window.options.webPreferences!.webviewTag).toBe(false)
    }
    for (const [file, text] of sourcesUnder('src/renderer')) {
      expect(text, file).not.toMatch(/<webview|allowpopups/i)
    }
  })

  it('12. <webview> options: does not apply, every window refuses to attach one, whatever its options', async () => {
    for (const window of await everyWindow()) {
      const attach = window.webContents.fire('will-attach-webview', {
        webPreferences: { nodeIntegration: true, webSecurity: false },
        params: { src: APP_PAGE, allowpopups: 'true' },
      })
      expect(attach.prevented).toBe(true)
    }
  })

  it('13. Navigation is limited to the app’s own page, in every frame and redirect', async () => {
    const window = await mainWindow()
    const elsewhere = [
      'https://example.com/',
      'http://localhost:5173/', // the dev server, which a packaged app never trusts
      `${APP_PAGE}.evil`,
      APP_PAGE.replace('index.html', 'other.html'),
      APP_PAGE.replace('file:///', 'file://attacker.example/'),
      'file:///etc/passwd',
      `${CACHE_SCHEME}://${HASH}`,
      'data:text/html,<script>alert(1)</script>',
      'javascript:alert(1)',
    ]
    for (const url of elsewhere) {
      for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
        expect(window.webContents.fire(event, { url, isMainFrame: true }).prevented, `${event} ${url}`).toBe(
          true,
        )
      }
    }
    for (const url of [APP_PAGE, `${APP_PAGE}#/article/1`]) {
      expect(window.webContents.fire('will-navigate', { url }).prevented, url).toBe(false)
    }
    expect(window.loadedFile).toBe(paths.rendererIndex)
  })

  it('14. No new window is ever created: every window.open is denied', async () => {
    const window = await mainWindow()
    const open = window.webContents.windowOpenHandler!
    for (const [url, disposition] of [
      ['https://example.com/story', 'foreground-tab'],
      ['https://example.com/story', 'new-window'],
      [APP_PAGE, 'new-window'],
      ['about:blank', 'new-window'],
      ['javascript:alert(1)', 'background-tab'],
    ] as const) {
      expect(open({ url, disposition, features: 'nodeIntegration=yes' } as never), url).toEqual({
        action: 'deny',
      })
    }
    expect(BrowserWindow.windows).toHaveLength(1)
  })

  it('15. shell.openExternal only ever sees allowlisted, normalized web and mail links', async () => {
    // One call site in the whole shell, behind the allowlist.
    const callers = [...shellSources()].filter(([, text]) => /openExternal\s*\(/.test(text))
    expect(callers.map(([file]) => file)).toEqual([join('src/main/security.ts')])
    const calls = callers[0]![1].match(/\bshell\.openExternal\s*\(/g) ?? []
    expect(calls).toHaveLength(1)

    const window = await mainWindow()
    const hostile = [
      'file:///C:/Windows/System32/calc.exe',
      'smb://attacker.example/share/x.exe',
      'ms-msdt:/id PCWDiagnostic',
      'search-ms:query=x',
      `${CACHE_SCHEME}://${HASH}`,
      'https://user:secret@example.com/',
      'javascript:alert(1)',
    ]
    for (const url of hostile) {
      window.webContents.fire('will-navigate', { url })
      window.webContents.windowOpenHandler!({ url })
    }
    expect(shell.openExternal).not.toHaveBeenCalled()
    window.webContents.fire('will-navigate', { url: 'https://example.com/a b' })
    window.webContents.windowOpenHandler!({ url: 'mailto:editor@example.com' })
    expect(shell.openExternal.mock.calls).toEqual([
      ['https://example.com/a%20b'],
      ['mailto:editor@example.com'],
    ])
  })

  it('16. A current, supported Electron version is used', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      dependencies?: Record<string, string>
      devDependencies?: Record<string, string>
    }
    const range = pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? ''
    // A floor within one major (^ or ~ or exact): never a range that lets an older major in.
    expect(range).toMatch(/^[\^~]?\d+\.\d+\.\d+$/)
    expect(majorOf(range)).toBeGreaterThanOrEqual(MIN_SUPPORTED_ELECTRON_MAJOR)
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { version?: string }>
    }
    const locked = lock.packages['node_modules/electron']?.version ?? ''
    expect(majorOf(locked)).toBe(majorOf(range))
    const installed = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')) as {
      version: string
    }
    expect(installed.version).toBe(locked)
  })

  it('17. The sender of every IPC message is validated', async () => {
    await startPackaged()
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      const channels = [...ipcMain.handlers.keys()]
      expect(channels.sort()).toEqual(API_METHODS.map((method) => `api:${method}`).sort())
      const strangers = [
        null,
        { url: APP_PAGE, parent: { url: APP_PAGE, parent: null } }, // the app page in an iframe
        { url: 'file:///tmp/downloaded.html', parent: null },
        { url: 'https://evil.example/', parent: null },
        { url: 'http://localhost:5173/', parent: null },
      ]
      for (const channel of channels) {
        for (const senderFrame of strangers) {
          const reply = await ipcMain.handlers.get(channel)!({ senderFrame }, undefined)
          expect(reply, `${channel} from ${senderFrame?.url}`).toEqual({
            ok: false,
            error: expect.stringMatching(/^refused/),
          })
        }
      }
      // The app's own top frame is answered: the check refuses strangers, not everyone.
      const own = await ipcMain.handlers.get('api:getSettings')!({
        senderFrame: { url: APP_PAGE, parent: null },
      })
      expect(own).toMatchObject({ ok: true })
    } finally {
      warned.mockRestore()
    }
    // Only request handlers: no fire-and-forget listener that could skip the check.
    for (const [file, text] of shellSources()) {
      expect(text, file).not.toMatch(/ipcMain\.(on|once|addListener)\s*\(/)
    }
  })

  it('18. file:// serves the app’s own page only, cached content comes over a custom protocol', async () => {
    const window = await mainWindow()
    // Tested in 13 and 17: no other file:// page is navigated to or answered over IPC.
    expect(window.loadedFile).toBe(paths.rendererIndex)
    // Cached images come over broadsheet-cache:, with no privilege beyond what an image needs.
    expect(protocol.privileged).toEqual([
      { scheme: CACHE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
    // While the page itself is a file:// page, file:// keeps the privileges its module scripts need:
    // moving the page to a custom protocol comes first, then this fuse can be turned off.
    expect(configuredFuses().grantFileProtocolExtraPrivileges).not.toBe(false)
  })

  it('19. Electron fuses are flipped in the packaged app', () => {
    const fuses = configuredFuses()
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      resetAdHocDarwinSignature: true,
    })
    // electron-builder's own schema knows every key (a misspelt fuse would be refused, or worse, ignored).
    const schema = JSON.parse(readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } }
      properties: Record<string, unknown>
    }
    expect(schema.properties).toHaveProperty('electronFuses')
    for (const key of Object.keys(fuses))
      expect(schema.definitions.FuseOptionsV1.properties, key).toHaveProperty(key)
    // onlyLoadAppFromAsar needs the app in an asar; runAsNode off breaks child_process.fork and
    // ELECTRON_RUN_AS_NODE, which the app must therefore not use.
    expect(readFileSync('electron-builder.yml', 'utf8')).not.toMatch(/^asar:\s*false/m)
    for (const [file, text] of sourcesUnder('src/main')) {
      expect(text, file).not.toMatch(/ELECTRON_RUN_AS_NODE|\bfork\s*\(/)
    }
  })

  it('20. No Electron API reaches the page: the preload exposes the contract’s functions only', async () => {
    vi.resetModules()
    await import('../../src/preload/index')
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
    const bridge = contextBridge.exposed.get('broadsheet') as BroadsheetBridge & Record<string, unknown>
    for (const [name, value] of Object.entries(bridge)) {
      if (name === 'platform') expect(typeof value).toBe('string')
      // The system's preferred languages: plain strings, data.
      else if (name === 'languages')
        expect(Array.isArray(value) && value.every((tag) => typeof tag === 'string'), name).toBe(true)
      else expect(typeof value, name).toBe('function')
      expect([ipcRenderer, ipcRenderer.invoke, ipcRenderer.on, contextBridge], name).not.toContain(value)
    }
    // A page cannot reach other channels through the functions it has.
    ipcRenderer.invoke.mockImplementation(async (channel: string) => ({ ok: true, value: channel }))
    for (const method of API_METHODS) {
      expect(await (bridge[method] as (args?: unknown) => Promise<unknown>)({})).toBe(`api:${method}`)
    }
    for (const channel of [
      'api:getSettings',
      'event:syncProgress',
      'ipc-message',
      '__proto__',
      'constructor',
    ]) {
      expect(() => bridge.on(channel as never, () => undefined), channel).toThrow(/no such event/)
    }
    expect(ipcRenderer.eventNames()).toEqual([])
    // Nor through the preload's source: it never hands out ipcRenderer or sends outside invoke.
    const preload = readFileSync('src/preload/index.ts', 'utf8')
    expect(preload).not.toMatch(/ipcRenderer\.(send|sendSync|sendToHost|postMessage)\s*\(/)
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/)
  })
})

describe('no referrer to third parties', () => {
  it('every link the page opens leaves through shell.openExternal with its URL alone, never in a window', async () => {
    const window = await mainWindow()
    const referrer = { url: APP_PAGE, policy: 'strict-origin-when-cross-origin' }
    // A plain link, and a link with target=_blank (or window.open).
    const navigation = window.webContents.fire('will-navigate', { url: 'https://example.com/a', referrer })
    const opened = window.webContents.windowOpenHandler!({
      url: 'https://example.com/b',
      referrer,
      disposition: 'foreground-tab',
    } as never)
    expect(navigation.prevented).toBe(true)
    expect(opened).toEqual({ action: 'deny' })
    // The system hands the browser a bare URL: no Referer goes with it.
    expect(shell.openExternal.mock.calls).toEqual([['https://example.com/a'], ['https://example.com/b']])
    expect(BrowserWindow.windows).toHaveLength(1)
    expect(window.loadedUrl).toBeNull()
    expect(window.loadedFile).toBe(paths.rendererIndex)
    // No other way in: the only page the shell ever loads is the renderer, in window.ts.
    const loaders = [...shellSources()].filter(([, text]) => /\.load(URL|File)\s*\(/.test(text))
    expect(loaders.map(([file]) => file)).toEqual([join('src/main/window.ts')])
  })

  it('the session sends no Referer with any request, from before the first window', async () => {
    const installedFirst = vi.fn(() => session.defaultSession.beforeSendHeaders !== null)
    await startPackaged(installedFirst)
    expect(installedFirst).toHaveReturnedWith(true)
    for (const url of ['https://images.example/a.png', 'http://localhost:5173/src/main.tsx', `${APP_PAGE}`]) {
      const callback = vi.fn()
      session.defaultSession.beforeSendHeaders!(
        ...([
          { url, requestHeaders: { Referer: APP_PAGE, referer: APP_PAGE, Accept: 'image/*' } },
          callback,
        ] as never[]),
      )
      expect(callback, url).toHaveBeenCalledWith({ requestHeaders: { Accept: 'image/*' } })
    }
  })
})

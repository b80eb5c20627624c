import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER } from '../../src/shared/csp'
import { applyContentSecurityPolicy, createMainWindow, secureWebPreferences } from '../../src/main/window'
import { loadWindowState } from '../../src/main/window-state'
import { useTempDirs } from '../helpers/temp-dir'
import { BrowserWindow, FakeSession, resetElectronMock, screen } from './electron-mock'

vi.mock('electron', () => import('./electron-mock'))

const tempDir = useTempDirs('window')
beforeEach(() => resetElectronMock())

async function openWindow(
  stateFile: string,
  renderer: { file: string } | { url: string } = { file: '/app/out/renderer/index.html' },
) {
  createMainWindow({ preload: '/app/out/preload/index.cjs', renderer, stateFile })
  const window = BrowserWindow.windows.at(-1)!
  return window
}

describe('the main window', () => {
  it('runs the renderer sandboxed, isolated, without Node, with web security on', async () => {
    const window = await openWindow(join(await tempDir(), 'window-state.json'))
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
    // Besides these, only the system's languages, as a switch the preload reads (shared/system-languages.ts).
    const { additionalArguments, ...secure } = window.options.webPreferences ?? {}
    expect(secureWebPreferences('/p')).toEqual({ ...secure, preload: '/p' })
    expect(additionalArguments).toEqual([expect.stringMatching(/^--broadsheet-languages=[\w,-]*$/)])
  })

  it('loads the app’s own file, shown once ready', async () => {
    const window = await openWindow(join(await tempDir(), 'window-state.json'))
    expect(window.loadedFile).toBe('/app/out/renderer/index.html')
    expect(window.loadedUrl).toBeNull()
    expect(window.options.show).toBe(false)
    window.emit('ready-to-show')
    expect(window.visible).toBe(true)
  })

  it('remembers its size and position across launches', async () => {
    const stateFile = join(await tempDir(), 'window-state.json')
    const first = await openWindow(stateFile)
    expect(first.options).toMatchObject({ width: 1200, height: 800, x: undefined, y: undefined })
    first.bounds = { x: 140, y: 90, width: 1000, height: 700 }
    first.maximized = true
    first.close()
    expect(JSON.parse(await readFile(stateFile, 'utf8'))).toEqual({
      x: 140,
      y: 90,
      width: 1000,
      height: 700,
      maximized: true,
    })
    const second = await openWindow(stateFile)
    expect(second.options).toMatchObject({ x: 140, y: 90, width: 1000, height: 700 })
    expect(second.maximized).toBe(true)
  })

  it('saves the bounds shortly after a move or resize', async () => {
    vi.useFakeTimers()
    try {
      const stateFile = join(await tempDir(), 'window-state.json')
      const window = await openWindow(stateFile)
      window.bounds = { x: 10, y: 20, width: 900, height: 600 }
      window.emit('move')
      window.emit('resize')
      await vi.advanceTimersByTimeAsync(1000)
      expect(JSON.parse(await readFile(stateFile, 'utf8'))).toMatchObject({ x: 10, y: 20, width: 900 })
    } finally {
      vi.useRealTimers()
    }
  })

  it('drops a position no display shows any more, and a damaged state file', async () => {
    const dir = await tempDir()
    const stateFile = join(dir, 'window-state.json')
    await writeFile(
      stateFile,
      JSON.stringify({ x: 3000, y: 300, width: 1000, height: 700, maximized: false }),
    )
    expect(loadWindowState(stateFile, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual({
      width: 1000,
      height: 700,
      maximized: false,
    })
    screen.getAllDisplays.mockReturnValue([
      { workArea: { x: 0, y: 0, width: 1920, height: 1080 } },
      { workArea: { x: 1920, y: 0, width: 2560, height: 1440 } },
    ])
    expect((await openWindow(stateFile)).options).toMatchObject({ x: 3000, y: 300 })
    await writeFile(stateFile, '{"x": 1, "wid')
    expect(loadWindowState(stateFile, [])).toEqual({ width: 1200, height: 800, maximized: false })
    await writeFile(stateFile, JSON.stringify({ width: 10, height: 1e9 }))
    expect(loadWindowState(stateFile, [])).toMatchObject({ width: 800, height: 16_384 })
  })
})

describe('the Content-Security-Policy', () => {
  it('is the same in index.html’s meta tag as in the shared constant', async () => {
    const html = await readFile('src/renderer/index.html', 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBe(CONTENT_SECURITY_POLICY)
  })

  it('allows no remote or inline script, and images only from the app and the cache', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/)
        return [name, values] as const
      }),
    )
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('img-src')).toEqual(["'self'", 'broadsheet-cache:'])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/)
  })

  it('is sent as a header on the pages the session loads, replacing any other', () => {
    const session = new FakeSession()
    applyContentSecurityPolicy(session as never)
    const callback = vi.fn()
    session.headersReceived!(
      ...([
        {
          resourceType: 'mainFrame',
          responseHeaders: { 'content-security-policy': ['script-src *'], 'X-Other': ['1'] },
        },
        callback,
      ] as never[]),
    )
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER] },
    })
    const imageCallback = vi.fn()
    session.headersReceived!(...([{ resourceType: 'image', responseHeaders: {} }, imageCallback] as never[]))
    expect(imageCallback).toHaveBeenCalledWith({})
  })
})

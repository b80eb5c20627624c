import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServices } from '../../src/main/core/broadsheet'
import { makeArticle } from '../helpers/make-articles'
import { useTempDirs } from '../helpers/temp-dir'
import { subscribeTo } from '../helpers/subscribe'

/**
 * Opens the real app with Playwright's `_electron` and reads an article. It needs the Electron binary
 * (absent where it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1), a display on Linux, a build
 * (`npm run build`) and playwright-core; without any of them it is skipped, saying which is missing.
 */

/** The Electron executable, or why there is none. */
function electronBinary(): { path: string } | { missing: string } {
  let packageDir: string
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return { missing: 'the electron package is not installed' }
  }
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) {
    return { missing: 'the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD)' }
  }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? { path: binary } : { missing: `the Electron binary is missing at ${binary}` }
}

function skipReason(): string | null {
  const electron = electronBinary()
  if ('missing' in electron) return electron.missing
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (run it under xvfb-run)'
  }
  if (!existsSync(resolve('out/main/index.js'))) return 'the app is not built (run `npm run build`)'
  try {
    createRequire(import.meta.url).resolve('playwright-core')
  } catch {
    return 'playwright-core is not installed'
  }
  return null
}

/** The part of playwright-core's `_electron` this test uses (typed here: the package may be absent). */
interface ElectronLauncher {
  launch(options: { args: string[]; env?: NodeJS.ProcessEnv }): Promise<{
    firstWindow(): Promise<{
      evaluate<T>(script: () => T): Promise<T>
      locator(selector: string): { textContent(): Promise<string | null>; click(): Promise<void> }
    }>
    close(): Promise<void>
  }>
}

const reason = skipReason()
const tempDir = useTempDirs('electron-smoke')

describe('the Electron app', () => {
  if (reason) {
    console.log(`electron smoke test skipped: ${reason}`)
    it.skip(`opens and shows an article (skipped: ${reason})`, () => undefined)
    return
  }

  it('opens and shows an article', { timeout: 60_000 }, async () => {
    const dataDir = await tempDir()
    const core = await startServices({ dataDir })
    const feed = await subscribeTo(core, 'https://news.test/feed.xml')
    const article = makeArticle(1, { feedId: feed.id, title: 'A smoke-tested story' })
    await core.articles.put([article])

    // Imported only here, by a name the bundler leaves alone: the file must load without playwright-core.
    const playwright = 'playwright-core'
    const { _electron } = (await import(/* @vite-ignore */ playwright)) as { _electron: ElectronLauncher }
    const app = await _electron.launch({
      args: [resolve('.'), `--data-dir=${dataDir}`],
      env: { ...process.env, ELECTRON_RENDERER_URL: '' },
    })
    try {
      const window = await app.firstWindow()
      // The page has no Node and sees only the bridge.
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
        'undefined',
      )
      const bridge = () =>
        typeof (globalThis as { broadsheet?: { listFeeds?: unknown } }).broadsheet?.listFeeds
      expect(await window.evaluate(bridge)).toBe('function')
      // The article list's only row: the stored story.
      await window.locator('[role="listbox"] [role="option"]').click()
      await expect
        .poll(() => window.locator('article h1').textContent(), { timeout: 15_000 })
        .toBe('A smoke-tested story')
    } finally {
      await app.close()
    }
  })
})

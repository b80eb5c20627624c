import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer as createNetServer, type AddressInfo } from 'node:net'
import { expect, test } from '@playwright/test'
import { createServer, type ViteDevServer } from 'vite'
import config from '../../electron.vite.config'
import { CHROMIUM_PATH } from '../../playwright.config'
import { CONTENT_SECURITY_POLICY_HEADER } from '../../src/shared/csp'

/**
 * `npm run dev` serves the renderer from Vite's dev server with hot reload. The page keeps its strict CSP
 * there too (index.html's meta tag, and the header the app's session adds to every page it loads): this
 * checks that hot reload works under it. The one inline script the dev server adds to the page
 * (its React refresh preamble is an inline script) is served as a file by the config's
 * `inlineScriptsAsFiles` plugin, so `script-src 'self'` needs no exception.
 */
test.beforeEach(() => {
  test.skip(!existsSync(CHROMIUM_PATH), `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`)
})

let server: ViteDevServer | null = null

test.afterEach(async () => {
  await server?.close()
  server = null
})

/** A port free right now: the page's hot-reload socket connects to the port the server was given. */
async function freePort(): Promise<number> {
  const probe = createNetServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

test('the dev server page hot-reloads under the app CSP, with no violation', async ({ page }) => {
  const renderer = config.renderer ?? {}
  server = await createServer({
    configFile: false,
    root: renderer.root,
    plugins: renderer.plugins,
    // As the app's session does (src/main/window.ts): the policy as a header on every page, as well.
    server: {
      host: '127.0.0.1',
      port: await freePort(),
      strictPort: true,
      headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER },
    },
    logLevel: 'silent',
  })
  await server.listen()
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('the dev server has no local URL')
  expect(await readFile('src/renderer/index.html', 'utf8')).toContain("script-src 'self';")

  await page.addInitScript(() => {
    const seen: string[] = []
    Object.assign(window, { __violations: seen })
    document.addEventListener('securitypolicyviolation', (event) => seen.push(event.violatedDirective))
  })
  const violations = (): Promise<string[]> =>
    page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)
  const connected = page.waitForEvent('console', (message) => message.text().includes('[vite] connected'))
  const response = await page.goto(url)
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY_HEADER)
  await connected
  await expect(page.locator('.app .sidebar')).toBeVisible()
  // The React refresh runtime is in place: its preamble ran.
  expect(await page.evaluate(() => typeof (window as { $RefreshReg$?: unknown }).$RefreshReg$)).toBe(
    'function',
  )
  expect(await page.locator('script:not([src])').count()).toBe(0)
  expect(await violations()).toEqual([])

  // A real hot update: the server tells the page a module changed, and the page fetches it again.
  const updated = page.waitForEvent('console', (message) => message.text().includes('[vite] hot updated'))
  const modules = server.moduleGraph.getModulesByFile(`${server.config.root}/src/components/Welcome.tsx`)
  const changed = modules ? [...modules][0] : undefined
  if (!changed) throw new Error('Welcome.tsx is not in the dev server module graph')
  await server.reloadModule(changed)
  await updated
  expect(await violations()).toEqual([])
})

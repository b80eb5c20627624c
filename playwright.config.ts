import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

/**
 * Browser tests of the reader: Debian's Chromium (never a downloaded browser) against `broadsheet serve`
 * and a fixture news site, both on 127.0.0.1. `npm run build` must have run (npm test does).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

if (!existsSync(CHROMIUM_PATH)) {
  console.log(
    `e2e: no Chromium at ${CHROMIUM_PATH}; the browser tests will be skipped (apt-get install chromium, or set CHROMIUM_PATH)`,
  )
}

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    // The interface follows the browser's language: English unless a spec asks for another.
    locale: 'en-US',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      // Root in a container needs --no-sandbox; the networking flags keep this closed network quiet.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
})

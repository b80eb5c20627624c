import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { CHROMIUM_PATH } from '../../../playwright.config'
import { startNewsSite, type NewsSite } from './news-site'
import { startPreview, type Preview } from './preview'

export const SCREENSHOT_DIR = resolve('tests/e2e/screenshots')

interface Fixtures {
  site: NewsSite
  preview: Preview
  /** Collects uncaught page errors: every test ends by asserting there were none. */
  pageErrors: string[]
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from it
  site: async ({}, use) => {
    const site = await startNewsSite({ korean: true })
    await use(site)
    await site.close()
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  preview: async ({}, use) => {
    const preview = await startPreview()
    await use(preview)
    await preview.remove()
  },
  pageErrors: async ({ page }, use) => {
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await use(errors)
    expect(errors, 'uncaught errors in the page').toEqual([])
  },
})

test.beforeEach(() => {
  test.skip(!existsSync(CHROMIUM_PATH), `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`)
})

export { expect }

/**
 * The window at 1280×800 and at the smallest the app allows (800×600, where the sidebar opens over the
 * list), each in the light and the dark theme (the page's data-theme checked to have followed): `look`
 * runs in each of the four.
 */
export async function inEachWindowAndTheme(
  page: Page,
  look: (theme: 'light' | 'dark', width: number, height: number) => Promise<void>,
): Promise<void> {
  for (const [width, height] of [
    [1280, 800],
    [800, 600],
  ] as const) {
    await page.setViewportSize({ width, height })
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme })
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
      await look(theme, width, height)
    }
  }
}

/** Writes a screenshot of the whole window to tests/e2e/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) })
}

/** Subscribes to the site through the add-feed dialog, with the mouse. */
export async function addFeedWithMouse(page: Page, url: string): Promise<void> {
  const add = page.getByRole('button', { name: /Add (a )?Feed/ }).filter({ visible: true })
  // In a narrow window the sidebar (with its Add Feed button) is put away once there are feeds; while
  // the page starts, the layout may still change under a click: tried again until one lands.
  await expect(async () => {
    if ((await add.count()) === 0) await showSidebar(page, 1000)
    await add.first().click({ timeout: 1000 })
  }).toPass({ timeout: 20_000 })
  const dialog = page.getByRole('dialog', { name: 'Add a feed' })
  await dialog.getByLabel('Feed or website address').fill(url)
  await dialog.getByRole('button', { name: 'Subscribe' }).click()
  await expect(dialog).toBeHidden()
}

/** The article list's rows. */
export function rows(page: Page) {
  return page.getByRole('listbox', { name: 'Articles' }).getByRole('option')
}

/** The reader pane's article. */
export function reader(page: Page) {
  return page.getByRole('main', { name: 'Article' })
}

/** True when every image of the open article has loaded and decoded (so it came from the cache). */
export async function articleImagesLoaded(
  page: Page,
): Promise<{ count: number; loaded: number; sources: string[] }> {
  return page.locator('.article-body img').evaluateAll((images) => {
    const list = images as HTMLImageElement[]
    return {
      count: list.length,
      loaded: list.filter((image) => image.complete && image.naturalWidth > 0).length,
      sources: list.map((image) => image.getAttribute('src') ?? ''),
    }
  })
}

/**
 * The sidebar on screen: below 1000 px wide it steps aside, and the list header's button shows it over the
 * list (choosing something in it, or clicking beside it, puts it away again).
 */
export async function showSidebar(page: Page, timeout = 20_000): Promise<void> {
  const sidebar = page.locator('.sidebar')
  const show = page.getByRole('button', { name: 'Show the sidebar' }).filter({ visible: true })
  // The layout may still be settling (the first run keeps the sidebar in view): tried until it shows.
  await expect(async () => {
    if (await sidebar.isVisible()) return
    await show.click({ timeout: 1000 })
    await expect(sidebar).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout })
}

import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { addFeedWithMouse, expect, screenshot, test } from './support/fixtures'

/*
 * The status line tells the library's last sync, whoever ran it: here the CLI, beside the preview that
 * serves the page, over the same data dir.
 */
const run = promisify(execFile)

/** `broadsheet ARGS` over the preview's data dir, as a person would run it in a terminal beside it. */
async function cli(dataDir: string, ...args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(
      process.execPath,
      [resolve('bin/broadsheet.js'), '--data-dir', dataDir, ...args],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      },
    )
    return { stdout, code: 0 }
  } catch (error) {
    const failed = error as { stdout: string; code: number }
    return { stdout: failed.stdout, code: failed.code }
  }
}

test('a library synced by the CLI opens with that sync; removing the failing feed takes it off the count', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  // Two subscriptions from an OPML file (importing fetches nothing): the site's feed, and one that is gone.
  const opml = join(preview.dataDir, 'subscriptions.opml')
  await writeFile(
    opml,
    `<?xml version="1.0"?><opml version="2.0"><head><title>s</title></head><body>
      <outline type="rss" text="The Harbour Gazette" xmlUrl="${site.home}feed.xml"/>
      <outline type="rss" text="Missing Post" xmlUrl="${site.home}missing.xml"/>
    </body></opml>`,
  )
  expect((await cli(preview.dataDir, 'import-opml', opml)).code).toBe(0)
  const synced = await cli(preview.dataDir, 'sync')
  expect(synced.code, synced.stdout).toBe(3) // some feeds failed

  await page.goto(preview.url)
  const status = page.getByRole('status').filter({ hasText: /Last synced|Not synced yet/ })
  await expect(status).toHaveText('Last synced just now')
  const detail = page.locator('.sync-detail')
  await expect(detail).toHaveText(`${site.stories.length} new articles · 1 feed failed`)
  await screenshot(page, 'light-status-synced-by-cli')
  // The status line at the smallest window, in the dark theme too: two lines, nothing cut.
  await page.setViewportSize({ width: 800, height: 600 })
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  // Nothing of it hidden behind an ellipsis: the failure count is what matters most.
  const overflow = await detail.evaluate((element) => element.scrollWidth - element.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await expect(detail).toHaveText(`${site.stories.length} new articles · 1 feed failed`)
  await screenshot(page, 'dark-status-synced-by-cli-800x600')
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize({ width: 1280, height: 800 })

  await page.getByRole('button', { name: 'Options for Missing Post' }).click()
  await page.getByRole('menuitem', { name: 'Unsubscribe…' }).click()
  await page.getByRole('button', { name: 'Unsubscribe', exact: true }).click()
  await expect(page.getByRole('button', { name: /^Missing Post/ })).toHaveCount(0)
  await expect(detail).toHaveText(`${site.stories.length} new articles`)

  // A sync by the CLI while the page is open shows when the window is come back to.
  expect((await cli(preview.dataDir, 'sync')).code).toBe(0)
  await page.evaluate(() => window.dispatchEvent(new Event('focus')))
  await expect(detail).toHaveText('No new articles')
  await expect(status).toHaveText('Last synced just now')
  expect(pageErrors).toEqual([])
})

test('the sidebar does not move as a sync starts and ends: the status keeps its height', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  await page.goto(preview.url)
  const rowsTop = (): Promise<number> =>
    page.locator('.sidebar-scroll').evaluate((element) => element.getBoundingClientRect().top)
  await expect(page.getByRole('status').filter({ hasText: 'Not synced yet' })).toBeVisible()
  const before = await rowsTop()
  // A slow feed, so each sync is seen under way.
  site.feedDelayMs = 1200
  await addFeedWithMouse(page, site.home)
  const progress = page.getByRole('progressbar', { name: 'Syncing…' })
  const status = page.getByRole('status').filter({ hasText: /Last synced/ })
  await expect(progress).toBeVisible()
  expect(await rowsTop()).toBe(before)
  await screenshot(page, 'light-status-syncing')
  await expect(status).toBeVisible()
  await expect(page.locator('.sync-detail')).toHaveText(`${site.stories.length} new articles`)
  expect(await rowsTop()).toBe(before)
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.getByRole('button', { name: 'Refresh' }).click()
  await expect(progress).toBeVisible()
  expect(await rowsTop()).toBe(before)
  await screenshot(page, 'dark-status-syncing')
  await expect(page.locator('.sync-detail')).toHaveText('No new articles')
  expect(await rowsTop()).toBe(before)
  expect(pageErrors).toEqual([])
})

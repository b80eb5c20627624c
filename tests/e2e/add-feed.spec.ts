import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { expect, rows, screenshot, showSidebar, test } from './support/fixtures'

/** A port on 127.0.0.1 where nothing listens (a server opened there and closed). */
async function deadPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done))
  const { port } = probe.address() as AddressInfo
  await new Promise((done) => probe.close(done))
  return port
}

async function openAddFeed(page: Page) {
  await page
    .getByRole('button', { name: /Add (a )?Feed/ })
    .first()
    .click()
  const dialog = page.getByRole('dialog', { name: 'Add a feed' })
  await expect(dialog).toBeVisible()
  return dialog
}

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Feeds' })

for (const size of [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
]) {
  for (const theme of ['light', 'dark'] as const) {
    test(`add dialog at ${size.width}×${size.height} (${theme}): a busy server says so, and Subscribe Anyway adds it, retried at the next sync`, async ({
      page,
      site,
      preview,
    }) => {
      await page.setViewportSize(size)
      await page.emulateMedia({ colorScheme: theme })
      // Busy for the first two requests (the dialog's, and Subscribe Anyway's own try); the sync after
      // subscribing is the next try, and it gets the feed.
      let requests = 0
      site.server.route('/busy.xml', (_request, response) => {
        if (++requests <= 2) response.writeHead(429).end('slow down')
        else {
          response
            .writeHead(200, { 'Content-Type': 'application/rss+xml' })
            .end(
              `<?xml version="1.0"?><rss version="2.0"><channel><title>Busy Daily</title><link>${site.home}</link><item><guid>b1</guid><title>Back at last</title><link>${site.home}stories/harbour</link><description>Back at last, the whole short story.</description></item></channel></rss>`,
            )
        }
      })
      await page.goto(preview.url)
      const dialog = await openAddFeed(page)
      const field = dialog.getByLabel('Feed or website address')
      await expect(field).toHaveAttribute('type', 'text')
      const url = `${site.server.url('/busy.xml')}`
      await field.fill(url)
      await dialog.getByRole('button', { name: 'Subscribe', exact: true }).click()
      const alert = dialog.getByRole('alert')
      await expect(alert).toHaveText(
        `could not fetch ${url}: the server is busy (it answered 429 Too Many Requests)`,
      )
      await expect(alert).not.toContainText('not a feed')
      const anyway = dialog.getByRole('button', { name: 'Subscribe Anyway' })
      await expect(anyway).toBeVisible()
      // At 800×600 too, the message and every button are inside the window.
      for (const box of [await alert.boundingBox(), await anyway.boundingBox()]) {
        expect(box!.x + box!.width).toBeLessThanOrEqual(size.width)
        expect(box!.y + box!.height).toBeLessThanOrEqual(size.height)
      }
      await screenshot(page, `add-feed-busy-${size.width}x${size.height}-${theme}`)

      await anyway.click()
      await expect(dialog).toBeHidden()
      // Subscribed with its error, and the sync that follows tries it again: the server answers now.
      await showSidebar(page)
      await expect(sidebar(page).getByRole('button', { name: /^Busy Daily\s*, 1 unread$/ })).toBeVisible()
      await expect(sidebar(page).locator('.feed-error')).toHaveCount(0)
      expect(requests).toBe(3)
      await screenshot(page, `add-feed-anyway-${size.width}x${size.height}-${theme}`)
    })
  }
}

test('a bare address typed (no https://) subscribes: https does not connect, http does', async ({
  page,
  site,
  preview,
}) => {
  await page.goto(preview.url)
  const dialog = await openAddFeed(page)
  await dialog.getByLabel('Feed or website address').fill(site.home.replace(/^http:\/\//, ''))
  await dialog.getByRole('button', { name: 'Subscribe', exact: true }).click()
  await expect(dialog).toBeHidden()
  await expect(rows(page)).toHaveCount(site.stories.length)
})

test('a bare address typed in Save Page is saved, and counted as unread', async ({ page, site, preview }) => {
  await page.goto(preview.url)
  await page
    .getByRole('button', { name: /Save (a )?Page/ })
    .first()
    .click()
  const dialog = page.getByRole('dialog', { name: 'Save a page' })
  await dialog.getByLabel('Page address').fill(site.server.url('/stories/harbour').replace('http://', ''))
  await dialog.getByRole('button', { name: 'Save for Later' }).click()
  await expect(dialog).toBeHidden()
  await expect(rows(page)).toHaveCount(1)
  // Unread lists the saved page, and its count says so (and Saved Pages has its own).
  await expect(sidebar(page).getByRole('button', { name: /^Unread\s*, 1 unread$/ })).toBeVisible()
  await expect(sidebar(page).getByRole('button', { name: /^All Articles\s*, 1 unread$/ })).toBeVisible()
  await expect(sidebar(page).getByRole('button', { name: /^Saved Pages\s*, 1 unread$/ })).toBeVisible()
})

test('a refused connection says so and offers Subscribe Anyway; only that feed shows an error', async ({
  page,
  site,
  preview,
}) => {
  await page.goto(preview.url)
  let dialog = await openAddFeed(page)
  await dialog.getByLabel('Feed or website address').fill(site.home)
  await dialog.getByRole('button', { name: 'Subscribe', exact: true }).click()
  await expect(dialog).toBeHidden()
  await expect(rows(page)).toHaveCount(site.stories.length)

  const url = `http://127.0.0.1:${await deadPort()}/feed.xml`
  dialog = await openAddFeed(page)
  await dialog.getByLabel('Feed or website address').fill(url)
  await dialog.getByRole('button', { name: 'Subscribe', exact: true }).click()
  await expect(dialog.getByRole('alert')).toHaveText(
    `could not fetch ${url}: the server refused the connection`,
  )
  await dialog.getByRole('button', { name: 'Subscribe Anyway' }).click()
  await expect(dialog).toBeHidden()
  await page
    .getByRole('button', { name: /Refresh|Sync/ })
    .first()
    .click()
  await expect(sidebar(page).locator('.feed-error')).toHaveCount(1)
  await expect(
    sidebar(page).getByRole('button', { name: /^The Harbour Gazette\s*, \d+ unread$/ }),
  ).toBeVisible()
})

test('adding shows progress and Cancel stops the request, keeping what was typed', async ({
  page,
  site,
  preview,
}) => {
  let arrived: () => void = () => undefined
  let closed: () => void = () => undefined
  const requestArrived = new Promise<void>((done) => (arrived = done))
  const requestClosed = new Promise<void>((done) => (closed = done))
  site.server.route('/never.xml', (request) => {
    // Never answers: only the reader's Cancel ends it.
    request.socket.once('close', () => closed())
    arrived()
  })
  await page.goto(preview.url)
  const dialog = await openAddFeed(page)
  const url = site.server.url('/never.xml')
  await dialog.getByLabel('Feed or website address').fill(url)
  await dialog.getByRole('button', { name: 'Subscribe', exact: true }).click()
  const progress = dialog.getByRole('status')
  await expect(progress).toContainText(`Looking for the feed at ${url}…`)
  await expect(dialog.getByRole('progressbar')).toBeVisible()
  await screenshot(page, 'add-feed-progress')
  // Cancelled once the request is out (a Cancel before it goes out sends nothing at all).
  await requestArrived
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog.getByRole('status')).toHaveText(/Cancelled/)
  await expect(dialog.getByLabel('Feed or website address')).toHaveValue(url)
  await expect(dialog.getByRole('button', { name: 'Subscribe', exact: true })).toBeEnabled()
  // The request itself stopped: the core closed its connection to the server.
  await requestClosed
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('heading', { name: 'Welcome to Broadsheet' })).toBeVisible()
})

test('a long sidebar error wraps to two lines with an ellipsis; the feed header has all of it', async ({
  page,
  site,
  preview,
}) => {
  await page.setViewportSize({ width: 800, height: 600 })
  // https to the site's plain-http port: the secure connection fails, with a long message.
  const url = site.server.url('/feed.xml').replace('http://', 'https://')
  await page.goto(preview.url)
  const dialog = await openAddFeed(page)
  await dialog.getByLabel('Feed or website address').fill(url)
  await dialog.getByRole('button', { name: 'Subscribe', exact: true }).click()
  await dialog.getByRole('button', { name: 'Subscribe Anyway' }).click()
  await expect(dialog).toBeHidden()
  await showSidebar(page)
  const error = sidebar(page).locator('.feed-error')
  // Subscribed with the discovery's failure; then the feed's own sync (in the sync thread, which starts on
  // this first sync) says it in its words.
  await expect(error).toHaveText(
    /Last sync failed:\s*the secure connection to 127\.0\.0\.1:\d+ failed \(the server does not speak https there\)$/,
  )
  const shape = await error.evaluate((element) => {
    const style = getComputedStyle(element)
    return {
      lineHeight: parseFloat(style.lineHeight),
      height: element.getBoundingClientRect().height,
      clipped: element.scrollHeight > element.clientHeight + 1,
      clamp: style.webkitLineClamp,
      whiteSpace: style.whiteSpace,
    }
  })
  await screenshot(page, 'sidebar-error-800x600-row')
  expect(shape.whiteSpace).toBe('normal')
  expect(shape.clamp).toBe('2')
  expect(shape.clipped).toBe(true)
  expect(shape.height).toBeGreaterThan(shape.lineHeight * 1.5)
  expect(shape.height).toBeLessThanOrEqual(shape.lineHeight * 2 + 1)
  // The whole message, in the feed's header.
  await sidebar(page)
    .getByRole('button', { name: /^127\.0\.0\.1/ })
    .click()
  const banner = page.locator('.feed-error-banner')
  const full = (await error.textContent())!.replace(/^\s*, Last sync failed:\s*/, '').trim()
  expect(full).toMatch(
    /^the secure connection to 127\.0\.0\.1:\d+ failed \(the server does not speak https there\)$/,
  )
  await expect(banner).toHaveText(`Last sync failed: ${full}`)
  await screenshot(page, 'sidebar-error-800x600')
  void site
})

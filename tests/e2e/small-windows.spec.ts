import type { Locator, Page } from '@playwright/test'
import { addFeedWithMouse, expect, reader, rows, screenshot, test } from './support/fixtures'

const width = async (locator: Locator): Promise<number> => (await locator.boundingBox())?.width ?? 0
const panes = (page: Page) => ({
  sidebar: page.getByRole('navigation', { name: 'Feeds' }),
  list: page.locator('.list-pane'),
  reader: reader(page),
})

async function subscribed(page: Page, url: string, home: string, count: number): Promise<void> {
  await page.goto(url)
  await addFeedWithMouse(page, home)
  await expect(rows(page)).toHaveCount(count)
  await rows(page).first().click()
  await expect(reader(page).getByRole('heading', { level: 1 })).toBeVisible()
}

test('800×600: the reader gets the room, the sidebar comes over the list on a key or a button', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  await page.setViewportSize({ width: 800, height: 600 })
  await subscribed(page, preview.url, site.home, site.stories.length)
  const { sidebar, list, reader: article } = panes(page)
  // The screenshots show the reader, not the subscription's notice (it fades after a few seconds).
  await expect(page.locator('.notice')).toBeEmpty({ timeout: 10_000 })

  // Below 1000 px the sidebar leaves the grid: list and reader share the window, the reader the most.
  await expect(sidebar).toBeHidden()
  expect(await width(article)).toBeGreaterThanOrEqual(470)
  expect((await list.boundingBox())?.x).toBe(0)
  // Nothing spills out of the window.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800)

  // The button in the list's header shows the sidebar over the list, and focus goes into it.
  const toggle = list.getByRole('button', { name: 'Show the sidebar' })
  await toggle.click()
  await expect(sidebar).toBeVisible()
  expect((await sidebar.boundingBox())?.x).toBe(0)
  await expect(sidebar.locator(':focus')).toHaveCount(1)
  expect(await width(article)).toBeGreaterThanOrEqual(470) // over the list: the reader keeps its width
  await screenshot(page, 'light-800x600-sidebar-over')
  // Escape closes it and gives focus back to the button.
  await page.keyboard.press('Escape')
  await expect(sidebar).toBeHidden()
  await expect(list.getByRole('button', { name: 'Show the sidebar' })).toBeFocused()

  // The key opens it too; choosing a view closes it and shows the view.
  await page.keyboard.press('Control+b')
  await expect(sidebar).toBeVisible()
  await sidebar.getByRole('button', { name: /^All Articles/ }).click()
  await expect(sidebar).toBeHidden()
  await expect(page.locator('.list-title')).toHaveText('All Articles')
  await rows(page).first().click()
  // A click beside it closes it as well.
  await page.keyboard.press('Control+b')
  await expect(sidebar).toBeVisible()
  await page.mouse.click(780, 300)
  await expect(sidebar).toBeHidden()

  // The list narrows (its splitter, by mouse), and the reader takes what it gives up.
  const splitter = page.getByRole('separator', { name: 'Resize the articles pane' })
  const listBefore = await width(list)
  const readerBefore = await width(article)
  const box = (await splitter.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, 300)
  await page.mouse.down()
  await page.mouse.move(box.x - 200, 300, { steps: 5 })
  await page.mouse.up()
  await expect.poll(() => width(list)).toBeLessThan(listBefore - 50)
  expect(await width(list)).toBeGreaterThanOrEqual(220)
  expect(await width(article)).toBeGreaterThan(readerBefore + 50)
  await screenshot(page, 'light-800x600')

  await page.emulateMedia({ colorScheme: 'dark' })
  await screenshot(page, 'dark-800x600')
  await page.keyboard.press('Control+b')
  await screenshot(page, 'dark-800x600-sidebar-over')
  await page.keyboard.press('Escape')

  // The shortcuts sheet (longer now) fits the small window; what does not fit scrolls inside it.
  await page.getByRole('listbox', { name: 'Articles' }).focus()
  await page.keyboard.press('?')
  const sheet = page.getByRole('dialog', { name: 'Keyboard Shortcuts' })
  await expect(sheet).toBeVisible()
  const sheetBox = (await sheet.boundingBox())!
  expect(sheetBox.y).toBeGreaterThanOrEqual(0)
  expect(sheetBox.y + sheetBox.height).toBeLessThanOrEqual(600)
  await screenshot(page, 'dark-800x600-shortcuts')
  await page.keyboard.press('Escape')
  await expect(sheet).toBeHidden()

  // Widening the window puts the sidebar back in its column.
  await page.setViewportSize({ width: 1280, height: 800 })
  await expect(sidebar).toBeVisible()
  expect((await list.boundingBox())?.x).toBeGreaterThanOrEqual(180)
  expect(pageErrors).toEqual([])
})

test('1280×800: the sidebar hides on a key or a button, is remembered, and the panes take its room', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  await subscribed(page, preview.url, site.home, site.stories.length)
  const { sidebar, list, reader: article } = panes(page)
  // The screenshots show the reader, not the subscription's notice (it fades after a few seconds).
  await expect(page.locator('.notice')).toBeEmpty({ timeout: 10_000 })
  await expect(sidebar).toBeVisible()
  await screenshot(page, 'light-1280x800')
  await page.emulateMedia({ colorScheme: 'dark' })
  await screenshot(page, 'dark-1280x800')
  await page.emulateMedia({ colorScheme: 'light' })
  const readerBefore = await width(article)

  // The key hides it (and the shortcuts sheet lists the key); the list moves to the left edge.
  await page.getByRole('listbox', { name: 'Articles' }).focus()
  await page.keyboard.press('Control+b')
  await expect(sidebar).toBeHidden()
  expect((await list.boundingBox())?.x).toBe(0)
  expect(await width(article)).toBeGreaterThan(readerBefore + 150)
  await screenshot(page, 'light-1280x800-no-sidebar')

  // Remembered across a reload; the button shows it again.
  await page.reload()
  await expect(rows(page)).toHaveCount(site.stories.length)
  await expect(sidebar).toBeHidden()
  await list.getByRole('button', { name: 'Show the sidebar' }).click()
  await expect(sidebar).toBeVisible()
  expect((await list.boundingBox())?.x).toBeGreaterThan(150)
  await expect(list.getByRole('button', { name: 'Hide the sidebar' })).toBeVisible()
  expect(pageErrors).toEqual([])
})

import type { Page } from '@playwright/test'
import { addFeedWithMouse, expect, reader, rows, test } from './support/fixtures'

const scrollTop = (page: Page) => page.locator('.reader-scroll').evaluate((element) => element.scrollTop)

test('habits from other readers: Space pages then opens the next unread, Shift+Space pages back, Escape returns to the list', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  await page.setViewportSize({ width: 1280, height: 640 })
  await page.goto(preview.url)
  await addFeedWithMouse(page, site.home)
  await expect(rows(page)).toHaveCount(site.stories.length)
  const [first, second, third] = site.stories as [
    (typeof site.stories)[0],
    (typeof site.stories)[0],
    (typeof site.stories)[0],
  ]
  const heading = reader(page).getByRole('heading', { level: 1 })
  const list = page.getByRole('listbox', { name: 'Articles' })
  const key = (name: string) => page.keyboard.press(name)

  // The second story read, then back to the first: Space at the first's end skips the read one.
  await list.focus()
  await key('j')
  await key('j')
  await expect(heading).toHaveText(second.title)
  await key('k')
  await expect(heading).toHaveText(first.title)
  const scroller = page.locator('.reader-scroll')
  const { height, total } = await scroller.evaluate((element) => ({
    height: element.clientHeight,
    total: element.scrollHeight,
  }))
  expect(total, 'the article is longer than two screens').toBeGreaterThan(height * 2)

  // Space from the list pages the article (focus stays in the list), by about a screen.
  await key('Space')
  await expect.poll(() => scrollTop(page)).toBeGreaterThan(height * 0.7)
  expect(await scrollTop(page)).toBeLessThanOrEqual(height)
  await expect(list).toBeFocused()
  const afterOne = await scrollTop(page)
  await key('Space')
  await expect.poll(() => scrollTop(page)).toBeGreaterThan(afterOne)
  // Shift+Space pages back up.
  const afterTwo = await scrollTop(page)
  await key('Shift+Space')
  await expect.poll(() => scrollTop(page)).toBeLessThan(afterTwo)
  await expect(heading).toHaveText(first.title)

  // Space to the end, then once more: the next unread (the third: the second is read), from its top.
  for (let n = 0; n < 30; n++) {
    const atEnd = await scroller.evaluate(
      (element) => element.scrollTop + element.clientHeight >= element.scrollHeight - 1,
    )
    if (atEnd) break
    await key('Space')
  }
  await expect(heading).toHaveText(first.title)
  await key('Space')
  await expect(heading).toHaveText(third.title)
  await expect(rows(page).nth(2)).toHaveAttribute('aria-selected', 'true')
  expect(await scrollTop(page)).toBe(0)

  // In the reader too; Escape returns to the list, with the article still selected.
  await key('o')
  await expect(scroller).toBeFocused()
  await key('Space')
  await expect.poll(() => scrollTop(page)).toBeGreaterThan(0)
  await key('Escape')
  await expect(list).toBeFocused()
  await expect(rows(page).nth(2)).toHaveAttribute('aria-selected', 'true')
  // From the reader's toolbar as well.
  await reader(page).getByRole('button', { name: 'Bookmark' }).focus()
  await key('Escape')
  await expect(list).toBeFocused()

  // Space on a focused button presses the button; the article stays where it is.
  const bookmark = reader(page).getByRole('button', { name: 'Bookmark' })
  await bookmark.focus()
  const before = await scrollTop(page)
  await key('Space')
  await expect(bookmark).toHaveAttribute('aria-pressed', 'true')
  expect(await scrollTop(page)).toBe(before)

  // The sheet lists the new keys.
  await list.focus()
  await key('?')
  const sheet = page.getByRole('dialog', { name: 'Keyboard Shortcuts' })
  for (const name of [
    'Page Down, Then Next Unread',
    'Page Up',
    'Back to the List',
    'Show or Hide the Sidebar',
  ]) {
    await expect(sheet.getByRole('cell', { name, exact: true })).toBeVisible()
  }
  // Escape closes the sheet, not "back to the list".
  await key('Escape')
  await expect(sheet).toBeHidden()
  expect(pageErrors).toEqual([])
})

test('the title links to the original; a feed’s own list does not repeat its name on every row', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  await page.goto(preview.url)
  await addFeedWithMouse(page, site.home)
  await expect(rows(page)).toHaveCount(site.stories.length)
  const first = site.stories[0]!

  // Subscribing shows the new feed's list: its name is the heading, not a line on each row.
  await expect(page.locator('.list-title')).toHaveText('The Harbour Gazette')
  await expect(rows(page).locator('.row-feed')).toHaveCount(0)
  await expect(rows(page).first().locator('time')).toBeVisible()
  const sidebar = page.getByRole('navigation', { name: 'Feeds' })
  await sidebar.getByRole('button', { name: /^All Articles/ }).click()
  await expect(rows(page).first().locator('.row-feed')).toHaveText('The Harbour Gazette')
  // Back in the feed's own list.
  await sidebar.getByRole('button', { name: /^The Harbour Gazette/ }).click()
  await expect(rows(page).locator('.row-feed')).toHaveCount(0)

  await rows(page).first().click()
  const title = reader(page).getByRole('heading', { level: 1 }).getByRole('link', { name: first.title })
  await expect(title).toHaveAttribute('href', first.image.replace(/\/images\/.*$/, `/stories/${first.id}`))
  const [popup] = await Promise.all([page.waitForEvent('popup'), title.click()])
  await popup.waitForLoadState()
  expect(popup.url()).toBe(site.server.url(`/stories/${first.id}`))
  // Opened as every link is: no referrer, and the reader stays on the article.
  expect(site.server.hits(`/stories/${first.id}`).headers?.referer).toBeUndefined()
  await popup.close()
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(first.title)
  expect(pageErrors).toEqual([])
})

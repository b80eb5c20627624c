import type { Locator, Page } from '@playwright/test'
import { longArticle, rss2 } from '../helpers/feeds'
import type { NewsSite } from './support/news-site'
import { addFeedWithMouse, expect, reader, rows, screenshot, showSidebar, test } from './support/fixtures'

/** Whether the focused element is inside this dialog. */
function focusInside(dialog: Locator): Promise<boolean> {
  return dialog.evaluate((element) => element.contains(document.activeElement))
}

/** Tab and Shift+Tab a dialog's controls round more than once: focus never leaves it. */
async function expectTabStaysInside(page: Page, dialog: Locator): Promise<void> {
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let press = 0; press < 12; press++) {
      await page.keyboard.press(key)
      expect(await focusInside(dialog), `${key} ×${press + 1}`).toBe(true)
    }
  }
}

/** The sidebar's button of a feed (its name starts with the title, then the unread count). */
function feedButton(page: Page, title: string): Locator {
  return page
    .getByRole('navigation', { name: 'Feeds' })
    .getByRole('button', { name: new RegExp(`^${title}(\\s*,|$)`) })
}

/** The folder a feed's row is in, by its toggle's name ("" at the top level). */
function folderOf(page: Page, title: string): Promise<string> {
  return feedButton(page, title).evaluate((button) => {
    const folder = button.closest('li.folder')
    return folder?.querySelector('.folder-title')?.firstChild?.textContent ?? ''
  })
}

function serveOtherFeed(site: NewsSite): void {
  site.server.serve('/other.xml', {
    headers: { 'Content-Type': 'application/rss+xml' },
    body: rss2('Other Paper', site.home, [
      { id: 'o1', title: 'Other story', link: site.server.url('/o1'), content: longArticle('tides') },
    ]),
  })
}

test('dialogs keep focus after mouse clicks: Escape closes them and Tab stays inside', async ({
  page,
  site,
  preview,
}) => {
  await page.goto(preview.url)
  // Subscribe with the mouse to an address that fails: the button is disabled while it works.
  await page
    .getByRole('button', { name: /Add (a )?Feed/ })
    .first()
    .click()
  const add = page.getByRole('dialog', { name: 'Add a feed' })
  await add.getByLabel('Feed or website address').fill(site.server.url('/no-such-feed'))
  await add.getByRole('button', { name: 'Subscribe' }).click()
  await expect(add.getByRole('alert')).toBeVisible()
  await expect.poll(() => focusInside(add)).toBe(true)
  await expectTabStaysInside(page, add)
  await page.keyboard.press('Escape')
  await expect(add).toBeHidden()

  // The same after the error, with focus on nothing: Escape first.
  await page
    .getByRole('button', { name: /Add (a )?Feed/ })
    .first()
    .click()
  await add.getByLabel('Feed or website address').fill(site.server.url('/no-such-feed'))
  await add.getByRole('button', { name: 'Subscribe' }).click()
  await expect(add.getByRole('alert')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(add).toBeHidden()

  // Settings: a click on the dialog's text (no control there), then the keys.
  await addFeedWithMouse(page, site.home)
  await page.getByRole('button', { name: 'Settings' }).click()
  const settings = page.getByRole('dialog', { name: 'Settings' })
  await settings.getByText('Reading', { exact: true }).click()
  await expectTabStaysInside(page, settings)
  await settings.getByText('Syncing', { exact: true }).click()
  await page.keyboard.press('Escape')
  await expect(settings).toBeHidden()

  // A row menu's item clicked: focus goes back to its button, not the page.
  await page.getByRole('button', { name: /^Options for The Harbour Gazette/ }).click()
  await page.getByRole('menuitem', { name: 'Rename…' }).click()
  const rename = page.getByRole('dialog', { name: 'Rename feed' })
  await rename.getByRole('heading').click()
  await page.keyboard.press('Escape')
  await expect(rename).toBeHidden()
  await expect(page.getByRole('button', { name: /^Options for The Harbour Gazette/ })).toBeFocused()
})

test('settings: theme and type preview live, Save closes, Close with changes asks; a feed’s full text', async ({
  page,
  site,
  preview,
}) => {
  await page.goto(preview.url)
  await addFeedWithMouse(page, site.home)
  await expect(rows(page)).toHaveCount(site.stories.length)
  await rows(page).first().click()
  const html = page.locator('html')
  const readerFontSize = () =>
    reader(page)
      .locator('.article')
      .evaluate((e) => getComputedStyle(e).fontSize)
  const before = await readerFontSize()

  await page.keyboard.press('Control+,')
  const settings = page.getByRole('dialog', { name: 'Settings' })
  await settings.getByLabel('Theme').selectOption('dark')
  await settings.getByLabel('Text size (px)').fill('24')
  // Drawn at once, before any Save.
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect.poll(readerFontSize).toBe('24px')
  await screenshot(page, 'dark-settings-preview')

  // Close with the changes unsaved asks; Escape there keeps editing.
  await settings.getByRole('button', { name: 'Close' }).last().click()
  const ask = page.getByRole('dialog', { name: 'Discard your changes?' })
  await expect(ask).toBeVisible()
  await expect(ask.getByRole('button', { name: 'Keep Editing' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(ask).toBeHidden()
  await expect(settings).toBeVisible()
  await expect(settings.getByLabel('Text size (px)')).toHaveValue('24')
  // Escape asks too; Discard puts the saved look back.
  await page.keyboard.press('Escape')
  await ask.getByRole('button', { name: 'Discard Changes' }).click()
  await expect(settings).toBeHidden()
  await expect(html).toHaveAttribute('data-theme', 'light')
  await expect.poll(readerFontSize).toBe(before)

  // Save keeps them and closes.
  await page.keyboard.press('Control+,')
  await settings.getByLabel('Theme').selectOption('dark')
  await settings.getByLabel('Text size (px)').fill('22')
  await settings.getByRole('button', { name: 'Save' }).click()
  await expect(settings).toBeHidden()
  await expect(page.locator('.notice').getByText('Settings saved.')).toBeVisible()
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect.poll(readerFontSize).toBe('22px')
  // Nothing changed since: Close closes without asking.
  await page.keyboard.press('Control+,')
  await settings.getByRole('button', { name: 'Close' }).last().click()
  await expect(settings).toBeHidden()
  await page.reload()
  await expect(html).toHaveAttribute('data-theme', 'dark')

  // The feed's own full-text mode, from its menu.
  await page.getByRole('button', { name: /^Options for The Harbour Gazette/ }).click()
  await page.getByRole('menuitem', { name: 'Full Text…' }).click()
  const fullText = page.getByRole('dialog', { name: 'Full text of The Harbour Gazette' })
  const mode = fullText.getByLabel('Fetch each article’s page')
  await expect(mode).toHaveValue('')
  await mode.selectOption('never')
  await fullText.getByRole('button', { name: 'Save' }).click()
  await expect(fullText).toBeHidden()
  await page.getByRole('button', { name: /^Options for The Harbour Gazette/ }).click()
  await page.getByRole('menuitem', { name: 'Full Text…' }).click()
  await expect(mode).toHaveValue('never')
  await page.keyboard.press('Escape')
  await expect(fullText).toBeHidden()
})

test('folders: drag feeds in and out, move with the keyboard, delete a folder and undo it', async ({
  page,
  site,
  preview,
}) => {
  serveOtherFeed(site)
  await page.goto(preview.url)
  await addFeedWithMouse(page, site.home)
  // The second feed goes into a folder as it is added.
  await page
    .getByRole('button', { name: /Add (a )?Feed/ })
    .first()
    .click()
  const add = page.getByRole('dialog', { name: 'Add a feed' })
  await add.getByLabel('Feed or website address').fill(site.server.url('/other.xml'))
  await add.getByLabel('Folder (optional)').fill('World')
  await add.getByRole('button', { name: 'Subscribe' }).click()
  await expect(add).toBeHidden()
  await expect(feedButton(page, 'Other Paper')).toBeVisible()
  expect(await folderOf(page, 'Other Paper')).toBe('World')
  expect(await folderOf(page, 'The Harbour Gazette')).toBe('')

  // Drag the top-level feed onto the folder.
  const world = page.getByRole('button', { name: /^World(\s*,|$)/ })
  await feedButton(page, 'The Harbour Gazette').dragTo(world)
  await expect.poll(() => folderOf(page, 'The Harbour Gazette')).toBe('World')
  await expect(page.locator('.notice')).toContainText('Moved The Harbour Gazette to World.')
  await screenshot(page, 'light-folder-drop')

  // And back out, onto the blank space of the sidebar well below the rows: the top level.
  const blank = page.locator('.sidebar-scroll')
  const box = (await blank.boundingBox())!
  const lastRow = (await feedButton(page, 'The Harbour Gazette').boundingBox())!
  expect(box.y + box.height - 40).toBeGreaterThan(lastRow.y + lastRow.height + 100)
  await feedButton(page, 'The Harbour Gazette').dragTo(blank, {
    targetPosition: { x: box.width / 2, y: box.height - 40 },
  })
  await expect.poll(() => folderOf(page, 'The Harbour Gazette')).toBe('')

  // The keyboard's way: choose the feed, Shift+M, type the folder.
  await feedButton(page, 'The Harbour Gazette').click()
  await page.keyboard.press('Shift+M')
  const move = page.getByRole('dialog', { name: 'Move to folder' })
  await expect(move.getByLabel(/Folder path/)).toBeFocused()
  await page.keyboard.type('Tech')
  await page.keyboard.press('Enter')
  await expect(move).toBeHidden()
  await expect.poll(() => folderOf(page, 'The Harbour Gazette')).toBe('Tech')
  await page.keyboard.press('Shift+M')
  await move.getByLabel(/Folder path/).fill('')
  await page.keyboard.press('Enter')
  await expect.poll(() => folderOf(page, 'The Harbour Gazette')).toBe('')
  // A move is undone too.
  await expect(page.locator('.notice')).toContainText('Moved The Harbour Gazette to the top level.')
  await page.keyboard.press('Control+Z')
  await expect.poll(() => folderOf(page, 'The Harbour Gazette')).toBe('Tech')
  await page.keyboard.press('Shift+M')
  await move.getByLabel(/Folder path/).fill('')
  await page.keyboard.press('Enter')
  await expect.poll(() => folderOf(page, 'The Harbour Gazette')).toBe('')

  // Tech is empty now: it can be deleted.
  await page.getByRole('button', { name: 'Options for folder Tech' }).click()
  await page.getByRole('menuitem', { name: 'Delete Folder' }).click()
  await expect(page.getByRole('button', { name: 'Collapse Tech' })).toHaveCount(0)

  // Deleting World moves its feed up; Undo puts the folder and the feed back.
  await page.getByRole('button', { name: 'Options for folder World' }).click()
  await page.getByRole('menuitem', { name: 'Delete Folder' }).click()
  await expect(page.getByRole('button', { name: 'Collapse World' })).toHaveCount(0)
  await expect.poll(() => folderOf(page, 'Other Paper')).toBe('')
  await expect(page.locator('.notice')).toContainText('Deleted the folder World; its feeds moved up.')
  await page.locator('.notice').getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByRole('button', { name: 'Collapse World' })).toBeVisible()
  await expect.poll(() => folderOf(page, 'Other Paper')).toBe('World')
  // And with Ctrl+Z.
  await page.getByRole('button', { name: 'Options for folder World' }).click()
  await page.getByRole('menuitem', { name: 'Delete Folder' }).click()
  await expect(page.getByRole('button', { name: 'Collapse World' })).toHaveCount(0)
  await page.keyboard.press('Control+Z')
  await expect.poll(() => folderOf(page, 'Other Paper')).toBe('World')
})

test('undo: mark all read, mark read and unread, bookmark, unsubscribe — with Ctrl+Z and the button', async ({
  page,
  site,
  preview,
}) => {
  await page.goto(preview.url)
  await addFeedWithMouse(page, site.home)
  const count = site.stories.length
  await expect(rows(page)).toHaveCount(count)
  const allUnread = page
    .getByRole('navigation', { name: 'Feeds' })
    .getByRole('button', { name: /^All Articles/ })
  const unreadRows = rows(page).and(page.locator('.unread'))
  await expect(unreadRows).toHaveCount(count)

  // Shift+A, then Ctrl+Z.
  await page.keyboard.press('Shift+A')
  await expect(unreadRows).toHaveCount(0)
  const notice = page.locator('.notice').filter({ hasText: `Marked ${count} articles read.` })
  await expect(notice.getByRole('button', { name: 'Undo' })).toBeVisible()
  await screenshot(page, 'light-undo-notice')
  await page.keyboard.press('Control+Z')
  await expect(unreadRows).toHaveCount(count)
  await expect(allUnread).toHaveAccessibleName(new RegExp(`${count} unread`))
  // Shift+A, then the button.
  await page.keyboard.press('Shift+A')
  await expect(unreadRows).toHaveCount(0)
  await notice.getByRole('button', { name: 'Undo' }).click()
  await expect(unreadRows).toHaveCount(count)

  // Mark read (the article opened) and unread with M, undone.
  await rows(page).first().click()
  await expect(unreadRows).toHaveCount(count - 1)
  await page.keyboard.press('m')
  await expect(unreadRows).toHaveCount(count)
  await page.keyboard.press('Control+Z')
  await expect(unreadRows).toHaveCount(count - 1)
  await page.keyboard.press('m')
  await expect(unreadRows).toHaveCount(count)
  await page.locator('.notice').getByRole('button', { name: 'Undo' }).click()
  await expect(unreadRows).toHaveCount(count - 1)

  // Bookmark, undone.
  const bookmark = reader(page).getByRole('button', { name: 'Bookmark', exact: true })
  await page.keyboard.press('s')
  await expect(bookmark).toHaveAttribute('aria-pressed', 'true')
  await page.keyboard.press('Control+Z')
  await expect(bookmark).toHaveAttribute('aria-pressed', 'false')

  // Ctrl+Z in the search field is the field's own undo.
  const search = page.getByRole('searchbox', { name: 'Search articles' })
  await page.keyboard.press('s')
  await expect(bookmark).toHaveAttribute('aria-pressed', 'true')
  await search.fill('zzz')
  await search.press('Control+Z')
  await expect(bookmark).toHaveAttribute('aria-pressed', 'true')
  await search.fill('')
  await page.keyboard.press('Escape')

  // Unsubscribe: Undo brings the feed back with its articles and their flags.
  await page.getByRole('button', { name: /^Options for The Harbour Gazette/ }).click()
  await page.getByRole('menuitem', { name: 'Unsubscribe…' }).click()
  await page.getByRole('dialog', { name: 'Unsubscribe' }).getByRole('button', { name: 'Unsubscribe' }).click()
  await expect(feedButton(page, 'The Harbour Gazette')).toHaveCount(0)
  await page.getByRole('button', { name: 'All Articles' }).first().click()
  await expect(rows(page)).toHaveCount(1) // the bookmarked one stays
  await page.locator('.notice').getByRole('button', { name: 'Undo' }).click()
  await expect(feedButton(page, 'The Harbour Gazette')).toBeVisible()
  await expect(rows(page)).toHaveCount(count)
  await expect(unreadRows).toHaveCount(count - 1)
  await feedButton(page, 'The Harbour Gazette').click()
  await expect(rows(page)).toHaveCount(count)
  await page.getByRole('button', { name: 'Bookmarks' }).click()
  await expect(rows(page)).toHaveCount(1)
})

test('at 800×600, light and dark: Settings, its question, the Undo notice and a folder’s menu fit', async ({
  page,
  site,
  preview,
}) => {
  serveOtherFeed(site)
  await page.setViewportSize({ width: 800, height: 600 })
  await page.goto(preview.url)
  await addFeedWithMouse(page, site.home)
  await addFeedWithMouse(page, site.server.url('/other.xml'))
  await showSidebar(page)
  await feedButton(page, 'Other Paper').dragTo(page.locator('.feed-tree').first(), {
    targetPosition: { x: 40, y: 4 },
  })
  await page.getByRole('button', { name: /^Options for The Harbour Gazette/ }).click()
  await page.getByRole('menuitem', { name: 'Move to Folder…' }).click()
  await page.keyboard.type('World')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('button', { name: 'Collapse World' })).toBeVisible()

  /** The element lies wholly inside the window. */
  const fits = async (locator: Locator) => {
    const box = (await locator.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(800)
    expect(box.y + box.height).toBeLessThanOrEqual(600)
  }
  for (const theme of ['light', 'dark'] as const) {
    await page.keyboard.press('Control+,')
    const settings = page.getByRole('dialog', { name: 'Settings' })
    await settings.getByLabel('Theme').selectOption(theme)
    await fits(settings)
    await screenshot(page, `${theme}-800-settings`)
    await page.keyboard.press('Escape')
    const ask = page.getByRole('dialog', { name: 'Discard your changes?' })
    await fits(ask)
    await screenshot(page, `${theme}-800-settings-discard`)
    await page.keyboard.press('Escape')
    await expect(ask).toBeHidden()
    await settings.getByRole('button', { name: 'Save' }).click()
    await expect(settings).toBeHidden()

    await page.getByRole('button', { name: 'Options for folder World' }).click()
    await fits(page.getByRole('menu'))
    await screenshot(page, `${theme}-800-folder-menu`)
    await page.getByRole('menuitem', { name: 'Delete Folder' }).click()
    const undo = page.locator('.notice').getByRole('button', { name: 'Undo' })
    await fits(undo)
    // The sidebar is over the list still: the notice lies beside it, clear of its footer's buttons.
    const sidebar = (await page.getByRole('navigation', { name: 'Feeds' }).boundingBox())!
    const notice = (await page.locator('.notice').boundingBox())!
    expect(notice.x).toBeGreaterThanOrEqual(sidebar.x + sidebar.width)
    expect(notice.height, 'one line: the room beside the sidebar is its to use').toBeLessThan(60)
    await fits(page.locator('.notice'))
    await screenshot(page, `${theme}-800-undo-notice`)
    await undo.click()
    await expect(page.getByRole('button', { name: 'Collapse World' })).toBeVisible()
  }
})

import { articleImagesLoaded, expect, reader, rows, test } from './support/fixtures'

test('keyboard only: subscribe, sync, read, bookmark, search, open the original — and offline', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  await page.goto(preview.url)
  await expect(page.getByRole('heading', { name: 'Welcome to Broadsheet' })).toBeVisible()
  const key = (name: string) => page.keyboard.press(name)

  await key('a')
  const dialog = page.getByRole('dialog', { name: 'Add a feed' })
  await expect(dialog.getByLabel('Feed or website address')).toBeFocused()
  await page.keyboard.type(site.home)
  await key('Enter')
  await expect(dialog).toBeHidden()
  await expect(rows(page)).toHaveCount(site.stories.length)

  const [first, second] = site.stories as [(typeof site.stories)[0], (typeof site.stories)[0]]
  const heading = reader(page).getByRole('heading', { level: 1 })
  await key('j')
  await expect(heading).toHaveText(first.title)
  await expect(rows(page).nth(0)).toHaveAttribute('aria-selected', 'true')
  await key('j')
  await expect(heading).toHaveText(second.title)
  await key('k')
  await expect(heading).toHaveText(first.title)
  await expect.poll(async () => (await articleImagesLoaded(page)).loaded).toBe(1)

  // s bookmarks, b too (toggling back); m toggles read.
  const bookmark = reader(page).getByRole('button', { name: 'Bookmark' })
  await key('s')
  await expect(bookmark).toHaveAttribute('aria-pressed', 'true')
  await key('b')
  await expect(bookmark).toHaveAttribute('aria-pressed', 'false')
  await key('s')
  await expect(bookmark).toHaveAttribute('aria-pressed', 'true')
  await expect(rows(page).nth(0)).toHaveClass(/\bread\b/)
  await key('m')
  await expect(rows(page).nth(0)).toHaveClass(/\bunread\b/)
  await key('m')
  await expect(rows(page).nth(0)).toHaveClass(/\bread\b/)

  // v opens the original in the browser (a new tab in the preview), with no referrer.
  const [popup] = await Promise.all([page.waitForEvent('popup'), key('v')])
  await popup.waitForLoadState()
  expect(popup.url()).toBe(site.server.url(`/stories/${first.id}`))
  expect(site.server.hits(`/stories/${first.id}`).headers?.referer).toBeUndefined()
  await popup.close()

  // / searches; Enter goes to the results; the match is marked.
  await key('/')
  const search = page.getByRole('searchbox', { name: 'Search articles' })
  await expect(search).toBeFocused()
  await page.keyboard.type(second.keyword)
  await expect(rows(page)).toHaveCount(1)
  await key('Enter')
  await expect(page.getByRole('listbox', { name: 'Articles' })).toBeFocused()
  await expect(heading).toHaveText(second.title)
  await expect(reader(page).locator('.article-body mark.search-match').first()).toHaveText(second.keyword)
  await key('/')
  await key('Escape')
  await expect(search).toHaveValue('')

  // Enter or o moves focus into the article, so the keys scroll it.
  await page.getByRole('listbox', { name: 'Articles' }).focus()
  await key('o')
  await expect(page.locator('.reader-scroll')).toBeFocused()

  // ? shows the shortcuts, every one of them; Escape closes it.
  await key('?')
  const sheet = page.getByRole('dialog', { name: 'Keyboard Shortcuts' })
  await expect(sheet).toBeVisible()
  for (const name of ['Next Article', 'Previous Article', 'Toggle Bookmark', 'Refresh All Feeds', 'Search']) {
    await expect(sheet.getByRole('cell', { name, exact: true })).toBeVisible()
  }
  await key('Escape')
  await expect(sheet).toBeHidden()

  // n goes to the next feed.
  await key('n')
  await expect(page.getByRole('heading', { level: 2, name: 'The Harbour Gazette' })).toBeVisible()

  // Focus is always visible: Tab to a button and see its outline.
  await page.getByRole('button', { name: 'All Articles' }).focus()
  await key('Tab')
  const outline = await page.evaluate(() => {
    const focused = document.activeElement as HTMLElement
    return getComputedStyle(focused).outlineStyle
  })
  expect(outline).not.toBe('none')

  // Offline, by keyboard too.
  await site.close()
  await page.reload()
  await expect(rows(page)).toHaveCount(site.stories.length)
  await key('j')
  await expect(heading).toHaveText(first.title)
  await expect.poll(async () => (await articleImagesLoaded(page)).loaded).toBe(1)
  await key('/')
  await page.keyboard.type(first.keyword)
  await expect(rows(page)).toHaveCount(1)
  expect(pageErrors).toEqual([])
})

import AxeBuilder from '@axe-core/playwright'
import {
  addFeedWithMouse,
  articleImagesLoaded,
  expect,
  reader,
  rows,
  screenshot,
  test,
} from './support/fixtures'

test('add a site, watch it sync, read, bookmark, search — then all of it offline', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  await page.goto(preview.url)
  await expect(page.getByRole('heading', { name: 'Welcome to Broadsheet' })).toBeVisible()
  await screenshot(page, 'light-first-run')

  // A slow feed, so the sync is visibly under way.
  site.feedDelayMs = 1500
  await addFeedWithMouse(page, site.home)
  const progress = page.getByRole('progressbar', { name: 'Syncing…' })
  await expect(progress).toBeVisible()
  await expect(progress).toHaveAttribute('aria-valuetext', /Syncing 0 of 1 feed$|Syncing…/)
  await expect(rows(page)).toHaveCount(site.stories.length)
  await expect(progress).toBeHidden()
  await expect(page.getByRole('status').filter({ hasText: /Last synced/ })).toBeVisible()
  const feedButton = page.getByRole('button', { name: /^The Harbour Gazette\s*, 4 unread/ })
  await expect(feedButton).toBeVisible()

  // Open the newest story.
  const story = site.stories[0]!
  await rows(page).filter({ hasText: story.title }).click()
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(story.title)
  await expect(reader(page)).toContainText(`By ${story.author}`)
  await expect.poll(async () => (await articleImagesLoaded(page)).loaded).toBe(1)
  const images = await articleImagesLoaded(page)
  // Under the run's image key (an <img> sends no token), then the picture's content hash.
  expect(images.sources[0]).toMatch(/^\/cache\/[0-9a-f]{64}\/[0-9a-f]{64}$/)
  // Opening marks it read: the count goes down.
  await expect(page.getByRole('button', { name: /^The Harbour Gazette\s*, 3 unread/ })).toBeVisible()

  await reader(page).getByRole('button', { name: 'Bookmark' }).click()
  await expect(reader(page).getByRole('button', { name: 'Bookmark' })).toHaveAttribute('aria-pressed', 'true')
  await screenshot(page, 'light-reader')

  await page.getByRole('button', { name: 'Bookmarks' }).click()
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first()).toContainText(story.title)

  // Search, and see the match marked in the list and in the article.
  const other = site.stories[1]!
  await page.getByRole('searchbox', { name: 'Search articles' }).fill(other.keyword)
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first().locator('mark')).toContainText([other.keyword])
  await rows(page).first().click()
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(other.title)
  await expect(reader(page).locator('.article-body mark.search-match').first()).toHaveText(other.keyword)
  await screenshot(page, 'light-search')

  await page.getByRole('searchbox', { name: 'Search articles' }).fill('zzqqxx')
  await expect(page.getByText('No articles match “zzqqxx”.')).toBeVisible()

  // Offline: the site is gone. Everything cached still reads, pictures and search included.
  await site.close()
  await page.reload()
  await expect(rows(page)).toHaveCount(site.stories.length)
  await rows(page).filter({ hasText: story.title }).click()
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(story.title)
  await expect.poll(async () => (await articleImagesLoaded(page)).loaded).toBe(1)
  await page.getByRole('searchbox', { name: 'Search articles' }).fill(story.keyword)
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first()).toContainText(story.title)

  // A sync now fails for the feed, and says so beside it.
  await page.getByRole('searchbox', { name: 'Search articles' }).fill('')
  await page.getByRole('button', { name: 'Refresh' }).click()
  await expect(page.getByRole('button', { name: /The Harbour Gazette.*Last sync failed/ })).toBeVisible()
  await expect(rows(page)).toHaveCount(site.stories.length)
  expect(pageErrors).toEqual([])
})

test('Korean: a noun with a particle in the text is found and marked', async ({ page, site, preview }) => {
  await page.goto(preview.url)
  await addFeedWithMouse(page, site.home)
  await expect(rows(page)).toHaveCount(site.stories.length)
  const korean = site.stories.find((story) => story.id === 'seoul')!
  const search = page.getByRole('searchbox', { name: 'Search articles' })
  // "요금을" and "요금이" are in the text; the noun alone finds them.
  await search.fill('요금')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first()).toContainText(korean.title)
  await expect(rows(page).first().locator('mark').first()).toHaveText('요금')
  await rows(page).first().click()
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(korean.title)
  const marks = reader(page).locator('.article-body mark.search-match')
  expect(await marks.count()).toBeGreaterThanOrEqual(3)
  await expect(marks.first()).toHaveText('요금')
  await search.fill('지하철 요금')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first().locator('mark')).toContainText(['지하철', '요금'])
  await expect(marks.filter({ hasText: '지하철' }).first()).toBeVisible()
  await screenshot(page, 'light-korean-search')
})

test('save a page by its URL: it is kept under Saved Pages and reads offline', async ({
  page,
  site,
  preview,
}) => {
  await page.goto(preview.url)
  await expect(page.getByRole('heading', { name: 'Welcome to Broadsheet' })).toBeVisible()
  await page.keyboard.press('Shift+S')
  const dialog = page.getByRole('dialog', { name: 'Save a page' })
  const story = site.stories[1]!
  await dialog.getByLabel('Page address').fill(site.server.url(`/stories/${story.id}`))
  await dialog.getByRole('button', { name: 'Save for Later' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('heading', { level: 2, name: 'Saved Pages' })).toBeVisible()
  await expect(rows(page)).toHaveCount(1)
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(story.title)
  // Readability kept the story and dropped the site's navigation and share buttons.
  await expect(reader(page).locator('.article-body')).toContainText(`The ${story.keyword} story begins here.`)
  await expect(reader(page).locator('.article-body')).not.toContainText('Tweet')
  await expect(reader(page).locator('.article-body')).not.toContainText('Sport')

  await site.close()
  await page.reload()
  await page.getByRole('button', { name: 'Saved Pages' }).click()
  await rows(page).first().click()
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(story.title)
  // Every picture of the page came from the cache (the site is gone).
  await expect
    .poll(async () => {
      const { count, loaded } = await articleImagesLoaded(page)
      return count > 0 && loaded === count
    })
    .toBe(true)
})

test('wide things: a table scrolls sideways in its own box, a title with no spaces wraps, deep quotes stop indenting; the article never pans', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  const cells = (row: number) =>
    Array.from({ length: 14 }, (_, column) => `<td>Tide ${row}-${column} metres</td>`).join('')
  const paragraph =
    '<p>The harbour master published the tides for the month, hour by hour, for every pier.</p>'
  site.server.serve('/tides', {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="en"><head><title>The tides for May</title></head><body><article>
<h1>The tides for May</h1>${paragraph.repeat(4)}<table><caption>Tides at the piers</caption>
${Array.from({ length: 6 }, (_, row) => `<tr>${cells(row)}</tr>`).join('')}</table>${paragraph.repeat(4)}
</article></body></html>`,
  })
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(preview.url)
  await expect(page.getByRole('heading', { name: 'Welcome to Broadsheet' })).toBeVisible()
  await page.keyboard.press('Shift+S')
  const dialog = page.getByRole('dialog', { name: 'Save a page' })
  await dialog.getByLabel('Page address').fill(site.server.url('/tides'))
  await dialog.getByRole('button', { name: 'Save for Later' }).click()
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText('The tides for May')

  const box = reader(page).getByRole('region', { name: 'Tides at the piers' })
  await box.scrollIntoViewIfNeeded()
  const widths = () =>
    page.evaluate(() => {
      const pane = document.querySelector('.reader-scroll')!
      const table = document.querySelector('.article-body .table-scroll')!
      return {
        pane: pane.scrollWidth - pane.clientWidth,
        paneLeft: pane.scrollLeft,
        table: table.scrollWidth - table.clientWidth,
        tableLeft: table.scrollLeft,
      }
    })
  const before = await widths()
  expect(before.pane, 'the reader pane has nothing to scroll sideways').toBeLessThanOrEqual(1)
  expect(before.table, 'the table is wider than its box').toBeGreaterThan(100)
  // The keyboard reaches the box and scrolls the table, not the article.
  await box.focus()
  await expect(box).toBeFocused()
  for (let n = 0; n < 5; n++) await page.keyboard.press('ArrowRight')
  await expect.poll(async () => (await widths()).tableLeft).toBeGreaterThan(0)
  expect((await widths()).paneLeft).toBe(0)
  await screenshot(page, 'light-wide-table')
  const axe = await new AxeBuilder({ page })
    .include('.reader-scroll')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  expect(axe.violations.map((violation) => violation.id)).toEqual([])

  // A title that is one long address wraps within the article's column.
  const address = `https://harbour.example/${'tidetables'.repeat(16)}`
  site.server.serve('/address', {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="en"><head><title>${address}</title></head><body><article>
<h1>${address}</h1>${paragraph.repeat(6)}</article></body></html>`,
  })
  await page.keyboard.press('Shift+S')
  await dialog.getByLabel('Page address').fill(site.server.url('/address'))
  await dialog.getByRole('button', { name: 'Save for Later' }).click()
  const title = reader(page).getByRole('heading', { level: 1 })
  await expect(title).toHaveText(address)
  const pane = (await reader(page).locator('.reader-scroll').boundingBox())!
  const heading = (await title.boundingBox())!
  expect(heading.x + heading.width).toBeLessThanOrEqual(pane.x + pane.width)
  expect(
    await page.locator('.reader-scroll').evaluate((scroller) => scroller.scrollWidth - scroller.clientWidth),
    'the reader pane has nothing to scroll sideways',
  ).toBeLessThanOrEqual(1)
  await screenshot(page, 'light-long-title')

  // Quotes and lists nested by the hundred (a hostile page) keep their text in the column.
  site.server.serve('/nested', {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="en"><head><title>Replies to replies</title></head><body><article>
<h1>Replies to replies</h1>${paragraph.repeat(4)}${'<blockquote>'.repeat(120)}<p>The innermost reply.</p>
${'</blockquote>'.repeat(120)}${'<ul><li>'.repeat(60)}The innermost item.${'</li></ul>'.repeat(60)}
${paragraph.repeat(2)}</article></body></html>`,
  })
  await page.keyboard.press('Shift+S')
  await dialog.getByLabel('Page address').fill(site.server.url('/nested'))
  await dialog.getByRole('button', { name: 'Save for Later' }).click()
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText('Replies to replies')
  for (const innermost of ['The innermost reply.', 'The innermost item.']) {
    const text = (await reader(page).getByText(innermost).boundingBox())!
    expect(text.x + text.width, innermost).toBeLessThanOrEqual(pane.x + pane.width)
  }
  expect(
    await page.locator('.reader-scroll').evaluate((scroller) => scroller.scrollWidth - scroller.clientWidth),
    'the reader pane has nothing to scroll sideways',
  ).toBeLessThanOrEqual(1)
  expect(pageErrors).toEqual([])
})

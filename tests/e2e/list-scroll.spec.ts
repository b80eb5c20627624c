import type { Page } from '@playwright/test'
import { rss2, type TestItem } from '../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server'
import { addFeedWithMouse, expect, rows, test } from './support/fixtures'

const PER_FEED = 40

const NOW = Date.now()

/**
 * A feed of PER_FEED stories, newest first, each saying "lantern" (a search finds them all); `late`: with
 * one more story, newer than the others.
 */
function serveFeed(server: FixtureServer, path: string, name: string, hoursAgo: number, late = false): void {
  const items: TestItem[] = Array.from({ length: PER_FEED }, (_, n) => ({
    id: `urn:${path}:${n}`,
    title: `${name} story ${n + 1}`,
    link: server.url(`${path}/${n}`),
    content: `<p>The lantern story number ${n + 1} of ${name}, told at the quay in the evening.</p>`,
    date: new Date(NOW - (hoursAgo + n) * 3_600_000).toISOString(),
  }))
  if (late)
    items.unshift({
      id: `urn:${path}:late`,
      title: `${name} late story`,
      link: server.url(`${path}/late`),
      content: `<p>The late lantern story of ${name}.</p>`,
      date: new Date(NOW).toISOString(),
    })
  server.serve(path, {
    headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' },
    body: rss2(name, server.url('/'), items),
  })
}

/** The list's scroll position, and the title of the first row on screen (below the list's top edge). */
function listView(page: Page) {
  return page.locator('.list-scroll').evaluate((scroller) => {
    const top = scroller.getBoundingClientRect().top
    const first = [...scroller.querySelectorAll('[role="option"]')]
      .map((row) => ({ row, box: row.getBoundingClientRect() }))
      .filter(({ box }) => box.bottom > top + 1)
      .sort((a, b) => a.box.top - b.box.top)[0]
    return {
      scrollTop: scroller.scrollTop,
      firstTitle: first?.row.querySelector('.row-title')?.textContent ?? null,
    }
  })
}

const scrollListTo = (page: Page, px: number) =>
  page.locator('.list-scroll').evaluate((scroller, to) => (scroller.scrollTop = to), px)

/** A sidebar entry by its name and unread count, as its button is named. */
const entry = (page: Page, name: string, unread: number) =>
  page
    .getByRole('navigation', { name: 'Feeds' })
    .getByRole('button', { name: new RegExp(`^${name}\\s*, ${unread} unread$`) })

/** The reader at this window size, subscribed to the two feeds `server` serves: 80 articles in all. */
async function twoFeeds(page: Page, url: string, server: FixtureServer, height: number): Promise<void> {
  serveFeed(server, '/lantern.xml', 'Lantern Post', 1)
  serveFeed(server, '/quay.xml', 'Quay Weekly', 100)
  await page.setViewportSize({ width: 1280, height })
  await page.goto(url)
  await addFeedWithMouse(page, server.url('/lantern.xml'))
  await addFeedWithMouse(page, server.url('/quay.xml'))
  await expect(entry(page, 'All Articles', 2 * PER_FEED)).toBeVisible()
}

test('another list starts at its top, however far the last one was scrolled', async ({
  page,
  preview,
  pageErrors,
}) => {
  const server = await startFixtureServer()
  try {
    await twoFeeds(page, preview.url, server, 800)
    await entry(page, 'All Articles', 2 * PER_FEED).click()
    await expect(rows(page).first()).toContainText('Lantern Post story 1')

    // All Articles scrolled far down (into Quay Weekly's stories), then a feed chosen: its newest first.
    await scrollListTo(page, 50 * 84)
    await expect.poll(async () => (await listView(page)).firstTitle).toMatch(/^Quay Weekly/)
    await entry(page, 'Lantern Post', PER_FEED).click()
    await expect.poll(() => listView(page)).toEqual({ scrollTop: 0, firstTitle: 'Lantern Post story 1' })

    // That feed scrolled down, then loaded again by a sync that brought a story: it keeps its place.
    await scrollListTo(page, 20 * 84)
    await expect.poll(async () => (await listView(page)).firstTitle).not.toBe('Lantern Post story 1')
    serveFeed(server, '/lantern.xml', 'Lantern Post', 1, true)
    await page
      .getByRole('button', { name: /Refresh|Sync/ })
      .first()
      .click()
    await expect(entry(page, 'Lantern Post', PER_FEED + 1)).toBeVisible()
    await expect(rows(page).filter({ hasText: 'Lantern Post late story' })).toHaveCount(0)
    expect((await listView(page)).scrollTop).toBeGreaterThanOrEqual(20 * 84)

    // Then a search typed: its best results first, not the rows the old list was scrolled to.
    const search = page.getByRole('searchbox', { name: 'Search articles' })
    await search.click()
    await page.keyboard.type('lantern', { delay: 40 })
    await expect(page.locator('.list-count')).toHaveText(`${PER_FEED * 2 + 1} results`)
    const results = await listView(page)
    expect(results.scrollTop).toBe(0)
    expect(results.firstTitle).toBe(await rows(page).first().locator('.row-title').textContent())

    // The search scrolled and put away: the feed's list again, from its top.
    await scrollListTo(page, 2 * 84)
    await expect.poll(async () => (await listView(page)).scrollTop).toBe(2 * 84)
    await page.keyboard.press('Escape')
    await expect(page.locator('.list-count')).toHaveCount(0)
    await expect.poll(() => listView(page)).toEqual({ scrollTop: 0, firstTitle: 'Lantern Post late story' })
  } finally {
    await server.close()
  }
  expect(pageErrors).toEqual([])
})

test('typing a search in a tall window asks for no second page until the typing pauses', async ({
  page,
  preview,
  pageErrors,
}) => {
  const server = await startFixtureServer()
  try {
    // A list taller than ten rows of 84 px: a first page of ten left the list's end on screen, and the
    // end of the list asks for the next page at once — after every keystroke.
    await twoFeeds(page, preview.url, server, 1400)

    const searches: { query: string; offset: number; limit: number }[] = []
    page.on('request', (request) => {
      if (!request.url().endsWith('/api/search')) return
      const args = request.postDataJSON() as { query: string; offset?: number; limit: number }
      searches.push({ query: args.query, offset: args.offset ?? 0, limit: args.limit })
    })
    const search = page.getByRole('searchbox', { name: 'Search articles' })
    await search.click()
    await page.keyboard.type('lantern stor', { delay: 40 })
    const whileTyping = searches.length
    await page.keyboard.type('y', { delay: 40 })
    await expect(page.locator('.list-count')).toHaveText(`${PER_FEED * 2} results`)
    // Then, typing paused, the next page.
    await expect.poll(() => searches.some((s) => s.query === 'lantern story' && s.offset > 0)).toBe(true)

    const typed = searches.slice(0, whileTyping)
    expect(typed.length).toBeGreaterThan(1)
    expect(typed.filter((s) => s.offset > 0)).toEqual([])
    // The first page fills the window: more rows than the list shows, so its end is off screen.
    const first = searches.find((s) => s.query === 'lantern story' && s.offset === 0)
    expect(first?.limit).toBe(Math.ceil(1400 / 84))
    const listHeight = await page.locator('.list-scroll').evaluate((scroller) => scroller.clientHeight)
    expect(listHeight).toBeLessThan((first?.limit ?? 0) * 84)
  } finally {
    await server.close()
  }
  expect(pageErrors).toEqual([])
})

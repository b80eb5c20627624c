import type { Locator } from '@playwright/test'
import { rss2 } from '../helpers/feeds'
import { startFixtureServer } from '../helpers/fixture-server'
import { gradientPng } from './support/pictures'
import {
  addFeedWithMouse,
  expect,
  inEachWindowAndTheme,
  rows,
  screenshot,
  showSidebar,
  test,
} from './support/fixtures'

/** Whether an <img> has loaded and decoded (so it came from the cache when the site is gone). */
function loaded(image: Locator) {
  return image.evaluate((element) => {
    const img = element as HTMLImageElement
    return img.complete && img.naturalWidth > 0 ? img.getAttribute('src') : null
  })
}

test('each feed shows its site’s icon in the sidebar and the list, offline too; a feed without one a neutral mark', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  // The fixture site's home page names an icon; a second site has none at all.
  site.server.serve('/', {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html><head><title>The Harbour Gazette</title>
<link rel="icon" type="image/png" sizes="32x32" href="/static/gazette-32.png">
<link rel="alternate" type="application/rss+xml" title="The Harbour Gazette" href="/feed.xml"></head>
<body><h1>The Harbour Gazette</h1></body></html>`,
  })
  site.server.serve('/static/gazette-32.png', {
    headers: { 'Content-Type': 'image/png' },
    body: gradientPng(32, 32, 7),
  })
  const plain = await startFixtureServer()
  plain.serve('/feed.xml', {
    headers: { 'Content-Type': 'application/rss+xml' },
    body: rss2('Plain Notes', plain.url('/'), [
      { id: 'p1', title: 'A plain note', link: plain.url('/p1'), content: '<p>Plain.</p>' },
    ]),
  })

  await page.goto(preview.url)
  await addFeedWithMouse(page, site.home)
  await expect(rows(page)).toHaveCount(site.stories.length)
  await addFeedWithMouse(page, plain.url('/feed.xml'))
  await expect(page.getByRole('button', { name: /^Plain Notes\s*, 1 unread/ })).toBeVisible()
  await page.getByRole('button', { name: /^All Articles/ }).click()
  await expect(rows(page)).toHaveCount(site.stories.length + 1)
  expect(site.server.hits('/static/gazette-32.png').count).toBe(1)

  const nav = page.getByRole('navigation', { name: 'Feeds' })
  const gazette = nav.getByRole('listitem').filter({ hasText: 'The Harbour Gazette' })
  const notes = nav.getByRole('listitem').filter({ hasText: 'Plain Notes' })
  await expect(gazette.locator('img.feed-icon')).toHaveCount(1)
  await expect.poll(() => loaded(gazette.locator('img.feed-icon'))).toMatch(/^\/cache\//)
  await expect(notes.locator('.feed-icon-none')).toHaveCount(1)
  const gazetteRow = rows(page).filter({ hasText: site.stories[0]!.title })
  await expect.poll(() => loaded(gazetteRow.locator('img.feed-icon'))).toMatch(/^\/cache\//)
  await expect(rows(page).filter({ hasText: 'A plain note' }).locator('.feed-icon-none')).toHaveCount(1)
  // 16 px, as the text beside it.
  const box = await gazette.locator('img.feed-icon').boundingBox()
  expect([box?.width, box?.height]).toEqual([16, 16])

  await inEachWindowAndTheme(page, (theme, width) => screenshot(page, `feed-icons-${theme}-${width}`))

  // Offline: both sites gone, the page loaded again; the icon comes from the cache.
  await site.close()
  await plain.close()
  await page.reload()
  await showSidebar(page)
  await page.getByRole('button', { name: /^All Articles/ }).click()
  await expect(rows(page)).toHaveCount(site.stories.length + 1)
  await expect.poll(() => loaded(gazette.locator('img.feed-icon'))).toMatch(/^\/cache\//)
  await expect.poll(() => loaded(gazetteRow.locator('img.feed-icon'))).toMatch(/^\/cache\//)
  expect(pageErrors).toEqual([])
})

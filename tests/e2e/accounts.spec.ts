import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { longArticle, rss2 } from '../helpers/feeds'
import {
  FRESHRSS_API_PASSWORD,
  FRESHRSS_DIR,
  FRESHRSS_USER,
  freshRssMissing,
  startFreshRss,
  type FreshRss,
} from '../helpers/freshrss'
import {
  articleImagesLoaded,
  addFeedWithMouse,
  expect,
  inEachWindowAndTheme,
  reader,
  rows,
  screenshot,
  showSidebar,
  test as base,
} from './support/fixtures'

/*
 * A server account in the reader: a real FreshRSS (../shared/freshrss, on 127.0.0.1) subscribed to the
 * news site, added through Settings → Accounts beside a feed of this computer. The sidebar then shows a
 * group per account; the account's articles read offline; a read made here reaches the server.
 */

const READ = 'user/-/state/com.google/read'

const test = base.extend<{ freshRss: FreshRss }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from it
  freshRss: async ({}, use, testInfo) => {
    const missing = freshRssMissing()
    if (missing) {
      // Said in the run's output too, not only in the report: a skipped account test is easy to miss.
      console.log(`FreshRSS browser test skipped: ${missing}`)
      testInfo.skip(true, missing)
      return
    }
    const dir = await mkdtemp(join(tmpdir(), 'broadsheet-e2e-freshrss-'))
    try {
      await use(startFreshRss(dir))
    } finally {
      // Stopped by its directory, so that a start that failed halfway leaves no PHP server behind either.
      execFileSync(join(FRESHRSS_DIR, 'stop-freshrss'), [dir])
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })
    }
  },
})

/** FreshRSS's items of one stream, with their titles and whether alice has read them. */
async function serverItems(server: FreshRss, stream: string): Promise<{ title: string; read: boolean }[]> {
  const query = new URLSearchParams({ n: '100', output: 'json' })
  const answer = JSON.parse(await server.call(`stream/contents/${encodeURIComponent(stream)}?${query}`)) as {
    items?: { title: string; categories?: string[] }[]
  }
  return (answer.items ?? [])
    .map((item) => ({ title: item.title, read: (item.categories ?? []).includes(READ) }))
    .sort((a, b) => a.title.localeCompare(b.title))
}

interface Box {
  label: string
  x: number
  y: number
  width: number
  height: number
}

/**
 * The sidebar's groups as drawn: each heading's and feed row's box, and how far each heading's text runs
 * past its box (more than 0: cut, or behind an ellipsis).
 */
async function groupLayout(page: Page): Promise<{ boxes: Box[]; cut: { label: string; by: number }[] }> {
  return page.locator('.sidebar .feed-group').evaluateAll((groups) => {
    const boxes: Box[] = []
    const cut: { label: string; by: number }[] = []
    for (const group of groups) {
      for (const element of group.querySelectorAll<HTMLElement>('.nav-heading, .nav-row')) {
        const rect = element.getBoundingClientRect()
        const label = `${element.className}: ${element.textContent ?? ''}`
        boxes.push({ label, x: rect.x, y: rect.y, width: rect.width, height: rect.height })
        if (element.classList.contains('nav-heading'))
          cut.push({ label, by: element.scrollWidth - element.clientWidth })
      }
    }
    return { boxes, cut }
  })
}

/** The pairs of boxes that cover each other (by more than a rounding pixel). */
function overlaps(boxes: Box[]): string[] {
  const found: string[] = []
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1)) {
      const across = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
      const down = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
      if (across > 1 && down > 1) found.push(`${a.label} × ${b.label}`)
    }
  return found
}

test('a FreshRSS account added in Settings gets its own sidebar group, reads offline, and sends reads back', async ({
  page,
  site,
  preview,
  freshRss,
  pageErrors,
}) => {
  // FreshRSS's sign-in and first sync are slow on a busy machine: generous limits, no fixed waits (a run
  // takes ~10 s).
  test.setTimeout(240_000)
  const feedUrl = `${site.home}feed.xml`
  await freshRss.call('subscription/edit', { ac: 'subscribe', s: `feed/${feedUrl}` })
  freshRss.actualize()
  // FreshRSS names the feed by a number of its own.
  const { subscriptions } = JSON.parse(await freshRss.call('subscription/list?output=json')) as {
    subscriptions: { id: string; url: string }[]
  }
  const serverFeed = subscriptions.find((subscription) => subscription.url === feedUrl)?.id
  expect(serverFeed, `alice's subscription to ${feedUrl}`).toBeDefined()
  // The feed holds the site's stories on the server, all unread, before the reader sees it.
  await expect
    .poll(async () => (await serverItems(freshRss, serverFeed!)).length, { timeout: 30_000 })
    .toBe(site.stories.length)
  expect((await serverItems(freshRss, serverFeed!)).filter((item) => item.read)).toEqual([])

  // A feed of this computer, served beside the site: the sidebar has one group of each kind.
  const local = [1, 2].map((n) => ({
    id: `tide-${n}`,
    title: `Tide table ${n}`,
    link: site.server.url(`/tides/${n}`),
    content: longArticle(`tide ${n}`, 2),
  }))
  site.server.serve('/tides.xml', {
    headers: { 'Content-Type': 'application/rss+xml' },
    body: rss2('Tide Tables', site.home, local),
  })
  await page.goto(preview.url)
  await addFeedWithMouse(page, site.server.url('/tides.xml'))
  const detail = page.locator('.sync-detail')
  await expect(detail).toHaveText(`${local.length} new articles`)

  await page.getByRole('button', { name: 'Settings' }).click()
  const settings = page.getByRole('dialog', { name: 'Settings' })
  const accounts = settings.getByRole('group', { name: 'Accounts' })
  await accounts.getByLabel('Server API address').fill(freshRss.api)
  await accounts.getByLabel('User name').fill(FRESHRSS_USER)
  await accounts.getByLabel('API password').fill(FRESHRSS_API_PASSWORD)
  await accounts.getByRole('button', { name: 'Add Account' }).click()
  // Signing in at FreshRSS (PHP) is slow when the machine is busy: a generous wait. The message or, should
  // the sign-in fail, its error (an alert), so that a failure says why.
  await expect(accounts.getByRole('status').or(accounts.getByRole('alert'))).toHaveText(
    'Account added. Its subscriptions are being synced now.',
    { timeout: 60_000 },
  )
  const host = new URL(freshRss.base).host
  const accountName = `${FRESHRSS_USER} at ${host}`
  await expect(accounts.getByRole('listitem').filter({ hasText: accountName })).toBeVisible()
  await screenshot(page, 'accounts-settings-added')
  await page.keyboard.press('Escape')
  await expect(settings).toBeHidden()

  // The account's first sync started as it was added, with no Refresh pressed: the status tells when it
  // is done (the local feed has nothing new).
  await expect(detail).toHaveText(`${site.stories.length} new articles`, { timeout: 90_000 })
  await expect(page.getByRole('progressbar', { name: 'Syncing…' })).toBeHidden()

  const nav = page.getByRole('navigation', { name: 'Feeds' })
  const localGroup = nav.getByRole('region', { name: 'On This Computer' })
  const accountGroup = nav.getByRole('region', { name: accountName })
  // This computer's feeds first, then each account's, each under its heading.
  await expect(nav.locator('.feed-group > h2.nav-heading')).toHaveText(['On This Computer', accountName])
  await expect(localGroup.getByRole('heading', { level: 2 })).toHaveText('On This Computer')
  await expect(accountGroup.getByRole('heading', { level: 2 })).toHaveText(accountName)
  // Drawn as typed (a user name's case can matter), where the local group's label is set in capitals.
  const drawn = (heading: ReturnType<Page['locator']>) =>
    heading.evaluate((e) => (e as HTMLElement).innerText)
  expect(await drawn(accountGroup.getByRole('heading', { level: 2 }))).toBe(accountName)
  expect(await drawn(localGroup.getByRole('heading', { level: 2 }))).toBe('ON THIS COMPUTER')
  const gazette = (unread: number) =>
    accountGroup.getByRole('button', { name: new RegExp(`^The Harbour Gazette\\s*, ${unread} unread`) })
  await expect(gazette(site.stories.length)).toBeVisible()
  await expect(
    localGroup.getByRole('button', { name: new RegExp(`^Tide Tables\\s*, ${local.length} unread`) }),
  ).toBeVisible()
  // Each feed in its own group only.
  await expect(localGroup.getByRole('button', { name: /The Harbour Gazette/ })).toHaveCount(0)
  await expect(accountGroup.getByRole('button', { name: /Tide Tables/ })).toHaveCount(0)
  const allUnread = site.stories.length + local.length
  await expect(
    page.getByRole('button', { name: new RegExp(`^All Articles\\s*, ${allUnread} unread`) }),
  ).toBeVisible()

  // Offline: the site is gone; the account's story and its picture come from what the sync kept.
  await site.close()
  await gazette(site.stories.length).click()
  await expect(rows(page)).toHaveCount(site.stories.length)
  const story = site.stories[0]!
  await rows(page).filter({ hasText: story.title }).click()
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(story.title)
  await expect(reader(page)).toContainText(`The ${story.keyword} story begins here.`)
  await expect.poll(async () => (await articleImagesLoaded(page)).loaded).toBe(1)
  expect((await articleImagesLoaded(page)).sources[0]).toMatch(/^\/cache\//)

  // Opening it marks it read here at once, and on the server a moment later (the app waits 2 s to gather
  // a run of changes; more time allowed for a busy machine): that story read, the others not.
  await expect(gazette(site.stories.length - 1)).toBeVisible()
  await expect
    .poll(() => serverItems(freshRss, serverFeed!), { timeout: 30_000 })
    .toEqual(
      site.stories
        .map((one) => ({ title: one.title, read: one.id === story.id }))
        .sort((a, b) => a.title.localeCompare(b.title)),
    )

  // The groups as drawn: light and dark, at 1280×800 and at the smallest window (800×600, where the
  // sidebar opens over the list). No heading or row covers another; no heading is cut.
  await inEachWindowAndTheme(page, async (theme, width, height) => {
    await showSidebar(page)
    await expect(accountGroup.getByRole('heading', { level: 2 })).toBeVisible()
    const { boxes, cut } = await groupLayout(page)
    // Two headings and two feed rows at least: the check below has something to compare.
    expect(boxes.length, 'headings and rows in the groups').toBeGreaterThanOrEqual(4)
    expect(overlaps(boxes), `${theme} ${width}×${height}`).toEqual([])
    expect(
      cut.filter(({ by }) => by > 0),
      `${theme} ${width}×${height}`,
    ).toEqual([])
    await screenshot(page, `accounts-${theme}-${width}x${height}`)
  })
  expect(pageErrors).toEqual([])
})

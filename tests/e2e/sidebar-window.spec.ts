import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { startPreview } from './support/preview'
import { expect, screenshot, test } from './support/fixtures'

const FOLDERS = 10
const PER_FOLDER = 30

/**
 * A library of 300 feeds in 10 folders, imported from OPML (no fetch: the feeds are never synced here;
 * a sync would find nothing listening on 127.0.0.1:9 and mark them failing, their rows two lines high).
 */
function bigLibrary(): Promise<string> {
  const outlines: string[] = []
  for (let f = 0; f < FOLDERS; f++) {
    outlines.push(`<outline text="Folder ${f}">`)
    for (let i = 0; i < PER_FOLDER; i++) {
      const n = String(f * PER_FOLDER + i).padStart(3, '0')
      outlines.push(`<outline type="rss" text="Feed ${n}" xmlUrl="http://127.0.0.1:9/feed-${n}.xml"/>`)
    }
    outlines.push('</outline>')
  }
  return libraryOf(outlines)
}

/** A data dir (in a temporary folder, under data/) with these OPML outlines imported. */
async function libraryOf(outlines: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'broadsheet-e2e-sidebar-'))
  const opml = join(dir, 'feeds.opml')
  await writeFile(
    opml,
    `<?xml version="1.0"?><opml version="2.0"><head><title>many</title></head><body>${outlines.join('\n')}</body></opml>`,
  )
  execFileSync(process.execPath, [
    resolve('bin/broadsheet.js'),
    '--data-dir',
    join(dir, 'data'),
    'import-opml',
    opml,
  ])
  return dir
}

/** The sidebar's drawn rows, their geometry against the sidebar's scrolling view. */
function drawn(page: Page) {
  return page.locator('.sidebar-scroll').evaluate((scroller) => {
    const view = scroller.getBoundingClientRect()
    const rows = [...scroller.querySelectorAll('.feed-tree .nav-row')].map((row) => {
      const box = row.getBoundingClientRect()
      return { text: row.textContent ?? '', top: box.top - view.top, bottom: box.bottom - view.top }
    })
    return { rows, height: scroller.clientHeight, elements: scroller.querySelectorAll('*').length }
  })
}

test('a sidebar of 300 feeds draws the rows in its view, wherever it is scrolled, and the others as gaps', async ({
  page,
  pageErrors,
}) => {
  const dir = await bigLibrary()
  const preview = await startPreview(join(dir, 'data'))
  try {
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(preview.url)
    const sidebar = page.getByRole('navigation', { name: 'Feeds' })
    await expect(sidebar.getByRole('button', { name: /^Feed 000/ })).toBeVisible()
    const top = await drawn(page)
    // 300 feeds and 10 folders drawn whole were over 3,000 elements.
    expect(top.rows.length).toBeLessThan(120)
    expect(top.elements).toBeLessThan(1500)
    await expect(sidebar.getByRole('button', { name: /^Feed 299/ })).toHaveCount(0)

    // Anywhere it is scrolled, the view is covered by drawn rows: no blank where a gap was measured wrong.
    for (const at of [0.25, 0.5, 0.75, 1]) {
      await page
        .locator('.sidebar-scroll')
        .evaluate(
          (scroller, part) => (scroller.scrollTop = part * (scroller.scrollHeight - scroller.clientHeight)),
          at,
        )
      await expect(async () => {
        const { rows, height } = await drawn(page)
        expect(rows.length).toBeLessThan(120)
        const covering = rows.filter((row) => row.bottom > 0 && row.top < height)
        expect(covering.length).toBeGreaterThan(10)
        // Row after row, no space between: the rows in view leave no gap.
        for (let i = 1; i < covering.length; i++)
          expect(Math.abs(covering[i]!.top - covering[i - 1]!.bottom)).toBeLessThan(1)
        expect(covering[0]!.top).toBeLessThanOrEqual(0)
        // Down to the view's bottom, or to the tree's last row (the padding under it stays empty).
        if (!covering.at(-1)!.text.startsWith('Feed 299'))
          expect(covering.at(-1)!.bottom, `scrolled to ${at}`).toBeGreaterThanOrEqual(height)
      }).toPass({ timeout: 5000 })
    }
    // The gaps are hidden from assistive technology and break no list rule (axe, WCAG A and AA).
    const axe = await new AxeBuilder({ page })
      .include('.sidebar')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze()
    expect(axe.violations.map((violation) => violation.id)).toEqual([])
    // At the end, the last feed, in its folder, under its folder's row; choosing it lists it.
    const last = sidebar.getByRole('button', { name: /^Feed 299/ })
    await expect(last).toBeInViewport()
    expect(
      await last.evaluate(
        (button) => button.closest('li.folder')?.querySelector('.folder-title')?.textContent,
      ),
    ).toMatch(/^Folder 9/)
    await last.click()
    await expect(page.locator('.list-title')).toHaveText('Feed 299')
    await screenshot(page, 'sidebar-window-end')

    // Folding a folder takes its rows out; the tree still ends where its last row does.
    await page.locator('.sidebar-scroll').evaluate((scroller) => (scroller.scrollTop = 0))
    await sidebar.getByRole('button', { name: 'Collapse Folder 0' }).click()
    await expect(sidebar.getByRole('button', { name: /^Feed 000/ })).toHaveCount(0)
    await expect(sidebar.getByRole('button', { name: /^Folder 1/ })).toBeInViewport()
  } finally {
    await preview.remove()
    await rm(dir, { recursive: true, force: true })
  }
  expect(pageErrors).toEqual([])
})

test("a nested feed's name has its row's width; its menu shows where the pointer is, over the rows below", async ({
  page,
  pageErrors,
}) => {
  const name = 'The Harbour Gazette Evening Edition'
  const dir = await libraryOf([
    '<outline text="News"><outline text="Local">',
    `<outline type="rss" text="${name}" xmlUrl="http://127.0.0.1:9/gazette.xml"/>`,
    '<outline type="rss" text="Valley Times" xmlUrl="http://127.0.0.1:9/valley.xml"/>',
    '</outline></outline>',
  ])
  const preview = await startPreview(join(dir, 'data'))
  try {
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(preview.url)
    const sidebar = page.getByRole('navigation', { name: 'Feeds' })
    const feed = sidebar.getByRole('button', { name: new RegExp(`^${name}`) })
    await expect(feed).toBeVisible()
    // Two folders deep at the default width, the name is cut; its tooltip gives it whole.
    expect(await feed.getAttribute('title')).toBe(`${name}\nhttp://127.0.0.1:9/gazette.xml`)
    const geometry = () =>
      feed.evaluate((button) => {
        const row = button.closest('.nav-row')!.getBoundingClientRect()
        const title = button.querySelector('.nav-title')!
        const menu = button.closest('.nav-row')!.querySelector('.row-menu-button')!
        return {
          rowRight: row.right,
          titleRight: title.getBoundingClientRect().right,
          cut: title.scrollWidth > title.clientWidth,
          menu: menu.getBoundingClientRect(),
          menuShown: getComputedStyle(menu).opacity === '1',
        }
      })
    await page.mouse.move(900, 400)
    const rest = await geometry()
    expect(rest.cut).toBe(true)
    // The name runs to the row's padding: the hidden "⋯" no longer keeps 30 px of the row.
    expect(rest.rowRight - rest.titleRight).toBeLessThan(12)
    expect(rest.menuShown).toBe(false)

    await feed.hover()
    const hovered = await geometry()
    expect(hovered.menuShown).toBe(true)
    expect(hovered.menu.right).toBeLessThanOrEqual(hovered.rowRight + 0.5)
    // The name, cut shorter, ends before the "⋯": they do not overlap.
    expect(hovered.titleRight).toBeLessThanOrEqual(hovered.menu.left)

    // Its menu opens over the row below it, which neither shows through nor takes the click.
    await sidebar.getByRole('button', { name: `Options for ${name}` }).click()
    const first = page.getByRole('menuitem').first()
    await expect(first).toBeVisible()
    const box = (await first.boundingBox())!
    expect(
      await page.evaluate(
        ([x, y]) => document.elementFromPoint(x!, y!)?.closest('[role="menu"]') !== null,
        [box.x + box.width / 2, box.y + box.height / 2],
      ),
    ).toBe(true)
    await screenshot(page, 'sidebar-nested-feed-menu')
    await page.keyboard.press('Escape')
    await expect(first).toBeHidden()
  } finally {
    await preview.remove()
    await rm(dir, { recursive: true, force: true })
  }
  expect(pageErrors).toEqual([])
})

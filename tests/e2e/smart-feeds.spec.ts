import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { addFeedWithMouse, expect, rows, screenshot, showSidebar, test } from './support/fixtures'

/** axe-core's WCAG 2.0/2.1 A and AA violations over the window (as accessibility.spec.ts checks). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  return result.violations.map((violation) => `${violation.id}: ${violation.help}`)
}

test('a search saved as a smart feed: listed with its live count, opened, renamed, edited, removed and restored', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(preview.url)
  await addFeedWithMouse(page, site.home)
  const all = site.stories.length
  await expect(rows(page)).toHaveCount(all)

  // The English stories say "the town turned out"; the lighthouse story alone has its keyword.
  const search = page.getByRole('searchbox', { name: 'Search articles' })
  await search.fill('town')
  await expect(page.locator('.list-count')).toHaveText(/^\d+ results?$/)
  // The search's header is one row in a wide window and a small one: its count on one line where the
  // title stands, then its actions as icons.
  for (const [width, height] of [
    [1280, 800],
    [800, 600],
  ] as const) {
    await page.setViewportSize({ width, height })
    const heading = (await page.locator('.list-heading').boundingBox())!
    const count = (await page.locator('.list-count').boundingBox())!
    const save = (await page.getByRole('button', { name: 'Save This Search…' }).boundingBox())!
    expect(heading.height, `the header at ${width} px`).toBeLessThanOrEqual(40)
    expect(count.height, `the count at ${width} px`).toBeLessThanOrEqual(20)
    expect(save.x).toBeGreaterThanOrEqual(count.x + count.width)
  }
  await page.setViewportSize({ width: 1280, height: 800 })
  const found = await rows(page).count()
  expect(found).toBeGreaterThan(1)
  await page.getByRole('button', { name: 'Save This Search…' }).click()
  const save = page.getByRole('dialog', { name: 'Save search as a smart feed' })
  await expect(save.getByLabel('Name')).toHaveValue('town')
  await expect(save.getByRole('textbox', { name: /^Search/ })).toHaveValue('town')
  await save.getByLabel('Name').fill('Town news')
  await save.getByRole('button', { name: 'Save' }).click()
  await expect(save).toBeHidden()

  const section = page.getByRole('region', { name: 'Smart Feeds' })
  const smartFeed = section.getByRole('button', { name: new RegExp(`^Town news ?, ${found} unread$`) })
  await expect(smartFeed).toBeVisible()
  // Saving opened it: its articles, newest first, under its name.
  await expect(page.locator('.list-title')).toHaveText('Town news')
  await expect(rows(page)).toHaveCount(found)
  await screenshot(page, 'smart-feeds-light-1280')
  expect(await violations(page), 'smart feeds in the sidebar (light)').toEqual([])

  // Reading one drops its count by one.
  await rows(page).first().click()
  await expect(
    section.getByRole('button', { name: new RegExp(`^Town news ?, ${found - 1} unread$`) }),
  ).toBeVisible()

  // Renamed through its menu.
  const menu = (name: string) => section.getByRole('button', { name: `Options for smart feed ${name}` })
  await menu('Town news').click()
  await page.getByRole('menuitem', { name: 'Rename…' }).click()
  const rename = page.getByRole('dialog', { name: 'Rename smart feed' })
  await rename.getByLabel('Name').fill('The town')
  await rename.getByRole('button', { name: 'Save' }).click()
  await expect(section.getByRole('button', { name: /^The town ?, \d+ unread$/ })).toBeVisible()

  // A malformed search is refused in the search field's words, and nothing changes.
  await menu('The town').click()
  await page.getByRole('menuitem', { name: 'Edit Search…' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit smart feed' })
  await edit.getByRole('textbox', { name: /^Search/ }).fill('lighthouse feed:nowhere')
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(edit).toContainText('There is no feed named “nowhere”.')
  await edit.getByRole('textbox', { name: /^Search/ }).fill('lighthouse')
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(edit).toBeHidden()
  await expect(rows(page)).toHaveCount(1)

  await page.emulateMedia({ colorScheme: 'dark' })
  await screenshot(page, 'smart-feeds-dark-1280')
  expect(await violations(page), 'smart feeds in the sidebar (dark)').toEqual([])
  await page.emulateMedia({ colorScheme: 'light' })

  // Removed, then brought back by Undo.
  await menu('The town').click()
  await page.getByRole('menuitem', { name: 'Remove…' }).click()
  const remove = page.getByRole('dialog', { name: 'Remove smart feed' })
  await remove.getByRole('button', { name: 'Remove' }).click()
  await expect(section).toBeHidden()
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(
    page.getByRole('region', { name: 'Smart Feeds' }).getByRole('button', { name: /^The town/ }),
  ).toBeVisible()
  await showSidebar(page)

  // The search field's ? lists the query language.
  await page.getByRole('button', { name: 'Search help' }).click()
  const help = page.getByRole('region', { name: 'Searching' })
  await expect(help.getByText('feed:"The Verge"')).toBeVisible()
  await screenshot(page, 'search-help-light-1280')
  expect(await violations(page), 'search help').toEqual([])
  await page.keyboard.press('Escape')
  await expect(help).toBeHidden()
  expect(pageErrors).toEqual([])
})

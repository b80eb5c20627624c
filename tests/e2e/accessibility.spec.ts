import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { addFeedWithMouse, expect, rows, test } from './support/fixtures'

/** axe-core's WCAG 2.0/2.1 A and AA rules over the whole window; returns the violations, described. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  return result.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} — ${violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(' '))
        .join(', ')}`,
  )
}

for (const theme of ['light', 'dark'] as const) {
  test(`no WCAG AA violations in the main views (${theme})`, async ({ page, site, preview }) => {
    await page.emulateMedia({ colorScheme: theme })
    await page.goto(preview.url)
    await expect(page.getByRole('heading', { name: 'Welcome to Broadsheet' })).toBeVisible()
    expect(await violations(page), 'first run').toEqual([])

    await addFeedWithMouse(page, site.home)
    await expect(rows(page)).toHaveCount(site.stories.length)
    await rows(page).nth(1).click()
    await expect(page.locator('.article-body')).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
    expect(await violations(page), 'three panes with an article').toEqual([])

    await page.getByRole('searchbox', { name: 'Search articles' }).fill(site.stories[0]!.keyword)
    await expect(rows(page)).toHaveCount(1)
    expect(await violations(page), 'search results').toEqual([])

    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Settings' }).click()
    await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible()
    expect(await violations(page), 'settings').toEqual([])
  })
}

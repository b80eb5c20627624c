import type { Page } from '@playwright/test'
import { addFeedWithMouse, expect, rows, screenshot, test } from './support/fixtures'

/**
 * Records, from now on, every text the page ever shows of a failed search — even one that flashes
 * for a frame between two keystrokes.
 */
async function watchForFailures(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { failuresSeen: string[] }).failuresSeen = seen
    const check = (): void => {
      const text = document.body.innerText
      for (const needle of ['Search failed', 'Try again']) if (text.includes(needle)) seen.push(needle)
    }
    new MutationObserver(check).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    })
  })
}

const failuresSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { failuresSeen: string[] }).failuresSeen)

test('typing a query character by character never flashes "Search failed"', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  await page.goto(preview.url)
  await addFeedWithMouse(page, site.home)
  await expect(rows(page)).toHaveCount(site.stories.length)
  const search = page.getByRole('searchbox', { name: 'Search articles' })
  const hint = page.locator('#search-hint')
  await search.click()
  await watchForFailures(page)

  // The first letter of "about" (a stop word, and so is "about").
  await page.keyboard.type('a', { delay: 60 })
  await expect(hint).toHaveText('“a” is too common to search for: keep typing.')
  await expect(rows(page)).toHaveCount(site.stories.length)
  await page.keyboard.type('bout', { delay: 60 })
  await expect(hint).toHaveText('“about” is too common to search for: keep typing.')
  await page.keyboard.press('Escape')

  // A word, then an open quote and a field and a -word as they are typed.
  const [story] = site.stories
  await page.keyboard.type(story!.keyword, { delay: 40 })
  await expect(rows(page)).toHaveCount(1)
  await page.keyboard.type(' "the harbour', { delay: 60 })
  await expect(hint).toHaveText('Keep typing: end the phrase with a closing ".')
  await expect(hint).toHaveClass('search-hint')
  // The last results stay while the quote is open.
  await expect(rows(page)).toHaveCount(1)
  await screenshot(page, 'search-typing-open-quote-light-1280')
  await page.setViewportSize({ width: 800, height: 600 })
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect(hint).toBeVisible()
  await screenshot(page, 'search-typing-open-quote-dark-800')
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.keyboard.type(' lighthouse"', { delay: 60 })
  await expect(hint).toBeHidden()
  await page.keyboard.type(' title:', { delay: 60 })
  await expect(hint).toHaveText('Keep typing: a word after title:.')
  await page.keyboard.type('lit -', { delay: 60 })
  await expect(hint).toHaveText('Keep typing: a word after -.')
  await page.keyboard.type('sport', { delay: 60 })
  await expect(hint).toBeHidden()
  await expect(rows(page)).toHaveCount(1)

  expect(await failuresSeen(page)).toEqual([])
  expect(pageErrors).toEqual([])
})

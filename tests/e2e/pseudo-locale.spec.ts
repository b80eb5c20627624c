import type { Page } from '@playwright/test'
import { expect, screenshot, test } from './support/fixtures'

/**
 * The interface in the pseudo-locale (en-XA: English accented, ~40% longer, in brackets), which a run gets
 * by preferring it in the browser (the Language setting's "System"). Every view walked here must show no
 * interface text that is not pseudo-localized (a string that bypassed the catalogs) and no label cut off
 * by the longer words. The words of feeds and articles themselves (content) are left out by where they sit.
 */

/** Where content is shown: feed and article titles, snippets, the article, folders, keys. */
const CONTENT = [
  '.row-feed',
  '.row-title',
  '.row-snippet',
  '.article-feed',
  '.article-title',
  '.article-body',
  // The list's heading names the feed chosen (its title) or a view (whose name the sidebar shows too).
  '.list-title',
  '.feed-tree .nav-title',
  '.folder-title',
  'kbd',
  'option',
  'script',
  'style',
].join(', ')

/**
 * Visible text of the interface with a Latin letter outside a pseudo-localized [ … ] message (a key's name
 * such as "(Ctrl+,)" or "(R)" after a command is a key cap, the same in every language).
 */
async function untranslated(page: Page): Promise<string[]> {
  return page.evaluate((content) => {
    const found: string[] = []
    const keys = /\((?:(?:Ctrl|Shift|Alt|Cmd|Space|Enter|Escape)\+?)*[^\s)]{0,5}\)/g
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement
      const text = node.textContent ?? ''
      if (!parent || !/[A-Za-z]/.test(text) || parent.closest(content)) continue
      if (!parent.checkVisibility() && !parent.closest('.sr-only')) continue
      // The bracketed messages' own words are accented; what is left must have no plain letter.
      const outside = text.replace(/\[[^\]]*\]/g, '').replace(keys, '')
      if (/[A-Za-z]/.test(outside)) found.push(text.trim())
    }
    // Labels a screen reader reads count too.
    for (const element of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      if (element.closest(content)) continue
      for (const name of ['aria-label', 'title', 'placeholder']) {
        const value = element.getAttribute(name)
        if (!value) continue
        // A feed row's tooltip is its name (content), then its address (content) or its failure (ours).
        const lines = value.split('\n').slice(element.matches('.feed-tree .nav-button') ? 1 : 0)
        const ours = lines.filter((line) => !/^https?:\/\//.test(line))
        if (ours.some((line) => /[A-Za-z]/.test(line.replace(/\[[^\]]*\]/g, '').replace(keys, ''))))
          found.push(`${name}=${value}`)
      }
    }
    return found
  }, CONTENT)
}

/** Labels, buttons and headings whose text is wider than their box (cut off or spilling out). */
async function clipped(page: Page): Promise<string[]> {
  return page.evaluate((content) => {
    const selectors =
      'button, .field-label, legend, label, h1, h2, h3, th, [role="menuitem"], .notice, .status'
    return [...document.querySelectorAll<HTMLElement>(selectors)]
      .filter(
        (element) => element.checkVisibility() && !element.closest(content) && !element.closest('.sr-only'),
      )
      .filter((element) => !element.querySelector(content))
      .filter((element) => element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0)
      .map(
        (element) => `${element.tagName.toLowerCase()}.${element.className}: ${element.textContent?.trim()}`,
      )
  }, CONTENT)
}

async function checkView(page: Page, name: string): Promise<void> {
  await screenshot(page, `pseudo-${name}`)
  expect(await untranslated(page), `untranslated text in ${name}`).toEqual([])
  expect(await clipped(page), `clipped labels in ${name}`).toEqual([])
}

test.beforeEach(async ({ page }) => {
  // The browser prefers the pseudo-locale: the interface's "System" language follows it.
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'languages', { get: () => ['en-XA', 'en'] })
    Object.defineProperty(navigator, 'language', { get: () => 'en-XA' })
  })
})

test('every main view, pseudo-localized: nothing untranslated, nothing clipped', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  await page.goto(preview.url)
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-XA')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^\[Ŵéĺçöɱé/)
  await checkView(page, 'first-run')

  // Add the site with the keyboard (the names are pseudo-localized now).
  await page.locator('body').press('a')
  const add = page.getByRole('dialog')
  await expect(add).toBeVisible()
  await checkView(page, 'add-feed')
  await add.getByRole('textbox').first().fill(site.home)
  await add.getByRole('textbox').first().press('Enter')
  await expect(add).toBeHidden()
  const rows = page.getByRole('listbox').getByRole('option')
  await expect(rows).toHaveCount(site.stories.length)

  await rows.first().click()
  await expect(page.locator('.reader-pane h1.article-title')).toBeVisible()
  await checkView(page, 'reader')

  await page.locator('body').press('Control+,')
  await expect(page.getByRole('dialog')).toBeVisible()
  await checkView(page, 'settings')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toBeHidden()

  await page.locator('body').press('?')
  await expect(page.getByRole('dialog')).toBeVisible()
  await checkView(page, 'shortcuts')
  await page.keyboard.press('Escape')

  // A feed's row menu.
  await page.locator('.feed-tree .nav-row').first().hover()
  await page.locator('.feed-tree .nav-row').first().getByRole('button').last().click()
  await expect(page.getByRole('menu')).toBeVisible()
  await checkView(page, 'feed-menu')
  await page.keyboard.press('Escape')

  // An empty view and a search with no match.
  await page.locator('.smart-views .nav-button').nth(2).click()
  await checkView(page, 'bookmarks-empty')
  await page.getByRole('searchbox').fill('zzzzqqq')
  await expect(page.locator('.list-message, .list-empty, [role="status"]').first()).toBeVisible()
  await checkView(page, 'search-none')
  expect(pageErrors).toEqual([])
})

test('the guard finds an untranslated string and a clipped label', async ({ page, preview, pageErrors }) => {
  await page.goto(preview.url)
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-XA')
  await page.evaluate(() => {
    const button = document.querySelector('button')!
    button.textContent = 'Plain English'
    const narrow = document.createElement('button')
    narrow.textContent = '[Ŵéļļ ţŕàñšļàţéð ƀûţ ţöö ļöñĝ ƒöŕ îţš ƀöẋ··········]'
    narrow.style.cssText = 'width: 40px; overflow: hidden; white-space: nowrap'
    document.querySelector('main, body')!.append(narrow)
  })
  expect(await untranslated(page)).toContain('Plain English')
  expect((await clipped(page)).some((found) => found.includes('ţöö ļöñĝ'))).toBe(true)
  expect(pageErrors).toEqual([])
})

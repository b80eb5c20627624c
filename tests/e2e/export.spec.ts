import AxeBuilder from '@axe-core/playwright'
import { readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import { addFeedWithMouse, expect, reader, rows, screenshot, test } from './support/fixtures'

test('highlight with a note, reload, then Export… the article to HTML and the list to EPUB (downloads)', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  await page.goto(preview.url)
  await addFeedWithMouse(page, site.home)
  const story = site.stories[0]!
  await rows(page).filter({ hasText: story.title }).click()
  const body = reader(page).locator('.article-body')
  const first = body.locator('p').first()
  await expect(first).toContainText(`The ${story.keyword} story begins here.`)

  // Select, highlight, write a note.
  await first.selectText()
  await page
    .getByRole('toolbar', { name: 'Highlight the selection' })
    .getByRole('button', { name: 'Highlight in Green' })
    .click()
  const mark = body.locator('mark.reader-highlight.green')
  await mark.click()
  const editor = page.getByRole('dialog', { name: 'Highlight' })
  await editor.getByRole('textbox', { name: 'Note' }).fill('The lamp was dark for ten years.')
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor).toBeHidden()

  // Reload: still there.
  await page.reload()
  await rows(page).filter({ hasText: story.title }).click()
  await expect(mark).toHaveAttribute('aria-label', /Note: The lamp was dark for ten years\./)

  // Export… the article (the reader's toolbar) as HTML: it downloads, with the mark and the note.
  await reader(page).getByRole('button', { name: 'Export Article…' }).click()
  let dialog = page.getByRole('dialog', { name: `Export “${story.title}”` })
  await expect(dialog.getByText('1 article', { exact: true })).toBeVisible()
  await dialog.getByRole('radio', { name: 'Web page (HTML)' }).check()
  await expect(dialog).toContainText('highlights as marks, their notes after each article')
  let downloading = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Export' }).click()
  let download = await downloading
  expect(download.suggestedFilename()).toBe(`${story.title}.html`)
  await expect(dialog).toBeHidden()
  await expect(page.locator('.notice')).toContainText(`Exported ${story.title}.html to your downloads.`)
  const html = readFileSync((await download.path())!, 'utf8')
  expect(html).toMatch(/<mark[^>]*>The .* story begins here\./)
  expect(html).toContain('The lamp was dark for ten years.')
  expect(html).not.toContain('<script')

  // Export… the list (its header) as EPUB, by the key: every article, the highlighted chapter marked.
  await page.locator('.reader-scroll').focus()
  await page.keyboard.press('Control+Shift+E')
  dialog = page.getByRole('dialog', { name: 'Export “All Articles”' })
  await expect(dialog.getByText(`${site.stories.length} articles`)).toBeVisible()
  await expect(dialog.getByRole('radio', { name: 'EPUB book' })).toBeChecked()
  await expect(dialog.getByRole('radio', { name: 'EPUB book' })).toBeFocused()
  for (const theme of ['light', 'dark'] as const) {
    for (const size of [
      { width: 1280, height: 800 },
      { width: 800, height: 600 },
    ]) {
      await page.setViewportSize(size)
      await page.emulateMedia({ colorScheme: theme })
      await screenshot(page, `${theme}-export-dialog-${size.width}`)
      const axe = await new AxeBuilder({ page })
        .include('dialog')
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze()
      expect(
        axe.violations.map((violation) => violation.id),
        `${theme} ${size.width}`,
      ).toEqual([])
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.emulateMedia({ colorScheme: 'light' })
  downloading = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Export' }).click()
  download = await downloading
  expect(download.suggestedFilename()).toBe('All Articles.epub')
  const book = unzipSync(new Uint8Array(readFileSync((await download.path())!)))
  expect(strFromU8(book.mimetype!)).toBe('application/epub+zip')
  const chapters = Object.keys(book).filter((name) => name.endsWith('.xhtml') && !name.endsWith('nav.xhtml'))
  expect(chapters).toHaveLength(site.stories.length)
  const marked = chapters.map((name) => strFromU8(book[name]!)).filter((text) => text.includes('<mark'))
  expect(marked).toHaveLength(1)
  expect(marked[0]).toContain(story.title)
  expect(marked[0]).toContain('The lamp was dark for ten years.')

  // A search's results: the export holds what the list shows.
  await page.getByRole('searchbox', { name: 'Search articles' }).fill(site.stories[1]!.keyword)
  await expect(rows(page)).toHaveCount(1)
  await page.keyboard.press('Control+Shift+E')
  dialog = page.getByRole('dialog', { name: `Export “Search: ${site.stories[1]!.keyword}”` })
  await expect(dialog.getByText('1 article', { exact: true })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()

  // A feed's menu in the sidebar has Export… too.
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'Options for The Harbour Gazette' }).click()
  await page.getByRole('menuitem', { name: 'Export…' }).click()
  dialog = page.getByRole('dialog', { name: 'Export “The Harbour Gazette”' })
  await expect(dialog.getByText(`${site.stories.length} articles`)).toBeVisible()
  expect(pageErrors).toEqual([])
})

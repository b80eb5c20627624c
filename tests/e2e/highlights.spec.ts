import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { addFeedWithMouse, expect, reader, rows, screenshot, test } from './support/fixtures'

const run = promisify(execFile)

test('select, highlight, write a note, reload — still there — then export it', async ({
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

  // Select the first paragraph with the mouse-free selection Playwright gives, then pick a colour.
  await first.selectText()
  const toolbar = page.getByRole('toolbar', { name: 'Highlight the selection' })
  await expect(toolbar).toBeVisible()
  await toolbar.getByRole('button', { name: 'Highlight in Green' }).click()
  const mark = body.locator('mark.reader-highlight.green')
  await expect(mark).toHaveText(await first.innerText())
  await expect(toolbar).toBeHidden()

  // The mark opens its editor (click); a note is written and saved; focus goes back to the mark.
  await mark.click()
  const editor = page.getByRole('dialog', { name: 'Highlight' })
  await expect(editor.getByRole('textbox', { name: 'Note' })).toBeFocused()
  await editor.getByRole('textbox', { name: 'Note' }).fill('The lamp was dark for ten years.')
  await screenshot(page, 'light-highlight-note')
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor).toBeHidden()
  await expect(mark).toBeFocused()
  await expect(mark).toHaveAttribute('aria-label', /Note: The lamp was dark for ten years\./)

  // The key: select the quote in the blockquote and press H.
  await body.locator('blockquote p').selectText()
  await page.keyboard.press('h')
  await expect(body.locator('mark.reader-highlight.yellow')).toHaveText(
    '“We waited a long time for this,” said a neighbour.',
  )
  const list = reader(page).getByRole('region', { name: 'Highlights (2)' })
  await expect(list).toContainText('The lamp was dark for ten years.')
  await screenshot(page, 'light-highlights')

  // After a reload the highlights are there, placed again in the article's text, and reachable by Tab.
  await page.reload()
  await rows(page).filter({ hasText: story.title }).click()
  await expect(body.locator('mark.reader-highlight')).toHaveCount(2)
  await expect(body.locator('mark.reader-highlight.green')).toHaveAttribute('tabindex', '0')
  await list.getByRole('button', { name: /^Show ““We waited/ }).click()
  await expect(body.locator('mark.reader-highlight.yellow')).toBeFocused()
  // Enter on a mark opens its editor too; Escape closes it, changing nothing.
  await page.keyboard.press('Enter')
  await expect(editor).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(editor).toBeHidden()
  await expect(body.locator('mark.reader-highlight')).toHaveCount(2)

  // Removing one offers Undo, which puts it back as it was; a colour changed is undone with Ctrl+Z.
  await page.keyboard.press('Enter')
  await editor.getByRole('button', { name: 'Remove Highlight' }).click()
  await expect(body.locator('mark.reader-highlight')).toHaveCount(1)
  await page.locator('.notice').getByRole('button', { name: 'Undo' }).click()
  await expect(body.locator('mark.reader-highlight.yellow')).toHaveCount(1)
  await body.locator('mark.reader-highlight.green').click()
  await editor.getByRole('radio', { name: 'Purple' }).check()
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(body.locator('mark.reader-highlight.purple')).toHaveCount(1)
  await page.locator('.reader-scroll').focus()
  await page.keyboard.press('Control+z')
  await expect(body.locator('mark.reader-highlight.green')).toHaveCount(1)
  await expect(body.locator('mark.reader-highlight.purple')).toHaveCount(0)

  // The sidebar's Highlights: every highlight, newest first, each leading to its article and place.
  await rows(page).filter({ hasText: site.stories[1]!.title }).click()
  await page.getByRole('button', { name: 'Highlights', exact: true }).click()
  const view = page.getByRole('dialog', { name: 'Highlights' })
  const items = view.getByRole('listitem')
  await expect(items).toHaveCount(2)
  await expect(items.first()).toContainText('“We waited a long time for this,” said a neighbour.')
  await expect(items.nth(1)).toContainText('The lamp was dark for ten years.')
  await expect(items.nth(1)).toContainText(story.title)
  await screenshot(page, 'light-highlights-view')
  await items.nth(1).getByRole('button').click()
  await expect(view).toBeHidden()
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(story.title)
  await expect(body.locator('mark.reader-highlight.green')).toBeFocused()

  // Export what was highlighted (the CLI over the same library, while the preview runs).
  const cli = (...args: string[]) =>
    run(process.execPath, ['bin/broadsheet.js', '--data-dir', preview.dataDir, ...args])
  const listed = JSON.parse((await cli('highlights', '--json')).stdout) as {
    articleId: string
    note: string
  }[]
  expect(listed.map((h) => h.note).sort()).toEqual(['', 'The lamp was dark for ten years.'])
  const out = join(preview.dataDir, 'export.md')
  await cli('export', listed[0]!.articleId, '--format', 'md', '--out', out)
  const markdown = readFileSync(out, 'utf8')
  expect(markdown).toContain(`# ${story.title}`)
  expect(markdown).toMatch(/==The .* story begins here\..*==\[\^1-1\]/)
  expect(markdown).toContain('The lamp was dark for ten years.')
  expect(pageErrors).toEqual([])
})

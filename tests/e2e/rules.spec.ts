import { longArticle, rss2, type TestItem } from '../helpers/feeds'
import { addFeedWithMouse, expect, reader, rows, screenshot, test } from './support/fixtures'

/*
 * Settings → Rules over the preview: a rule is written with its live preview of the cached articles it
 * would match, then a sync brings new articles and the rule hides the one it matches (the others arrive
 * as before); the hidden one is found with is:hidden and unhidden from the reader.
 */
test('a rule with its live preview, applied by the next sync; the hidden article is found and unhidden', async ({
  page,
  site,
  preview,
}) => {
  // A second feed of the site, which gains items between syncs.
  const items: TestItem[] = [
    {
      id: 'urn:wire:calm',
      title: 'Calm seas forecast for the regatta',
      link: site.server.url('/wire/calm'),
      content: longArticle('regatta', 3),
      date: new Date(Date.now() - 7_200_000).toISOString(),
    },
  ]
  site.server.route('/wire.xml', (_request, response) => {
    response
      .writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' })
      .end(rss2('Harbour Wire', site.home, items))
  })
  await page.goto(preview.url)
  await addFeedWithMouse(page, site.home)
  await expect(rows(page)).toHaveCount(site.stories.length)
  await addFeedWithMouse(page, site.server.url('/wire.xml'))
  await expect(rows(page)).toHaveCount(1)
  await page
    .getByRole('button', { name: /^All Articles/ })
    .first()
    .click()
  await expect(rows(page)).toHaveCount(site.stories.length + 1)

  await page.keyboard.press('Control+,')
  const settings = page.getByRole('dialog', { name: 'Settings' })
  const rules = settings.getByRole('group', { name: 'Rules' })
  await expect(rules.getByText('No rules yet.')).toBeVisible()
  const query = rules.getByLabel('When a new article matches')
  // As it is typed: how many cached articles match, and which.
  await query.fill('lighthouse')
  await expect(rules.getByText('1 cached article matches')).toBeVisible()
  await expect(rules.getByRole('list', { name: 'Some of them' })).toHaveText(site.stories[0]!.title)
  await query.fill('"lighthouse')
  await expect(rules.getByText('Keep typing: end the phrase with a closing ".')).toBeVisible()
  await query.fill('storm OR gale')
  await expect(rules.getByText('0 cached articles match')).toBeVisible()
  await rules.getByLabel('Then').selectOption('hide')
  await query.fill('storm OR gale OR lighthouse')
  await expect(rules.getByText('1 cached article matches')).toBeVisible()
  await rules.evaluate((element) => element.scrollIntoView({ block: 'end' }))
  await screenshot(page, 'light-rules-editor')
  await query.fill('storm OR gale')
  await expect(rules.getByText('0 cached articles match')).toBeVisible()
  // Keyboard: Enter in the query saves the rule.
  await page.keyboard.press('Enter')
  await expect(rules.getByText('Rule added. It acts on new articles from the next sync.')).toBeVisible()
  await expect(rules.getByRole('listitem')).toHaveText([/Hide\s*storm OR gale.*Every feed · acted on 0/])
  await settings.getByRole('button', { name: 'Close', exact: true }).last().click()
  await expect(settings).toBeHidden()

  // New items: one the rule matches, one it does not.
  items.unshift(
    {
      id: 'urn:wire:storm',
      title: 'Storm warning closes the harbour',
      link: site.server.url('/wire/storm'),
      content: `<p>A storm is coming.</p>${longArticle('storm', 3)}`,
      date: new Date(Date.now() - 600_000).toISOString(),
    },
    {
      id: 'urn:wire:ferry',
      title: 'Ferry timetable for the winter',
      link: site.server.url('/wire/ferry'),
      content: longArticle('ferry', 3),
      date: new Date(Date.now() - 1_200_000).toISOString(),
    },
  )
  await page.keyboard.press('R')
  await expect(rows(page).filter({ hasText: 'Ferry timetable for the winter' })).toHaveCount(1)
  await expect(rows(page)).toHaveCount(site.stories.length + 2)
  await expect(rows(page).filter({ hasText: 'Storm warning' })).toHaveCount(0)

  // Found only with is:hidden; unhidden from the reader.
  const search = page.getByRole('searchbox', { name: 'Search articles' })
  await search.fill('storm')
  await expect(page.getByText('No articles match “storm”.')).toBeVisible()
  await search.fill('storm is:hidden')
  await expect(rows(page)).toHaveCount(1)
  await rows(page).first().click()
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText('Storm warning closes the harbour')
  await screenshot(page, 'light-hidden-article')
  await reader(page).getByRole('button', { name: 'Unhide' }).click()
  await expect(reader(page).getByRole('button', { name: 'Unhide' })).toBeHidden()
  await search.fill('')
  await expect(rows(page)).toHaveCount(site.stories.length + 3)

  await page.keyboard.press('Control+,')
  await expect(rules.getByRole('listitem')).toHaveText([/acted on 1/])
})

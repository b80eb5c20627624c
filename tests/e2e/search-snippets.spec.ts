import type { Page } from '@playwright/test'
import { longArticle } from '../helpers/feeds'
import { startNewsSite, type NewsSite } from './support/news-site'
import { addFeedWithMouse, expect, reader, rows, screenshot, test } from './support/fixtures'

/** A long story whose only "Khabarovsk" is deep inside it, and a Korean one whose match is deep too. */
function deepItems(home: string) {
  const now = Date.now()
  return [
    {
      id: 'urn:gazette:far-east',
      title: 'River traffic talks conclude',
      link: `${home}stories/far-east`,
      content: `${longArticle('river traffic', 24)}
<p>Officials from the far eastern cities of Vladivostok and Khabarovsk signed the agreement on river traffic after a long night.</p>
${longArticle('ports', 24)}`,
      date: new Date(now - 30 * 60_000).toISOString(),
    },
    {
      id: 'urn:gazette:far-east-ko',
      title: '강 운항 협상 타결',
      link: `${home}stories/far-east-ko`,
      content: `${'<p>국회는 화요일에 다시 모여 예산과 도로 문제를 오래 논의했다. 의원들은 교통과 주택 문제를 두고 길게 토론했다.</p>'.repeat(30)}
<p>정부는 오늘 하바롭스크 시와 블라디보스토크 시의 협력 협정에 서명했다고 밝혔다.</p>
${'<p>시민들은 버스와 지하철의 환승 할인이 그대로 유지되기를 바란다고 말했다.</p>'.repeat(30)}`,
      date: new Date(now - 40 * 60_000).toISOString(),
    },
    {
      id: 'urn:gazette:long-title',
      title:
        'The regional council’s long-awaited decisions on transport, housing, schools and the libraries of Quillhaven',
      link: `${home}stories/long-title`,
      content: `${longArticle('the council', 3)}`,
      date: new Date(now - 50 * 60_000).toISOString(),
    },
  ]
}

/** Where the row's first mark sits inside its snippet line, and whether the line's text overflows it. */
async function markInRow(page: Page) {
  const row = rows(page).first()
  return row.locator('.row-snippet').evaluate((line) => {
    const mark = line.querySelector('mark')
    const box = line.getBoundingClientRect()
    const markBox = mark?.getBoundingClientRect()
    return {
      marked: mark?.textContent ?? null,
      inside: !!markBox && markBox.left >= box.left - 0.5 && markBox.right <= box.right + 0.5,
      fits: line.scrollWidth <= line.clientWidth + 1,
      // The match in the middle: the room left of it against the text right of it, in pixels.
      leftRoom: markBox ? markBox.left - box.left : -1,
    }
  })
}

/** Whether the article's first marked match is inside the reader's visible scroll area. */
async function firstMatchInView(page: Page) {
  return reader(page)
    .locator('.reader-scroll')
    .evaluate((pane) => {
      const mark = pane.querySelector('.article-body mark.search-match')
      if (!mark) return { found: false, inView: false, scrollTop: pane.scrollTop }
      const view = pane.getBoundingClientRect()
      const box = mark.getBoundingClientRect()
      return {
        found: true,
        inView: box.top >= view.top && box.bottom <= view.bottom,
        scrollTop: pane.scrollTop,
      }
    })
}

let site: NewsSite
test.beforeEach(async () => {
  // The links are never fetched: the items carry their full text.
  site = await startNewsSite({ extraItems: deepItems('http://127.0.0.1:1/') })
})
test.afterEach(async () => {
  await site.close()
})

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
]) {
  test(`a deep match is centred in its row and scrolled to in the reader at ${viewport.width}×${viewport.height}`, async ({
    page,
    preview,
    pageErrors,
  }) => {
    await page.setViewportSize(viewport)
    await page.goto(preview.url)
    await addFeedWithMouse(page, site.home)
    await expect(rows(page)).toHaveCount(site.stories.length + 3)

    const search = page.getByRole('searchbox', { name: 'Search articles' })
    for (const [query, title] of [
      ['Khabarovsk', 'River traffic talks conclude'],
      ['하바롭스크', '강 운항 협상 타결'],
    ] as const) {
      await search.fill(query)
      await expect(rows(page)).toHaveCount(1)
      await expect(rows(page).first().locator('.row-snippet mark')).toHaveText(query)
      const placed = await markInRow(page)
      expect(placed, `the match in the row of “${query}”`).toMatchObject({ inside: true, fits: true })
      // Centred, not at the edge: there is context before the match.
      expect(placed.leftRoom).toBeGreaterThan(40)
      await screenshot(
        page,
        `search-snippet-${query === 'Khabarovsk' ? 'latin' : 'korean'}-${viewport.width}`,
      )

      await rows(page).first().click()
      await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(title)
      await expect.poll(async () => (await firstMatchInView(page)).inView, { timeout: 5000 }).toBe(true)
      expect((await firstMatchInView(page)).scrollTop).toBeGreaterThan(200)
    }

    // The same in a title: a match at the end of a long title is brought into the row, not cut off.
    await search.fill('Quillhaven')
    await expect(rows(page)).toHaveCount(1)
    await expect(rows(page).first().locator('.row-title mark')).toHaveText('Quillhaven')
    const inTitle = await rows(page)
      .first()
      .locator('.row-title')
      .evaluate((line) => {
        const mark = line.querySelector('mark')?.getBoundingClientRect()
        const box = line.getBoundingClientRect()
        return { inside: !!mark && mark.left >= box.left - 0.5 && mark.right <= box.right + 0.5 }
      })
    expect(inTitle).toEqual({ inside: true })
    await screenshot(page, `search-title-match-${viewport.width}`)
    expect(pageErrors).toEqual([])
  })
}

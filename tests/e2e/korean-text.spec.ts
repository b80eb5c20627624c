import type { Page } from '@playwright/test'
import { rss2 } from '../helpers/feeds'
import { addFeedWithMouse, expect, reader, rows, screenshot, test } from './support/fixtures'

/**
 * Words of the open article (its title and paragraphs) that the browser broke across two lines, at the
 * article width given. A word is what lies between spaces; it is split when its range's line boxes sit on
 * more than one line.
 */
async function splitWords(page: Page, width: number): Promise<{ words: number; split: string[] }> {
  return page.evaluate((width) => {
    const article = document.querySelector<HTMLElement>('.article')
    if (!article) throw new Error('no article open')
    article.style.maxWidth = `${width}px`
    const split: string[] = []
    let words = 0
    const blocks = article.querySelectorAll('.article-title, .article-body p')
    for (const block of blocks) {
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? ''
        for (const match of text.matchAll(/\S+/g)) {
          words += 1
          const range = document.createRange()
          range.setStart(node, match.index)
          range.setEnd(node, match.index + match[0].length)
          const tops = new Set(
            [...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)),
          )
          if (tops.size > 1) split.push(match[0])
        }
      }
    }
    return { words, split }
  }, width)
}

/** How many lines a block of the open article takes. */
async function lineCount(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((element) => {
      const range = document.createRange()
      range.selectNodeContents(element)
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size
    })
}

test('Korean wraps between words, never inside one, in the reader; English wraps as before', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  // A second feed that declares its language (RSS <language>), with a Korean name for the sidebar.
  const koreanFeed = rss2('한국 뉴스 일정 안내', site.home, [
    {
      id: 'urn:ko:1',
      title: '다음 주 일정으로 바뀐 회의 안내',
      link: site.server.url('/ko/1'),
      content:
        '<p>회의는 다음 주 월요일 오후로 옮겨졌습니다. 참석자는 일정을 다시 확인해 주시기 바랍니다.</p>',
      author: '이서연',
      date: new Date(Date.now() - 60_000).toISOString(),
    },
  ]).replace('<channel>', '<channel><language>ko-KR</language>')
  site.server.serve('/ko.xml', {
    headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' },
    body: koreanFeed,
  })

  // A Korean blog whose software still says "en-US": the text says Korean.
  const mislabelled = rss2('블로그', site.home, [
    {
      id: 'urn:blog:1',
      title: '주말 동안 다녀온 제주도 여행 일정으로 정리',
      link: site.server.url('/blog/1'),
      content:
        '<p>제주도에서 보낸 주말은 생각보다 훨씬 바쁘고 즐거웠습니다. 첫날에는 성산일출봉에 올라 해돋이를 보았고, 둘째 날에는 올레길을 따라 오랫동안 걸었습니다.</p>',
      date: new Date(Date.now() - 120_000).toISOString(),
    },
  ]).replace('<channel>', '<channel><language>en-US</language>')
  site.server.serve('/blog/1', {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: '<!doctype html><html><head><meta charset="utf-8"><title>제주도</title></head><body><p>제주도</p></body></html>',
  })
  site.server.serve('/blog.xml', {
    headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' },
    body: mislabelled,
  })
  site.server.serve('/ko/1', {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: '<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>회의</title></head><body><p>회의</p></body></html>',
  })

  await page.goto(preview.url)
  await addFeedWithMouse(page, site.home)
  await expect(rows(page)).toHaveCount(site.stories.length)
  await addFeedWithMouse(page, site.server.url('/ko.xml'))
  await expect(rows(page)).toHaveCount(1)
  await addFeedWithMouse(page, site.server.url('/blog.xml'))
  await expect(rows(page)).toHaveCount(1)
  const sidebar = page.getByRole('navigation', { name: 'Feeds' })
  await sidebar.getByRole('button', { name: /^All/ }).click()
  await expect(rows(page)).toHaveCount(site.stories.length + 2)

  // The language reaches the sidebar's feed name, the list's rows and the reader.
  await expect(sidebar.getByText('한국 뉴스 일정 안내', { exact: true })).toHaveAttribute('lang', 'ko-KR')
  await expect(sidebar.getByText('The Harbour Gazette', { exact: true })).not.toHaveAttribute('lang', /ko/)
  const seoulRow = rows(page).filter({ hasText: '서울시' })
  await expect(seoulRow).toHaveAttribute('lang', 'ko') // no language declared: the Hangul says Korean
  await expect(rows(page).filter({ hasText: '일정으로 바뀐' })).toHaveAttribute('lang', 'ko-KR') // declared
  await expect(rows(page).filter({ hasText: 'lighthouse' })).not.toHaveAttribute('lang', /ko/)

  const article = reader(page).locator('article.article')
  const blogRow = rows(page).filter({ hasText: '제주도' })
  await expect(blogRow).toHaveAttribute('lang', 'ko')
  for (const row of [seoulRow, rows(page).filter({ hasText: '일정으로 바뀐' }), blogRow]) {
    await row.click()
    await expect(article).toHaveAttribute('lang', /^ko/)
    await expect(article.locator('.article-body p').first()).toHaveCSS('word-break', 'keep-all')
    for (const width of [150, 190, 230, 270, 310, 350]) {
      const { words, split } = await splitWords(page, width)
      expect(words).toBeGreaterThan(5)
      expect(split, `Korean words split across lines at ${width}px`).toEqual([])
    }
  }

  // As a small window shows it (the article back at the reader's own width).
  await page.setViewportSize({ width: 800, height: 600 })
  await blogRow.click()
  await article.evaluate((element) => (element as HTMLElement).style.removeProperty('max-width'))
  await expect(article).toHaveAttribute('lang', 'ko')
  expect((await splitWords(page, 10_000)).split).toEqual([])
  await screenshot(page, 'light-800x600-korean')

  // English keeps the usual rules, and still wraps (a paragraph over several lines at a narrow width).
  await rows(page).filter({ hasText: 'lighthouse' }).click()
  await expect(article).not.toHaveAttribute('lang', /ko/)
  await expect(article.locator('.article-body p').first()).toHaveCSS('word-break', 'normal')
  const english = await splitWords(page, 260)
  expect(english.split).toEqual([])
  expect(await lineCount(page, '.article-body p')).toBeGreaterThan(3)
  expect(pageErrors).toEqual([])
})

import type { Page } from '@playwright/test'
import { expect, screenshot, test } from './support/fixtures'

/**
 * The interface in Korean, as a browser that prefers Korean gets it (the Language setting's "System"),
 * in light and dark: its words, dates and line breaking, and screenshots of the main views to look at.
 */
test.use({ locale: 'ko-KR', timezoneId: 'Asia/Seoul' })

const rows = (page: Page) => page.getByRole('listbox', { name: '기사' }).getByRole('option')

for (const theme of ['light', 'dark'] as const) {
  test(`the main views in Korean (${theme})`, async ({ page, site, preview, pageErrors }) => {
    await page.emulateMedia({ colorScheme: theme })
    await page.goto(preview.url)
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
    await expect(page.getByRole('heading', { name: 'Broadsheet에 오신 것을 환영합니다' })).toBeVisible()
    // The interface's own words wrap between words, as Korean does.
    await expect(page.locator('.welcome p').first()).toHaveCSS('word-break', 'keep-all')
    await screenshot(page, `korean-${theme}-first-run`)

    await page.getByRole('button', { name: '피드 추가' }).first().click()
    const add = page.getByRole('dialog', { name: '피드 추가' })
    await add.getByLabel('피드 또는 웹사이트 주소').fill(site.home)
    await screenshot(page, `korean-${theme}-add-feed`)
    await add.getByRole('button', { name: '구독', exact: true }).click()
    await expect(add).toBeHidden()
    await expect(rows(page)).toHaveCount(site.stories.length)
    await expect(page.getByRole('status').filter({ hasText: /마지막 동기화: 방금 전/ })).toBeVisible()

    const sidebar = page.getByRole('navigation', { name: '피드' })
    await expect(sidebar.getByRole('button', { name: /^모든 기사\s*, 읽지 않음 \d+개/ })).toBeVisible()
    await expect(sidebar.getByRole('heading', { name: '구독' })).toBeVisible()

    await rows(page).filter({ hasText: '서울시' }).click()
    const reader = page.getByRole('main', { name: '기사' })
    await expect(reader.getByRole('heading', { level: 1 })).toContainText('서울시')
    await expect(reader.getByRole('button', { name: '북마크' })).toBeVisible()
    // Dates in Korean ("2026년 12월 5일 오전 10:38").
    await expect(reader.locator('.article-dateline time').first()).toHaveText(/\d+년 \d+월 \d+일/)
    await screenshot(page, `korean-${theme}-reader`)

    await page.getByRole('button', { name: /^설정/ }).click()
    const settings = page.getByRole('dialog', { name: '설정' })
    await expect(settings.getByRole('combobox', { name: '언어' })).toHaveValue('system')
    await screenshot(page, `korean-${theme}-settings`)
    await page.keyboard.press('Escape')
    await expect(settings).toBeHidden()

    await page.locator('body').press('?')
    await expect(page.getByRole('dialog', { name: '키보드 단축키' })).toBeVisible()
    await screenshot(page, `korean-${theme}-shortcuts`)
    await page.keyboard.press('Escape')

    // A narrow window: the list alone, with the sidebar put away.
    await page.setViewportSize({ width: 800, height: 600 })
    await expect(page.getByRole('button', { name: '사이드바 보기' })).toBeVisible()
    await screenshot(page, `korean-${theme}-800x600`)
    expect(pageErrors).toEqual([])
  })
}

test('switching to English and back applies at once, without reloading', async ({
  page,
  preview,
  pageErrors,
}) => {
  await page.goto(preview.url)
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true))
  await page.getByRole('button', { name: /^설정/ }).click()
  const settings = page.getByRole('dialog', { name: '설정' })
  await settings.getByRole('combobox', { name: '언어' }).selectOption('en')
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  const english = page.getByRole('dialog', { name: 'Settings' })
  await expect(english.getByRole('combobox', { name: 'Language' })).toBeVisible()
  await english.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('button', { name: /^Add (a )?Feed/ }).first()).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)
  expect(pageErrors).toEqual([])
})

test('a failure to subscribe is said in Korean', async ({ page, site, preview, pageErrors }) => {
  site.server.serve('/busy.xml', { status: 503, headers: { 'Retry-After': '120' }, body: 'busy' })
  await page.goto(preview.url)
  await page.getByRole('button', { name: '피드 추가' }).first().click()
  const add = page.getByRole('dialog', { name: '피드 추가' })
  const missing = site.server.url('/missing.xml')
  await add.getByLabel('피드 또는 웹사이트 주소').fill(missing)
  await add.getByRole('button', { name: '구독', exact: true }).click()
  await expect(add.getByRole('alert')).toHaveText(`피드가 아닙니다: ${missing} (서버 응답 404)`)
  const busy = site.server.url('/busy.xml')
  await add.getByLabel('피드 또는 웹사이트 주소').fill(busy)
  await add.getByRole('button', { name: '구독', exact: true }).click()
  await expect(add.getByRole('alert')).toHaveText(`피드를 가져오지 못했습니다: ${busy} (서버 혼잡, 응답 503)`)
  await expect(add.getByRole('button', { name: '그래도 구독' })).toBeVisible()
  await screenshot(page, 'korean-light-add-feed-error')
  expect(pageErrors).toEqual([])
})

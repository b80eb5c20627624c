// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../src/renderer/src/App'
import { applyLanguage } from '../../src/renderer/src/locale'
import { giveElementsASize } from './fake-api'
import { current } from './mock-api-client'
import { start, twoFeeds } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

beforeEach(() => {
  giveElementsASize()
  localStorage.clear()
})
afterEach(() => {
  cleanup()
  current.fake = null
  applyLanguage('en', [])
})

const nav = () => screen.getByRole('navigation', { name: /^(Feeds|피드)$/ })

describe('the interface language', () => {
  it('switches to Korean from Settings at once (memoised rows too, <html lang> with it), and back', async () => {
    const { user, fake } = await start(twoFeeds())
    expect(document.documentElement.lang).toBe('en')
    expect(within(nav()).getByRole('button', { name: /^All Articles/ })).toBeTruthy()

    await user.click(screen.getByRole('button', { name: /^Settings/ }))
    const dialog = await screen.findByRole('dialog', { name: 'Settings' })
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Language' }), 'ko')
    // Drawn in Korean as it is chosen, the dialog itself included; nothing restarted.
    await waitFor(() => expect(document.documentElement.lang).toBe('ko'))
    expect(screen.getByRole('dialog', { name: '설정' })).toBeTruthy()
    expect(within(nav()).getByRole('button', { name: /^모든 기사/ })).toBeTruthy()
    // A memoised feed row (its failure's tooltip) follows too.
    expect(within(nav()).getByTitle(/^마지막 동기화 실패: /)).toBeTruthy()
    await user.click(
      within(screen.getByRole('dialog', { name: '설정' })).getByRole('button', { name: '저장' }),
    )
    await waitFor(() =>
      expect(fake.api.updateSettings).toHaveBeenCalledWith(expect.objectContaining({ language: 'ko' })),
    )
    expect(document.documentElement.lang).toBe('ko')

    await user.click(screen.getByRole('button', { name: /^설정/ }))
    const again = await screen.findByRole('dialog', { name: '설정' })
    await user.selectOptions(within(again).getByRole('combobox', { name: '언어' }), 'en')
    await waitFor(() => expect(document.documentElement.lang).toBe('en'))
    expect(within(nav()).getByRole('button', { name: /^All Articles/ })).toBeTruthy()
  })

  it('follows the system’s preferred languages when set to System', async () => {
    const fake = twoFeeds()
    await fake.api.updateSettings({ language: 'system' })
    ;(fake.api as { languages: readonly string[] }).languages = ['ko-KR', 'en-US']
    current.fake = fake
    render(<App />)
    await waitFor(() => expect(document.documentElement.lang).toBe('ko'))
    await screen.findByRole('listbox', { name: '기사' })
    expect(within(nav()).getByRole('button', { name: /^모든 기사/ })).toBeTruthy()
  })

  it('falls back to English when the system prefers no language the interface speaks', async () => {
    const fake = twoFeeds()
    await fake.api.updateSettings({ language: 'system' })
    ;(fake.api as { languages: readonly string[] }).languages = ['fr-FR', 'de']
    await start(fake)
    await waitFor(() => expect(document.documentElement.lang).toBe('en'))
    expect(within(nav()).getByRole('button', { name: /^All Articles/ })).toBeTruthy()
  })
})

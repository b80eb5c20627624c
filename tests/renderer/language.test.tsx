// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { App } from '../../src/renderer/src/App'
import { failureText } from '../../src/renderer/src/locale'
import { fakeApi, feedSummary, listItem } from './fake-api'
import { current, withReaderPage } from './mock-api-client'
import { start, twoFeeds } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

withReaderPage()

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
    // Its tooltip: the feed's name, then the failure (testing-library reads the line break as a space).
    expect(within(nav()).getByTitle(/ 마지막 동기화 실패: /)).toBeTruthy()
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

  it('words a coded failure in Korean, and shows an uncoded one as the core said it', async () => {
    const fake = twoFeeds()
    await fake.api.updateSettings({ language: 'ko' })
    current.fake = fake
    const { default: userEvent } = await import('@testing-library/user-event')
    const user = userEvent.setup()
    render(<App />)
    await screen.findByRole('listbox', { name: '기사' })
    fake.api.addFeed
      .mockRejectedValueOnce(
        Object.assign(new Error('could not fetch https://busy.example/feed: the server is busy'), {
          code: 'feed-unreachable',
          params: { url: 'https://busy.example/feed', reason: 'busy', status: 429 },
        }),
      )
      .mockRejectedValueOnce(new Error('the disk is full'))
    await user.keyboard('a')
    const dialog = await screen.findByRole('dialog', { name: '피드 추가' })
    await user.type(within(dialog).getByLabelText(/피드 또는 웹사이트 주소/), 'busy.example/feed')
    await user.click(within(dialog).getByRole('button', { name: '구독' }))
    expect(
      await within(dialog).findByText(
        '피드를 가져오지 못했습니다: https://busy.example/feed (서버 혼잡, 응답 429)',
      ),
    ).toBeTruthy()
    // Offered all the same, by the code.
    expect(within(dialog).getByRole('button', { name: '그래도 구독' })).toBeTruthy()
    await user.click(within(dialog).getByRole('button', { name: '구독' }))
    expect(await within(dialog).findByText('the disk is full')).toBeTruthy()
  })

  it('words a feed’s coded sync failure in Korean in the sidebar and the list’s banner', async () => {
    const feeds = [
      feedSummary('herald', 'The Herald', {
        lastError: 'the server is busy (it answered 503 Service Unavailable)',
        lastErrorCode: { code: 'sync-fetch', params: { reason: 'busy', status: 503 } },
      }),
    ]
    const fake = fakeApi({ feeds, articles: [listItem(0, 'herald')] })
    await fake.api.updateSettings({ language: 'ko' })
    current.fake = fake
    render(<App />)
    await screen.findByRole('listbox', { name: '기사' })
    expect(await within(nav()).findByTitle('The Herald 마지막 동기화 실패: 서버 혼잡, 응답 503')).toBeTruthy()
  })

  it('shows a coded failure lacking the parameters its words need as the core’s message, never throws', () => {
    const bare = Object.assign(new Error('could not fetch x: busy'), { code: 'feed-unreachable' })
    expect(failureText(bare)).toBe('could not fetch x: busy')
    expect(failureText(Object.assign(new Error('odd'), { code: 'ECONNREFUSED' }))).toBe('odd')
    expect(failureText('plain')).toBe('plain')
  })

  it('says what a feed’s last sync left out in Korean, from its code', async () => {
    const notice = 'took the newest 1,000 of its 3,000 items'
    const noticeCode = {
      code: 'sync-notice',
      params: { items: 3000, max: 1000, both: 'no', skipped: 0, title: '', reason: '' },
    }
    const fake = fakeApi({
      feeds: [feedSummary('gazette', 'The Gazette', { notice, noticeCode })],
      articles: [listItem(0, 'gazette')],
    })
    await fake.api.updateSettings({ language: 'ko' })
    current.fake = fake
    const { default: userEvent } = await import('@testing-library/user-event')
    const user = userEvent.setup()
    render(<App />)
    await screen.findByRole('listbox', { name: '기사' })
    await user.click(within(nav()).getAllByRole('button', { name: /^The Gazette/ })[0]!)
    expect((await screen.findByRole('note')).textContent).toBe(
      '마지막 동기화: 항목 3,000개 중 최신 1,000개만 가져옴.',
    )
  })
})

// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { AccountView } from '../../src/shared/contract'
import { App } from '../../src/renderer/src/App'
import { fakeApi, feedSummary, listItem } from './fake-api'
import { current, withReaderPage } from './mock-api-client'
import { start } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

withReaderPage()

const ACCOUNT: AccountView = {
  id: 'acct1',
  kind: 'greader',
  url: 'https://rss.example/api/greader.php',
  user: 'alice',
  lastSync: null,
  lastError: 'rss.example could not be reached: ECONNREFUSED',
  feeds: 1,
  pending: 2,
  credential: 'file',
}

function withAccount() {
  const feeds = [
    feedSummary('local', 'Local Paper', { unread: 1, total: 1 }),
    feedSummary('remote', 'Server Paper', { account: 'acct1', unread: 1, total: 1 }),
  ]
  return fakeApi({ feeds, articles: [listItem(0, 'local'), listItem(1, 'remote')], accounts: [ACCOUNT] })
}

describe('server accounts in the reader', () => {
  it('the sidebar groups subscriptions under this computer and each account, with the account’s error', async () => {
    await start(withAccount())
    const nav = screen.getByRole('navigation', { name: 'Feeds' })
    const local = within(nav).getByRole('region', { name: 'On This Computer' })
    const remote = within(nav).getByRole('region', { name: 'alice at rss.example' })
    expect(within(local).getByRole('button', { name: 'Local Paper, 1 unread' })).toBeTruthy()
    expect(within(local).queryByRole('button', { name: /Server Paper/ })).toBeNull()
    expect(within(remote).getByRole('button', { name: 'Server Paper, 1 unread' })).toBeTruthy()
    expect(
      within(remote).getByText('Last sync failed: rss.example could not be reached: ECONNREFUSED'),
    ).toBeTruthy()
  })

  it('an account’s coded error is worded in the interface language (Korean here)', async () => {
    const fake = withAccount()
    await fake.api.updateSettings({ language: 'ko' })
    current.fake = fake
    const coded = { code: 'account-wrong-password', params: { host: 'rss.example' } }
    ;(await fake.api.listAccounts()).splice(0, 1, { ...ACCOUNT, lastErrorCode: coded })
    render(<App />)
    const nav = await screen.findByRole('navigation', { name: '피드' })
    expect(
      await within(nav).findByText(
        '마지막 동기화 실패: rss.example에 로그인하지 못했습니다. 사용자 이름과 API 비밀번호를 확인하세요.',
      ),
    ).toBeTruthy()
  })

  it('without accounts, the sidebar is one list of subscriptions as before', async () => {
    await start(fakeApi({ feeds: [feedSummary('local', 'Local Paper')], articles: [listItem(0, 'local')] }))
    expect(screen.getByRole('heading', { name: 'Subscriptions' })).toBeTruthy()
    expect(screen.queryByRole('region', { name: 'On This Computer' })).toBeNull()
  })

  it('Settings → Accounts tests a sign-in, adds the account, lists it and removes it', async () => {
    const { fake, user } = await start(
      fakeApi({ feeds: [feedSummary('local', 'Local Paper')], articles: [listItem(0, 'local')] }),
    )
    await user.keyboard('{Control>},{/Control}')
    const dialog = await screen.findByRole('dialog', { name: 'Settings' })
    const accounts = within(dialog).getByRole('group', { name: 'Accounts' })
    expect(within(accounts).getByText('No accounts yet.')).toBeTruthy()
    const add = within(accounts).getByRole('button', { name: 'Add Account' }) as HTMLButtonElement
    expect(add.disabled).toBe(true)
    await user.type(
      within(accounts).getByLabelText('Server API address'),
      'https://rss.example/api/greader.php',
    )
    await user.type(within(accounts).getByLabelText('User name'), 'alice')
    await user.type(within(accounts).getByLabelText('API password'), 'hunter2')

    fake.api.testAccount.mockRejectedValueOnce(
      new Error('authentication failed at rss.example: check the user name and the API password'),
    )
    await user.click(within(accounts).getByRole('button', { name: 'Test Connection' }))
    expect(
      await within(accounts).findByText(
        'Could not do that: authentication failed at rss.example: check the user name and the API password',
      ),
    ).toBeTruthy()
    await user.click(within(accounts).getByRole('button', { name: 'Test Connection' }))
    expect(await within(accounts).findByText('Signed in: the address, user and password work.')).toBeTruthy()

    const syncsBefore = fake.api.syncNow.mock.calls.length
    await user.click(add)
    expect(
      await within(accounts).findByText('Account added. Its subscriptions are being synced now.'),
    ).toBeTruthy()
    // Its subscriptions are fetched at once, not at the next interval.
    expect(fake.api.syncNow.mock.calls.length).toBe(syncsBefore + 1)
    expect(fake.api.addAccount).toHaveBeenCalledWith({
      url: 'https://rss.example/api/greader.php',
      user: 'alice',
      password: 'hunter2',
    })
    expect((within(accounts).getByLabelText('API password') as HTMLInputElement).value).toBe('')
    expect(within(accounts).getByText('alice at rss.example')).toBeTruthy()
    await waitFor(() => expect(screen.getByRole('region', { name: 'alice at rss.example' })).toBeTruthy())

    await user.click(
      within(accounts).getByRole('button', { name: 'Remove the account alice at rss.example' }),
    )
    expect(await within(accounts).findByText('Account removed; its bookmarked articles stay.')).toBeTruthy()
    expect(fake.api.removeAccount).toHaveBeenCalledWith({ accountId: 'acct1' })
    expect(within(accounts).getByText('No accounts yet.')).toBeTruthy()
  })

  it('the add-feed dialog subscribes on the account chosen', async () => {
    const { fake, user } = await start(withAccount())
    fake.api.addFeed.mockResolvedValueOnce(feedSummary('new', 'New Paper', { account: 'acct1' }))
    await user.keyboard('a')
    const dialog = await screen.findByRole('dialog', { name: 'Add a feed' })
    await user.type(within(dialog).getByLabelText(/Feed or website address/), 'https://new.example/feed')
    const where = within(dialog).getByLabelText('Subscribe on') as HTMLSelectElement
    expect([...where.options].map((option) => option.textContent)).toEqual([
      'On This Computer',
      'alice at rss.example',
    ])
    await user.selectOptions(where, 'alice at rss.example')
    await user.click(within(dialog).getByRole('button', { name: 'Subscribe' }))
    await waitFor(() =>
      expect(fake.api.addFeed).toHaveBeenCalledWith({
        url: 'https://new.example/feed',
        folder: undefined,
        account: 'acct1',
        requestId: expect.stringMatching(/^[0-9A-Za-z_-]+$/),
      }),
    )
  })
})

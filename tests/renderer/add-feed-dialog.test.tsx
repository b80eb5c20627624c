// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { fakeApi, feedSummary, listItem } from './fake-api'
import { withReaderPage } from './mock-api-client'
import { start } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

withReaderPage()

const onePaper = () =>
  fakeApi({ feeds: [feedSummary('local', 'Local Paper')], articles: [listItem(0, 'local')] })

describe('the add-feed dialog', () => {
  it('takes a bare address in a text field (no browser URL validator) and sends it as typed', async () => {
    const { fake, user } = await start(onePaper())
    fake.api.addFeed.mockResolvedValueOnce(feedSummary('new', 'New Paper'))
    await user.keyboard('a')
    const dialog = await screen.findByRole('dialog', { name: 'Add a feed' })
    const field = within(dialog).getByLabelText(/Feed or website address/) as HTMLInputElement
    expect(field.type).toBe('text')
    expect(field.inputMode).toBe('url')
    await user.type(field, '127.0.0.1:4000/kh/')
    expect(field.checkValidity()).toBe(true)
    await user.click(within(dialog).getByRole('button', { name: 'Subscribe' }))
    await waitFor(() =>
      expect(fake.api.addFeed).toHaveBeenCalledWith(expect.objectContaining({ url: '127.0.0.1:4000/kh/' })),
    )
  })

  it('offers Subscribe Anyway when the feed cannot be fetched now, and sends it with anyway', async () => {
    const { fake, user } = await start(onePaper())
    const busy =
      'could not fetch https://busy.example/feed: the server is busy (it answered 429 Too Many Requests)'
    fake.api.addFeed
      .mockRejectedValueOnce(Object.assign(new Error(busy), { code: 'feed-unreachable' }))
      .mockResolvedValueOnce(feedSummary('busy', 'busy.example', { lastError: busy }))
    await user.keyboard('a')
    const dialog = await screen.findByRole('dialog', { name: 'Add a feed' })
    await user.type(within(dialog).getByLabelText(/Feed or website address/), 'busy.example/feed')
    await user.click(within(dialog).getByRole('button', { name: 'Subscribe' }))
    expect((await within(dialog).findByRole('alert')).textContent).toBe(busy)
    await user.click(within(dialog).getByRole('button', { name: 'Subscribe Anyway' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add a feed' })).toBeNull())
    expect(fake.api.addFeed).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: 'busy.example/feed', anyway: true }),
    )
  })

  it('offers no Subscribe Anyway for other failures (not a feed, a duplicate)', async () => {
    const { fake, user } = await start(onePaper())
    fake.api.addFeed.mockRejectedValueOnce(
      new Error('https://x.example/ is not a feed: the address gives a web page'),
    )
    await user.keyboard('a')
    const dialog = await screen.findByRole('dialog', { name: 'Add a feed' })
    await user.type(within(dialog).getByLabelText(/Feed or website address/), 'x.example')
    await user.click(within(dialog).getByRole('button', { name: 'Subscribe' }))
    await within(dialog).findByRole('alert')
    expect(within(dialog).queryByRole('button', { name: 'Subscribe Anyway' })).toBeNull()
  })

  it('shows progress while adding, and Cancel asks the core to stop that request, keeping the address', async () => {
    const { fake, user } = await start(onePaper())
    let fail: (error: Error) => void = () => undefined
    fake.api.addFeed.mockReturnValueOnce(new Promise((_resolve, reject) => (fail = reject)))
    fake.api.cancelRequest.mockImplementationOnce(async () => {
      fail(new Error('cancelled'))
      return undefined
    })
    await user.keyboard('a')
    const dialog = await screen.findByRole('dialog', { name: 'Add a feed' })
    await user.type(within(dialog).getByLabelText(/Feed or website address/), 'slow.example')
    await user.click(within(dialog).getByRole('button', { name: 'Subscribe' }))
    expect(within(dialog).getByRole('status').textContent).toContain('Looking for the feed at slow.example…')
    expect(within(dialog).getByRole('progressbar')).toBeTruthy()
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    const { requestId } = fake.api.addFeed.mock.calls[0]![0] as { requestId: string }
    expect(requestId).toMatch(/^[0-9A-Za-z_-]{1,64}$/)
    expect(fake.api.cancelRequest).toHaveBeenCalledWith({ requestId })
    expect(within(dialog).getByRole('status').textContent).toMatch(/^Cancelled/)
    expect((within(dialog).getByLabelText(/Feed or website address/) as HTMLInputElement).value).toBe(
      'slow.example',
    )
    expect(within(dialog).queryByRole('alert')).toBeNull()
  })

  it('the Save Page and account address fields are text fields too', async () => {
    const { user } = await start(onePaper())
    await user.click(screen.getByRole('button', { name: 'Save Page' }))
    const save = await screen.findByRole('dialog', { name: 'Save a page' })
    expect((within(save).getByLabelText(/Page address/) as HTMLInputElement).type).toBe('text')
    await user.click(within(save).getByRole('button', { name: 'Cancel' }))
    await user.keyboard('{Control>},{/Control}')
    const settings = await screen.findByRole('dialog', { name: 'Settings' })
    const address = within(settings).getByLabelText('Server API address') as HTMLInputElement
    expect(address.type).toBe('text')
    expect(address.inputMode).toBe('url')
  })
})

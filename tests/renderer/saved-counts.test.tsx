// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { SAVED_FEED_ID } from '../../src/shared/types'
import { fakeApi, feedSummary, listItem } from './fake-api'
import { withReaderPage } from './mock-api-client'
import { listRows, start } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

withReaderPage()

describe('unread counts and Saved pages', () => {
  it('count unread saved pages in All Articles and Unread, as the Unread list shows them, and beside Saved', async () => {
    const feeds = [feedSummary('gazette', 'The Gazette')]
    const articles = [
      listItem(0, 'gazette'),
      listItem(1, 'gazette', { read: true }),
      listItem(2, SAVED_FEED_ID, { saved: true }),
      listItem(3, SAVED_FEED_ID, { saved: true }),
    ]
    const { user } = await start(fakeApi({ feeds, articles }))
    const nav = screen.getByRole('navigation', { name: 'Feeds' })
    const views = within(nav)
    await waitFor(() => expect(views.getByRole('button', { name: 'Unread, 3 unread' })).toBeTruthy())
    expect(views.getByRole('button', { name: 'All Articles, 3 unread' })).toBeTruthy()
    expect(views.getByRole('button', { name: 'Saved Pages, 2 unread' })).toBeTruthy()
    // The count says what the list holds.
    await user.click(views.getByRole('button', { name: /^Unread/ }))
    await waitFor(() => expect(listRows()).toHaveLength(3))

    // Reading a saved page counts at once, before the core counts again.
    await user.click(listRows().find((row) => row.textContent?.includes(`Story 3 of ${SAVED_FEED_ID}`))!)
    await waitFor(() => expect(views.getByRole('button', { name: 'Unread, 2 unread' })).toBeTruthy())
    expect(views.getByRole('button', { name: 'Saved Pages, 1 unread' })).toBeTruthy()
  })
})

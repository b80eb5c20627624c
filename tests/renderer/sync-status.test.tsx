// @vitest-environment jsdom
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { SyncSummary } from '../../src/shared/contract'
import { withReaderPage } from './mock-api-client'
import { start, twoFeeds } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

withReaderPage()

/** A sync that another process (the CLI) ran 5 minutes ago, the Herald failing. */
function syncedElsewhere(): SyncSummary {
  const finished = Date.now() - 5 * 60_000
  return {
    reason: 'manual',
    startedAt: new Date(finished - 2_000).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: 2_000,
    newArticles: 3,
    feeds: [
      { id: 'gazette', title: 'The Gazette', newArticles: 3, error: null, notice: null },
      { id: 'herald', title: 'The Herald', newArticles: 0, error: 'timed out', notice: null },
    ],
    accounts: [],
  }
}

const statusLine = () => screen.getByText(/^(Last synced|Not synced yet|Syncing)/).textContent

describe('the sync status', () => {
  it('opens with the last sync the library recorded, not "Not synced yet"', async () => {
    const fake = twoFeeds()
    fake.status.lastSync = syncedElsewhere()
    await start(fake)
    await waitFor(() => expect(statusLine()).toBe('Last synced 5 minutes ago'))
    expect(screen.getByText('3 new articles · 1 feed failed')).toBeTruthy()
  })

  it('counts as new only what the rules left unread and shown', async () => {
    const fake = twoFeeds()
    // Of the Gazette's 3, a rule hid one and marked one read.
    fake.status.lastSync = { ...syncedElsewhere(), newUnread: { gazette: 1 } }
    await start(fake)
    await waitFor(() => expect(screen.getByText('1 new article · 1 feed failed')).toBeTruthy())
  })

  it('says "Not synced yet" only for a library never synced', async () => {
    await start(twoFeeds())
    expect(statusLine()).toBe('Not synced yet')
    expect(screen.queryByText(/\d+ feeds? failed/)).toBeNull()
  })

  it('stops counting a failing feed once it is removed', async () => {
    const fake = twoFeeds()
    fake.status.lastSync = syncedElsewhere()
    fake.api.removeFeed.mockImplementation(async ({ feedId }: { feedId: string }) => {
      fake.feeds.splice(
        fake.feeds.findIndex((feed) => feed.id === feedId),
        1,
      )
      return { removed: 0, kept: 0 }
    })
    const { user } = await start(fake)
    await waitFor(() => expect(screen.getByText('3 new articles · 1 feed failed')).toBeTruthy())
    await user.click(screen.getByRole('button', { name: 'Options for The Herald' }))
    await user.click(screen.getByRole('menuitem', { name: 'Unsubscribe…' }))
    await user.click(screen.getByRole('button', { name: 'Unsubscribe' }))
    await waitFor(() => expect(screen.getByText('3 new articles')).toBeTruthy())
    expect(screen.queryByText(/feed failed/)).toBeNull()
    // A later sync's own failures count again.
    act(() =>
      fake.emit('syncFinished', {
        ...syncedElsewhere(),
        finishedAt: new Date().toISOString(),
        feeds: [{ id: 'gazette', title: 'The Gazette', newArticles: 0, error: 'timed out', notice: null }],
      }),
    )
    expect(screen.getByText('3 new articles · 1 feed failed')).toBeTruthy()
  })

  it('coming back to the window shows a sync another process ran meanwhile, and reloads the feeds', async () => {
    const fake = twoFeeds()
    await start(fake)
    expect(statusLine()).toBe('Not synced yet')
    const loads = fake.api.listFeeds.mock.calls.length
    fake.status.lastSync = syncedElsewhere()
    act(() => void window.dispatchEvent(new Event('focus')))
    await waitFor(() => expect(statusLine()).toBe('Last synced 5 minutes ago'))
    expect(screen.getByText('3 new articles · 1 feed failed')).toBeTruthy()
    await waitFor(() => expect(fake.api.listFeeds.mock.calls.length).toBeGreaterThan(loads))
    // The same record again changes nothing.
    const after = fake.api.listFeeds.mock.calls.length
    act(() => void window.dispatchEvent(new Event('focus')))
    await waitFor(() => expect(fake.api.getStatus.mock.calls.length).toBeGreaterThanOrEqual(3))
    expect(fake.api.listFeeds.mock.calls.length).toBe(after)
  })
})

// @vitest-environment jsdom
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { ArticleListItem } from '../../src/shared/types'
import { fakeApi, feedSummary, listItem, SETTINGS } from './fake-api'
import { withReaderPage } from './mock-api-client'
import { heading, start } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

withReaderPage()

/** The Gazette (3 unread) in the News folder, the Herald (2 unread) at the top level; newest first. */
function newsroom() {
  const feeds = [
    feedSummary('gazette', 'The Gazette', { folderId: 'news' }),
    feedSummary('herald', 'The Herald'),
  ]
  const folders = [{ id: 'news', title: 'News', parentId: null, path: 'News' }]
  const articles = Array.from({ length: 5 }, (_, i) => listItem(i, i % 2 === 0 ? 'gazette' : 'herald'))
  return fakeApi({ feeds, folders, articles })
}

const row = (id: string) => document.getElementById(`row-${id}`)!
const named = (name: string) => screen.queryByRole('button', { name })
const withCount = (title: string, count: number) => (count > 0 ? `${title}, ${count} unread` : title)

/**
 * What the reader shows of one article's read flag (its row, and the open article's toolbar unless it
 * is still coming) and of the counts, all of it at once.
 */
async function shown(expected: { id: string; read: boolean; gazette: number; herald: number; open?: false }) {
  const { id, read, gazette, herald, open } = expected
  await waitFor(() => {
    expect(row(id).classList.contains(read ? 'read' : 'unread')).toBe(true)
    if (open !== false) expect(named(read ? 'Mark as Unread' : 'Mark as Read')).toBeTruthy()
    expect(named(withCount('The Gazette', gazette))).toBeTruthy()
    expect(named(withCount('News', gazette))).toBeTruthy()
    expect(named(withCount('The Herald', herald))).toBeTruthy()
    expect(named(withCount('All Articles', gazette + herald))).toBeTruthy()
  })
}

describe('an article’s flags, held in one place', () => {
  it('marked read by opening, then unread by key: the row, the open article and every count follow', async () => {
    const { fake, user } = await start(newsroom())
    await user.click(row('gazette-2'))
    await waitFor(() => expect(heading()).toBe('Story 2 of gazette'))
    await shown({ id: 'gazette-2', read: true, gazette: 2, herald: 2 })
    await user.keyboard('m')
    await shown({ id: 'gazette-2', read: false, gazette: 3, herald: 2 })
    await user.keyboard('m')
    await shown({ id: 'gazette-2', read: true, gazette: 2, herald: 2 })
    expect(fake.api.setRead.mock.calls.map(([args]) => args)).toEqual([
      { ids: ['gazette-2'], read: true },
      { ids: ['gazette-2'], read: false },
      { ids: ['gazette-2'], read: true },
    ])
  })

  it('marked read from a feed’s menu: its rows, the open article and the counts', async () => {
    const fake = newsroom()
    fake.api.getSettings.mockResolvedValue({ ...SETTINGS, markReadOnOpen: false })
    const { user } = await start(fake)
    await user.click(row('gazette-2'))
    await waitFor(() => expect(heading()).toBe('Story 2 of gazette'))
    await shown({ id: 'gazette-2', read: false, gazette: 3, herald: 2 })
    await user.click(screen.getByRole('button', { name: 'Options for The Gazette' }))
    await user.click(screen.getByRole('menuitem', { name: 'Mark All as Read' }))
    await shown({ id: 'gazette-2', read: true, gazette: 0, herald: 2 })
    expect(row('gazette-4').classList.contains('read')).toBe(true)
    expect(row('herald-3').classList.contains('unread')).toBe(true)
  })

  it('marked read from a folder’s menu: the folder’s feeds’ rows, the open article and the counts', async () => {
    const fake = newsroom()
    fake.api.getSettings.mockResolvedValue({ ...SETTINGS, markReadOnOpen: false })
    const { user } = await start(fake)
    await user.click(row('gazette-4'))
    await waitFor(() => expect(heading()).toBe('Story 4 of gazette'))
    await user.click(screen.getByRole('button', { name: 'Options for folder News' }))
    await user.click(screen.getByRole('menuitem', { name: 'Mark All as Read' }))
    expect(fake.api.markAllRead).toHaveBeenCalledWith({ folderId: 'news' })
    await shown({ id: 'gazette-4', read: true, gazette: 0, herald: 2 })
  })

  it('a change the core refuses is undone everywhere, and says why', async () => {
    const { fake, user } = await start(newsroom())
    fake.api.setRead.mockRejectedValueOnce(new Error('the data folder is read-only'))
    await user.click(row('gazette-2'))
    await waitFor(() => expect(heading()).toBe('Story 2 of gazette'))
    expect(await screen.findByText('the data folder is read-only')).toBeTruthy()
    await shown({ id: 'gazette-2', read: false, gazette: 3, herald: 2 })
  })

  it('counts stay right when the library reloads before a change has reached the core', async () => {
    const { fake, user } = await start(newsroom())
    // The article comes slowly, and marking it read waits for it.
    let release = (): void => undefined
    fake.api.getArticle.mockImplementationOnce(
      ({ id }: { id: string }) =>
        new Promise((resolve) => (release = () => resolve(fake.api.getArticle({ id })))),
    )
    await user.click(row('gazette-2'))
    await shown({ id: 'gazette-2', read: true, gazette: 2, herald: 2, open: false })
    expect(fake.api.setRead).not.toHaveBeenCalled()
    // A feed finished syncing: the library loads again, and the core still counts the article unread.
    const listed = fake.api.listFeeds.mock.calls.length
    act(() =>
      fake.emit('syncProgress', {
        done: 1,
        total: 2,
        feed: { id: 'herald', title: 'The Herald', error: null, newArticles: 1 },
      }),
    )
    await waitFor(() => expect(fake.api.listFeeds.mock.calls.length).toBe(listed + 1))
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)))
    await shown({ id: 'gazette-2', read: true, gazette: 2, herald: 2, open: false })
    act(() => release())
    await waitFor(() => expect(fake.api.setRead).toHaveBeenCalledWith({ ids: ['gazette-2'], read: true }))
    // Counted by the core now: the next counts include it, and it is not taken off twice.
    act(() => fake.emit('syncProgress', { done: 2, total: 2, feed: { ...herald, newArticles: 1 } }))
    await waitFor(() => expect(fake.api.listFeeds.mock.calls.length).toBe(listed + 2))
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)))
    await shown({ id: 'gazette-2', read: true, gazette: 2, herald: 2 })
  })

  it('a list that was on its way before a change does not undo it', async () => {
    const { fake, user } = await start(newsroom())
    await user.click(row('gazette-2'))
    await waitFor(() => expect(fake.api.setRead).toHaveBeenCalledWith({ ids: ['gazette-2'], read: true }))
    // A sync brought articles: the list is asked for again (the core has the article read), slowly.
    let answer = (): void => undefined
    fake.api.listArticles.mockImplementationOnce((query) => {
      const listing = fake.api.listArticles(query)
      return new Promise<ArticleListItem[]>((resolve) => (answer = () => void listing.then(resolve)))
    })
    const asked = fake.api.listArticles.mock.calls.length
    const now = new Date().toISOString()
    act(() =>
      fake.emit('syncFinished', {
        reason: 'manual',
        accounts: [],
        startedAt: now,
        finishedAt: now,
        durationMs: 1,
        newArticles: 1,
        feeds: [],
      }),
    )
    await waitFor(() => expect(fake.api.listArticles.mock.calls.length).toBeGreaterThan(asked))
    // Marked unread here while that answer is on its way.
    await user.keyboard('m')
    await act(async () => answer())
    await shown({ id: 'gazette-2', read: false, gazette: 3, herald: 2 })
  })
})

const herald = { id: 'herald', title: 'The Herald', error: null }

// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../src/renderer/src/App'
import { fakeApi, feedSummary, giveElementsASize, listItem } from './fake-api'
import { current } from './mock-api-client'
import { heading, listRows, start, twoFeeds } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

beforeEach(() => {
  giveElementsASize()
  localStorage.clear()
  window.open = vi.fn(() => null)
})
afterEach(() => {
  cleanup()
  current.fake = null
})

describe('the reader', () => {
  it('shows the first-run screen when there are no feeds, with add-feed and OPML import', async () => {
    current.fake = fakeApi()
    render(<App />)
    expect(await screen.findByRole('heading', { name: 'Welcome to Broadsheet' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Add a Feed' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Import OPML…' })).toBeTruthy()
    expect(screen.queryByRole('listbox')).toBeNull()
  })

  it('says when the feeds cannot be loaded, and tries again when asked', async () => {
    const fake = twoFeeds()
    fake.api.listFeeds.mockRejectedValueOnce(new Error('the data folder is locked'))
    current.fake = fake
    const user = userEvent.setup()
    render(<App />)
    const alert = await screen.findByText('Could not load your feeds: the data folder is locked')
    expect(screen.queryByRole('heading', { name: 'Welcome to Broadsheet' })).toBeNull()
    await user.click(within(alert.parentElement!).getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('button', { name: 'The Gazette, 2 unread' })).toBeTruthy()
    expect(screen.queryByText(/Could not load your feeds/)).toBeNull()
  })

  it('lists feeds with unread counts and a failing feed’s message beside it', async () => {
    await start()
    const nav = screen.getByRole('navigation', { name: 'Feeds' })
    expect(within(nav).getByRole('button', { name: 'The Gazette, 2 unread' })).toBeTruthy()
    const herald = within(nav).getByRole('button', {
      name: /^The Herald, 1 unread, Last sync failed: the server answered 503/,
    })
    expect(herald.textContent).toContain('the server answered 503 Service Unavailable')
  })

  it("says above a feed's list what its last sync left out, calmly (a note, not an alert)", async () => {
    const notice = 'took the newest 1,000 of its 100,000 items'
    const feeds = [
      feedSummary('gazette', 'The Gazette', { notice }),
      feedSummary('herald', 'The Herald', { lastError: 'the server answered 503', notice }),
    ]
    const articles = [listItem(0, 'gazette'), listItem(1, 'herald')]
    const { user } = await start(fakeApi({ feeds, articles }))
    const nav = screen.getByRole('navigation', { name: 'Feeds' })
    await user.click(within(nav).getByRole('button', { name: /^The Gazette/ }))
    expect((await screen.findByRole('note')).textContent).toBe(`Last sync ${notice}.`)
    // A feed whose last sync failed shows its error instead (the notice is from an older sync).
    await user.click(within(nav).getByRole('button', { name: /^The Herald/ }))
    expect(await screen.findByRole('alert')).toBeTruthy()
    expect(screen.queryByRole('note')).toBeNull()
  })

  it('nests folders by title with their unread counts, subfolders included; n walks feeds in that order', async () => {
    const feeds = [
      feedSummary('zeta', 'Zeta Daily', { folderId: 'world' }),
      feedSummary('alpha', 'Alpha Wire', { folderId: 'world' }),
      feedSummary('deep', 'Deep Post', { folderId: 'asia' }),
      feedSummary('loose', 'Loose Leaf'),
    ]
    // Unread: Zeta 4, Alpha 1, Deep 2, Loose 5.
    const unread = { zeta: 4, alpha: 1, deep: 2, loose: 5 }
    let n = 0
    const articles = Object.entries(unread).flatMap(([feedId, count]) =>
      Array.from({ length: count }, () => listItem(n++, feedId)),
    )
    const folders = [
      { id: 'world', title: 'World', parentId: null, path: 'World' },
      { id: 'asia', title: 'Asia', parentId: 'world', path: 'World/Asia' },
      { id: 'arts', title: 'Arts', parentId: null, path: 'Arts' },
    ]
    const fake = fakeApi({ feeds, folders, articles })
    const { user } = await start(fake)
    const nav = screen.getByRole('navigation', { name: 'Feeds' })
    await waitFor(() => expect(within(nav).getByRole('button', { name: 'World, 7 unread' })).toBeTruthy())
    expect(within(nav).getByRole('button', { name: 'Asia, 2 unread' })).toBeTruthy()
    expect(within(nav).getByRole('button', { name: 'Arts' })).toBeTruthy()
    const titles = [...nav.querySelectorAll('.nav-title')].map((t) => t.firstChild?.textContent)
    // After the four views and Highlights.
    expect(titles.slice(0, 5)).toEqual(['All Articles', 'Unread', 'Bookmarks', 'Saved Pages', 'Highlights'])
    expect(titles.slice(5)).toEqual([
      'Arts',
      'World',
      'Asia',
      'Deep Post',
      'Alpha Wire',
      'Zeta Daily',
      'Loose Leaf',
    ])
    await user.keyboard('n')
    await waitFor(() =>
      expect(fake.api.listArticles).toHaveBeenLastCalledWith(expect.objectContaining({ feedIds: ['deep'] })),
    )
  })

  it('asks for the article in the click itself, before drawing the choice', async () => {
    const { fake, user } = await start()
    const row = listRows()[1]!
    let askedBeforeRender: boolean | null = null
    fake.api.getArticle.mockImplementationOnce(async ({ id }: { id: string }) => {
      // Still the old selection on screen: the request left before React drew the click.
      askedBeforeRender = row.getAttribute('aria-selected') === 'false'
      return fake.api.getArticle({ id })
    })
    await user.click(row)
    await waitFor(() => expect(heading()).toBe('Story 1 of herald'))
    expect(askedBeforeRender).toBe(true)
  })

  it('keeps the last article on screen while the next loads, and says it is loading when that is slow', async () => {
    const { fake, user } = await start()
    await user.keyboard('j')
    await waitFor(() => expect(heading()).toBe('Story 2 of gazette'))
    let answer: (() => void) | null = null
    fake.api.getArticle.mockImplementationOnce(
      ({ id }: { id: string }) =>
        new Promise((resolve) => (answer = () => resolve(fake.api.getArticle({ id })))),
    )
    await user.keyboard('j')
    expect(heading()).toBe('Story 2 of gazette')
    expect(await screen.findByText('Loading article…', {}, { timeout: 1000 })).toBeTruthy()
    expect(heading()).toBeUndefined()
    act(() => answer!())
    await waitFor(() => expect(heading()).toBe('Story 1 of herald'))
  })

  it('j and k walk the list, opening each article and marking it read', async () => {
    const { fake, user } = await start()
    await user.keyboard('j')
    await waitFor(() => expect(heading()).toBe('Story 2 of gazette'))
    expect(fake.api.setRead).toHaveBeenCalledWith({ ids: ['gazette-2'], read: true })
    await waitFor(() => expect(screen.getByRole('button', { name: 'The Gazette, 1 unread' })).toBeTruthy())
    await user.keyboard('j')
    await waitFor(() => expect(heading()).toBe('Story 1 of herald'))
    await user.keyboard('k')
    await waitFor(() => expect(heading()).toBe('Story 2 of gazette'))
    const selected = listRows().filter((o) => o.getAttribute('aria-selected') === 'true')
    expect(selected.map((o) => o.id)).toEqual(['row-gazette-2'])
  })

  it('s bookmarks, m toggles read, v opens the original without a referrer', async () => {
    const { fake, user } = await start()
    await user.keyboard('j')
    await waitFor(() => expect(heading()).toBe('Story 2 of gazette'))
    await user.keyboard('s')
    expect(fake.api.setBookmarked).toHaveBeenCalledWith({ id: 'gazette-2', bookmarked: true })
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Bookmark' }).getAttribute('aria-pressed')).toBe('true'),
    )
    await user.keyboard('m')
    expect(fake.api.setRead).toHaveBeenLastCalledWith({ ids: ['gazette-2'], read: false })
    await user.keyboard('v')
    expect(window.open).toHaveBeenCalledWith('https://gazette.test/2', '_blank', 'noopener,noreferrer')
  })

  it('a link in the article opens in the browser, never in the reader', async () => {
    const { user } = await start()
    await user.keyboard('j')
    const link = await screen.findByRole('link', { name: 'a link' })
    await user.click(link)
    expect(window.open).toHaveBeenCalledWith('https://elsewhere.test/x', '_blank', 'noopener,noreferrer')
  })

  it('keys typed in a text field are text, not commands', async () => {
    const { fake, user } = await start()
    await user.click(screen.getByRole('searchbox', { name: 'Search articles' }))
    await user.keyboard('jk')
    expect(fake.api.getArticle).not.toHaveBeenCalled()
    expect((screen.getByRole('searchbox') as HTMLInputElement).value).toBe('jk')
  })

  it('/ focuses search; results come as you type with matches marked; an empty answer says so', async () => {
    const fake = twoFeeds()
    fake.answerSearch(({ query }) =>
      query === 'story'
        ? {
            total: 1,
            totalIsExact: true,
            results: [
              {
                id: 'herald-1',
                title: 'Story 1 of herald',
                feedId: 'herald',
                score: 1,
                matchedWords: 1,
                sortTime: 0,
                snippet: 'Snippet of story 1',
                snippetPositions: [[11, 5]],
                positions: { title: [[0, 5]] },
                read: false,
                bookmarked: true,
              },
            ],
          }
        : { total: 0, totalIsExact: true, results: [] },
    )
    const { user } = await start(fake)
    await user.keyboard('/')
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search articles' }))
    await user.keyboard('story')
    await waitFor(() => expect(listRows()).toHaveLength(1))
    expect(fake.api.search).toHaveBeenLastCalledWith(expect.objectContaining({ query: 'story' }))
    const row = listRows()[0]!
    expect([...row.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Story', 'story'])
    expect(within(row).getByRole('img', { name: 'Bookmarked' })).toBeTruthy()
    expect(screen.getByText('1 result')).toBeTruthy()

    await user.click(screen.getByRole('checkbox', { name: 'Unread' }))
    await waitFor(() =>
      expect(fake.api.search).toHaveBeenLastCalledWith(
        expect.objectContaining({ query: 'story', unread: true }),
      ),
    )
    await user.clear(screen.getByRole('searchbox'))
    await user.type(screen.getByRole('searchbox'), 'nothing')
    expect(await screen.findByText('No articles match “nothing”.')).toBeTruthy()
  })

  it('searches one query at a time: keys typed while one runs wait for it, then only the latest goes', async () => {
    const fake = twoFeeds()
    const answers: (() => void)[] = []
    fake.api.search.mockImplementation(
      (args: { query: string }) =>
        new Promise((resolve) =>
          answers.push(() =>
            resolve({
              total: 1,
              totalIsExact: true,
              results: [
                {
                  id: 'gazette-0',
                  title: `Found by ${args.query}`,
                  feedId: 'gazette',
                  score: 1,
                  matchedWords: 1,
                  sortTime: 0,
                  snippet: '',
                  snippetPositions: [],
                  positions: { title: [] },
                },
              ],
            }),
          ),
        ),
    )
    const { user } = await start(fake)
    await user.type(screen.getByRole('searchbox'), 'a')
    await waitFor(() => expect(fake.api.search).toHaveBeenCalledTimes(1))
    expect(fake.api.search).toHaveBeenLastCalledWith(expect.objectContaining({ query: 'a' }))
    await user.type(screen.getByRole('searchbox'), 'bc')
    // Nothing more is asked while the first search runs.
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(fake.api.search).toHaveBeenCalledTimes(1)
    act(() => answers[0]!())
    await waitFor(() => expect(fake.api.search).toHaveBeenCalledTimes(2))
    expect(fake.api.search).toHaveBeenLastCalledWith(expect.objectContaining({ query: 'abc' }))
    act(() => answers[1]!())
    expect(await screen.findByText('Found by abc')).toBeTruthy()
  })

  it('a failing search says why in one line and the reader keeps working', async () => {
    const fake = twoFeeds()
    // Every keystroke may search (one at a time): the query typed last is the one that fails.
    fake.answerSearch(({ query }) => {
      if (query === '"open') throw new Error('a quote is never closed')
      return { total: 0, totalIsExact: true, results: [] }
    })
    const { user } = await start(fake)
    await user.type(screen.getByRole('searchbox'), '"open')
    expect(await screen.findByText('Search failed: a quote is never closed')).toBeTruthy()
  })

  it('? shows the shortcuts from the registry; Escape closes it; dialogs keep the keys to themselves', async () => {
    const { fake, user } = await start()
    await user.keyboard('?')
    const sheet = await screen.findByRole('dialog', { name: 'Keyboard Shortcuts' })
    expect(within(sheet).getByRole('cell', { name: 'Next Article' })).toBeTruthy()
    await user.keyboard('j')
    expect(fake.api.getArticle).not.toHaveBeenCalled()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('a menu command runs through the same registry as its key', async () => {
    const { fake } = await start()
    act(() => fake.emit('command', { command: 'next-article' }))
    await waitFor(() => expect(heading()).toBe('Story 2 of gazette'))
    act(() => fake.emit('command', { command: 'refresh' }))
    expect(fake.api.syncNow).toHaveBeenCalled()
  })

  it('shows sync progress, the last sync, and going offline', async () => {
    const { fake } = await start()
    act(() => fake.emit('syncStarted', { reason: 'manual' }))
    act(() => fake.emit('syncProgress', { done: 1, total: 4, feed: null }))
    const bar = screen.getByRole('progressbar')
    expect(bar.getAttribute('aria-valuenow')).toBe('1')
    expect(bar.getAttribute('aria-valuemax')).toBe('4')
    expect(screen.getByText('Syncing 1 of 4 feeds')).toBeTruthy()
    // One feed is one feed.
    act(() => fake.emit('syncProgress', { done: 0, total: 1, feed: null }))
    expect(screen.getByText('Syncing 0 of 1 feed')).toBeTruthy()
    const now = new Date().toISOString()
    act(() =>
      fake.emit('syncFinished', {
        reason: 'manual',
        accounts: [],
        startedAt: now,
        finishedAt: now,
        durationMs: 5,
        newArticles: 2,
        feeds: [{ id: 'herald', title: 'The Herald', newArticles: 0, error: 'timed out', notice: null }],
      }),
    )
    expect(screen.queryByRole('progressbar')).toBeNull()
    expect(screen.getByText('Last synced just now')).toBeTruthy()
    expect(screen.getByText(/2 new articles · 1 feed failed/)).toBeTruthy()
    act(() => fake.emit('online', { online: false }))
    expect(screen.getByText('Offline: showing what is cached')).toBeTruthy()
  })

  it('marks all of a feed read from its menu', async () => {
    const { fake, user } = await start()
    await user.click(screen.getByRole('button', { name: 'Options for The Gazette' }))
    await user.click(screen.getByRole('menuitem', { name: 'Mark All as Read' }))
    expect(fake.api.markAllRead).toHaveBeenCalledWith({ feedIds: ['gazette'] })
    await waitFor(() => expect(screen.getByRole('button', { name: 'The Gazette' })).toBeTruthy())
  })

  it('virtualizes: 50,000 rows put only a screenful in the document, and more pages load on the way', async () => {
    const fake = fakeApi({
      feeds: [feedSummary('big', 'Big Feed')],
      articles: Array.from({ length: 50_000 }, (_, i) => listItem(i, 'big')),
    })
    await start(fake)
    const options = listRows()
    expect(options.length).toBeGreaterThan(5)
    expect(options.length).toBeLessThan(40)
    expect(options[0]!.getAttribute('aria-setsize')).toBe('150')
    expect(fake.api.listArticles).toHaveBeenCalledTimes(1)
    // Scrolled near the end of the first page: the next page (older than its last row) is asked for.
    const scroller = screen.getByRole('listbox', { name: 'Articles' })
    act(() => {
      scroller.scrollTop = 150 * 84 - 800
      scroller.dispatchEvent(new Event('scroll'))
    })
    await waitFor(() => expect(fake.api.listArticles).toHaveBeenCalledTimes(2))
    const oldestShown = fake.articles[149]!.sortTime
    expect(fake.api.listArticles).toHaveBeenLastCalledWith(
      expect.objectContaining({ limit: 150, before: oldestShown }),
    )
    await waitFor(() => expect(listRows()[0]!.getAttribute('aria-setsize')).toBe('300'))
    expect(listRows().length).toBeLessThan(40)
  })
})

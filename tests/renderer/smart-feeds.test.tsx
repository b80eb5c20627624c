// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { fakeApi, feedSummary, listItem } from './fake-api'
import { withReaderPage } from './mock-api-client'
import { listRows, start } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

withReaderPage()

function library() {
  const feeds = [feedSummary('gazette', 'The Gazette'), feedSummary('courier', 'The Courier')]
  // "Story N of gazette" and "Story N of courier": a smart feed for "gazette" finds the first three.
  const articles = [0, 1, 2].flatMap((i) => [listItem(i, 'gazette'), listItem(i, 'courier')])
  return fakeApi({ feeds, articles })
}

describe('smart feeds in the sidebar', () => {
  it('list with their unread count, open to their articles, and count again when one is read', async () => {
    const fake = library()
    await fake.api.addSmartFeed({ name: 'Gazette stories', query: 'gazette' })
    const { user } = await start(fake)
    const section = within(await screen.findByRole('region', { name: 'Smart Feeds' }))
    const row = await section.findByRole('button', { name: 'Gazette stories, 3 unread' })
    await user.click(row)
    await waitFor(() => expect(listRows()).toHaveLength(3))
    expect(screen.getByRole('heading', { name: 'Gazette stories' })).toBeTruthy()
    expect(fake.api.listSmartFeed).toHaveBeenCalledWith(expect.objectContaining({ id: 'smart1', offset: 0 }))

    // Opening one marks it read: the smart feed's count follows once the core has it.
    await user.click(listRows()[0]!)
    await section.findByRole('button', { name: 'Gazette stories, 2 unread' })
    // A mark read elsewhere that the smart feed does not cover leaves it as it is, and counts again too.
    expect(fake.api.listSmartFeeds.mock.calls.length).toBeGreaterThan(1)
  })

  it('export as their whole saved search, not only the rows loaded', async () => {
    const fake = library()
    await fake.api.addSmartFeed({ name: 'Gazette stories', query: 'gazette' })
    const { user } = await start(fake)
    const section = within(await screen.findByRole('region', { name: 'Smart Feeds' }))
    await user.click(await section.findByRole('button', { name: 'Gazette stories, 3 unread' }))
    await waitFor(() => expect(listRows()).toHaveLength(3))
    await user.click(screen.getByRole('button', { name: 'Export List…' }))
    await screen.findByRole('dialog', { name: 'Export “Gazette stories”' })
    expect(fake.api.exportPreview).toHaveBeenCalledWith({ source: { smartFeedId: 'smart1' }, format: 'epub' })
  })

  it('are marked read whole by the core, not row by row of what the list loaded', async () => {
    const fake = library()
    await fake.api.addSmartFeed({ name: 'Gazette stories', query: 'gazette' })
    const { user } = await start(fake)
    const section = within(await screen.findByRole('region', { name: 'Smart Feeds' }))
    await user.click(await section.findByRole('button', { name: 'Gazette stories, 3 unread' }))
    await waitFor(() => expect(listRows()).toHaveLength(3))
    await user.click(screen.getByRole('button', { name: /^Mark All as Read/ }))
    expect(fake.api.markAllRead).toHaveBeenCalledWith({ smartFeedId: 'smart1' })
    expect(fake.api.setRead).not.toHaveBeenCalled()
    await section.findByRole('button', { name: 'Gazette stories' })
  })

  it('count again after a sync that brought articles', async () => {
    const fake = library()
    await fake.api.addSmartFeed({ name: 'Gazette stories', query: 'gazette' })
    await start(fake)
    const section = within(await screen.findByRole('region', { name: 'Smart Feeds' }))
    await section.findByRole('button', { name: 'Gazette stories, 3 unread' })
    fake.articles.unshift(listItem(9, 'gazette'))
    fake.emit('syncFinished', {
      reason: 'manual',
      startedAt: new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      durationMs: 1,
      newArticles: 1,
      feeds: [],
      accounts: [],
    })
    await section.findByRole('button', { name: 'Gazette stories, 4 unread' })
  })

  it('save a search, refuse a malformed one in the search field’s words, rename, reorder and remove', async () => {
    const fake = library()
    await fake.api.addSmartFeed({ name: 'Courier stories', query: 'courier' })
    const { user } = await start(fake)
    fake.answerSearch(() => ({ total: 0, totalIsExact: true, results: [] }))
    await user.type(screen.getByRole('searchbox', { name: 'Search articles' }), 'gazette')
    await user.click(await screen.findByRole('button', { name: 'Save This Search…' }))
    const dialog = within(screen.getByRole('dialog', { name: 'Save search as a smart feed' }))
    expect((dialog.getByRole('textbox', { name: 'Name' }) as HTMLInputElement).value).toBe('gazette')
    const query = dialog.getByRole('textbox', { name: /^Search/ })
    await user.clear(query)
    await user.type(query, '"gazette')
    await user.click(dialog.getByRole('button', { name: 'Save' }))
    await dialog.findByText('Keep typing: end the phrase with a closing ".')
    expect((await fake.api.listSmartFeeds()).map((f) => f.name)).toEqual(['Courier stories'])
    await user.clear(query)
    await user.type(query, 'gazette')
    await user.click(dialog.getByRole('button', { name: 'Save' }))

    const section = within(await screen.findByRole('region', { name: 'Smart Feeds' }))
    await section.findByRole('button', { name: 'gazette, 3 unread' })
    const names = () =>
      section.getAllByRole('button', { name: /unread$/ }).map((b) => b.getAttribute('title'))
    expect(names()).toEqual(['courier', 'gazette'])
    // Moved up: first in the sidebar (its menu offers only what it can do: no Move Down when last).
    await user.click(section.getByRole('button', { name: 'Options for smart feed gazette' }))
    expect(screen.queryByRole('menuitem', { name: 'Move Down' })).toBeNull()
    expect(screen.queryByRole('menuitem', { name: 'Sort: Newest First' })).toBeNull()
    await user.click(screen.getByRole('menuitem', { name: 'Move Up' }))
    await waitFor(() => expect(names()).toEqual(['gazette', 'courier']))
    expect(fake.api.moveSmartFeed).toHaveBeenCalledWith({ id: 'smart2', index: 0 })

    await user.click(section.getByRole('button', { name: 'Options for smart feed gazette' }))
    await user.click(screen.getByRole('menuitem', { name: 'Rename…' }))
    const rename = within(screen.getByRole('dialog', { name: 'Rename smart feed' }))
    await user.clear(rename.getByRole('textbox', { name: 'Name' }))
    await user.type(rename.getByRole('textbox', { name: 'Name' }), 'The Gazette’s')
    await user.click(rename.getByRole('button', { name: 'Save' }))
    await section.findByRole('button', { name: 'The Gazette’s, 3 unread' })

    await user.click(section.getByRole('button', { name: 'Options for smart feed The Gazette’s' }))
    await user.click(screen.getByRole('menuitem', { name: 'Remove…' }))
    await user.click(
      within(screen.getByRole('dialog', { name: 'Remove smart feed' })).getByRole('button', {
        name: 'Remove',
      }),
    )
    await waitFor(() => expect(section.queryByRole('button', { name: /^The Gazette’s/ })).toBeNull())
    expect(screen.getByText('Removed the smart feed The Gazette’s.')).toBeTruthy()
  })

  it('the search field’s ? lists the query language, feed: and folder: among it, and Escape puts it away', async () => {
    const { user } = await start(library())
    const help = screen.getByRole('button', { name: 'Search help' })
    await user.click(help)
    const panel = within(screen.getByRole('region', { name: 'Searching' }))
    for (const example of [
      'is:unread',
      'is:saved',
      'feed:"The Verge"',
      '-feed:bbc',
      'folder:News',
      'after:2026-11-01',
    ]) {
      expect(panel.getByText(example).tagName).toBe('CODE')
    }
    await user.click(panel.getByText('folder:News'))
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('region', { name: 'Searching' })).toBeNull()
    expect(document.activeElement).toBe(help)
  })

  it('say why a smart feed whose search no longer runs lists nothing, rather than keep the last list', async () => {
    const fake = library()
    await fake.api.addSmartFeed({ name: 'Gone', query: 'gazette' })
    fake.api.listSmartFeed.mockRejectedValueOnce(
      Object.assign(new Error('there is no feed named "gone"'), {
        code: 'query-unknown-feed',
        params: { feed: 'gone' },
      }),
    )
    const { user } = await start(fake)
    await waitFor(() => expect(listRows()).toHaveLength(6))
    await user.click(await screen.findByRole('button', { name: /^Gone/ }))
    await screen.findByText('Could not load articles: There is no feed named “gone”.')
    expect(screen.queryAllByRole('option')).toHaveLength(0)
  })

  it('reorder by dragging one onto another', async () => {
    const fake = library()
    for (const name of ['gazette', 'courier', 'story']) await fake.api.addSmartFeed({ name, query: name })
    await start(fake)
    const section = within(await screen.findByRole('region', { name: 'Smart Feeds' }))
    const names = () =>
      section.getAllByRole('button', { name: /unread$/ }).map((b) => b.getAttribute('title'))
    await waitFor(() => expect(names()).toEqual(['gazette', 'courier', 'story']))
    const data = new Map<string, string>()
    const dataTransfer = {
      get types() {
        return [...data.keys()]
      },
      setData: (type: string, value: string) => data.set(type, value),
      getData: (type: string) => data.get(type) ?? '',
      dropEffect: 'none',
      effectAllowed: 'all',
    }
    const row = (name: string) => section.getByRole('button', { name: new RegExp(`^${name},`) })
    fireEvent.dragStart(row('story'), { dataTransfer })
    fireEvent.dragOver(row('gazette').closest('li')!, { dataTransfer })
    fireEvent.drop(row('gazette').closest('li')!, { dataTransfer })
    // Shown at once, then as the core has it.
    expect(names()).toEqual(['story', 'gazette', 'courier'])
    await waitFor(() => expect(fake.api.moveSmartFeed).toHaveBeenCalledWith({ id: 'smart3', index: 0 }))
    await waitFor(() => expect(names()).toEqual(['story', 'gazette', 'courier']))
  })
})

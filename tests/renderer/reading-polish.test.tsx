// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { isActivationTarget, matchesAccelerator } from '../../src/renderer/src/commands/keys'
import { createLayout, sidebarPlace } from '../../src/renderer/src/state/layout'
import { listsOneFeed } from '../../src/renderer/src/state/listed-feed'
import { NO_FILTERS } from '../../src/renderer/src/state/selection'
import { fitWidths, MIN_WIDTHS } from '../../src/renderer/src/state/use-pane-widths'
import { fakeApi, feedSummary, listItem } from './fake-api'
import { withReaderPage } from './mock-api-client'
import { heading, listRows, start } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

withReaderPage()

const press = (key: string, shiftKey = false) => new KeyboardEvent('keydown', { key, shiftKey })

describe('reading keys', () => {
  it('Space and Shift+Space are two chords; Space on a button or a link is the control’s', () => {
    expect(matchesAccelerator(press(' '), 'Space')).toBe(true)
    expect(matchesAccelerator(press(' ', true), 'Space')).toBe(false)
    expect(matchesAccelerator(press(' ', true), 'Shift+Space')).toBe(true)
    expect(matchesAccelerator(press(' '), 'Shift+Space')).toBe(false)
    const button = document.createElement('button')
    const inner = document.createElement('span')
    button.append(inner)
    expect(isActivationTarget(inner)).toBe(true)
    expect(isActivationTarget(document.createElement('div'))).toBe(false)
  })

  it('Space at the end of an article opens the next unread one, passing over a read one', async () => {
    // Newest first: Story 4, Story 3 (read), Story 2, …
    const articles = Array.from({ length: 5 }, (_, i) => listItem(i, 'gazette', { read: i === 3 }))
    const { user } = await start(fakeApi({ feeds: [feedSummary('gazette', 'The Gazette')], articles }))
    await user.keyboard('j')
    await waitFor(() => expect(heading()).toBe('Story 4 of gazette'))
    // jsdom lays nothing out: the article is "at its end" at once.
    await user.keyboard(' ')
    await waitFor(() => expect(heading()).toBe('Story 2 of gazette'))
    await user.keyboard(' ')
    await waitFor(() => expect(heading()).toBe('Story 1 of gazette'))
    expect(listRows()).toHaveLength(5)
  })

  it('at the end of one feed’s unread, goes on to the next feed with unread articles', async () => {
    const feeds = [feedSummary('gazette', 'The Gazette'), feedSummary('herald', 'The Herald')]
    const articles = [listItem(0, 'gazette'), listItem(1, 'herald'), listItem(2, 'herald', { read: true })]
    const { user } = await start(fakeApi({ feeds, articles }))
    await user.click(await screen.findByRole('button', { name: /^The Gazette/ }))
    await waitFor(() => expect(listRows()).toHaveLength(1))
    // (Space on the sidebar's button would press it: from the list.)
    screen.getByRole('listbox', { name: 'Articles' }).focus()
    await user.keyboard('j')
    await waitFor(() => expect(heading()).toBe('Story 0 of gazette'))
    await user.keyboard(' ')
    await waitFor(() => expect(heading()).toBe('Story 1 of herald'))
    expect(document.querySelector('.list-title')?.textContent).toBe('The Herald')
  })

  it('says so when nothing unread is left', async () => {
    const articles = [listItem(0, 'gazette', { read: true })]
    const { user } = await start(fakeApi({ feeds: [feedSummary('gazette', 'The Gazette')], articles }))
    await user.keyboard('j')
    await waitFor(() => expect(heading()).toBe('Story 0 of gazette'))
    await user.keyboard(' ')
    expect(await screen.findByText('No more unread articles here.')).toBeTruthy()
  })
})

describe('one feed’s list', () => {
  it('is a feed chosen, the Saved pages, or a search kept to one feed', () => {
    expect(listsOneFeed({ kind: 'feed', feedId: 'a' }, '', NO_FILTERS)).toBe(true)
    expect(listsOneFeed({ kind: 'saved' }, '', NO_FILTERS)).toBe(true)
    expect(listsOneFeed({ kind: 'all' }, '', NO_FILTERS)).toBe(false)
    expect(listsOneFeed({ kind: 'folder', folderId: 'f' }, '', NO_FILTERS)).toBe(false)
    // A search lists by its own scope, whatever the sidebar chose.
    expect(listsOneFeed({ kind: 'feed', feedId: 'a' }, 'word', NO_FILTERS)).toBe(false)
    expect(listsOneFeed({ kind: 'all' }, 'word', { ...NO_FILTERS, scope: 'feed:a' })).toBe(true)
  })
})

describe('small windows', () => {
  it('gives the reader the room at 800 px once the sidebar leaves the grid', () => {
    const withSidebar = fitWidths({ sidebar: 248, list: 380 }, 800)
    expect(800 - withSidebar.sidebar - withSidebar.list).toBeLessThan(400)
    const narrow = fitWidths({ sidebar: 248, list: 380 }, 800, false)
    expect(800 - narrow.list).toBeGreaterThanOrEqual(480)
    expect(narrow.list).toBeGreaterThanOrEqual(MIN_WIDTHS.list)
    // A list narrowed by hand stays as narrow as its minimum.
    expect(fitWidths({ sidebar: 248, list: 100 }, 800, false).list).toBe(MIN_WIDTHS.list)
  })

  it('hides the sidebar (remembered) in a wide window, shows it over the list in a narrow one', () => {
    const wide = createLayout(1280)
    expect(sidebarPlace(wide.state.get())).toBe('column')
    wide.toggleSidebar()
    expect(sidebarPlace(wide.state.get())).toBe('hidden')
    expect(sidebarPlace(createLayout(1280).state.get())).toBe('hidden') // remembered
    wide.toggleSidebar()

    const narrow = createLayout(800)
    expect(sidebarPlace(narrow.state.get())).toBe('hidden')
    narrow.toggleSidebar()
    expect(sidebarPlace(narrow.state.get())).toBe('overlay')
    expect(localStorage.getItem('broadsheet.sidebarHidden')).toBe('false') // a narrow toggle is not a choice
    narrow.resized(1280)
    expect(sidebarPlace(narrow.state.get())).toBe('column')
    narrow.resized(800)
    expect(sidebarPlace(narrow.state.get())).toBe('hidden')
  })
})

// @vitest-environment jsdom
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { FolderView } from '../../src/shared/contract'
import { feedsInOrder, folderTree } from '../../src/renderer/src/state/folder-tree'
import { rowTops, treeRows, windowOf } from '../../src/renderer/src/state/tree-window'
import { fakeApi, feedSummary, listItem } from './fake-api'
import { withReaderPage } from './mock-api-client'
import { listRows, start } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

withReaderPage()

const ROW = 30
const folder = (id: string, title: string, parentId: string | null = null): FolderView => ({
  id,
  title,
  parentId,
  path: title,
})

/** 2,000 feeds in 40 folders of 50 (the benchmark's 500,000-article library has 2,000 feeds). */
function bigLibrary() {
  const folders = Array.from({ length: 40 }, (_, f) =>
    folder(`f${f}`, `Folder ${String(f).padStart(2, '0')}`),
  )
  const feeds = Array.from({ length: 2000 }, (_, n) =>
    feedSummary(`feed${n}`, `Feed ${String(n).padStart(4, '0')}`, {
      folderId: `f${Math.floor(n / 50)}`,
      unread: 1,
    }),
  )
  return { folders, feeds }
}

const tree = () => document.querySelector<HTMLElement>('.feed-tree') as HTMLElement
const feedRowsDrawn = () => [...tree().querySelectorAll('li.nav-row')].map((li) => li.textContent ?? '')
const gapsHeight = () =>
  [...tree().querySelectorAll<HTMLElement>('.nav-gap')].reduce(
    (sum, gap) => sum + parseFloat(gap.style.height),
    0,
  )

describe('the sidebar of a long tree', () => {
  it('draws the rows near its view and a gap of the others’ height, not 2,000 feeds', async () => {
    const { folders, feeds } = bigLibrary()
    await start(fakeApi({ folders, feeds, articles: [listItem(0, 'feed0')] }))
    await waitFor(() => expect(screen.getByRole('button', { name: /^Feed 0000/ })).toBeTruthy())
    const drawn = feedRowsDrawn()
    // Every row in the document was 2,000 feeds and 40 folders, ~20,000 elements.
    expect(drawn.length).toBeGreaterThan(20)
    expect(drawn.length).toBeLessThan(100)
    expect(tree().querySelectorAll('*').length).toBeLessThan(1500)
    // The rows not drawn keep their place: 2,040 rows of 30 px in all (until measured, the estimate).
    const rowsDrawn = drawn.length + tree().querySelectorAll('li.folder').length
    expect(gapsHeight() + rowsDrawn * ROW).toBe(2040 * ROW)
    expect(screen.queryByRole('button', { name: /^Feed 1000/ })).toBeNull()
  })

  it('draws the feeds where the sidebar is scrolled to, in their folder, and keeps the chosen one', async () => {
    const { folders, feeds } = bigLibrary()
    const { user } = await start(fakeApi({ folders, feeds, articles: [listItem(0, 'feed0')] }))
    await user.click(await screen.findByRole('button', { name: /^Feed 0005/ }))
    await waitFor(() => expect(document.querySelector('.list-title')?.textContent).toBe('Feed 0005'))
    // jsdom lays nothing out: the sidebar scrolled so that the tree's row 1,000 is at its top.
    const scroller = tree().closest('.sidebar-scroll') as HTMLElement
    const scrolled = 1000 * ROW
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: scrolled })
    tree().getBoundingClientRect = () => ({ top: -scrolled }) as DOMRect
    act(() => void scroller.dispatchEvent(new Event('scroll')))
    // Row 1,000 of the tree: folder 19 is row 19 × 51 = 969, its feeds 970…1,019 (feeds 950…999).
    const feed = await screen.findByRole('button', { name: /^Feed 0980/ })
    expect(feed.closest('li.folder')?.querySelector('.folder-title')?.textContent).toMatch(/^Folder 19/)
    expect(screen.queryByRole('button', { name: /^Feed 0000/ })).toBeNull()
    // The chosen feed stays drawn (with its folder's row), its button still focused after the click.
    const chosen = screen.getByRole('button', { name: /^Feed 0005/ })
    expect(document.activeElement).toBe(chosen)
    expect(chosen.closest('li.folder')?.querySelector('.folder-title')?.textContent).toMatch(/^Folder 00/)
    expect(feedRowsDrawn().length).toBeLessThan(100)
    expect(gapsHeight() + (feedRowsDrawn().length + tree().querySelectorAll('li.folder').length) * ROW).toBe(
      2040 * ROW,
    )
  })

  it('does not measure the view again when only a count changes (opening an article)', async () => {
    const { folders, feeds } = bigLibrary()
    const { user } = await start(fakeApi({ folders, feeds, articles: [listItem(0, 'feed0')] }))
    await screen.findByRole('button', { name: /^Feed 0000, 1 unread/ })
    // Measuring the tree's place forces a layout in the middle of the click's work.
    const measured = vi.fn(() => ({ top: 0 }) as DOMRect)
    tree().getBoundingClientRect = measured
    await user.click(listRows()[0] as HTMLElement)
    await screen.findByRole('button', { name: /^Feed 0000$/ })
    expect(measured).not.toHaveBeenCalled()
  })

  it('draws a short tree whole, with no gaps', async () => {
    const folders = [folder('world', 'World')]
    const feeds = Array.from({ length: 150 }, (_, n) =>
      feedSummary(`feed${n}`, `Feed ${String(n).padStart(4, '0')}`, { folderId: n < 50 ? 'world' : null }),
    )
    await start(fakeApi({ folders, feeds, articles: [listItem(0, 'feed0')] }))
    await waitFor(() => expect(feedRowsDrawn()).toHaveLength(150))
    expect(tree().querySelectorAll('.nav-gap')).toHaveLength(0)
  })
})

describe('the tree’s rows and window', () => {
  const folders = [folder('world', 'World'), folder('asia', 'Asia', 'world'), folder('arts', 'Arts')]
  const feeds = [
    feedSummary('zeta', 'Zeta Daily', { folderId: 'world' }),
    feedSummary('deep', 'Deep Post', { folderId: 'asia', lastError: 'timed out' }),
    feedSummary('loose', 'Loose Leaf'),
  ]

  it('lists the rows in the order drawn, a folded folder without its contents', () => {
    const rows = treeRows(folderTree(feeds, folders), new Set())
    const names = rows.map((row) => (row.kind === 'folder' ? `[${row.folder.title}]` : row.feed.title))
    expect(names).toEqual(['[Arts]', '[World]', '[Asia]', 'Deep Post', 'Zeta Daily', 'Loose Leaf'])
    expect(
      rows.filter((row) => row.kind === 'feed').map((row) => row.kind === 'feed' && row.feed.id),
    ).toEqual(feedsInOrder(feeds, folders).map((feed) => feed.id))
    // World's contents end after Zeta Daily.
    expect(rows[1]).toMatchObject({ kind: 'folder', end: 5 })
    const folded = treeRows(folderTree(feeds, folders), new Set(['world']))
    expect(folded.map((row) => (row.kind === 'folder' ? row.folder.id : row.feed.id))).toEqual([
      'arts',
      'world',
      'loose',
    ])
  })

  it('measures a failing feed’s two lines and rounds the window out to steps', () => {
    const rows = treeRows(folderTree(feeds, folders), new Set())
    expect(rowTops(rows, { folder: 30, feed: 28, failing: 50 })).toEqual([0, 30, 60, 90, 140, 168, 196])
    const tops = Array.from({ length: 1001 }, (_, i) => i * 30)
    expect(windowOf(tops, 0, 600, 20, 10)).toEqual({ from: 0, to: 50 })
    expect(windowOf(tops, 15_000, 15_600, 20, 10)).toEqual({ from: 480, to: 550 })
    // A few rows further: the same window.
    expect(windowOf(tops, 15_090, 15_690, 20, 10)).toEqual({ from: 480, to: 550 })
    expect(windowOf(tops, 29_500, 30_100, 20, 10)).toEqual({ from: 960, to: 1000 })
  })
})

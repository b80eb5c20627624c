import type { CommandHandlers } from '../commands/registry'
import { feedsInOrder } from './folder-tree'
import { openInBrowser } from '../open-link'
import type { ReaderState } from './use-reader'

/** Where focus goes for `/` and for `o`/Enter. */
interface Targets {
  focusSearch: () => void
  focusReader: () => void
}

/** What each of the reader's commands does now, for the registry (keys, menu and buttons alike). */
export function useReaderCommands(reader: ReaderState, targets: Targets): CommandHandlers {
  const { list, selectedId, row, article, library, selection } = reader
  const rows = list.rows
  const index = selectedId ? rows.findIndex((r) => r.id === selectedId) : -1
  const hasArticle = Boolean(row ?? article)
  // Sorted when a feed command runs, not on every render (500 feeds; the reader renders on each keystroke).
  const feedsNow = () => feedsInOrder(library.feeds, library.folders)

  const step = (delta: 1 | -1) => () => {
    const next = index === -1 ? (delta === 1 ? rows[0] : undefined) : rows[index + delta]
    if (next) reader.select(next.id)
    // At the end of what is loaded: the next page is coming (the list asks as it nears the end).
    if (delta === 1 && index >= rows.length - 2) list.loadMore()
  }

  const stepFeed = (delta: 1 | -1) => () => {
    const feeds = feedsNow()
    const at = selection.kind === 'feed' ? feeds.findIndex((feed) => feed.id === selection.feedId) : -1
    const next = at === -1 ? (delta === 1 ? feeds[0] : feeds.at(-1)) : feeds[at + delta]
    if (next) reader.choose({ kind: 'feed', feedId: next.id })
  }

  return {
    'next-article': { run: step(1), enabled: rows.length > 0 },
    'previous-article': { run: step(-1), enabled: index > 0 },
    'next-feed': { run: stepFeed(1), enabled: library.feeds.length > 0 },
    'previous-feed': { run: stepFeed(-1), enabled: library.feeds.length > 0 },
    'open-article': {
      run: () => {
        if (!selectedId && rows[0]) reader.select(rows[0].id)
        // After React has drawn the article: then the reader can take focus for scrolling.
        requestAnimationFrame(targets.focusReader)
      },
      enabled: rows.length > 0 || hasArticle,
    },
    'toggle-read': {
      run: () => {
        const target = row ?? article
        if (target) reader.setRead(target, !target.read)
      },
      enabled: hasArticle,
    },
    'toggle-bookmark': { run: reader.toggleBookmark, enabled: hasArticle },
    'open-original': {
      run: () => {
        const url = article?.url ?? row?.url
        if (url) openInBrowser(url)
      },
      enabled: Boolean(article?.url ?? row?.url),
    },
    'mark-all-read': { run: reader.markSelectionRead, enabled: rows.some((r) => !r.read) },
    refresh: { run: reader.sync.refresh, enabled: library.feeds.length > 0 && !reader.sync.syncing },
    'add-feed': { run: () => reader.setDialog({ kind: 'add-feed' }) },
    'save-page': { run: () => reader.setDialog({ kind: 'save-page' }) },
    'open-settings': { run: () => reader.setDialog({ kind: 'settings' }), enabled: reader.settings !== null },
    search: {
      run: targets.focusSearch,
    },
    'show-shortcuts': { run: () => reader.setDialog({ kind: 'shortcuts' }) },
  }
}

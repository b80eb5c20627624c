import type { HighlightStore } from './highlights'
import { SAVED_FEED_ID } from '../../../shared/types'
import { api } from '../api-client'
import { STRINGS } from '../strings'
import type { ArticleList } from './article-list'
import type { FlagStore } from './flags'
import { feedIdsInFolder } from './folder-tree'
import type { Library } from './library'
import type { ListRow } from './list-pages'
import type { Navigation } from './navigation'
import type { OpenArticle } from './open-article'
import type { Overlays } from './overlays'
import type { Selection } from './selection'
import type { SettingsStore } from './settings'
import type { SmartFeedStore } from './smart-feeds'
import type { SyncStatus } from './sync-status'

/** An article the reader can act on. */
interface ArticleRef {
  id: string
  feedId: string
  url: string | null
}

type MarkScope = { feedIds?: string[]; folderId?: string; smartFeedId?: string; bookmarked?: boolean }

/** What the reader does that reaches across its stores; the command registry runs these. */
export interface ReaderActions {
  /** Chooses an article in the list: opens it, and marks it read if the settings say so. */
  select(id: string): void
  /** Chooses a smart view, folder or feed: the list shows it, nothing open, no search. */
  choose(selection: Selection): void
  /** The article the commands act on: the selected row, or the open article when the list lost it. */
  current(): ArticleRef | null
  /** The list's row of the open article, if the list has it. */
  selectedRow(): ListRow | undefined
  setRead(article: { id: string; feedId: string }, read: boolean): void
  toggleRead(): void
  toggleBookmark(): void
  markAllRead(scope: MarkScope): Promise<void>
  /** Marks read what the list shows (a feed, a folder, a smart view). */
  markSelectionRead(): void
}

/** Every store of a reader, one per concept (see reader.ts). */
export interface ReaderStores {
  flags: FlagStore
  sync: SyncStatus
  settings: SettingsStore
  library: Library
  smart: SmartFeedStore
  navigation: Navigation
  list: ArticleList
  article: OpenArticle
  highlights: HighlightStore
  overlays: Overlays
}

export function createReaderActions(stores: ReaderStores): ReaderActions {
  const { flags, sync, settings, library, smart, navigation, list, article, overlays } = stores

  const selectedRow = (): ListRow | undefined => {
    const id = article.state.get().id
    return id === null ? undefined : list.state.get().rows.find((row) => row.id === id)
  }
  const current = (): ArticleRef | null => selectedRow() ?? article.state.get().article

  const setRead = (target: { id: string; feedId: string }, read: boolean): void => {
    if (flags.of(target.id).read === read) return
    const change = flags.change(target, { read })
    // Sent once the article a click opens has come: marking read rewrites every read flag in the core
    // (a megabyte at 50,000 articles), which holds up anything the core is still answering, and the
    // article waited behind it (about 100 ms when sent at once, 20 ms when sent a task later).
    void article.arrived().then(() => {
      change.sent()
      api.setRead({ ids: [target.id], read }).then(smart.refreshSoon, (failure: unknown) => {
        change.undo()
        overlays.fail(failure)
      })
    })
  }

  const setBookmarked = (target: { id: string; feedId: string }, bookmarked: boolean): void => {
    if (flags.of(target.id).bookmarked === bookmarked) return
    const change = flags.change(target, { bookmarked })
    change.sent()
    api.setBookmarked({ id: target.id, bookmarked }).then(smart.refreshSoon, (failure: unknown) => {
      change.undo()
      overlays.fail(failure)
    })
  }

  const markAllRead = async (scope: MarkScope): Promise<void> => {
    const { changed, undo } = await api.markAllRead(scope)
    if (changed > 0 && undo) {
      overlays.offerUndo(STRINGS.undo.markedAllRead(changed), async () => {
        await api.undo({ token: undo })
        // The core knows which it marked: the lists and counts are read again.
        sync.changed()
      })
    }
    const { feeds, folders } = library.state.get()
    // A smart feed's or the bookmarks' articles are not whole feeds: their rows are listed again instead.
    const some = scope.smartFeedId !== undefined || scope.bookmarked === true
    const marked = scope.folderId
      ? feedIdsInFolder(scope.folderId, feeds, folders)
      : scope.feedIds && new Set(scope.feedIds)
    if (!some) flags.settle((feedId) => !marked || marked.has(feedId), { read: true })
    await library.reload()
    // A folder's list is its feeds' and its subfolders': listed again rather than worked out here.
    if (scope.folderId || some) sync.changed()
  }

  return {
    select(id) {
      article.open(id)
      const row = list.state.get().rows.find((r) => r.id === id)
      if (row && settings.state.get()?.markReadOnOpen !== false) setRead(row, true)
    },
    choose(selection) {
      navigation.choose(selection)
      article.open(null)
    },
    current,
    selectedRow,
    setRead,
    toggleRead() {
      const target = current()
      if (!target) return
      const read = !flags.of(target.id).read
      setRead(target, read)
      overlays.offerUndo(read ? STRINGS.undo.markedRead : STRINGS.undo.markedUnread, async () =>
        setRead(target, !read),
      )
    },
    toggleBookmark() {
      const target = current()
      if (!target) return
      const bookmarked = !flags.of(target.id).bookmarked
      setBookmarked(target, bookmarked)
      overlays.offerUndo(bookmarked ? STRINGS.undo.bookmarked : STRINGS.undo.unbookmarked, async () =>
        setBookmarked(target, !bookmarked),
      )
    },
    markAllRead,
    markSelectionRead() {
      const { selection } = navigation.state.get()
      let scope: MarkScope = {}
      if (selection.kind === 'feed') scope = { feedIds: [selection.feedId] }
      else if (selection.kind === 'folder') scope = { folderId: selection.folderId }
      else if (selection.kind === 'saved') scope = { feedIds: [SAVED_FEED_ID] }
      // Every article of the view, in the core: not only the rows the list has loaded so far.
      else if (selection.kind === 'bookmarks') scope = { bookmarked: true }
      else if (selection.kind === 'smart') scope = { smartFeedId: selection.smartId }
      markAllRead(scope).catch(overlays.fail)
    },
  }
}

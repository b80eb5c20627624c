import { highlightSelection } from '../components/Highlights'
import { api } from '../api-client'
import { openInBrowser } from '../open-link'
import { pickAndImportOpml } from '../opml-files'
import { feedsInOrder } from '../state/folder-tree'
import { activeQuery } from '../state/navigation'
import { listQueryOf, searchArgsOf, selectionTitle } from '../state/selection'
import type { Reader } from '../state/reader'
import { STRINGS } from '../strings'
import type { FocusTargets } from './focus-targets'
import { isTypingTarget } from './keys'
import { createCommandRegistry, menuCommand, type CommandRegistry } from './registry'
import { registerSmartFeedCommands } from './smart-commands'

/**
 * Every command of the reader, registered once: what it does and when it can, read from the stores
 * when it runs (keys, the menu, buttons and row menus alike).
 */
export function createReaderCommands(reader: Reader, focus: FocusTargets): CommandRegistry {
  const { layout } = reader
  const registry = createCommandRegistry(reader.subscribe)
  const { actions, article, flags, library, list, navigation, overlays, settings, sync } = reader
  const rows = () => list.state.get().rows
  const feeds = () => library.state.get().feeds
  const selectedIndex = (): number => {
    const id = article.state.get().id
    return id ? rows().findIndex((row) => row.id === id) : -1
  }
  const url = (): string | null => article.state.get().article?.url ?? actions.selectedRow()?.url ?? null

  const step = (delta: 1 | -1): void => {
    const all = rows()
    const index = selectedIndex()
    const next = index === -1 ? (delta === 1 ? all[0] : undefined) : all[index + delta]
    if (next) actions.select(next.id)
    // At the end of what is loaded: the next page is coming (the list asks as it nears the end).
    if (delta === 1 && index >= all.length - 2) list.loadMore()
  }
  const stepFeed = (delta: 1 | -1): void => {
    // Sorted when the command runs, not on every change (500 feeds).
    const ordered = feedsInOrder(feeds(), library.state.get().folders)
    const { selection } = navigation.state.get()
    const at = selection.kind === 'feed' ? ordered.findIndex((feed) => feed.id === selection.feedId) : -1
    const next = at === -1 ? (delta === 1 ? ordered[0] : ordered.at(-1)) : ordered[at + delta]
    if (next) actions.choose({ kind: 'feed', feedId: next.id })
  }
  const hasFeeds = (): boolean => feeds().length > 0
  const hasArticle = (): boolean => actions.current() !== null

  registry.register({ ...menuCommand('next-article'), run: () => step(1), enabled: () => rows().length > 0 })
  registry.register({
    ...menuCommand('previous-article'),
    run: () => step(-1),
    enabled: () => selectedIndex() > 0,
  })
  registry.register({ ...menuCommand('next-feed'), run: () => stepFeed(1), enabled: hasFeeds })
  registry.register({ ...menuCommand('previous-feed'), run: () => stepFeed(-1), enabled: hasFeeds })
  registry.register({
    ...menuCommand('open-article'),
    run: () => {
      const first = rows()[0]
      if (!article.state.get().id && first) actions.select(first.id)
      // After React has drawn the article: then the reader can take focus for scrolling.
      requestAnimationFrame(focus.focusReader)
    },
    enabled: () => rows().length > 0 || hasArticle(),
  })
  registry.register({ ...menuCommand('toggle-read'), run: actions.toggleRead, enabled: hasArticle })
  registry.register({ ...menuCommand('toggle-bookmark'), run: actions.toggleBookmark, enabled: hasArticle })
  registry.register({
    ...menuCommand('open-original'),
    run: () => {
      const link = url()
      if (link) openInBrowser(link)
    },
    enabled: () => url() !== null,
  })
  registry.register({
    ...menuCommand('highlight-selection'),
    run: () =>
      void highlightSelection(reader.highlights).then((added) => {
        if (added)
          overlays.offerUndo(STRINGS.highlights.added, async () => {
            await reader.highlights.remove(added.id)
          })
      }),
    enabled: hasArticle,
  })
  registry.register({
    ...menuCommand('mark-all-read'),
    run: actions.markSelectionRead,
    enabled: () => rows().some((row) => !flags.of(row.id).read),
  })
  registry.register({
    ...menuCommand('refresh'),
    run: sync.refresh,
    enabled: () => hasFeeds() && !sync.state.get().syncing,
  })
  registry.register({ ...menuCommand('add-feed'), run: () => overlays.open({ kind: 'add-feed' }) })
  registry.register({ ...menuCommand('save-page'), run: () => overlays.open({ kind: 'save-page' }) })
  registry.register({
    ...menuCommand('open-settings'),
    run: () => overlays.open({ kind: 'settings' }),
    enabled: () => settings.state.get() !== null,
  })
  registry.register({ ...menuCommand('search'), run: focus.focusSearch })
  registry.register({ ...menuCommand('show-shortcuts'), run: () => overlays.open({ kind: 'shortcuts' }) })

  // Reading habits from other readers: Space pages through the article and then on to the next unread.
  const nextUnread = (): void => {
    const all = rows()
    const at = selectedIndex()
    const unread = (index: number): boolean => index !== at && !flags.of(all[index]!.id).read
    // After the open one, else from the top (one read before it may have been marked unread again).
    const after = all.findIndex((_, index) => index > at && unread(index))
    const next = after !== -1 ? after : all.findIndex((_, index) => unread(index))
    if (next !== -1) actions.select(all[next]!.id)
    else if (list.state.get().hasMore) list.loadMore()
    else if (!nextFeedWithUnread()) overlays.notify(STRINGS.reading.noMoreUnread)
  }
  /** One feed's list read to its end: on to the next feed (in the sidebar's order) with unread articles. */
  const nextFeedWithUnread = (): boolean => {
    const { selection } = navigation.state.get()
    if (selection.kind !== 'feed') return false
    const ordered = feedsInOrder(feeds(), library.state.get().folders)
    const at = ordered.findIndex((feed) => feed.id === selection.feedId)
    const next = [...ordered.slice(at + 1), ...ordered.slice(0, Math.max(at, 0))].find(
      (feed) => feed.unread > 0,
    )
    if (!next) return false
    actions.choose({ kind: 'feed', feedId: next.id })
    // Its first unread article, once its list has come.
    const stop = list.state.subscribe(() => {
      const { loading, rows: listed } = list.state.get()
      const { selection: now } = navigation.state.get()
      // Left for another list before this one came: nothing to open.
      const moved = now.kind !== 'feed' || now.feedId !== next.id
      if (loading && !moved) return
      stop()
      if (moved) return
      const first = listed.find((row) => !flags.of(row.id).read)
      if (first) actions.select(first.id)
    })
    return true
  }
  registry.register({
    ...menuCommand('page-down'),
    run: () => {
      if (!hasArticle() || !focus.pageReader(1)) nextUnread()
    },
    enabled: () => rows().length > 0 || hasArticle(),
  })
  registry.register({
    ...menuCommand('page-up'),
    run: () => void focus.pageReader(-1),
    enabled: hasArticle,
  })
  registry.register({
    ...menuCommand('back-to-list'),
    run: focus.focusList,
    // Only from the reader: elsewhere Escape is the field's, the menu's or the dialog's.
    enabled: () => focus.readerHasFocus(),
  })
  registry.register({ ...menuCommand('toggle-sidebar'), run: layout.toggleSidebar })
  registry.register({
    ...menuCommand('undo'),
    run: () => {
      // From the Edit menu with a text field focused (⌘Z on macOS always comes this way): its typing.
      if (isTypingTarget(document.activeElement)) document.execCommand('undo')
      else overlays.undo()
    },
    enabled: () => overlays.undoable.get() || isTypingTarget(document.activeElement),
  })

  // Export…: the open article, or the list as it is shown (a search's results with its filters).
  registry.register({
    ...menuCommand('export-article'),
    run: () => {
      const open = actions.current()
      if (!open) return
      const title = article.state.get().article?.title ?? actions.selectedRow()?.title ?? ''
      overlays.open({ kind: 'export', source: { articleIds: [open.id] }, title })
    },
    enabled: hasArticle,
  })
  registry.register({
    ...menuCommand('export-list'),
    run: () => {
      const nav = navigation.state.get()
      const query = activeQuery(nav)
      if (query) {
        const source = { search: searchArgsOf(query, nav.filters) }
        return overlays.open({ kind: 'export', source, title: STRINGS.exporting.searchTitle(query) })
      }
      if (nav.selection.kind === 'smart') {
        // A smart feed: its saved search, every match (not only the rows loaded so far).
        const { smartId } = nav.selection
        const name = reader.smart.state.get().feeds.find((feed) => feed.id === smartId)?.name ?? ''
        return overlays.open({ kind: 'export', source: { smartFeedId: smartId }, title: name })
      }
      const { folders } = library.state.get()
      const title = selectionTitle(nav.selection, feeds(), folders)
      overlays.open({ kind: 'export', source: { list: listQueryOf(nav.selection) }, title })
    },
    enabled: () => rows().length > 0,
  })

  // The sidebar's row menus.
  registry.register({
    id: 'feed-export',
    label: STRINGS.exporting.menu,
    run: (feed) =>
      overlays.open({ kind: 'export', source: { list: { feedIds: [feed.id] } }, title: feed.title }),
  })
  registry.register({
    id: 'folder-export',
    label: STRINGS.exporting.menu,
    run: (folder) =>
      overlays.open({ kind: 'export', source: { list: { folderId: folder.id } }, title: folder.path }),
  })
  const markRead = (scope: { feedIds?: string[]; folderId?: string }): void => {
    actions.markAllRead(scope).catch(overlays.fail)
  }
  registry.register({
    id: 'feed-mark-read',
    get label() {
      return STRINGS.feedMenu.markAllRead
    },
    run: (feed) => markRead({ feedIds: [feed.id] }),
  })
  registry.register({
    id: 'feed-rename',
    get label() {
      return STRINGS.feedMenu.rename
    },
    run: (feed) => overlays.open({ kind: 'rename-feed', feed }),
  })
  registry.register({
    id: 'feed-move',
    get label() {
      return STRINGS.feedMenu.move
    },
    run: (feed) => overlays.open({ kind: 'move-feed', feed }),
  })
  registry.register({
    id: 'feed-remove',
    get label() {
      return STRINGS.feedMenu.remove
    },
    run: (feed) => overlays.open({ kind: 'remove-feed', feed }),
  })
  registry.register({
    id: 'feed-full-text',
    get label() {
      return STRINGS.feedFullText.menu
    },
    run: (feed) => overlays.open({ kind: 'feed-full-text', feed }),
  })
  registry.register({
    id: 'folder-mark-read',
    get label() {
      return STRINGS.feedMenu.markAllRead
    },
    run: (folder) => markRead({ folderId: folder.id }),
  })
  registry.register({
    id: 'folder-rename',
    get label() {
      return STRINGS.feedMenu.rename
    },
    run: (folder) => overlays.open({ kind: 'rename-folder', folder }),
  })

  const moveFeed = (feed: { id: string; title: string }, folder: string, from: string): void => {
    api.moveFeed({ feedId: feed.id, folder }).then(() => {
      sync.changed()
      overlays.offerUndo(STRINGS.folders.moved(feed.title, folder), async () => {
        await api.moveFeed({ feedId: feed.id, folder: from })
        sync.changed()
      })
    }, overlays.fail)
  }
  registry.register({
    id: 'feed-move-to',
    get label() {
      return STRINGS.feedMenu.move
    },
    run: ({ feed, folder }) => moveFeed(feed, folder, feed.folder),
    enabled: ({ feed, folder }) => feed.folder !== folder,
  })
  const selectedFeed = () => {
    const { selection } = navigation.state.get()
    return selection.kind === 'feed' ? feeds().find((feed) => feed.id === selection.feedId) : undefined
  }
  registry.register({
    id: 'move-selected-feed',
    get label() {
      return STRINGS.folders.moveSelected
    },
    key: 'Shift+M',
    run: () => {
      const feed = selectedFeed()
      if (feed) overlays.open({ kind: 'move-feed', feed })
    },
    enabled: () => selectedFeed() !== undefined,
  })
  registry.register({
    id: 'folder-delete',
    get label() {
      return STRINGS.folders.delete
    },
    run: (folder) => {
      api.deleteFolder({ folderId: folder.id }).then(({ undo }) => {
        const { selection } = navigation.state.get()
        if (selection.kind === 'folder' && selection.folderId === folder.id) actions.choose({ kind: 'all' })
        sync.changed()
        overlays.offerUndo(STRINGS.undo.folderDeleted(folder.title), async () => {
          await api.undo({ token: undo })
          sync.changed()
        })
      }, overlays.fail)
    },
  })

  // The first-run screen's import.
  registry.register({
    id: 'import-opml',
    get label() {
      return STRINGS.welcome.importOpml
    },
    run: () => {
      pickAndImportOpml().then((result) => {
        if (!result) return
        sync.changed()
        overlays.notify(STRINGS.settings.imported(result.added.length, result.skipped.length))
        if (result.added.length > 0) sync.refresh()
      }, overlays.fail)
    },
  })
  registerSmartFeedCommands(registry, reader)
  return registry
}

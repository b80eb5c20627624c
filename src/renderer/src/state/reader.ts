import { createArticleList } from './article-list'
import { createFlagStore } from './flags'
import { createHighlights } from './highlights'
import { createLayout, type Layout } from './layout'
import { createLibrary } from './library'
import { activeQuery, createNavigation } from './navigation'
import { createOpenArticle } from './open-article'
import { createOverlays } from './overlays'
import { createReaderActions, type ReaderActions, type ReaderStores } from './reader-actions'
import { createSettings } from './settings'
import { createSmartFeeds } from './smart-feeds'
import { createSyncStatus } from './sync-status'

/**
 * The reader's state, one store per concept, and the actions across them. Components read the stores
 * they draw (useStore); commands and actions read them when they run. One per window: tests make their
 * own, so nothing is shared between them.
 */
export interface Reader extends ReaderStores {
  /** Where the sidebar is, as the window's width allows (not a store the actions need). */
  layout: Layout
  actions: ReaderActions
  /** Connects the stores to the core and to each other; returns how to stop. */
  start(): () => void
  /** Hears a change in any store (which commands are enabled depends on several). */
  subscribe(listener: () => void): () => void
}

export function createReader(): Reader {
  const flags = createFlagStore()
  const stores = {
    flags,
    sync: createSyncStatus(),
    settings: createSettings(),
    library: createLibrary(flags),
    smart: createSmartFeeds(),
    navigation: createNavigation(),
    list: createArticleList(flags),
    article: createOpenArticle(flags),
    highlights: createHighlights(),
    overlays: createOverlays(),
    layout: createLayout(),
  }
  const { sync, settings, library, navigation, list, article, highlights, overlays } = stores
  const all = [
    flags,
    sync.state,
    settings.state,
    library.state,
    stores.smart.state,
    navigation.state,
    list.state,
    article.state,
    highlights.state,
    overlays.dialog,
    overlays.notice,
    overlays.undoable,
    stores.layout.state,
  ]
  return {
    ...stores,
    actions: createReaderActions(stores),
    start() {
      const stops = [
        sync.start(),
        settings.start(),
        followSync(stores),
        followCounts(stores),
        paceSearches(stores),
        // The open article's highlights come with it.
        article.state.subscribe(() => highlights.load(article.state.get().id)),
      ]
      return () => stops.forEach((stop) => stop())
    },
    subscribe(listener) {
      const stops = all.map((store) => store.subscribe(listener))
      return () => stops.forEach((stop) => stop())
    },
  }
}

/** First run: nothing subscribed and nothing saved (saved pages show under All Articles too). */
export function isFirstRun({ library, navigation, list }: Reader): boolean {
  const { loaded, feeds, error } = library.state.get()
  const nav = navigation.state.get()
  const listed = list.state.get()
  return (
    loaded &&
    feeds.length === 0 &&
    !error &&
    nav.selection.kind === 'all' &&
    !activeQuery(nav) &&
    !listed.loading &&
    listed.rows.length === 0
  )
}

type Stores = Pick<Reader, 'sync' | 'library' | 'navigation' | 'list'>

/** The library loads again when the sync says feeds changed; the list when it brought articles. */
function followSync({ sync, library, navigation, list }: Stores): () => void {
  let feedsVersion = -1
  const follow = (): void => {
    const { feedsVersion: feedsNow, listVersion } = sync.state.get()
    const { selection, filters } = navigation.state.get()
    // The list first: at startup its rows are what the reader waits for.
    list.show({ selection, query: activeQuery(navigation.state.get()), filters }, listVersion)
    if (feedsNow !== feedsVersion) {
      feedsVersion = feedsNow
      void library.reload()
    }
  }
  follow()
  const stops = [sync.state.subscribe(follow), navigation.state.subscribe(follow)]
  return () => stops.forEach((stop) => stop())
}

/**
 * Smart feeds' counts are searches: read again soon after whatever changes the feeds' counts (a sync, an
 * unsubscribe, a mark all read: the library reloads; a mark read: its count changes here) or brings
 * articles (the list's version). A mark read is counted again once the core has it (reader-actions).
 */
function followCounts({ library, sync, smart }: Pick<Reader, 'library' | 'sync' | 'smart'>): () => void {
  let listVersion = sync.state.get().listVersion
  void smart.reload()
  const stops = [
    library.state.subscribe(smart.refreshSoon),
    sync.state.subscribe(() => {
      const now = sync.state.get().listVersion
      if (now === listVersion) return
      listVersion = now
      smart.refreshSoon()
    }),
    smart.cancel,
  ]
  return () => stops.forEach((stop) => stop())
}

/**
 * One search at a time, and no pause: a keystroke with no search running searches at once; keystrokes
 * while one runs wait for it, then the latest of them is searched (the ones between never are). The core
 * never works on a query already typed over, and the last keystroke waits for at most one search in
 * front of it rather than for a fixed pause after typing.
 */
function paceSearches({ navigation, list }: Stores): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const pace = (): void => {
    clearTimeout(timer)
    const now = navigation.state.get()
    const searching = activeQuery(now) !== '' && list.state.get().loading
    if (!now.query.trim() || now.query === now.searched || searching) return
    // A task, not now: the search starts after what the keystroke changed is drawn.
    timer = setTimeout(navigation.searchTyped, 0)
  }
  const stops = [navigation.state.subscribe(pace), list.state.subscribe(pace)]
  return () => {
    clearTimeout(timer)
    stops.forEach((stop) => stop())
  }
}

import { startTransition, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { FolderView } from '../../../shared/contract'
import { SAVED_FEED_ID, type ArticleView, type FeedSummary } from '../../../shared/types'
import { api } from '../api-client'
import { matchedTerms } from '../highlight'
import { STRINGS } from '../strings'
import { articleArrived, requestArticle, useArticle } from './use-article'
import { useArticleList, type ListRow } from './use-article-list'
import { useLibrary } from './use-library'
import { NO_FILTERS, sameSelection, type SearchFilters, type Selection } from './selection'
import { useSettings } from './use-settings'
import { useSyncStatus } from './use-sync-status'

/** The dialog on screen, if any. */
export type DialogState =
  | { kind: 'add-feed' }
  | { kind: 'save-page' }
  | { kind: 'settings' }
  | { kind: 'shortcuts' }
  | { kind: 'rename-feed'; feed: FeedSummary }
  | { kind: 'move-feed'; feed: FeedSummary }
  | { kind: 'remove-feed'; feed: FeedSummary }
  | { kind: 'rename-folder'; folder: FolderView }
  | null

const NO_TERMS: readonly string[] = []

/**
 * The reader's state in one place: what is selected, listed, open and syncing, and the actions on it.
 * Components only draw it; the command registry (see use-reader-commands) runs the actions.
 */
export function useReader() {
  const sync = useSyncStatus()
  const library = useLibrary(sync.feedsVersion)
  const { settings, update: updateSettings } = useSettings()
  const [selection, setSelection] = useState<Selection>({ kind: 'all' })
  const [query, setQuery] = useState('')
  const [typedQuery, setTypedQuery] = useState('')
  const [filters, setFilters] = useState<SearchFilters>(NO_FILTERS)
  // The query searched; clearing the field ends the search at once.
  const activeQuery = query.trim() ? typedQuery : ''
  const changeQuery = useCallback((next: string) => {
    setQuery(next)
    if (!next.trim()) setTypedQuery('')
  }, [])
  const list = useArticleList(selection, activeQuery, filters, sync.listVersion)
  // One search at a time, and no pause: a keystroke with no search running searches at once; keystrokes
  // while one runs wait for it, then the latest of them is searched (the ones between never are). The
  // core never works on a query already typed over, and the last keystroke waits for at most one search
  // in front of it rather than for a fixed pause after typing.
  const searching = activeQuery !== '' && list.loading
  useEffect(() => {
    if (!query.trim() || query === typedQuery || searching) return
    // A task, not this effect: the state changes after this render is done.
    const timer = setTimeout(() => setTypedQuery(query), 0)
    return () => clearTimeout(timer)
  }, [query, typedQuery, searching])
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const opened = useArticle(selectedId)
  const [dialog, setDialog] = useState<DialogState>(null)
  const [notice, setNotice] = useState<string | null>(null)

  // A notice says one thing once; it fades so the next one is heard.
  useEffect(() => {
    if (!notice) return
    const timer = setTimeout(() => setNotice(null), 6000)
    return () => clearTimeout(timer)
  }, [notice])

  const feedsById = useMemo(() => new Map(library.feeds.map((feed) => [feed.id, feed])), [library.feeds])
  const feedTitle = useCallback(
    (feedId: string) => feedsById.get(feedId)?.title ?? (feedId === SAVED_FEED_ID ? STRINGS.views.saved : ''),
    [feedsById],
  )
  const row: ListRow | undefined = list.rows.find((r) => r.id === selectedId)

  // The list row holds the flags the reader changed last; the loaded article may be older than them.
  const article: ArticleView | null = useMemo(
    () =>
      opened.article
        ? { ...opened.article, ...(row ? { read: row.read, bookmarked: row.bookmarked } : {}) }
        : null,
    [opened.article, row],
  )

  const fail = useCallback((failure: unknown) => setNotice((failure as Error).message), [])

  const setRead = useCallback(
    (target: { id: string; feedId: string; read: boolean }, read: boolean) => {
      if (target.read === read) return
      // Drawn after what is urgent (the row chosen, the article coming): the unread dot, the sidebar's
      // counts and the article's flag can wait a few milliseconds; the click's own frame should not.
      startTransition(() => {
        list.patchRow(target.id, { read })
        opened.patch({ read })
        library.adjustUnread(target.feedId, read ? -1 : 1)
      })
      // Sent once the article a click opens has come: marking read rewrites every read flag in the core
      // (a megabyte at 50,000 articles), which holds up anything the core is still answering, and the
      // article waited behind it (about 100 ms when sent at once, 20 ms when sent a task later).
      void articleArrived().then(() =>
        api.setRead({ ids: [target.id], read }).catch((failure: unknown) => {
          list.patchRow(target.id, { read: !read })
          library.adjustUnread(target.feedId, read ? 1 : -1)
          fail(failure)
        }),
      )
    },
    [list, opened, library, fail],
  )

  // The list's rows call select; it stays the same function while pages load and flags change, so
  // that a click re-renders the rows it changes and not every row on screen. It reads the latest state
  // when it runs.
  const latest = useRef({ rows: list.rows, settings, setRead, selectedId })
  useLayoutEffect(() => {
    latest.current = { rows: list.rows, settings, setRead, selectedId }
  })
  const select = useCallback((id: string) => {
    const now = latest.current
    if (id !== now.selectedId) requestArticle(id)
    setSelectedId(id)
    const target = now.rows.find((r) => r.id === id)
    if (target && now.settings?.markReadOnOpen !== false && !target.read) now.setRead(target, true)
  }, [])

  const choose = useCallback(
    (next: Selection) => {
      setSelection((now) => (sameSelection(now, next) ? now : next))
      setSelectedId(null)
      changeQuery('')
    },
    [changeQuery],
  )

  const toggleBookmark = useCallback(() => {
    const target = row ?? article
    if (!target) return
    const bookmarked = !target.bookmarked
    list.patchRow(target.id, { bookmarked })
    opened.patch({ bookmarked })
    api.setBookmarked({ id: target.id, bookmarked }).catch((failure: unknown) => {
      list.patchRow(target.id, { bookmarked: !bookmarked })
      opened.patch({ bookmarked: !bookmarked })
      fail(failure)
    })
  }, [row, article, list, opened, fail])

  const markAllRead = useCallback(
    async (scope: { feedIds?: string[]; folderId?: string }) => {
      const { changed } = await api.markAllRead(scope)
      const feedIds = scope.feedIds ? new Set(scope.feedIds) : null
      list.patchRows((r) => !scope.folderId && (!feedIds || feedIds.has(r.feedId)), { read: true })
      await library.reload()
      if (scope.folderId) sync.changed()
      return changed
    },
    [list, library, sync],
  )

  const markSelectionRead = useCallback(() => {
    let scope: { feedIds?: string[]; folderId?: string } = {}
    if (selection.kind === 'feed') scope = { feedIds: [selection.feedId] }
    else if (selection.kind === 'folder') scope = { folderId: selection.folderId }
    else if (selection.kind === 'saved') scope = { feedIds: [SAVED_FEED_ID] }
    else if (selection.kind === 'bookmarks') {
      const unread = list.rows.filter((r) => !r.read)
      for (const target of unread) setRead(target, true)
      return
    }
    markAllRead(scope).catch(fail)
  }, [selection, list.rows, setRead, markAllRead, fail])

  /** Words to mark in the open article: the matches the search found in it. */
  const terms = useMemo(() => {
    const hit = row?.hit
    if (!hit || !opened.article) return NO_TERMS
    return [
      ...new Set([
        ...matchedTerms(opened.article.contentText, hit.positions.content),
        ...matchedTerms(opened.article.title, hit.positions.title),
        ...matchedTerms(hit.snippet, hit.snippetPositions),
      ]),
    ]
  }, [row?.hit, opened.article])

  return {
    sync,
    library,
    settings,
    updateSettings,
    selection,
    choose,
    query,
    setQuery: changeQuery,
    activeQuery,
    filters,
    setFilters,
    list,
    selectedId,
    select,
    row,
    article,
    opened,
    terms,
    feedTitle,
    setRead,
    toggleBookmark,
    markAllRead,
    markSelectionRead,
    dialog,
    setDialog,
    notice,
    setNotice,
    fail,
  }
}

export type ReaderState = ReturnType<typeof useReader>

import { useCallback, useEffect, useMemo, useState } from 'react'
import type { FolderView } from '../../../shared/contract'
import type { ArticleView, FeedSummary } from '../../../shared/types'
import { api } from '../api-client'
import { matchedTerms } from '../highlight'
import { STRINGS } from '../strings'
import { useArticle } from './use-article'
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

/** How long typing pauses before the search runs: short enough to feel instant. */
export const SEARCH_DELAY_MS = 60

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
  // The query searched: the typed one once typing pauses; clearing the field ends the search at once.
  const activeQuery = query.trim() ? typedQuery : ''
  useEffect(() => {
    if (!query.trim()) return
    const timer = setTimeout(() => setTypedQuery(query), SEARCH_DELAY_MS)
    return () => clearTimeout(timer)
  }, [query])
  const changeQuery = useCallback((next: string) => {
    setQuery(next)
    if (!next.trim()) setTypedQuery('')
  }, [])
  const list = useArticleList(selection, activeQuery, filters, sync.listVersion)
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
    (feedId: string) => feedsById.get(feedId)?.title ?? (feedId === 'saved' ? STRINGS.views.saved : ''),
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
      list.patchRow(target.id, { read })
      opened.patch({ read })
      library.adjustUnread(target.feedId, read ? -1 : 1)
      // Sent once this event's render is done, so that the article a click opens is asked for first: the
      // core answers one request at a time, and marking read rewrites every read flag (a megabyte at
      // 50,000 articles), which made the article wait about 100 ms.
      setTimeout(() => {
        api.setRead({ ids: [target.id], read }).catch((failure: unknown) => {
          list.patchRow(target.id, { read: !read })
          library.adjustUnread(target.feedId, read ? 1 : -1)
          fail(failure)
        })
      }, 0)
    },
    [list, opened, library, fail],
  )

  const select = useCallback(
    (id: string) => {
      setSelectedId(id)
      const target = list.rows.find((r) => r.id === id)
      if (target && settings?.markReadOnOpen !== false && !target.read) setRead(target, true)
    },
    [list.rows, settings, setRead],
  )

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
    else if (selection.kind === 'saved') scope = { feedIds: ['saved'] }
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
    if (!hit || !opened.article) return []
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

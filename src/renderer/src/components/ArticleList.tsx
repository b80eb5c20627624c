import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { measureRowColumns, type RowColumns } from '../snippet-columns'
import { ROW_HEIGHT, type ListRow } from '../state/list-pages'
import { STRINGS } from '../strings'
import { ArticleRow } from './ArticleRow'

interface ArticleListProps {
  rows: ListRow[]
  selectedId: string | null
  /** A row's feed name, or null when the list is one feed's (see listsOneFeed). */
  feedTitle: (feedId: string) => string | null
  feedLanguage: (feedId: string) => string | undefined
  /** A feed's icon (its blob hash), or null. */
  feedIcon?: (feedId: string) => string | null
  loading: boolean
  error: string | null
  hasMore: boolean
  /** What the rows list, as a key (ListState's listing): a new one starts at the list's top. */
  listing: string
  /** Shown when there is nothing to list (differs by view and for a search). */
  emptyMessage: string
  onSelect: (id: string) => void
  onOpen: (id: string) => void
  onLoadMore: () => void
  onRetry: () => void
  /** The heading, the search field and the list's actions. */
  header: ReactNode
}

/** Rows from the end at which the next page is asked for. */
const PREFETCH_ROWS = 30

/**
 * The middle pane: a virtualized list box, so 50,000 rows cost as much as the thirty on screen. Only the
 * visible rows (and a few either side) are in the document; more pages load as the end comes near.
 */
export function ArticleList(props: ArticleListProps) {
  const { rows, selectedId, feedTitle, feedLanguage, feedIcon, loading, error, hasMore, listing } = props
  const { emptyMessage } = props
  const { onSelect, onOpen, onLoadMore, onRetry, header } = props
  const scroller = useRef<HTMLDivElement>(null)
  // TanStack Virtual hands out fresh functions each render, so the React Compiler leaves this one alone.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => rows[index]?.id ?? index,
  })
  const items = virtualizer.getVirtualItems()
  const lastVisible = items.at(-1)?.index ?? -1
  // The last row actually on screen (items include the overscan beyond it).
  const lastOnScreen = virtualizer.range?.endIndex ?? -1

  // A search result's snippet (and a long title whose match is past the row's edge) is cut to what a row
  // shows, centred on its match: measured again when the list's width changes, not per row.
  const listWidth = virtualizer.scrollRect?.width ?? 0
  const [columns, setColumns] = useState<RowColumns | null>(null)
  useLayoutEffect(() => {
    const sizer = scroller.current?.firstElementChild
    if (!(sizer instanceof HTMLElement) || listWidth <= 0) return
    setColumns(measureRowColumns(sizer))
  }, [listWidth])

  // Another list (a feed clicked, a search typed, a filter changed) starts at its top, however far the
  // last one was scrolled: its newest or best rows first. Before the paint, so the new rows are never
  // drawn where the old ones were scrolled to. The same list loaded again keeps its place.
  const listedBefore = useRef(listing)
  // Set for the rest of a commit that scrolled to the top: this render's range is still the old offset's
  // (the virtualizer learns of the new one with the scroll event), so the effects below reckon from 0.
  const movedToTop = useRef(false)
  useLayoutEffect(() => {
    if (listing === listedBefore.current) return
    listedBefore.current = listing
    if ((virtualizer.scrollOffset ?? 0) === 0) return
    virtualizer.scrollToOffset(0)
    movedToTop.current = true
  }, [listing, virtualizer])

  useEffect(() => {
    // (Just moved to the top: the range is the old offset's; the next render has the right one.)
    if (loading || rows.length === 0 || movedToTop.current) return
    // Near the end: the next page. At the very end, ask even when the list holds back a search's next
    // page for a moment (onLoadMore knows whether there is one).
    if (hasMore ? lastVisible >= rows.length - PREFETCH_ROWS : lastOnScreen >= rows.length - 1) onLoadMore()
  }, [hasMore, loading, lastVisible, lastOnScreen, rows.length, onLoadMore])

  const selectedIndex = selectedId ? rows.findIndex((row) => row.id === selectedId) : -1
  useEffect(() => {
    if (selectedIndex < 0) return
    // Already in view (a click, or the keyboard within the screen): nothing to scroll. Asked from the
    // virtualizer's own record of the scroll position, because scrollToIndex reads the scroller's size
    // and scrolls even when it stays put, and that forced a layout in the middle of every click.
    const top = selectedIndex * ROW_HEIGHT
    const from = movedToTop.current ? 0 : (virtualizer.scrollOffset ?? 0)
    const height = virtualizer.scrollRect?.height ?? 0
    if (height > 0 && top >= from && top + ROW_HEIGHT <= from + height) return
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, virtualizer])

  // Last of the commit's effects (they run in order).
  useEffect(() => {
    movedToTop.current = false
  })

  const onKeyDown = (event: React.KeyboardEvent): void => {
    const move = (index: number): void => {
      const row = rows[Math.max(0, Math.min(rows.length - 1, index))]
      if (row) onSelect(row.id)
    }
    if (event.key === 'ArrowDown') move(selectedIndex + 1)
    else if (event.key === 'ArrowUp') move(selectedIndex <= 0 ? 0 : selectedIndex - 1)
    else if (event.key === 'Home') move(0)
    else if (event.key === 'End') move(rows.length - 1)
    else return
    event.preventDefault()
  }

  let body: ReactNode
  if (loading && rows.length === 0) {
    body = (
      <p className="list-message" role="status">
        {STRINGS.list.loading}
      </p>
    )
  } else if (error && rows.length === 0) {
    body = (
      <div className="list-message" role="alert">
        <p>{error}</p>
        <button type="button" className="button" onClick={onRetry}>
          {STRINGS.list.retry}
        </button>
      </div>
    )
  } else if (rows.length === 0) {
    body = (
      <p className="list-message" role="status">
        {emptyMessage}
      </p>
    )
  }

  return (
    <section className="list-pane" aria-label={STRINGS.list.label}>
      {header}
      {body}
      <div
        ref={scroller}
        className="list-scroll"
        role="listbox"
        aria-label={STRINGS.list.label}
        aria-busy={loading}
        aria-activedescendant={selectedIndex >= 0 ? `row-${rows[selectedIndex]!.id}` : undefined}
        tabIndex={0}
        hidden={rows.length === 0}
        onKeyDown={onKeyDown}
      >
        <div className="list-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index]!
            return (
              <ArticleRow
                key={item.key}
                row={row}
                index={item.index}
                count={rows.length}
                top={item.start}
                selected={row.id === selectedId}
                feedTitle={feedTitle(row.feedId)}
                feedLanguage={feedLanguage(row.feedId)}
                feedIcon={feedIcon?.(row.feedId) ?? null}
                columns={columns}
                onSelect={onSelect}
                onOpen={onOpen}
              />
            )
          })}
        </div>
        {hasMore && rows.length > 0 && (
          <p className="list-more" aria-live="polite">
            {STRINGS.list.loadingMore}
          </p>
        )}
      </div>
    </section>
  )
}

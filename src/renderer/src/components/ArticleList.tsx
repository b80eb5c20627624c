import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, type ReactNode } from 'react'
import type { ListRow } from '../state/use-article-list'
import { STRINGS } from '../strings'
import { ArticleRow, ROW_HEIGHT } from './ArticleRow'

interface ArticleListProps {
  rows: ListRow[]
  selectedId: string | null
  feedTitle: (feedId: string) => string
  loading: boolean
  error: string | null
  hasMore: boolean
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
  const { rows, selectedId, feedTitle, loading, error, hasMore, emptyMessage } = props
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

  useEffect(() => {
    if (hasMore && !loading && lastVisible >= rows.length - PREFETCH_ROWS) onLoadMore()
  }, [hasMore, loading, lastVisible, rows.length, onLoadMore])

  const selectedIndex = selectedId ? rows.findIndex((row) => row.id === selectedId) : -1
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, virtualizer])

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

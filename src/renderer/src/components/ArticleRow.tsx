import { memo, useMemo } from 'react'
import { fitSnippet } from '../../../shared/snippet'
import { formatFullTime, formatListTime } from '../format'
import type { ListRow } from '../state/list-pages'
import { useArticleFlags } from '../state/reader-context'
import { STRINGS } from '../strings'
import { FeedIcon } from './FeedIcon'
import { Highlighted } from './Highlighted'
import { BookmarkIcon } from './Icons'

/** Every row has this height in pixels (the list is virtualized on it; styles.css agrees). */
export const ROW_HEIGHT = 84

interface ArticleRowProps {
  row: ListRow
  index: number
  count: number
  top: number
  selected: boolean
  feedTitle: string
  /** The feed's icon (its blob hash), or null. */
  feedIcon?: string | null
  /** The columns of snippet a row shows, when measured: a search's snippet is cut to them. */
  snippetColumns?: number | null
  onSelect: (id: string) => void
  onOpen: (id: string) => void
}

/** One article in the list: title, feed, time, a line of snippet, and whether it is read or bookmarked. */
export const ArticleRow = memo(function ArticleRow(props: ArticleRowProps) {
  const { row, index, count, top, selected, feedTitle, feedIcon, snippetColumns, onSelect, onOpen } = props
  // From the flag store: marking the article anywhere redraws this row, and only this one.
  const { read, bookmarked } = useArticleFlags(row.id)
  // A search result's snippet, centred on its match and cut to the row, so the match is never past its edge.
  const snippet = useMemo(
    () =>
      snippetColumns && row.snippetRanges?.length
        ? fitSnippet(row.snippet, row.snippetRanges, snippetColumns)
        : { text: row.snippet, ranges: row.snippetRanges },
    [row.snippet, row.snippetRanges, snippetColumns],
  )
  const classes = ['article-row', read ? 'read' : 'unread', selected ? 'selected' : ''].join(' ')
  return (
    <div
      id={`row-${row.id}`}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={count}
      className={classes}
      style={{ top }}
      onClick={() => onSelect(row.id)}
      onDoubleClick={() => onOpen(row.id)}
    >
      <div className="row-meta">
        {!read && <span className="unread-dot" role="img" aria-label={STRINGS.list.unreadMark} />}
        <FeedIcon hash={feedIcon} />
        <span className="row-feed">{feedTitle}</span>
        <time
          className="row-time"
          dateTime={new Date(row.sortTime).toISOString()}
          title={formatFullTime(row.sortTime)}
        >
          {formatListTime(row.sortTime)}
        </time>
        {bookmarked && (
          <span className="row-bookmark" role="img" aria-label={STRINGS.list.bookmarkedMark}>
            <BookmarkIcon filled />
          </span>
        )}
      </div>
      <div className="row-title">
        <Highlighted text={row.title} ranges={row.titleRanges} />
      </div>
      <div className="row-snippet">
        <Highlighted text={snippet.text} ranges={snippet.ranges} />
      </div>
    </div>
  )
})

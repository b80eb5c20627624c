import { memo, useMemo } from 'react'
import { contentLanguage } from '../../../shared/language'
import { displayColumns, fitSnippet } from '../../../shared/snippet'
import { formatFullTime, formatListTime } from '../format'
import type { ListRow } from '../state/list-pages'
import type { RowColumns } from '../snippet-columns'
import { useArticleFlags } from '../state/reader-context'
import { STRINGS } from '../strings'
import { FeedIcon } from './FeedIcon'
import { Highlighted } from './Highlighted'
import { BookmarkIcon } from './Icons'
import { useLocale } from '../locale'

interface ArticleRowProps {
  row: ListRow
  index: number
  count: number
  top: number
  selected: boolean
  /** The feed's name, or null where the list is one feed's (the heading names it once). */
  feedTitle: string | null
  /** The language the feed declares, if any (the row's own wins). */
  feedLanguage: string | undefined
  /** The feed's icon (its blob hash), or null. */
  feedIcon?: string | null
  /** The columns a row's title and snippet show, when measured: a search result's are cut to them. */
  columns?: RowColumns | null
  onSelect: (id: string) => void
  onOpen: (id: string) => void
}

/** One article in the list: title, feed, time, a line of snippet, and whether it is read or bookmarked. */
export const ArticleRow = memo(function ArticleRow(props: ArticleRowProps) {
  useLocale() // memoised: redrawn in a new language (its times and marks), not only when its row changes
  const { row, index, count, top, selected, feedTitle, feedLanguage, feedIcon, columns, onSelect, onOpen } =
    props
  // From the flag store: marking the article anywhere redraws this row, and only this one.
  const { read, bookmarked } = useArticleFlags(row.id)
  // A search result's snippet, centred on its match and cut to the row, so the match is never past its
  // edge; its title too, but only when the title's first match would be past it.
  const snippet = useMemo(
    () =>
      columns && row.snippetRanges?.length
        ? fitSnippet(row.snippet, row.snippetRanges, columns.snippet)
        : { text: row.snippet, ranges: row.snippetRanges },
    [row.snippet, row.snippetRanges, columns],
  )
  const title = useMemo(() => {
    const first = row.titleRanges?.[0]
    const hidden =
      first && columns && displayColumns(row.title.slice(0, first[0] + first[1])) > columns.title - 1
    return hidden
      ? fitSnippet(row.title, row.titleRanges ?? [], columns.title)
      : { text: row.title, ranges: row.titleRanges }
  }, [row.title, row.titleRanges, columns])
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
      lang={contentLanguage(row.language ?? feedLanguage, row.title, row.snippet)}
      onClick={() => onSelect(row.id)}
      onDoubleClick={() => onOpen(row.id)}
    >
      <div className="row-meta">
        {!read && <span className="unread-dot" role="img" aria-label={STRINGS.list.unreadMark} />}
        <FeedIcon hash={feedIcon} />
        {feedTitle !== null && (
          <span className="row-feed" lang={contentLanguage(feedLanguage, feedTitle)}>
            {feedTitle}
          </span>
        )}
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
      <div className="row-title" title={title.text === row.title ? undefined : row.title}>
        <Highlighted text={title.text} ranges={title.ranges} />
      </div>
      <div className="row-snippet">
        <Highlighted text={snippet.text} ranges={snippet.ranges} />
      </div>
    </div>
  )
})

import { CommandButton } from '../commands/CommandButton'
import { selectionTitle } from '../state/selection'
import type { ReaderState } from '../state/use-reader'
import { STRINGS } from '../strings'
import { CheckAllIcon, WarningIcon } from './Icons'

/** Above the list: what is listed (or how many results), the selected feed's error, mark all read. */
export function ListHeader({ reader }: { reader: ReaderState }) {
  const { selection, library, list, activeQuery } = reader
  const feed = selection.kind === 'feed' ? library.feeds.find((f) => f.id === selection.feedId) : undefined
  const title = activeQuery
    ? STRINGS.search.results
    : selectionTitle(selection, library.feeds, library.folders)
  return (
    <div className="list-header">
      <div className="list-heading">
        <h2 className="list-title">{title}</h2>
        {activeQuery && list.total !== null && !list.loading && (
          <span className="list-count" role="status">
            {STRINGS.list.resultCount(list.total, list.totalIsExact)}
          </span>
        )}
        <CommandButton command="mark-all-read" icon={<CheckAllIcon />} />
      </div>
      {feed?.lastError && (
        <p className="feed-error-banner" role="alert">
          <WarningIcon /> {STRINGS.sidebar.feedError(feed.lastError)}
        </p>
      )}
    </div>
  )
}

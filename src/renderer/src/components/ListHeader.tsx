import { contentLanguage } from '../../../shared/language'
import { CommandButton } from '../commands/CommandButton'
import { sidebarPlace } from '../state/layout'
import { activeQuery } from '../state/navigation'
import { useReader } from '../state/reader-context'
import { selectionTitle } from '../state/selection'
import { useStore } from '../state/store'
import { STRINGS } from '../strings'
import { CheckAllIcon, ExportIcon, SaveSearchIcon, SidebarIcon, WarningIcon } from './Icons'
import { feedErrorText, noticeText } from '../locale'

/** Above the list: what is listed (or how many results), the selected feed's error, mark all read. */
export function ListHeader() {
  const { layout, library, list, navigation, smart } = useReader()
  const nav = useStore(navigation.state)
  const { feeds, folders } = useStore(library.state)
  const { total, totalIsExact, loading } = useStore(list.state)
  const sidebarShown = useStore(layout.state, (state) => sidebarPlace(state) !== 'hidden')
  const { selection } = nav
  const searched = activeQuery(nav)
  const feed = selection.kind === 'feed' ? feeds.find((f) => f.id === selection.feedId) : undefined
  const smartFeeds = useStore(smart.state, (state) => state.feeds)
  const smartFeed =
    selection.kind === 'smart' ? smartFeeds.find((f) => f.id === selection.smartId) : undefined
  const title = searched
    ? STRINGS.search.results
    : (smartFeed?.name ?? selectionTitle(selection, feeds, folders))
  return (
    <div className="list-header">
      <div className="list-heading">
        <CommandButton
          command="toggle-sidebar"
          icon={<SidebarIcon />}
          label={sidebarShown ? STRINGS.layout.hideSidebar : STRINGS.layout.showSidebar}
        />
        {/* A search's heading is for screen readers: its count says the same where the title stands. */}
        <h2
          className={searched ? 'list-title sr-only' : 'list-title'}
          lang={searched ? undefined : contentLanguage(feed?.language, title)}
        >
          {title}
        </h2>
        {searched && total !== null && !loading && (
          <span className="list-count" role="status">
            {STRINGS.list.resultCount(total, totalIsExact)}
          </span>
        )}
        <div className="list-actions">
          {searched && <CommandButton command="save-search" icon={<SaveSearchIcon />} />}
          <CommandButton command="export-list" icon={<ExportIcon />} />
          <CommandButton command="mark-all-read" icon={<CheckAllIcon />} />
        </div>
      </div>
      {feed?.lastError && (
        <p className="feed-error-banner" role="alert">
          <WarningIcon /> <span>{STRINGS.sidebar.feedError(feedErrorText(feed) ?? '')}</span>
        </p>
      )}
      {!feed?.lastError && feed?.notice && (
        <p className="feed-notice" role="note">
          {STRINGS.sidebar.feedNotice(noticeText(feed) ?? '')}
        </p>
      )}
    </div>
  )
}

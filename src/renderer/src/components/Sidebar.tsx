import {
  memo,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from 'react'
import type { FolderView } from '../../../shared/contract'
import type { FeedSummary } from '../../../shared/types'
import { folderTree, totalUnread } from '../state/folder-tree'
import { SMART_VIEWS, selectionKey, type Selection } from '../state/selection'
import { STRINGS } from '../strings'
import { ChevronIcon, WarningIcon } from './Icons'
import { RowMenu } from './RowMenu'

export type FeedAction = 'rename' | 'move' | 'mark-read' | 'remove'
export type FolderAction = 'rename' | 'mark-read'

interface SidebarProps {
  feeds: FeedSummary[]
  folders: FolderView[]
  selection: Selection
  onSelect: (selection: Selection) => void
  onFeedAction: (action: FeedAction, feed: FeedSummary) => void
  onFolderAction: (action: FolderAction, folder: FolderView) => void
  /** Why the feeds could not be loaded, if they could not. */
  error: string | null
  onRetry: () => void
  /** The sync controls and the add/save/settings buttons. */
  header: ReactNode
  footer: ReactNode
}

/** As value.toLocaleString(), which builds a formatter per call: 500 feed badges made that slow. */
const COUNT_FORMAT = new Intl.NumberFormat()

function Count({ value }: { value: number }) {
  return value > 0 ? (
    <span className="count" aria-hidden="true">
      {COUNT_FORMAT.format(value)}
    </span>
  ) : null
}

/** ", 3 unread" for screen readers; the badge beside it shows the number. */
function UnreadText({ count }: { count: number }) {
  return count > 0 ? <span className="sr-only">, {STRINGS.sidebar.unreadCount(count)}</span> : null
}

const COLLAPSED_KEY = 'broadsheet.collapsedFolders'

function loadCollapsed(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(COLLAPSED_KEY) ?? '[]') as string[])
  } catch {
    return new Set()
  }
}

/** What the rows call when clicked: read from a ref at click time, so the rows need not re-render for it. */
interface RowActions {
  onSelect: (selection: Selection) => void
  onFeedAction: (action: FeedAction, feed: FeedSummary) => void
  onFolderAction: (action: FolderAction, folder: FolderView) => void
}

/** One feed: re-renders only when the feed or whether it is selected changes (500 feeds are many). */
const FeedRow = memo(function FeedRow({
  feed,
  selected,
  actions,
}: {
  feed: FeedSummary
  selected: boolean
  actions: RefObject<RowActions>
}) {
  return (
    <li className={selected ? 'nav-row selected' : 'nav-row'}>
      <button
        type="button"
        className="nav-button"
        aria-current={selected ? 'true' : undefined}
        title={feed.lastError ? STRINGS.sidebar.feedError(feed.lastError) : feed.url}
        onClick={() => actions.current.onSelect({ kind: 'feed', feedId: feed.id })}
      >
        {/* The name people hear is the visible text plus what the badge and the icon show. */}
        <span className="nav-title">
          {feed.title}
          <UnreadText count={feed.unread} />
          {feed.lastError && (
            <span className="feed-error">
              <WarningIcon />
              <span className="sr-only">{`, ${STRINGS.sidebar.feedErrorPrefix}`}</span> {feed.lastError}
            </span>
          )}
        </span>
        <Count value={feed.unread} />
      </button>
      <RowMenu
        label={STRINGS.sidebar.feedOptions(feed.title)}
        items={[
          { label: STRINGS.feedMenu.markAllRead, run: () => actions.current.onFeedAction('mark-read', feed) },
          { label: STRINGS.feedMenu.rename, run: () => actions.current.onFeedAction('rename', feed) },
          { label: STRINGS.feedMenu.move, run: () => actions.current.onFeedAction('move', feed) },
          {
            label: STRINGS.feedMenu.remove,
            run: () => actions.current.onFeedAction('remove', feed),
            danger: true,
          },
        ]}
      />
    </li>
  )
})

/** The left pane: smart views, then folders and feeds with unread counts and each feed's last error. */
export function Sidebar(props: SidebarProps) {
  const {
    feeds,
    folders,
    selection,
    onSelect,
    onFeedAction,
    onFolderAction,
    error,
    onRetry,
    header,
    footer,
  } = props
  const [collapsed, setCollapsed] = useState(loadCollapsed)
  const current = selectionKey(selection)
  const allUnread = totalUnread(feeds)

  const toggle = useCallback((folderId: string): void => {
    setCollapsed((now) => {
      const next = new Set(now)
      if (!next.delete(folderId)) next.add(folderId)
      localStorage.setItem(COLLAPSED_KEY, JSON.stringify([...next]))
      return next
    })
  }, [])
  const actions = useRef<RowActions>({ onSelect, onFeedAction, onFolderAction })
  useLayoutEffect(() => {
    actions.current = { onSelect, onFeedAction, onFolderAction }
  })

  // The folders and feeds are drawn again only when they, the folds or the selection change: the reader
  // re-renders on every keystroke of a search and every article opened, and 500 feeds' rows made each of
  // those cost tens of milliseconds.
  const index = useMemo(() => folderTree(feeds, folders), [feeds, folders])
  const tree = useMemo(() => {
    const feedRow = (feed: FeedSummary) => (
      <FeedRow
        key={feed.id}
        feed={feed}
        selected={current === selectionKey({ kind: 'feed', feedId: feed.id })}
        actions={actions}
      />
    )

    const folderRow = (folder: FolderView): ReactNode => {
      const open = !collapsed.has(folder.id)
      const selected = current === selectionKey({ kind: 'folder', folderId: folder.id })
      const unread = index.unread.get(folder.id) ?? 0
      return (
        <li key={folder.id} className="folder">
          <div className={selected ? 'nav-row selected' : 'nav-row'}>
            <button
              type="button"
              className="icon-button folder-toggle"
              aria-expanded={open}
              aria-label={
                open
                  ? STRINGS.sidebar.collapseFolder(folder.title)
                  : STRINGS.sidebar.expandFolder(folder.title)
              }
              onClick={() => toggle(folder.id)}
            >
              <ChevronIcon open={open} />
            </button>
            <button
              type="button"
              className="nav-button"
              aria-current={selected ? 'true' : undefined}
              onClick={() => actions.current.onSelect({ kind: 'folder', folderId: folder.id })}
            >
              <span className="nav-title folder-title">
                {folder.title}
                <UnreadText count={unread} />
              </span>
              <Count value={unread} />
            </button>
            <RowMenu
              label={STRINGS.sidebar.folderOptions(folder.title)}
              items={[
                {
                  label: STRINGS.feedMenu.markAllRead,
                  run: () => actions.current.onFolderAction('mark-read', folder),
                },
                {
                  label: STRINGS.feedMenu.rename,
                  run: () => actions.current.onFolderAction('rename', folder),
                },
              ]}
            />
          </div>
          {open && (
            <ul className="nav-list nested">
              {(index.folders.get(folder.id) ?? []).map(folderRow)}
              {(index.feeds.get(folder.id) ?? []).map(feedRow)}
            </ul>
          )}
        </li>
      )
    }
    return (
      <ul className="nav-list">
        {(index.folders.get(null) ?? []).map(folderRow)}
        {(index.feeds.get(null) ?? []).map(feedRow)}
      </ul>
    )
  }, [index, collapsed, current, toggle])

  return (
    <nav className="sidebar" aria-label={STRINGS.sidebar.label}>
      {header}
      <div className="sidebar-scroll">
        <ul className="nav-list smart-views">
          {SMART_VIEWS.map((kind) => {
            const selected = current === kind
            return (
              <li key={kind} className={selected ? 'nav-row selected' : 'nav-row'}>
                <button
                  type="button"
                  className="nav-button"
                  aria-current={selected ? 'true' : undefined}
                  onClick={() => onSelect({ kind })}
                >
                  <span className="nav-title">
                    {STRINGS.views[kind]}
                    {(kind === 'all' || kind === 'unread') && <UnreadText count={allUnread} />}
                  </span>
                  {(kind === 'all' || kind === 'unread') && <Count value={allUnread} />}
                </button>
              </li>
            )
          })}
        </ul>
        {error && (
          <div className="sidebar-error" role="alert">
            <p>{STRINGS.sidebar.failed(error)}</p>
            <button type="button" className="button" onClick={onRetry}>
              {STRINGS.list.retry}
            </button>
          </div>
        )}
        {feeds.length > 0 && <h2 className="nav-heading">{STRINGS.sidebar.feedsHeading}</h2>}
        {tree}
      </div>
      {footer}
    </nav>
  )
}

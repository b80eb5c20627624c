import { memo, useCallback, useMemo, useState, type ReactNode, type Ref } from 'react'
import type { FolderView } from '../../../shared/contract'
import { contentLanguage } from '../../../shared/language'
import type { FeedSummary } from '../../../shared/types'
import { useCommandRegistry } from '../commands/CommandContext'
import { FeedIcon } from './FeedIcon'
import { CommandMenu, type MenuEntry } from '../commands/CommandMenu'
import type { FeedCommand, FolderCommand } from '../commands/registry'
import { folderTree } from '../state/folder-tree'
import { treeRows, type TreeRow } from '../state/tree-window'
import { useTreeWindow } from '../state/use-tree-window'
import { selectionKey, type Selection } from '../state/selection'
import { STRINGS } from '../strings'
import { ChevronIcon, WarningIcon } from './Icons'
import { Count, UnreadText } from './UnreadCount'
import { feedErrorText, useLocale } from '../locale'

const FEED_MENU: readonly MenuEntry<FeedCommand>[] = [
  { command: 'feed-mark-read' },
  { command: 'feed-rename' },
  { command: 'feed-move' },
  { command: 'feed-full-text' },
  { command: 'feed-export' },
  { command: 'feed-remove', danger: true },
]
const FOLDER_MENU: readonly MenuEntry<FolderCommand>[] = [
  { command: 'folder-mark-read' },
  { command: 'folder-rename' },
  { command: 'folder-export' },
  { command: 'folder-delete', danger: true },
]

const COLLAPSED_KEY = 'broadsheet.collapsedFolders'

function loadCollapsed(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(COLLAPSED_KEY) ?? '[]') as string[])
  } catch {
    return new Set()
  }
}

/** The feed being dragged in this window (a drag's data cannot be read until it is dropped). */
let dragged: FeedSummary | null = null
const DRAG_TYPE = 'application/x-broadsheet-feed'

/**
 * Where a dragged feed may be dropped: a folder of its own account (or the top level of it). Returns the
 * handlers for the drop target; `folder` is the path it moves to, "" for the top level.
 */
function useDropTarget(folder: string, account: string | undefined) {
  const registry = useCommandRegistry()
  const [over, setOver] = useState(false)
  const accepts = (event: React.DragEvent): FeedSummary | null =>
    dragged && event.dataTransfer.types.includes(DRAG_TYPE) && dragged.account === account ? dragged : null
  return {
    over,
    handlers: {
      onDragOver(event: React.DragEvent) {
        const feed = accepts(event)
        if (!feed) return
        // The innermost folder under the pointer takes the drop, not the folders around it.
        event.stopPropagation()
        event.preventDefault()
        event.dataTransfer.dropEffect = feed.folder === folder ? 'none' : 'move'
        setOver(true)
      },
      onDragLeave(event: React.DragEvent) {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false)
      },
      onDrop(event: React.DragEvent) {
        const feed = accepts(event)
        setOver(false)
        if (!feed) return
        event.stopPropagation()
        event.preventDefault()
        dragged = null
        registry.run('feed-move-to', { feed, folder })
      },
    },
  }
}

/** One feed: re-renders only when the feed or whether it is selected changes (500 feeds are many). */
const FeedRow = memo(function FeedRow({
  feed,
  selected,
  choose,
}: {
  feed: FeedSummary
  selected: boolean
  choose: (selection: Selection) => void
}) {
  useLocale() // memoised: redrawn in a new language, not only when its feed changes
  return (
    <li className={['nav-row', selected ? 'selected' : '', feed.lastError ? 'failing' : ''].join(' ').trim()}>
      <button
        type="button"
        className="nav-button"
        aria-current={selected ? 'true' : undefined}
        // Its whole name first (a nested feed's is often cut short), then its address or its failure.
        title={`${feed.title}\n${feed.lastError ? STRINGS.sidebar.feedError(feedErrorText(feed) ?? '') : feed.url}`}
        onClick={() => choose({ kind: 'feed', feedId: feed.id })}
        // Dragged onto a folder (or the top level) it moves there; "Move to Folder…" (Shift+M) is the
        // keyboard's way.
        draggable
        onDragStart={(event) => {
          dragged = feed
          event.dataTransfer.setData(DRAG_TYPE, feed.id)
          event.dataTransfer.effectAllowed = 'move'
        }}
        onDragEnd={() => (dragged = null)}
      >
        <FeedIcon hash={feed.icon} />
        {/* The name people hear is the visible text plus what the badge and the icon show. */}
        <span className="nav-title">
          <span lang={contentLanguage(feed.language, feed.title)}>{feed.title}</span>
          <UnreadText count={feed.unread} />
          {feed.lastError && (
            <span className="feed-error">
              <WarningIcon />
              <span className="sr-only">{`, ${STRINGS.sidebar.feedErrorPrefix}`}</span> {feedErrorText(feed)}
            </span>
          )}
        </span>
        <Count value={feed.unread} />
      </button>
      <CommandMenu label={STRINGS.sidebar.feedOptions(feed.title)} entries={FEED_MENU} target={feed} />
    </li>
  )
})

interface FeedTreeProps {
  feeds: FeedSummary[]
  folders: FolderView[]
  /** The selection's key (selectionKey): which row is highlighted. */
  current: string
  choose: (selection: Selection) => void
}

/**
 * The folders (foldable, remembered) and feeds with their unread counts. Drawn again only when they, the
 * folds or the selection change: the reader changes on every keystroke of a search and every article
 * opened, and 500 feeds' rows made each of those cost tens of milliseconds. A long tree draws only the
 * rows in and near the sidebar's view (useTreeWindow).
 */
export const FeedTree = memo(function FeedTree({ feeds, folders, current, choose }: FeedTreeProps) {
  useLocale() // memoised: redrawn in a new language too
  const [collapsed, setCollapsed] = useState(loadCollapsed)
  const toggle = useCallback((folderId: string): void => {
    setCollapsed((now) => {
      const next = new Set(now)
      if (!next.delete(folderId)) next.add(folderId)
      localStorage.setItem(COLLAPSED_KEY, JSON.stringify([...next]))
      return next
    })
  }, [])
  const index = useMemo(() => folderTree(feeds, folders), [feeds, folders])
  const rows = useMemo(() => treeRows(index, collapsed), [index, collapsed])
  const { treeRef, drawn, tops, windowed } = useTreeWindow(rows)
  const feedRow = (feed: FeedSummary) => (
    <FeedRow
      key={feed.id}
      feed={feed}
      selected={current === selectionKey({ kind: 'feed', feedId: feed.id })}
      choose={choose}
    />
  )
  const folderRow = (folder: FolderView, contents: ReactNode[]): ReactNode => {
    const open = !collapsed.has(folder.id)
    const selected = current === selectionKey({ kind: 'folder', folderId: folder.id })
    const unread = index.unread.get(folder.id) ?? 0
    return (
      <FolderDrop key={folder.id} folder={folder}>
        <div className={selected ? 'nav-row selected' : 'nav-row'}>
          <button
            type="button"
            className="icon-button folder-toggle"
            aria-expanded={open}
            aria-label={
              open ? STRINGS.sidebar.collapseFolder(folder.title) : STRINGS.sidebar.expandFolder(folder.title)
            }
            onClick={() => toggle(folder.id)}
          >
            <ChevronIcon open={open} />
          </button>
          <button
            type="button"
            className="nav-button"
            aria-current={selected ? 'true' : undefined}
            onClick={() => choose({ kind: 'folder', folderId: folder.id })}
          >
            <span className="nav-title folder-title">
              <span lang={contentLanguage(null, folder.title)}>{folder.title}</span>
              <UnreadText count={unread} />
            </span>
            <Count value={unread} />
          </button>
          <CommandMenu
            label={STRINGS.sidebar.folderOptions(folder.title)}
            entries={FOLDER_MENU}
            target={folder}
          />
        </div>
        {open && <ul className="nav-list nested">{contents}</ul>}
      </FolderDrop>
    )
  }
  // The chosen feed or folder stays drawn wherever the sidebar is scrolled: its button keeps the focus a
  // click gave it, and the sidebar shown over the list finds it to focus.
  const pinned = windowed
    ? rows.findIndex((row) =>
        row.kind === 'feed'
          ? current === selectionKey({ kind: 'feed', feedId: row.feed.id })
          : current === selectionKey({ kind: 'folder', folderId: row.folder.id }),
      )
    : -1
  /** The rows [at, end) of one level (with their contents); each run of rows not drawn is one gap. */
  const level = (at: number, end: number): ReactNode[] => {
    const nodes: ReactNode[] = []
    let gap = { from: at, height: 0 }
    const endGap = (): void => {
      if (gap.height > 0)
        nodes.push(
          <li
            key={`gap-${gap.from}`}
            className="nav-gap"
            aria-hidden="true"
            style={{ height: gap.height }}
          />,
        )
    }
    let i = at
    while (i < end) {
      const row = rows[i] as TreeRow
      const next = row.kind === 'folder' ? row.end : i + 1
      const shownHere = (next > drawn.from && i < drawn.to) || (pinned >= i && pinned < next)
      if (!shownHere) {
        if (gap.height === 0) gap = { from: i, height: 0 }
        gap.height += (tops[next] as number) - (tops[i] as number)
      } else {
        endGap()
        gap = { from: next, height: 0 }
        nodes.push(row.kind === 'feed' ? feedRow(row.feed) : folderRow(row.folder, level(i + 1, row.end)))
      }
      i = next
    }
    endGap()
    return nodes
  }
  return (
    <TopLevelDrop ref={treeRef} account={folders[0]?.account ?? feeds[0]?.account}>
      {level(0, rows.length)}
    </TopLevelDrop>
  )
})

/** A folder's row and its contents: a feed dropped anywhere on them moves into the folder. */
function FolderDrop({ folder, children }: { folder: FolderView; children: ReactNode }) {
  const { over, handlers } = useDropTarget(folder.path, folder.account)
  return (
    <li className={over ? 'folder drop-target' : 'folder'} {...handlers}>
      {children}
    </li>
  )
}

/** The tree's own list: a feed dropped on it, outside every folder, moves to the top level. */
function TopLevelDrop({
  account,
  children,
  ref,
}: {
  account: string | undefined
  children: ReactNode
  ref: Ref<HTMLUListElement>
}) {
  const { over, handlers } = useDropTarget('', account)
  return (
    <ul ref={ref} className={over ? 'nav-list feed-tree drop-target' : 'nav-list feed-tree'} {...handlers}>
      {children}
    </ul>
  )
}

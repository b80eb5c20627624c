import { memo, useState } from 'react'
import type { SmartFeedView } from '../../../shared/contract'
import { useCommandRegistry } from '../commands/CommandContext'
import { CommandMenu, type MenuEntry } from '../commands/CommandMenu'
import type { SmartFeedCommand } from '../commands/registry'
import { useReader } from '../state/reader-context'
import { selectionKey, type Selection } from '../state/selection'
import { useStore } from '../state/store'
import { STRINGS } from '../strings'
import { Count, UnreadText } from './UnreadCount'

const SMART_MENU: readonly MenuEntry<SmartFeedCommand>[] = [
  { command: 'smart-rename' },
  { command: 'smart-edit' },
  { command: 'smart-sort-newest' },
  { command: 'smart-sort-best' },
  { command: 'smart-move-up' },
  { command: 'smart-move-down' },
  { command: 'smart-remove', danger: true },
]

const DRAG_TYPE = 'application/x-broadsheet-smart-feed'

/** One smart feed: its name and live unread count, its menu, and a handle to drag it up or down. */
const SmartFeedRow = memo(function SmartFeedRow({
  feed,
  index,
  selected,
  choose,
  onDrop,
}: {
  feed: SmartFeedView
  index: number
  selected: boolean
  choose: (selection: Selection) => void
  onDrop: (id: string, index: number) => void
}) {
  const registry = useCommandRegistry()
  const [over, setOver] = useState(false)
  // Only what can act on it now (its other order; up when not first, down when not last).
  const entries = SMART_MENU.filter(({ command }) => registry.isEnabled(command, feed))
  return (
    <li
      className={['nav-row', selected && 'selected', over && 'drop-target'].filter(Boolean).join(' ')}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(DRAG_TYPE)) return
        event.preventDefault()
        event.dataTransfer.dropEffect = 'move'
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        setOver(false)
        const id = event.dataTransfer.getData(DRAG_TYPE)
        if (!id) return
        event.preventDefault()
        onDrop(id, index)
      }}
    >
      <button
        type="button"
        className="nav-button"
        aria-current={selected ? 'true' : undefined}
        title={feed.query}
        onClick={() => choose({ kind: 'smart', smartId: feed.id })}
        draggable
        onDragStart={(event) => {
          event.dataTransfer.setData(DRAG_TYPE, feed.id)
          event.dataTransfer.effectAllowed = 'move'
        }}
      >
        <span className="nav-title">
          {feed.name}
          <UnreadText count={feed.unread} />
        </span>
        <Count value={feed.unread} />
      </button>
      <CommandMenu label={STRINGS.smartFeeds.options(feed.name)} entries={entries} target={feed} />
    </li>
  )
})

/** The sidebar's Smart Feeds: saved searches with their unread counts, in the order the reader gave them. */
export function SmartFeedsSection({ current }: { current: string }) {
  const { smart, actions, overlays } = useReader()
  const { feeds } = useStore(smart.state)
  if (feeds.length === 0) return null
  const move = (id: string, index: number): void => {
    smart.move(id, index).catch(overlays.fail)
  }
  return (
    <section aria-label={STRINGS.smartFeeds.heading}>
      <h2 className="nav-heading">{STRINGS.smartFeeds.heading}</h2>
      <ul className="nav-list smart-feeds">
        {feeds.map((feed, index) => (
          <SmartFeedRow
            key={feed.id}
            feed={feed}
            index={index}
            selected={current === selectionKey({ kind: 'smart', smartId: feed.id })}
            choose={actions.choose}
            onDrop={move}
          />
        ))}
      </ul>
    </section>
  )
}

import { useDeferredValue, type ReactNode } from 'react'
import type { AccountView } from '../../../shared/contract'
import type { FeedSummary } from '../../../shared/types'
import { accountName } from '../format'
import { accountGroups, totalUnread } from '../state/folder-tree'
import { useReader } from '../state/reader-context'
import { SMART_VIEWS, selectionKey } from '../state/selection'
import { useStore } from '../state/store'
import { STRINGS } from '../strings'
import { FeedTree } from './FeedTree'
import { SmartFeedsSection } from './SmartFeedsSection'
import { WarningIcon } from './Icons'
import { Count, UnreadText } from './UnreadCount'
import { feedErrorText } from '../locale'

interface SidebarProps {
  /** The sync controls. */
  header: ReactNode
  /** The add/save/settings buttons. */
  footer: ReactNode
}

function sameFeeds(a: readonly FeedSummary[], b: readonly FeedSummary[]): boolean {
  return a.length === b.length && a.every((feed, i) => feed.id === b[i]?.id)
}

/** "alice at news.example", or this computer's feeds. */
function groupName(account: AccountView | null): string {
  return account ? accountName(account) : STRINGS.accounts.local
}

/** The left pane: smart views, then folders and feeds with unread counts and each feed's last error. */
export function Sidebar({ header, footer }: SidebarProps) {
  const { library, navigation, actions, overlays } = useReader()
  const { feeds: latest, folders, accounts, saved, error } = useStore(library.state)
  // The counts change with every article opened: drawn after what the click itself changed (the row
  // chosen, the article coming), so the click's own frame does not wait for them. Feeds that came or
  // went are drawn at once.
  const deferred = useDeferredValue(latest)
  const feeds = sameFeeds(deferred, latest) ? deferred : latest
  const current = selectionKey(useStore(navigation.state, (state) => state.selection))
  // All and Unread list the Saved pages too: their counts count them.
  const allUnread = totalUnread(feeds) + saved.unread

  return (
    <nav className="sidebar" aria-label={STRINGS.sidebar.label}>
      {header}
      <div className="sidebar-scroll">
        <ul className="nav-list smart-views">
          {SMART_VIEWS.map((kind) => {
            const selected = current === kind
            const count =
              kind === 'all' || kind === 'unread' ? allUnread : kind === 'saved' ? saved.unread : null
            const withCount = count !== null
            return (
              <li key={kind} className={selected ? 'nav-row selected' : 'nav-row'}>
                <button
                  type="button"
                  className="nav-button"
                  aria-current={selected ? 'true' : undefined}
                  onClick={() => actions.choose({ kind })}
                >
                  <span className="nav-title">
                    {STRINGS.views[kind]}
                    {withCount && <UnreadText count={count} />}
                  </span>
                  {withCount && <Count value={count} />}
                </button>
              </li>
            )
          })}
          <li className="nav-row">
            {/* Not a list of articles: every highlight and note, newest first, each leading to its place. */}
            <button
              type="button"
              className="nav-button"
              aria-haspopup="dialog"
              onClick={() => overlays.open({ kind: 'highlights' })}
            >
              <span className="nav-title">{STRINGS.highlights.viewButton}</span>
            </button>
          </li>
        </ul>
        <SmartFeedsSection current={current} />
        {error && (
          <div className="sidebar-error" role="alert">
            <p>{STRINGS.sidebar.failed(error)}</p>
            <button type="button" className="button" onClick={() => void library.reload()}>
              {STRINGS.list.retry}
            </button>
          </div>
        )}
        {accounts.length === 0 ? (
          <>
            {feeds.length > 0 && <h2 className="nav-heading">{STRINGS.sidebar.feedsHeading}</h2>}
            <FeedTree feeds={feeds} folders={folders} current={current} choose={actions.choose} />
          </>
        ) : (
          accountGroups(feeds, folders, accounts).map((group) => (
            <section
              key={group.account?.id ?? 'local'}
              className="feed-group"
              aria-label={groupName(group.account)}
            >
              {/* An account's heading is its user and server as typed: not set in capitals like a label. */}
              <h2 className={group.account ? 'nav-heading account-heading' : 'nav-heading'}>
                {groupName(group.account)}
              </h2>
              {group.account?.lastError && (
                <p className="account-error">
                  <WarningIcon />
                  {STRINGS.accounts.error(feedErrorText(group.account) ?? '')}
                </p>
              )}
              <FeedTree
                feeds={group.feeds}
                folders={group.folders}
                current={current}
                choose={actions.choose}
              />
            </section>
          ))
        )}
      </div>
      {footer}
    </nav>
  )
}

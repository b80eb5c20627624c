// formatNumber keeps one formatter per language: 500 feed badges each building one made that slow.
import { formatNumber } from '../format'
import { STRINGS } from '../strings'

/** The unread badge beside a feed, folder or view (hidden from screen readers: UnreadText says it). */
export function Count({ value }: { value: number }) {
  return value > 0 ? (
    <span className="count" aria-hidden="true">
      {formatNumber(value)}
    </span>
  ) : null
}

/** ", 3 unread" for screen readers; the badge beside it shows the number. */
export function UnreadText({ count }: { count: number }) {
  return count > 0 ? <span className="sr-only">, {STRINGS.sidebar.unreadCount(count)}</span> : null
}

import { STRINGS } from '../strings'

/** As value.toLocaleString(), which builds a formatter per call: 500 feed badges made that slow. */
const COUNT_FORMAT = new Intl.NumberFormat()

/** The unread badge beside a feed, folder or view (hidden from screen readers: UnreadText says it). */
export function Count({ value }: { value: number }) {
  return value > 0 ? (
    <span className="count" aria-hidden="true">
      {COUNT_FORMAT.format(value)}
    </span>
  ) : null
}

/** ", 3 unread" for screen readers; the badge beside it shows the number. */
export function UnreadText({ count }: { count: number }) {
  return count > 0 ? <span className="sr-only">, {STRINGS.sidebar.unreadCount(count)}</span> : null
}

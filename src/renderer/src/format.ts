import { STRINGS } from './strings'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** A time as a list shows it: "just now", "5 minutes ago", "14:05", "Mon 09:30", "3 Mar 2024". */
export function formatListTime(time: number, now = Date.now()): string {
  const age = now - time
  if (age < MINUTE && age > -MINUTE) return STRINGS.time.justNow
  if (age > 0 && age < HOUR) {
    return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(
      -Math.round(age / MINUTE),
      'minute',
    )
  }
  const date = new Date(time)
  if (age > 0 && age < DAY && new Date(now).getDate() === date.getDate()) {
    return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
  }
  if (age > 0 && age < 6 * DAY) {
    return date.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' })
  }
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })
}

/** A time in full, for the reader's dateline and tooltips. */
export function formatFullTime(iso: string | number): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' })
}

/** "3 minutes ago", for the last sync. */
export function formatAgo(iso: string, now = Date.now()): string {
  const age = Math.max(0, now - Date.parse(iso))
  if (age < MINUTE) return STRINGS.time.justNow
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
  if (age < HOUR) return format.format(-Math.round(age / MINUTE), 'minute')
  if (age < DAY) return format.format(-Math.round(age / HOUR), 'hour')
  return format.format(-Math.round(age / DAY), 'day')
}

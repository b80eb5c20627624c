import { hostOf } from '../../shared/urls'
import { STRINGS } from './strings'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

// Formatters are built once: toLocaleString(undefined, options) builds one per call, and the list formats
// two times for every row it draws while scrolling. Same output: those methods are specified as these.
const MINUTES_AGO = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
const TIME_OF_DAY = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const WEEKDAY_TIME = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
})
const DAY_MONTH_YEAR = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' })
const FULL_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' })

/** A time as a list shows it: "just now", "5 minutes ago", "14:05", "Mon 09:30", "3 Mar 2024". */
export function formatListTime(time: number, now = Date.now()): string {
  const age = now - time
  if (age < MINUTE && age > -MINUTE) return STRINGS.time.justNow
  if (age > 0 && age < HOUR) return MINUTES_AGO.format(-Math.round(age / MINUTE), 'minute')
  const date = new Date(time)
  if (age > 0 && age < DAY && new Date(now).getDate() === date.getDate()) return TIME_OF_DAY.format(date)
  if (age > 0 && age < 6 * DAY) return WEEKDAY_TIME.format(date)
  return DAY_MONTH_YEAR.format(date)
}

/** A time in full, for the reader's dateline and tooltips. */
export function formatFullTime(iso: string | number): string {
  return FULL_TIME.format(new Date(iso))
}

/** "3 minutes ago", for the last sync. */
export function formatAgo(iso: string, now = Date.now()): string {
  const age = Math.max(0, now - Date.parse(iso))
  if (age < MINUTE) return STRINGS.time.justNow
  if (age < HOUR) return MINUTES_AGO.format(-Math.round(age / MINUTE), 'minute')
  if (age < DAY) return MINUTES_AGO.format(-Math.round(age / HOUR), 'hour')
  return MINUTES_AGO.format(-Math.round(age / DAY), 'day')
}

/** An account as the reader names it: "alice at rss.example". */
export function accountName(account: { user: string; url: string }): string {
  return STRINGS.accounts.name(account.user, hostOf(account.url))
}

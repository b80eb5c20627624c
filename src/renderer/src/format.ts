import { PSEUDO_LOCALE, pseudoLocalize, type ActiveLocale } from '../../shared/i18n'
import { hostOf } from '../../shared/urls'
import { activeLocale } from './locale'
import { STRINGS } from './strings'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** The formatters of one language (Intl, in the interface's language: "5분 전", "12월 5일 (토)"). */
interface Formatters {
  ago: Intl.RelativeTimeFormat
  timeOfDay: Intl.DateTimeFormat
  weekdayTime: Intl.DateTimeFormat
  dayMonthYear: Intl.DateTimeFormat
  fullTime: Intl.DateTimeFormat
  number: Intl.NumberFormat
}

// Formatters are built once per language: toLocaleString(locale, options) builds one per call, and the
// list formats two times for every row it draws while scrolling. Same output: those methods are
// specified as these.
const FORMATTERS = new Map<ActiveLocale, Formatters>()

function formatters(locale: ActiveLocale = activeLocale()): Formatters {
  let found = FORMATTERS.get(locale)
  if (!found) {
    // The pseudo-locale formats as English does (then is accented, below).
    const tag = locale === PSEUDO_LOCALE ? 'en' : locale
    found = {
      ago: new Intl.RelativeTimeFormat(tag, { numeric: 'auto' }),
      timeOfDay: new Intl.DateTimeFormat(tag, { hour: 'numeric', minute: '2-digit' }),
      weekdayTime: new Intl.DateTimeFormat(tag, { weekday: 'short', hour: 'numeric', minute: '2-digit' }),
      dayMonthYear: new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric' }),
      fullTime: new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeStyle: 'short' }),
      number: new Intl.NumberFormat(tag),
    }
    FORMATTERS.set(locale, found)
  }
  return found
}

/** Words Intl wrote, as the active language shows them (the pseudo-locale accents them too). */
function shown(text: string): string {
  return activeLocale() === PSEUDO_LOCALE ? pseudoLocalize(text) : text
}

/** A time as a list shows it: "just now", "5 minutes ago", "2:05 PM", "Mon 9:30 AM", "3 Mar 2024" (in the active language). */
export function formatListTime(time: number, now = Date.now()): string {
  const age = now - time
  if (age < MINUTE && age > -MINUTE) return STRINGS.time.justNow
  const format = formatters()
  if (age > 0 && age < HOUR) return shown(format.ago.format(-Math.round(age / MINUTE), 'minute'))
  const date = new Date(time)
  if (age > 0 && age < DAY && new Date(now).getDate() === date.getDate()) {
    return shown(format.timeOfDay.format(date))
  }
  if (age > 0 && age < 6 * DAY) return shown(format.weekdayTime.format(date))
  return shown(format.dayMonthYear.format(date))
}

/** A time in full, for the reader's dateline and tooltips. */
export function formatFullTime(iso: string | number): string {
  return shown(formatters().fullTime.format(new Date(iso)))
}

/** "3 minutes ago", for the last sync. */
export function formatAgo(iso: string, now = Date.now()): string {
  const age = Math.max(0, now - Date.parse(iso))
  if (age < MINUTE) return STRINGS.time.justNow
  const { ago } = formatters()
  if (age < HOUR) return shown(ago.format(-Math.round(age / MINUTE), 'minute'))
  if (age < DAY) return shown(ago.format(-Math.round(age / HOUR), 'hour'))
  return shown(ago.format(-Math.round(age / DAY), 'day'))
}

/** A count as the active language writes numbers ("1,234"). */
export function formatNumber(value: number): string {
  return formatters().number.format(value)
}

/** An account as the reader names it: "alice at rss.example". */
export function accountName(account: { user: string; url: string }): string {
  return STRINGS.accounts.name(account.user, hostOf(account.url))
}

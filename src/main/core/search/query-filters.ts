import { SearchQueryError } from './query-parse'

/**
 * The filters a query may carry besides its words: `is:unread`, `is:read`, `is:bookmarked`, `is:saved`,
 * `is:hidden` (muted articles, which every other search leaves out), `folder:NAME` (its subfolders too;
 * `folder:"World News"`), `feed:NAME` (a feed by its title now: `feed:"The Verge"`, `feed:bbc`;
 * `-feed:NAME` leaves one out), `after:DATE` and `before:DATE` (an ISO date
 * such as 2026-11-01, or a time back from now: `7d`, `2w`, `3m`, `1y`, `12h`). They are taken out of
 * the query before its words are parsed, and become the same filters the article list has.
 */
export interface QueryFilters {
  /** true: only read articles; false: only unread ones. */
  read?: boolean
  bookmarked?: boolean
  saved?: boolean
  /** `is:hidden`: only hidden (muted) articles, which every other search leaves out. */
  hidden?: boolean
  /** Folder names or paths, as typed. */
  folders: string[]
  /** Feed names as typed (`feed:NAME`; any of them), and those left out (`-feed:NAME`). */
  feeds: string[]
  notFeeds: string[]
  /** sortTime bounds in ms: after ≤ t < before. */
  after?: number
  before?: number
}

const FILTER_ITEM = /(^|\s)(is|folder|-?feed|after|before):("[^"]*"?|\S*)/gi

const RELATIVE = /^(\d{1,4})([hdwmy])$/i
const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  m: 30 * 86_400_000,
  y: 365 * 86_400_000,
}

/** The query's words (what is left), and its filters. */
export function splitFilters(query: string, now = Date.now()): { rest: string; filters: QueryFilters } {
  const filters: QueryFilters = { folders: [], feeds: [], notFeeds: [] }
  const rest = query.replace(FILTER_ITEM, (_match, space: string, rawName: string, rawValue: string) => {
    const name = rawName.toLowerCase()
    if (rawValue === '' || rawValue === '"')
      throw new SearchQueryError(
        'query-lone-field',
        `"${name}:" must be followed by ${name === 'is' ? 'unread, read, bookmarked, saved or hidden' : name === 'folder' ? 'a folder’s name' : name.endsWith('feed') ? 'a feed’s name' : 'a date (2026-11-01) or a time back (7d)'}`,
        { field: `${name}:` },
      )
    if (rawValue.startsWith('"') && !/^".*"$/.test(rawValue))
      throw new SearchQueryError(
        'query-unclosed-quote',
        `a quote is never closed (at ${name}:${rawValue.slice(0, 20)}); add the closing "`,
      )
    const value = rawValue.replace(/^"|"$/g, '').trim()
    if (name === 'is') applyIs(filters, value.toLowerCase())
    else if (name === 'folder') filters.folders.push(value)
    else if (name === 'feed') filters.feeds.push(value)
    else if (name === '-feed') filters.notFeeds.push(value)
    else {
      const time = timeOf(value, now)
      if (name === 'after') filters.after = Math.max(filters.after ?? -Infinity, time)
      else filters.before = Math.min(filters.before ?? Infinity, time)
    }
    return space
  })
  return { rest: rest.replace(/\s+/g, ' ').trim(), filters }
}

const IS_VALUES = ['unread', 'read', 'bookmarked', 'starred', 'saved', 'hidden']

function applyIs(filters: QueryFilters, value: string): void {
  if (value === 'unread' || value === 'read') {
    const read = value === 'read'
    if (filters.read !== undefined && filters.read !== read)
      throw new SearchQueryError('query-conflicting-filters', 'is:read and is:unread together match nothing')
    filters.read = read
  } else if (value === 'bookmarked' || value === 'starred') filters.bookmarked = true
  else if (value === 'saved') filters.saved = true
  else if (value === 'hidden') filters.hidden = true
  else if (IS_VALUES.some((known) => known.startsWith(value)))
    throw new SearchQueryError('query-partial-filter', `"is:${value}" is not finished`, {
      filter: `is:${value}`,
    })
  else
    throw new SearchQueryError(
      'query-unknown-filter',
      `"is:${value}" is not a filter: use is:unread, is:read, is:bookmarked, is:saved or is:hidden`,
      { filter: `is:${value}` },
    )
}

/** An ISO date (or date and time), or a time back from now; a one-line error otherwise. */
function timeOf(value: string, now: number): number {
  const relative = RELATIVE.exec(value)
  if (relative) return now - Number(relative[1]) * (UNIT_MS[relative[2]!.toLowerCase()] ?? 0)
  if (/^\d{4}-\d{2}(-\d{2})?([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    const time = Date.parse(value)
    if (!Number.isNaN(time)) return time
  }
  // A date or a time back still being typed (2026-1, 7): not wrong yet.
  if (/^[\d-]{1,9}$/.test(value))
    throw new SearchQueryError('query-partial-filter', `"${value}" is not a whole date yet`, {
      filter: value,
    })
  throw new SearchQueryError(
    'query-bad-date',
    `"${value}" is not a date: use a date such as 2026-11-01, or a time back such as 7d, 2w, 3m or 1y`,
    { date: value },
  )
}

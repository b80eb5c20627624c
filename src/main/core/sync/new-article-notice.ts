import type { BroadsheetEvents } from '../../../shared/contract'
import type { Feed, Settings } from '../../../shared/types'

/** A desktop notification's text. */
export interface Notice {
  title: string
  body: string
}

/**
 * The notification for a sync's new articles, counting only feeds chosen for notifications (a feed's own
 * `notify`, else the global `notifications` setting); null when none of them got anything.
 */
export function newArticlesNotice(
  event: BroadsheetEvents['newArticles'],
  feeds: readonly Feed[],
  settings: Settings,
): Notice | null {
  const byId = new Map(feeds.map((feed) => [feed.id, feed]))
  const chosen = event.feeds.filter((entry) => {
    const feed = byId.get(entry.id)
    return entry.count > 0 && feed !== undefined && (feed.settings.notify ?? settings.notifications)
  })
  if (chosen.length === 0) return null
  const total = chosen.reduce((sum, entry) => sum + entry.count, 0)
  const names = chosen.slice(0, 3).map((entry) => `${entry.title} (${entry.count})`)
  const more = chosen.length > 3 ? ` and ${chosen.length - 3} more feeds` : ''
  return {
    title: `${total} new ${total === 1 ? 'article' : 'articles'}`,
    body: `${names.join(', ')}${more}`,
  }
}

/**
 * The notification of a `notify` rule's match: the article's title, and its feed with the rule's query (a
 * rule notifies whatever the feeds' notification settings: asking for it is the point of the rule).
 */
export function ruleMatchNotice(event: BroadsheetEvents['ruleNotice'], feeds: readonly Feed[]): Notice {
  const feed = feeds.find((f) => f.id === event.feedId)
  return {
    title: event.title,
    body: `${feed ? `${feed.title} · ` : ''}matched the rule “${event.query}”`,
  }
}

/** Rule notifications shown one by one in a minute; then one that says more came, then none till it ends. */
const RULE_NOTICES_PER_MINUTE = 3

/**
 * Keeps a sync whose notify rules match many articles from raising a notification for each: the first
 * few in a minute are shown, then one saying more matched, then none until the minute is over.
 */
export function ruleNoticeThrottle(): (
  event: BroadsheetEvents['ruleNotice'],
  feeds: readonly Feed[],
  now?: number,
) => Notice | null {
  let windowStart = -Infinity
  let shown = 0
  return (event, feeds, now = Date.now()) => {
    if (now - windowStart >= 60_000) {
      windowStart = now
      shown = 0
    }
    shown++
    if (shown <= RULE_NOTICES_PER_MINUTE) return ruleMatchNotice(event, feeds)
    if (shown === RULE_NOTICES_PER_MINUTE + 1)
      return { title: 'More articles matched your rules', body: 'Open Broadsheet to see them.' }
    return null
  }
}

/**
 * The body as the platform's notification server reads it: on Linux it is markup (the freedesktop spec
 * allows <b>, <a> and entities), so a feed title's `<`, `>` and `&` are escaped there and shown as written.
 */
export function notificationBody(body: string, platform: NodeJS.Platform): string {
  if (platform !== 'linux') return body
  return body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

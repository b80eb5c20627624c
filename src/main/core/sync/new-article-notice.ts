import type { BroadsheetEvents } from '../../../shared/contract'
import { translator, type MessageKey, type MessageParams } from '../../../shared/i18n'
import type { Feed, Settings } from '../../../shared/types'

/** The shell's translator (the interface's language; English by default). */
type Translate = (key: MessageKey, params?: MessageParams) => string

/** A desktop notification's text. */
export interface Notice {
  title: string
  body: string
}

/**
 * The notification for a sync's new articles, counting only feeds chosen for notifications (a feed's own
 * `notify`, else the global `notifications` setting); null when none of them got anything. Worded by
 * `t`, the shell's translator (the interface's language; English by default).
 */
export function newArticlesNotice(
  event: BroadsheetEvents['newArticles'],
  feeds: readonly Feed[],
  settings: Settings,
  t: Translate = translator('en'),
): Notice | null {
  const byId = new Map(feeds.map((feed) => [feed.id, feed]))
  const chosen = event.feeds.filter((entry) => {
    const feed = byId.get(entry.id)
    return entry.count > 0 && feed !== undefined && (feed.settings.notify ?? settings.notifications)
  })
  if (chosen.length === 0) return null
  const total = chosen.reduce((sum, entry) => sum + entry.count, 0)
  const names = chosen
    .slice(0, 3)
    .map((entry) => t('notifications.feed', { title: entry.title, count: entry.count }))
    .join(', ')
  return {
    title: t('notifications.title', { count: total }),
    body: chosen.length > 3 ? t('notifications.more', { feeds: names, count: chosen.length - 3 }) : names,
  }
}

/**
 * The notification of a `notify` rule's match: the article's title, and its feed with the rule's query (a
 * rule notifies whatever the feeds' notification settings: asking for it is the point of the rule).
 */
export function ruleMatchNotice(
  event: BroadsheetEvents['ruleNotice'],
  feeds: readonly Feed[],
  t: Translate = translator('en'),
): Notice {
  const feed = feeds.find((f) => f.id === event.feedId)
  return {
    title: event.title,
    body: feed
      ? t('notifications.ruleMatch', { feed: feed.title, query: event.query })
      : t('notifications.ruleMatchNoFeed', { query: event.query }),
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
  t?: Translate,
) => Notice | null {
  let windowStart = -Infinity
  let shown = 0
  return (event, feeds, now = Date.now(), t = translator('en')) => {
    if (now - windowStart >= 60_000) {
      windowStart = now
      shown = 0
    }
    shown++
    if (shown <= RULE_NOTICES_PER_MINUTE) return ruleMatchNotice(event, feeds, t)
    if (shown === RULE_NOTICES_PER_MINUTE + 1)
      return { title: t('notifications.ruleMore'), body: t('notifications.ruleMoreBody') }
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

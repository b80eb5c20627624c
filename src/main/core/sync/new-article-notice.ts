import type { BroadsheetEvents } from '../../../shared/contract'
import { translator, type MessageKey, type MessageParams } from '../../../shared/i18n'
import type { Feed, Settings } from '../../../shared/types'

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
  t: (key: MessageKey, params?: MessageParams) => string = translator('en'),
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
 * The body as the platform's notification server reads it: on Linux it is markup (the freedesktop spec
 * allows <b>, <a> and entities), so a feed title's `<`, `>` and `&` are escaped there and shown as written.
 */
export function notificationBody(body: string, platform: NodeJS.Platform): string {
  if (platform !== 'linux') return body
  return body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

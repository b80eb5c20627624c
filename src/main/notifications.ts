import { Notification } from 'electron'
import type { BroadsheetEvents } from '../shared/contract'
import type { Broadsheet } from './core/broadsheet'
import { newArticlesNotice, notificationBody, ruleNoticeThrottle } from './core/sync/new-article-notice'

/**
 * A desktop notification for a sync's new articles in the feeds chosen for it (none by default); clicking
 * it brings the reader forward.
 */
export function notifyNewArticles(
  event: BroadsheetEvents['newArticles'],
  core: Broadsheet,
  focus: () => void,
): Notification | null {
  const notice = newArticlesNotice(event, core.subscriptions.feeds(), core.settings.get())
  if (!notice || !Notification.isSupported()) return null
  const notification = new Notification({
    title: notice.title,
    body: notificationBody(notice.body, process.platform),
  })
  notification.on('click', focus)
  notification.show()
  return notification
}

const ruleNotices = ruleNoticeThrottle()

/**
 * A desktop notification for an article a `notify` rule matched (the first few in a minute; then one
 * saying more matched); clicking it brings the reader forward.
 */
export function notifyRuleMatch(
  event: BroadsheetEvents['ruleNotice'],
  core: Broadsheet,
  focus: () => void,
): Notification | null {
  if (!Notification.isSupported()) return null
  const notice = ruleNotices(event, core.subscriptions.feeds())
  if (!notice) return null
  const notification = new Notification({
    title: notice.title,
    body: notificationBody(notice.body, process.platform),
  })
  notification.on('click', focus)
  notification.show()
  return notification
}

import { Notification } from 'electron'
import type { BroadsheetEvents } from '../shared/contract'
import { translator, type ActiveLocale } from '../shared/i18n'
import type { Broadsheet } from './core/broadsheet'
import {
  newArticlesNotice,
  notificationBody,
  ruleNoticeThrottle,
  type Notice,
} from './core/sync/new-article-notice'

/**
 * A desktop notification for a sync's new articles in the feeds chosen for it (none by default); clicking
 * it brings the reader forward. In the interface's language.
 */
export function notifyNewArticles(
  event: BroadsheetEvents['newArticles'],
  core: Broadsheet,
  focus: () => void,
  locale: ActiveLocale = 'en',
): Notification | null {
  const notice = newArticlesNotice(event, core.subscriptions.feeds(), core.settings.get(), translator(locale))
  if (!notice || !Notification.isSupported()) return null
  return show(notice, focus)
}

/** Shows a notice as a desktop notification that brings the reader forward when clicked. */
function show(notice: Notice, focus: () => void): Notification {
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
 * saying more matched); clicking it brings the reader forward. In the interface's language.
 */
export function notifyRuleMatch(
  event: BroadsheetEvents['ruleNotice'],
  core: Broadsheet,
  focus: () => void,
  locale: ActiveLocale = 'en',
): Notification | null {
  if (!Notification.isSupported()) return null
  const notice = ruleNotices(event, core.subscriptions.feeds(), Date.now(), translator(locale))
  return notice ? show(notice, focus) : null
}

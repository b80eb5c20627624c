import { Notification } from 'electron'
import type { BroadsheetEvents } from '../shared/contract'
import { translator, type ActiveLocale } from '../shared/i18n'
import type { Broadsheet } from './core/broadsheet'
import { newArticlesNotice, notificationBody } from './core/sync/new-article-notice'

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
  const notification = new Notification({
    title: notice.title,
    body: notificationBody(notice.body, process.platform),
  })
  notification.on('click', focus)
  notification.show()
  return notification
}

import type { Broadsheet } from '../../src/main/core/broadsheet'
import type { NewFeed } from '../../src/main/core/subscriptions/new-feeds'
import type { Feed } from '../../src/shared/types'

/** Subscribes to a feed URL as given (no discovery), as a test's setup: fails when it was not added. */
export async function subscribeTo(
  core: Broadsheet,
  url: string,
  options: Omit<NewFeed, 'url'> = {},
): Promise<Feed> {
  const { added, skipped } = await core.subscriptions.add([{ url, ...options }])
  if (!added[0]) throw new Error(`not subscribed to ${url}: skipped (${skipped.join(', ')})`)
  return added[0]
}

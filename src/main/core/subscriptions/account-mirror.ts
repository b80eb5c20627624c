import type { Feed } from '../../../shared/types'
import type { ConfigData } from '../store/config-schema'
import { newFeedDefaults } from '../store/config-schema'
import { newId } from '../store/ids'
import { ensureFolderIn, pathTitles } from './folders'
import { feedTitleOf, siteUrlOf } from './new-feeds'

/** A subscription as a server account lists it. */
export interface ServerSubscription {
  /** Its stream id on the server (`feed/…`). */
  streamId: string
  title: string
  url: string | null
  siteUrl: string | null
  /** The label it sits under (its folder there), or null. */
  label: string | null
}

/** How a server account's subscriptions are changed there (accounts/ implements it). */
export interface RemoteSubscriptions {
  /** Subscribes on the server (which fetches the feed) and returns its subscriptions after. */
  subscribe(accountId: string, url: string, label: string | null): Promise<ServerSubscription[]>
  unsubscribe(feed: Feed): Promise<void>
  /** Renames a subscription, or moves it from one label to another (null: none). */
  edit(feed: Feed, change: { title?: string; from?: string | null; to?: string | null }): Promise<void>
}

/**
 * Makes config.json's copy of an account's subscriptions what the server lists (in `data`, a copy about
 * to be written): new ones added, titles, addresses and labels brought up to date, gone ones removed, the
 * account's folders (its labels) made and unused ones dropped. Returns the feeds added and removed.
 */
export function mirrorAccount(
  data: ConfigData,
  accountId: string,
  list: readonly ServerSubscription[],
): { added: Feed[]; removed: Feed[] } {
  const mine = new Map(
    data.feeds.filter((feed) => feed.account === accountId).map((feed) => [feed.remoteId, feed]),
  )
  const listed = new Set<string>()
  const added: Feed[] = []
  for (const entry of list) {
    if (listed.has(entry.streamId)) continue
    listed.add(entry.streamId)
    const titles = entry.label ? pathTitles(entry.label) : []
    const folderId = titles.length > 0 ? ensureFolderIn(data.folders, titles, accountId) : null
    const url = entry.url ?? entry.streamId
    // The server's words are as untrusted as a feed's: stored as every title and site address is.
    const state = { title: feedTitleOf(entry.title, url), url, siteUrl: siteUrlOf(entry.siteUrl), folderId }
    const known = mine.get(entry.streamId)
    if (known) Object.assign(known, state)
    else {
      const feed: Feed = {
        ...newFeedDefaults(),
        id: newId(),
        ...state,
        account: accountId,
        remoteId: entry.streamId,
      }
      data.feeds.push(feed)
      added.push(feed)
    }
  }
  const removed = [...mine.values()].filter((feed) => !listed.has(feed.remoteId ?? ''))
  const gone = new Set(removed.map((feed) => feed.id))
  data.feeds = data.feeds.filter((feed) => !gone.has(feed.id))
  dropUnusedFolders(data, accountId)
  return { added, removed }
}

/** The account's folders that hold no feed, directly or below. */
function dropUnusedFolders(data: ConfigData, accountId: string): void {
  const used = new Set<string>()
  const byId = new Map(data.folders.map((folder) => [folder.id, folder]))
  for (const feed of data.feeds) {
    for (let id = feed.folderId; id && !used.has(id); id = byId.get(id)?.parentId ?? null) used.add(id)
  }
  data.folders = data.folders.filter((folder) => folder.account !== accountId || used.has(folder.id))
}

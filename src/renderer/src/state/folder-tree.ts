import type { AccountView, FolderView } from '../../../shared/contract'
import type { FeedSummary } from '../../../shared/types'

/** The folder tree in the sidebar's order, with each folder's unread count (its subfolders included). */
export interface FolderTree {
  /** Each folder's subfolders, by title; `null` holds the top level. */
  folders: Map<string | null, FolderView[]>
  /** Each folder's feeds, by title; `null` holds the feeds outside any folder. */
  feeds: Map<string | null, FeedSummary[]>
  unread: Map<string, number>
}

// One collator for every comparison: localeCompare with options builds a new one per call, which made
// sorting 500 feeds cost tens of milliseconds on every render.
const TITLE_ORDER = new Intl.Collator(undefined, { sensitivity: 'base' })

function byTitle<T extends { title: string }>(a: T, b: T): number {
  return TITLE_ORDER.compare(a.title, b.title)
}

function push<T>(map: Map<string | null, T[]>, key: string | null, value: T): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/**
 * Built in one pass over the feeds and folders: opening an article changes one feed's count, and
 * filtering every list again for each folder (and walking the tree for each folder's count) cost
 * milliseconds of every click.
 */
export function folderTree(feeds: readonly FeedSummary[], folders: readonly FolderView[]): FolderTree {
  const tree: FolderTree = { folders: new Map(), feeds: new Map(), unread: new Map() }
  const known = new Set(folders.map((folder) => folder.id))
  for (const folder of folders) push(tree.folders, folder.parentId, folder)
  for (const feed of feeds) push(tree.feeds, feed.folderId, feed)
  for (const list of tree.folders.values()) list.sort(byTitle)
  for (const list of tree.feeds.values()) list.sort(byTitle)
  const count = (folderId: string, depth: number): number => {
    let sum = 0
    for (const feed of tree.feeds.get(folderId) ?? []) sum += feed.unread
    // A folder that is its own ancestor (a damaged file) must not hang the sidebar.
    if (depth < folders.length)
      for (const child of tree.folders.get(folderId) ?? []) sum += count(child.id, depth + 1)
    tree.unread.set(folderId, sum)
    return sum
  }
  for (const folder of folders) if (!folder.parentId || !known.has(folder.parentId)) count(folder.id, 0)
  return tree
}

/** Feeds in the order the sidebar shows them (folders first, by title; then top-level feeds). */
export function feedsInOrder(feeds: readonly FeedSummary[], folders: readonly FolderView[]): FeedSummary[] {
  const tree = folderTree(feeds, folders)
  const ordered: FeedSummary[] = []
  // From the top level down: a folder in a cycle (a damaged file) has no top-level ancestor, so it is
  // never reached and the walk ends.
  const visit = (parentId: string | null): void => {
    for (const folder of tree.folders.get(parentId) ?? []) visit(folder.id)
    if (parentId !== null) ordered.push(...(tree.feeds.get(parentId) ?? []))
  }
  visit(null)
  ordered.push(...(tree.feeds.get(null) ?? []))
  return ordered
}

/** The ids of a folder's feeds and of its subfolders' feeds: what marking the folder read marks. */
export function feedIdsInFolder(
  folderId: string,
  feeds: readonly FeedSummary[],
  folders: readonly FolderView[],
): Set<string> {
  const tree = folderTree(feeds, folders)
  const ids = new Set<string>()
  const visit = (id: string, depth: number): void => {
    for (const feed of tree.feeds.get(id) ?? []) ids.add(feed.id)
    // A folder that is its own ancestor (a damaged file) must not loop.
    if (depth < folders.length) for (const child of tree.folders.get(id) ?? []) visit(child.id, depth + 1)
  }
  visit(folderId, 0)
  return ids
}

/** What All Articles and Unread show as their count: every feed's unread articles. */
export function totalUnread(feeds: readonly FeedSummary[]): number {
  return feeds.reduce((sum, feed) => sum + feed.unread, 0)
}

/** The subscriptions of one account (or of this computer: `account` null), as the sidebar groups them. */
export interface AccountGroup {
  account: AccountView | null
  feeds: FeedSummary[]
  folders: FolderView[]
}

/**
 * This computer's feeds, then each server account's: a feed or folder belongs to the account it names.
 * Without accounts there is the one group of this computer's feeds.
 */
export function accountGroups(
  feeds: readonly FeedSummary[],
  folders: readonly FolderView[],
  accounts: readonly AccountView[],
): AccountGroup[] {
  const groups: AccountGroup[] = [null, ...accounts].map((account) => ({ account, feeds: [], folders: [] }))
  const byId = new Map(groups.map((group) => [group.account?.id ?? null, group]))
  const local = groups[0] as AccountGroup
  for (const feed of feeds) (byId.get(feed.account ?? null) ?? local).feeds.push(feed)
  for (const folder of folders) (byId.get(folder.account ?? null) ?? local).folders.push(folder)
  return groups
}

import { describe, expect, it } from 'vitest'
import type { FolderView } from '../../../src/shared/contract'
import {
  feedIdsInFolder,
  feedsInOrder,
  folderTree,
  totalUnread,
} from '../../../src/renderer/src/state/folder-tree'
import { feedSummary } from '../fake-api'

const folder = (id: string, title: string, parentId: string | null = null): FolderView => ({
  id,
  title,
  parentId,
  path: title,
})

// World (Zeta 4, Alpha 1) › Asia (Deep 2); Arts (empty); Loose 5 at the top level.
const feeds = [
  feedSummary('zeta', 'Zeta Daily', { folderId: 'world', unread: 4 }),
  feedSummary('alpha', 'alpha wire', { folderId: 'world', unread: 1 }),
  feedSummary('deep', 'Deep Post', { folderId: 'asia', unread: 2 }),
  feedSummary('loose', 'Loose Leaf', { unread: 5 }),
]
const folders = [folder('world', 'World'), folder('asia', 'Asia', 'world'), folder('arts', 'Arts')]

describe('the folder tree', () => {
  it('files folders and feeds under their parents, by title whatever the case', () => {
    const tree = folderTree(feeds, folders)
    expect(tree.folders.get(null)?.map((f) => f.id)).toEqual(['arts', 'world'])
    expect(tree.folders.get('world')?.map((f) => f.id)).toEqual(['asia'])
    expect(tree.feeds.get('world')?.map((f) => f.id)).toEqual(['alpha', 'zeta'])
    expect(tree.feeds.get(null)?.map((f) => f.id)).toEqual(['loose'])
    expect(tree.feeds.get('arts')).toBeUndefined()
  })

  it('counts a folder’s unread articles with its subfolders’', () => {
    const tree = folderTree(feeds, folders)
    expect(Object.fromEntries(tree.unread)).toEqual({ world: 7, asia: 2, arts: 0 })
  })

  it('counts a folder whose parent is unknown as a top-level one, and survives a cycle', () => {
    const orphan = folderTree(
      [feedSummary('x', 'X', { folderId: 'lost', unread: 3 })],
      [folder('lost', 'Lost', 'gone')],
    )
    expect(orphan.unread.get('lost')).toBe(3)
    const cycle = [folder('a', 'A', 'b'), folder('b', 'B', 'a')]
    const looped = folderTree([feedSummary('y', 'Y', { folderId: 'a', unread: 1 })], cycle)
    expect(looped.unread.size).toBe(0)
    expect(feedsInOrder([feedSummary('y', 'Y', { folderId: 'a' })], cycle)).toEqual([])
  })

  it('orders feeds as the sidebar shows them: folders first, depth first, then the top level', () => {
    expect(feedsInOrder(feeds, folders).map((f) => f.id)).toEqual(['deep', 'alpha', 'zeta', 'loose'])
  })

  it('adds up every feed’s unread count', () => {
    expect(totalUnread(feeds)).toBe(12)
    expect(totalUnread([])).toBe(0)
  })

  it('finds a folder’s feeds with its subfolders’ (what marking the folder read marks)', () => {
    expect([...feedIdsInFolder('world', feeds, folders)].sort()).toEqual(['alpha', 'deep', 'zeta'])
    expect([...feedIdsInFolder('asia', feeds, folders)]).toEqual(['deep'])
    expect(feedIdsInFolder('arts', feeds, folders).size).toBe(0)
  })
})

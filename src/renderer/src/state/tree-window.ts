import type { FolderView } from '../../../shared/contract'
import type { FeedSummary } from '../../../shared/types'
import type { FolderTree } from './folder-tree'

/** One row of the sidebar's tree as drawn: a folder (with where its open contents end) or a feed. */
export type TreeRow =
  | {
      kind: 'folder'
      folder: FolderView
      /** The index after the folder's drawn contents (its own index + 1 when it is folded or empty). */
      end: number
    }
  | { kind: 'feed'; feed: FeedSummary }

/** The heights of the tree's rows in pixels, measured where they are drawn. */
export interface RowHeights {
  folder: number
  feed: number
  /** A feed whose last sync failed: its error takes a second line. */
  failing: number
}

/** The rows [from, to) of the tree that are drawn; the others are gaps of their height. */
export interface TreeWindow {
  from: number
  to: number
}

/**
 * The tree's rows top to bottom as the sidebar draws them: each folder's subfolders, then its feeds, by
 * title (folderTree's order); a folded folder's contents are left out.
 */
export function treeRows(tree: FolderTree, collapsed: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = []
  const visit = (parentId: string | null, depth: number): void => {
    for (const folder of tree.folders.get(parentId) ?? []) {
      const row: TreeRow = { kind: 'folder', folder, end: 0 }
      rows.push(row)
      // A folder that is its own ancestor (a damaged file) must not loop.
      if (!collapsed.has(folder.id) && depth < tree.folders.size) visit(folder.id, depth + 1)
      row.end = rows.length
    }
    for (const feed of tree.feeds.get(parentId) ?? []) rows.push({ kind: 'feed', feed })
  }
  visit(null, 0)
  return rows
}

function heightOf(row: TreeRow, heights: RowHeights): number {
  if (row.kind === 'folder') return heights.folder
  return row.feed.lastError ? heights.failing : heights.feed
}

/** Each row's top from the tree's top; one more entry at the end: the tree's height. */
export function rowTops(rows: readonly TreeRow[], heights: RowHeights): number[] {
  const tops = [0]
  for (const row of rows) tops.push((tops.at(-1) as number) + heightOf(row, heights))
  return tops
}

/** The first row whose bottom is below `y` (rows.length when none is). */
function rowAt(tops: readonly number[], y: number): number {
  let low = 0
  let high = tops.length - 1
  while (low < high) {
    const mid = (low + high) >> 1
    if ((tops[mid + 1] as number) > y) high = mid
    else low = mid + 1
  }
  return low
}

/**
 * The rows to draw for the part of the tree from `top` to `bottom` (pixels from the tree's top), with
 * `overscan` rows either side, rounded out to whole `step`s of rows: scrolling a few rows keeps the same
 * window, so the tree is drawn again only every `step` rows scrolled.
 */
export function windowOf(
  tops: readonly number[],
  top: number,
  bottom: number,
  overscan: number,
  step: number,
): TreeWindow {
  const count = tops.length - 1
  const first = rowAt(tops, Math.max(0, top))
  const last = Math.max(first, rowAt(tops, Math.max(0, bottom)))
  return {
    from: Math.max(0, Math.floor((first - overscan) / step) * step),
    to: Math.min(count, Math.ceil((last + 1 + overscan) / step) * step),
  }
}

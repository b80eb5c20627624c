import type { Article } from '../../../shared/types'
import { sortTimeOf } from '../store/article-meta'
import type { Manifest, SegmentEntry } from './manifest'
import type { Segment } from './segment'
import type { IndexDoc } from './segment-build'
import type { SegmentStore } from './segment-store'

/** The index's view of an article: its fields as plain strings, its feed's id, its sortTime. */
export function toIndexDoc(article: Article): IndexDoc {
  return {
    id: article.id,
    feedId: article.feedId,
    sortTime: sortTimeOf(article),
    title: article.title,
    author: article.author ?? '',
    content: article.contentText,
  }
}

/**
 * Tombstones the live copies of these ids (inside a commit) and drops segments left with no live
 * document: their file goes at once, no merge needed (how retention empties old segments cheaply).
 */
export function tombstone(store: SegmentStore, manifest: Manifest, ids: Iterable<string>): number {
  let count = 0
  for (const id of new Set(ids)) {
    const found = store.locate(id)
    if (!found) continue
    found.entry.deleted.push(found.doc)
    count++
  }
  manifest.segments = manifest.segments.filter((entry) => entry.deleted.length < entry.docCount)
  return count
}

/** A segment file written and not yet named by the manifest. */
export interface BuiltSegment {
  name: string
  docs: readonly IndexDoc[]
  bytes: number
}

export function entryOf(built: BuiltSegment): SegmentEntry {
  return {
    name: built.name,
    docCount: built.docs.length,
    ids: built.docs.map((doc) => doc.id),
    deleted: [],
    ...timeRange(built.docs.map((doc) => doc.sortTime)),
    bytes: built.bytes,
  }
}

/** What a merge started from: each source segment and how many tombstones it had then. */
export interface MergeSnapshot {
  name: string
  deletedCount: number
}

/**
 * Swaps merged segments for their merge (inside a commit). Tombstones set while the merge ran carry over
 * to the merged segment; if another process merged or dropped a source meanwhile, the merge is moot and
 * nothing changes. Returns the new entry, or null.
 */
export function swapMerged(
  manifest: Manifest,
  sources: readonly MergeSnapshot[],
  merged: { name: string; segment: Segment; bytes: number },
): SegmentEntry | null {
  const current = sources.map((source) => manifest.segments.find((entry) => entry.name === source.name))
  if (current.some((entry) => !entry)) return null
  const gone = new Set<string>()
  current.forEach((entry, i) => {
    if (!entry) return
    for (const doc of entry.deleted.slice(sources[i]?.deletedCount ?? 0)) gone.add(entry.ids[doc] as string)
  })
  const names = new Set(sources.map((source) => source.name))
  manifest.segments = manifest.segments.filter((entry) => !names.has(entry.name))
  const ids = merged.segment.header.ids
  const deleted = ids.flatMap((id, doc) => (gone.has(id) ? [doc] : []))
  if (deleted.length >= ids.length) return null
  const entry: SegmentEntry = {
    name: merged.name,
    docCount: ids.length,
    ids,
    deleted,
    ...timeRange(merged.segment.sortTimes),
    bytes: merged.bytes,
  }
  manifest.segments.push(entry)
  return entry
}

function timeRange(times: ArrayLike<number>): { oldest: number; newest: number } {
  let oldest = Infinity
  let newest = -Infinity
  for (let i = 0; i < times.length; i++) {
    oldest = Math.min(oldest, times[i] as number)
    newest = Math.max(newest, times[i] as number)
  }
  return times.length > 0 ? { oldest, newest } : { oldest: 0, newest: 0 }
}

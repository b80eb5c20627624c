import { partitionOf } from '../store/article-catalog'
import type { SegmentEntry } from './manifest'
import { SMALL_SEGMENT_DOCS } from './segment'

const WEEK_MS = 7 * 86_400_000

/** When segments are merged. */
export interface MergePolicy {
  /** A time bucket holding this many segments is merged into one. */
  fanIn: number
  /** A segment with this share of tombstones is rewritten without them. */
  deletedRatio: number
  /** Merges stop at this many live articles (document numbers stay 16-bit). */
  maxDocs: number
}

export const DEFAULT_MERGE_POLICY: MergePolicy = {
  fanIn: 4,
  deletedRatio: 0.25,
  maxDocs: SMALL_SEGMENT_DOCS - 1,
}

/**
 * The time bucket of an article (by sortTime, as the catalog partitions them): its week (the catalog's
 * partition) for the last 8 weeks, its month up to two years back, its year before that. New articles go
 * into small segments of their bucket; segments of one bucket merge; as weeks age their segments merge
 * into months. Retention removes the oldest articles, so it empties whole old segments, which are then
 * dropped without any merge.
 */
export function bucketOf(sortTime: number, now: number): string {
  const age = now - sortTime
  if (age < 8 * WEEK_MS) return `w${partitionOf(sortTime)}`
  const iso = new Date(sortTime).toISOString()
  if (age < 104 * WEEK_MS) return `m${iso.slice(0, 7)}`
  return `y${iso.slice(0, 4)}`
}

function live(entry: SegmentEntry): number {
  return entry.docCount - entry.deleted.length
}

/**
 * Groups of segments to merge, each group one bucket. `force` (an idle or explicit optimize) merges every
 * bucket of more than one segment and purges every tombstone.
 */
export function planMerges(
  entries: readonly SegmentEntry[],
  now: number,
  policy: MergePolicy = DEFAULT_MERGE_POLICY,
  force = false,
): string[][] {
  const buckets = new Map<string, SegmentEntry[]>()
  for (const entry of entries) {
    const bucket = bucketOf(entry.newest, now)
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), entry])
  }
  const groups: string[][] = []
  for (const members of buckets.values()) {
    const dirty = members.filter(
      (entry) => entry.deleted.length >= Math.max(1, entry.docCount * policy.deletedRatio),
    )
    const purge = force ? members.filter((entry) => entry.deleted.length > 0) : dirty
    if (members.length < (force ? 2 : policy.fanIn) && purge.length === 0) continue
    // Smallest first, up to the size cap: small segments are cheap to merge and cost the most per query.
    const chosen: SegmentEntry[] = []
    let total = 0
    for (const entry of [...members].sort((a, b) => live(a) - live(b))) {
      if (total + live(entry) > policy.maxDocs) continue
      chosen.push(entry)
      total += live(entry)
    }
    if (chosen.length >= 2 || chosen.some((entry) => purge.includes(entry))) {
      groups.push(chosen.map((entry) => entry.name))
    }
  }
  return groups
}

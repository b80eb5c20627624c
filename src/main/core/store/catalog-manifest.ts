import type { ArticleMeta } from '../../../shared/types'
import { isPlainObject } from './json-files'

/*
 * The catalog's manifest (`articles/manifest.json`): what the catalog knows of every week without opening
 * it — its count, its articles per feed, and the revisions of its file and log it was summarized from.
 */

/** What the manifest knows of one partition without opening it. */
export interface PartitionInfo {
  count: number
  /** Articles per feed, so a feed's listing skips weeks without it and counts need no scan. */
  feeds: Record<string, number>
  /** The week file's revision when this was summarized: a crash between the two writes leaves them apart. */
  revision: string | null
  /** The week's log's key (week-log.ts) when this was summarized; absent: none. */
  log?: string
}

export interface Manifest {
  version: 1
  partitions: Record<string, PartitionInfo>
}

export function emptyManifest(): Manifest {
  return { version: 1, partitions: {} }
}

export function isManifest(value: unknown): value is Manifest {
  return (
    isPlainObject(value) &&
    value.version === 1 &&
    isPlainObject(value.partitions) &&
    Object.values(value.partitions).every(
      (info) => isPlainObject(info) && typeof info.count === 'number' && isPlainObject(info.feeds),
    )
  )
}

export function summarize(metas: ArticleMeta[], revision: string, log = ''): PartitionInfo {
  const feeds: Record<string, number> = {}
  for (const meta of metas) feeds[meta.feedId] = (feeds[meta.feedId] ?? 0) + 1
  return log ? { count: metas.length, feeds, revision, log } : { count: metas.length, feeds, revision }
}

/**
 * Articles per feed over the whole catalog, from the manifest alone. The sum is kept while the weeks'
 * summaries are the same objects (every change to a week puts a new one): at 500,000 articles it
 * takes ~6 ms, and the reader asks for it several times a page load.
 */
export class FeedCounts {
  /** The last sum, with the weeks' summaries it was made from. */
  #kept: { infos: PartitionInfo[]; counts: Map<string, number> } | null = null

  /** The sum (the caller's own copy). */
  of(manifest: Manifest): Map<string, number> {
    const infos = Object.values(manifest.partitions)
    const kept = this.#kept
    if (kept?.infos.length === infos.length && kept.infos.every((info, n) => info === infos[n]))
      return new Map(kept.counts)
    const counts = new Map<string, number>()
    for (const info of infos) {
      for (const [feedId, n] of Object.entries(info.feeds)) counts.set(feedId, (counts.get(feedId) ?? 0) + n)
    }
    this.#kept = { infos, counts }
    return new Map(counts)
  }
}

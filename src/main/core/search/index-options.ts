import type { Article, ArticleMeta } from '../../../shared/types'
import type { DamageNotice } from '../../../shared/contract'
import type { WriteLock } from '../store/write-lock'
import type { MergePolicy } from './merge-policy'
import type { SearchHit } from './result-page'
import type { IndexWorkerOptions } from './segment-threads'

// What a SearchIndex is opened with, and what its searches and upkeep report.

/** The article store as the index reads it (ArticleStore fits). */
export interface ArticleSource {
  get(id: string): Promise<Article | null>
  /** One article read at once (the ArticleStore's getNow), for the page a person is waiting for. */
  getNow?(id: string): Article | null
  list(query: { limit: number }): Promise<ArticleMeta[]>
  /**
   * Every stored article's id, read from the catalog's small ids files rather than its records (the
   * ArticleStore's ids): what repair compares the index with. Without it, repair lists every record.
   */
  ids?(): Promise<string[]>
  /**
   * The catalog's revision (the ArticleStore's revision): a new one at every change to the stored
   * articles. Without it, repair checks the index against the store every time.
   */
  revision?(): Promise<string | null>
}

export interface SearchIndexOptions {
  /** Stored articles: snippets, phrase checks and repair read them. */
  articles?: ArticleSource
  /**
   * Feed titles by feed id, as they are now: read by every search for the `feed` field (feed-field.ts),
   * so a renamed feed is found by its new name at once. Without it, no article matches in that field.
   */
  feedTitles?: () => ReadonlyMap<string, string>
  /** The data dir's write lock (Broadsheet#lock); one is made when not given. */
  lock?: WriteLock
  /** The built index-worker script (a JavaScript file): builds and merges then run in a worker thread. */
  worker?: URL | string
  workerOptions?: IndexWorkerOptions
  mergePolicy?: Partial<MergePolicy>
  /** Merge in the background after changes (default true); off, only merge() merges. */
  autoMerge?: boolean
  mergeDelayMs?: number
  now?: () => number
  /** Segment files whose postings are this many bytes or more keep them on disk (segment.ts); tests: 0. */
  lazyPostingsFrom?: number
  /** Damaged files found are reported here (Broadsheet#damage). */
  damage?: DamageNotice[]
}

export interface SearchPage {
  total: number
  /** False when quoted phrases were checked only as far as the page needed: total is an upper bound. */
  totalIsExact: boolean
  results: SearchHit[]
  tookMs: number
}

/** Progress of a repair or rebuild, for a progress bar. */
export interface IndexProgress {
  done: number
  total: number
}

export interface RepairResult {
  added: number
  removed: number
  indexed: number
  /** False when the check was skipped: the index was found in step at the catalog's revision. */
  checked: boolean
}

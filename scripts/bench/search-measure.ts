/**
 * What every engine of `npm run bench:search` is measured with: the corpus as index documents, batched
 * and timed indexing, cold start and query latency, size on disk and peak memory.
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { toIndexDoc } from '../../src/main/core/search/index-changes'
import type { IndexDoc } from '../../src/main/core/search/segment-build'
import { corpusArticle, FEED_COUNT, feedTitleOf, QUERIES } from '../bench-search-corpus'

/** One phase's figures, as a child process reports them. */
export interface PhaseResult {
  indexMs?: number
  add100Ms?: number
  serializedMB?: number
  coldStartMs?: number
  queryP50Ms?: number
  queryP95Ms?: number
  rssMB: number
  /** Broadsheet only: the same queries without snippets (the other engines make none). */
  queryNoSnippetsP50Ms?: number
  queryNoSnippetsP95Ms?: number
  koreanRecall?: number
  koreanPrecision?: number
  /** Each query's first 10 ids, best first: how far other engines' rankings agree with one Lunr index. */
  top10?: string[][]
}

const BATCH = 1_000
export const ROUNDS = 3
export const FEED_TITLES = new Map(Array.from({ length: FEED_COUNT }, (_, f) => [`f${f}`, feedTitleOf(f)]))

export const docOf = (n: number): IndexDoc => toIndexDoc(corpusArticle(n))

/** A Lunr or MiniSearch document: the index document with its feed's title as the `feed` field. */
export const withFeedTitle = (doc: IndexDoc): IndexDoc & { feed: string } => ({
  ...doc,
  feed: FEED_TITLES.get(doc.feedId) ?? '',
})

export const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i)

export const rssMB = (): number => Math.round(process.resourceUsage().maxRSS / 1024)

export function dirMB(dir: string): number {
  let bytes = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += statSync(join(entry.parentPath, entry.name)).size
  }
  return Math.round((bytes / 1024 / 1024) * 10) / 10
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return (
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) * 10) /
    10
  )
}

/** Times `run` over articles [from, to) in batches; `prepare` (generating the articles) is not timed. */
export async function timedBatches<T>(
  from: number,
  to: number,
  prepare: (numbers: number[]) => T,
  run: (prepared: T) => Promise<unknown> | unknown,
): Promise<number> {
  let ms = 0
  for (let start = from; start < to; start += BATCH) {
    const prepared = prepare(range(start, Math.min(to, start + BATCH)))
    const started = performance.now()
    await run(prepared)
    ms += performance.now() - started
  }
  return ms
}

/** A query run that returns its first page's ids, best first. */
export type QueryRun = (query: string) => Promise<string[]>

/**
 * First-page latency over the fixed queries, after the cold start measured by `open`, and each query's
 * first 10 ids.
 */
export async function measureQueries(
  open: () => Promise<QueryRun>,
): Promise<Omit<PhaseResult, 'rssMB'> & { run: QueryRun }> {
  const started = performance.now()
  const run = await open()
  await run(QUERIES[0] as string)
  const coldStartMs = Math.round(performance.now() - started)
  const latencies: number[] = []
  const top10: string[][] = []
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of QUERIES) {
      const at = performance.now()
      const ids = await run(query)
      latencies.push(performance.now() - at)
      if (round === 0) top10.push(ids.slice(0, 10))
    }
  }
  return {
    coldStartMs,
    queryP50Ms: percentile(latencies, 50),
    queryP95Ms: percentile(latencies, 95),
    top10,
    run,
  }
}

/**
 * The share of `reference`'s first 10 per query that `other` also has in its first 10, over the queries
 * the reference finds anything for; null when either is missing.
 */
export function top10Agreement(other?: string[][], reference?: string[][]): number | null {
  if (!other || !reference) return null
  let shared = 0
  let wanted = 0
  reference.forEach((ids, q) => {
    const theirs = new Set(other[q] ?? [])
    shared += ids.filter((id) => theirs.has(id)).length
    wanted += ids.length
  })
  return wanted === 0 ? null : shared / wanted
}

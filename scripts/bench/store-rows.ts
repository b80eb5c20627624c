/**
 * Store measurements over any data dir, each beside today's (issue 22's) way in the same run, for the
 * store section (scripts/bench-store.ts, 50k) and the scale table (500k):
 *
 * - {@link measureDisk}: disk per article, allocated and apparent, by part, and the file count;
 * - {@link measureBodyForms}: a sample of bodies as plain JSON (before issue 22) and gzip-compressed (now):
 *   bytes, 4 KB blocks, and the time to read and decode one of each (p95);
 * - {@link unreadScanFresh}: finding the unread, first thing in a fresh process, by parsing every week's
 *   records (before) or from the weeks' ids files (now);
 * - {@link markAllReadFresh}: "mark all read" in a fresh process, cold or after the start-up index check;
 * - {@link measureBusyWeekBatch}: what a sync batch of 100 new articles of the busiest week costs, and its
 *   catalog write: appended to the week's log (now) beside rewriting the week's file whole (before).
 *
 * Run as a script only as a child of {@link unreadScanFresh}.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startServices } from '../../src/main/core/broadsheet'
import { writeFileAtomic } from '../../src/main/core/store/atomic-write'
import { ArticleStore } from '../../src/main/core/store/article-store'
import { decodeBody, encodeBody } from '../../src/main/core/store/body-file'
import { metaOf } from '../../src/main/core/store/article-meta'
import { readRevision } from '../../src/main/core/store/revision'
import { appendWeekLog, readWeekLog } from '../../src/main/core/store/week-log'
import { stableId } from '../../src/main/core/store/ids'
import { WriteLock } from '../../src/main/core/store/write-lock'
import type { Article } from '../../src/shared/types'
import { exitOnFailure, printResult, runTsChild } from './child'
import { argValue, percentile } from './stats'

const SCRIPT = fileURLToPath(import.meta.url)

export interface DiskUse {
  apparent: number
  allocated: number
  files: number
}

/** Bytes (apparent and allocated) and files under a path, or of one file; nothing when it is missing. */
export function diskUse(path: string): DiskUse {
  let stat
  try {
    stat = lstatSync(path)
  } catch {
    return { apparent: 0, allocated: 0, files: 0 }
  }
  if (!stat.isDirectory()) return { apparent: stat.size, allocated: stat.blocks * 512, files: 1 }
  const total = { apparent: 0, allocated: 0, files: 0 }
  for (const name of readdirSync(path)) {
    const use = diskUse(join(path, name))
    total.apparent += use.apparent
    total.allocated += use.allocated
    total.files += use.files
  }
  return total
}

export interface DiskReport {
  total: DiskUse
  bodies: DiskUse
  /** Week files and the manifest. */
  catalog: DiskUse
  weekIds: DiskUse
  search: DiskUse
  /** Settings, flags, backups: the rest of the data dir (images excluded: blobs/ is not counted). */
  other: DiskUse
}

/** Disk use of a data dir by part (blobs/, the images, left out as the issue asks). */
export function measureDisk(dataDir: string): DiskReport {
  const all = diskUse(dataDir)
  const blobs = diskUse(join(dataDir, 'blobs'))
  const bodies = diskUse(join(dataDir, 'articles', 'bodies'))
  const weekIds = diskUse(join(dataDir, 'articles', 'week-ids'))
  const articles = diskUse(join(dataDir, 'articles'))
  const search = diskUse(join(dataDir, 'search'))
  const minus = (a: DiskUse, ...rest: DiskUse[]): DiskUse => ({
    apparent: rest.reduce((n, b) => n - b.apparent, a.apparent),
    allocated: rest.reduce((n, b) => n - b.allocated, a.allocated),
    files: rest.reduce((n, b) => n - b.files, a.files),
  })
  const total = minus(all, blobs)
  return {
    total,
    bodies,
    catalog: minus(articles, bodies, weekIds),
    weekIds,
    search,
    other: minus(total, articles, search),
  }
}

export interface BodyForms {
  sampled: number
  /** Per body, mean. */
  plainBytes: number
  gzipBytes: number
  /** Per body, mean, in the filesystem's blocks (what `du` counts). */
  plainAllocated: number
  gzipAllocated: number
  /** Of the sample, how many were stored compressed already. */
  storedCompressed: number
  readPlainMs: number[]
  readGzipMs: number[]
  encodeMs: number[]
}

/**
 * Takes `sample` bodies of the data dir, writes each in both forms into `scratch` (removed after), and
 * reads each back as the reader does (one synchronous file read, then decode). Blocks are measured on
 * the written files, so they are the filesystem's own.
 */
export function measureBodyForms(dataDir: string, scratch: string, sample = 300): BodyForms {
  const bodies = join(dataDir, 'articles', 'bodies')
  const paths: string[] = []
  const shards = readdirSync(bodies)
  const perShard = Math.max(1, Math.ceil(sample / Math.max(1, shards.length)))
  for (const shard of shards) {
    for (const name of readdirSync(join(bodies, shard)).slice(0, perShard)) {
      if (name.endsWith('.json')) paths.push(join(bodies, shard, name))
    }
    if (paths.length >= sample) break
  }
  rmSync(scratch, { recursive: true, force: true })
  mkdirSync(scratch, { recursive: true })
  const forms: BodyForms = {
    sampled: 0,
    plainBytes: 0,
    gzipBytes: 0,
    plainAllocated: 0,
    gzipAllocated: 0,
    storedCompressed: 0,
    readPlainMs: [],
    readGzipMs: [],
    encodeMs: [],
  }
  try {
    const written: { plain: string; gzip: string }[] = []
    for (const [i, path] of paths.slice(0, sample).entries()) {
      const bytes = readFileSync(path)
      const read = decodeBody(bytes)
      if (read.status !== 'ok') continue
      if (bytes[0] === 0x1f) forms.storedCompressed += 1
      const json = JSON.stringify(read.value)
      const at = performance.now()
      const gzip = encodeBody(read.value)
      forms.encodeMs.push(performance.now() - at)
      const plainPath = join(scratch, `${i}.json`)
      const gzipPath = join(scratch, `${i}.gz.json`)
      writeFileSync(plainPath, json)
      writeFileSync(gzipPath, gzip)
      forms.sampled += 1
      forms.plainBytes += Buffer.byteLength(json)
      forms.gzipBytes += gzip.length
      forms.plainAllocated += lstatSync(plainPath).blocks * 512
      forms.gzipAllocated += lstatSync(gzipPath).blocks * 512
      written.push({ plain: plainPath, gzip: gzipPath })
    }
    const timedRead = (path: string): number => {
      const at = performance.now()
      const read = decodeBody(readFileSync(path))
      const ms = performance.now() - at
      if (read.status !== 'ok') throw new Error(`${path} did not read back`)
      return ms
    }
    // Alternating, so that neither form has the warmer cache.
    for (const pair of written) {
      forms.readPlainMs.push(timedRead(pair.plain))
      forms.readGzipMs.push(timedRead(pair.gzip))
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  const n = Math.max(1, forms.sampled)
  forms.plainBytes /= n
  forms.gzipBytes /= n
  forms.plainAllocated /= n
  forms.gzipAllocated /= n
  return forms
}

export interface UnreadScan {
  way: 'weeks' | 'ids'
  openMs: number
  /** Finding every unread article after the open. */
  scanMs: number
  unread: number
}

/**
 * Finds every unread article first thing in a fresh process: `weeks` parses every week's records (mark
 * all read before issue 22), `ids` reads the weeks' ids files (now). Read-only, except that `ids` on a
 * library from before ids files writes them (run it once first to measure the steady state).
 */
export function unreadScanFresh(dataDir: string, way: UnreadScan['way']): Promise<UnreadScan> {
  return runTsChild<UnreadScan>(SCRIPT, ['--child', 'unread-scan', '--dir', dataDir, '--way', way])
}

async function childUnreadScan(args: string[]): Promise<UnreadScan> {
  const way = argValue(args, 'way', 'ids') as UnreadScan['way']
  const started = performance.now()
  const core = await startServices({ dataDir: argValue(args, 'dir', '') })
  const opened = performance.now()
  const read = core.flags.readIds()
  // The core keeps its store to itself: a second one over the same dir (it reads the manifest again,
  // counted in the scan) serves both ways alike.
  const store = await ArticleStore.open(
    argValue(args, 'dir', ''),
    new WriteLock(argValue(args, 'dir', '')),
    [],
  )
  const unread =
    way === 'weeks'
      ? (await store.list({ limit: Number.MAX_SAFE_INTEGER, filter: (meta) => !read.has(meta.id) })).length
      : (await store.refsWhere((id) => !read.has(id))).length
  return { way, openMs: opened - started, scanMs: performance.now() - opened, unread }
}

/** What scripts/bench-store.ts's mark-read child reports. */
export interface MarkAllReadRun {
  ms: number
  changed: number
  oneMs?: number[]
  bookmarkMs?: number[]
  flagsBytes?: number
}

/**
 * "Mark all read" of everything unread in a fresh process over `dataDir` (it writes flags: give it a
 * working copy). `warm`: first the start-up index check reads the whole catalog, as the running app
 * does; then `ids` (up to 20) are marked one by one and bookmarked, each timed.
 */
export function markAllReadFresh(
  dataDir: string,
  options: { warm?: boolean; ids?: string[] } = {},
): Promise<MarkAllReadRun> {
  const args = ['--child', 'mark-read', '--dir', dataDir]
  if (options.warm) args.push('--warm', '--ids', (options.ids ?? []).join(','))
  return runTsChild<MarkAllReadRun>(join(dirname(SCRIPT), '..', 'bench-store.ts'), args)
}

export interface BusyWeekBatch {
  week: string
  weekArticles: number
  weekFileBytes: number
  /** A put of 100 new articles of that week, all told (bodies, catalog, ids file, manifest). */
  batchMs: number
  /** Writing that week's catalog file whole, atomically, once: what every batch of the week paid. */
  weekRewriteMs: number
  /** Appending the batch's 100 records to the week's log, flushed: what a batch pays now. */
  appendMs: number
}

/**
 * A sync batch of 100 new articles into the busiest week: the whole put, and the week's catalog file
 * rewritten alone (today each batch rewrites its weeks whole). Writes: give it a working copy.
 */
export async function measureBusyWeekBatch(dataDir: string): Promise<BusyWeekBatch> {
  const catalog = join(dataDir, 'articles', 'catalog')
  const weeks = readdirSync(catalog).filter((name) => /^\d{4}-\d\d-\d\d\.json$/.test(name))
  const sized = weeks.map((name) => ({ name, size: lstatSync(join(catalog, name)).size }))
  const busiest = sized.sort((a, b) => b.size - a.size)[0]
  if (!busiest) throw new Error('the catalog has no weeks')
  const text = readFileSync(join(catalog, busiest.name), 'utf8')
  const weekArticles = (JSON.parse(text) as { articles: unknown[] }).articles.length
  const rewriteAt = performance.now()
  await writeFileAtomic(join(catalog, busiest.name), text)
  const weekRewriteMs = performance.now() - rewriteAt
  const core = await startServices({ dataDir })
  const monday = Date.parse(`${busiest.name.slice(0, 10)}T00:00:00Z`)
  const feedId = (await core.articles.list({ limit: 1 }))[0]?.feedId ?? 'bench-feed'
  const batch: Article[] = Array.from({ length: 100 }, (_, i) => {
    const published = new Date(monday + 3 * 86_400_000 + i * 60_000).toISOString()
    const text = `Batch article ${i} of the busiest week. `.repeat(40)
    const article: Article = {
      id: stableId('bench-batch', String(process.pid), String(i)),
      feedId,
      guid: `batch-${i}`,
      title: `Batch article ${i}`,
      url: `http://127.0.0.1:9/batch/${i}`,
      author: null,
      published,
      summary: null,
      fetchedAt: published,
      contentHtml: `<p>${text}</p>`,
      contentText: text,
      images: [],
    }
    return article
  })
  const at = performance.now()
  await core.articles.put(batch)
  const batchMs = performance.now() - at
  // The same records appended once more, alone (a put replaces records of the same ids: nothing changes).
  const week = busiest.name.slice(0, 10)
  const logPath = join(dataDir, 'articles', 'week-logs', `${week}.log`)
  const base = readRevision(join(catalog, busiest.name))
  if (!base) throw new Error('the week file has no revision')
  const log = await readWeekLog(logPath, base)
  const appendAt = performance.now()
  await appendWeekLog(logPath, base, log, { put: batch.map(metaOf), remove: [] })
  const appendMs = performance.now() - appendAt
  return { week, weekArticles, weekFileBytes: busiest.size, batchMs, weekRewriteMs, appendMs }
}

/** p95 in ms, rounded for a row. */
export function p95(values: readonly number[]): number {
  return Math.round(percentile(values, 95) * 1000) / 1000
}

const CHILD_TASKS: Record<string, (args: string[]) => Promise<unknown>> = {
  'unread-scan': childUnreadScan,
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2)
  const task = CHILD_TASKS[argValue(args, 'child', '')]
  if (!task) throw new Error('run as a child of scripts/bench/store-rows.ts')
  exitOnFailure(task(args).then(printResult))
}

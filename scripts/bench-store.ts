// Over 300 lines: one section of `npm run bench`, each store measure beside the naive single-file library's.
/**
 * The store benchmark (part of `npm run bench`; run alone with `tsx scripts/bench-store.ts [--quick]
 * [--json]`): over the generated library (50,000 articles, 500 feeds in folders; --quick 5,000 and 50),
 * each figure side by side with the naive way, one JSON file holding every article, measured in the same
 * run:
 *
 * - open the data dir and list a folder's newest 100, in a fresh process (naive: read and parse the
 *   whole file, filter, sort, take 100);
 * - open one article, median and p95 over 50 ids (naive: read and parse the whole file to find it);
 * - mark all read when 10,000 are unread (naive: the library already in memory, rewrite the file whole),
 *   then mark one article read or unread, and bookmark one, as the reader does;
 * - disk use per article, with the bodies / catalog / search index / settings breakdown;
 * - importing an OPML file of 2,000 feeds (--quick 500; naive: one config.json write per feed).
 *
 * Every write, ours and the naive one, is atomic and flushed (temp file, fsync, rename).
 */
import { copyFileSync, existsSync, linkSync, lstatSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startServices } from '../src/main/core/broadsheet'
import { writeFileAtomic } from '../src/main/core/store/atomic-write'
import { exitOnFailure, printResult, reportSection, runTsChild } from './bench/child'
import {
  ensureLibrary,
  FULL_LIBRARY,
  QUICK_LIBRARY,
  removeWorkingCopy,
  workingCopy,
  type LibraryInfo,
  type NaiveLibrary,
} from './bench/library-data'
import { opmlImportRow } from './bench/opml-import'
import { childFlagsScale, flagsScaleRows, type FlagsScaleResult } from './bench/flags-scale'
import type { BenchSection } from './bench/report'
import { argValue, median, peakRssMB, percentile, progress, round } from './bench/stats'
import {
  diskUse,
  measureBodyForms,
  measureBusyWeekBatch,
  measureDisk,
  unreadScanFresh,
  type UnreadScan,
} from './bench/store-rows'

const SCRIPT = fileURLToPath(import.meta.url)
const OPEN_IDS = 50
const OURS_RUNS = 5
const NAIVE_RUNS = 3
const MARK_RUNS = 3
const NAIVE_MARK_RUNS = 2

export interface OpenListResult {
  openMs: number
  /** Process already open: open + this is the fresh-process figure. */
  listTopMs: number
  listLeafMs: number
  listAllMs: number
  listed: number
  articleMs: number[]
  rssMB: number
}

interface NaiveListResult {
  listMs: number
  listed: number
  articleMs: number[]
  rssMB: number
}

interface MarkResult {
  ms: number
  changed: number
  /** In the running app: marking one article read or unread, then bookmarking one (each timed). */
  oneMs?: number[]
  bookmarkMs?: number[]
  /** flags.json's size while they were written (every article read by then). */
  flagsBytes?: number
}

/** Articles marked unread and read again, one at a time, and bookmarked and unbookmarked. */
const ONE_BY_ONE = 20

// ---------------------------------------------------------------- child tasks (one fresh process each)

async function childOpenList(args: string[]): Promise<OpenListResult> {
  const ids = argValue(args, 'ids', '').split(',').filter(Boolean)
  const started = performance.now()
  const core = await startServices({ dataDir: argValue(args, 'dir', '') })
  const opened = performance.now()
  const top = await core.articles.list({ folderId: argValue(args, 'top', ''), limit: 100 })
  const listed = performance.now()
  await core.articles.list({ folderId: argValue(args, 'leaf', ''), limit: 100 })
  const leafDone = performance.now()
  await core.articles.list({ limit: 100 })
  const allDone = performance.now()
  const articleMs: number[] = []
  for (const id of ids) {
    const at = performance.now()
    const article = await core.articles.open(id)
    articleMs.push(performance.now() - at)
    if (article.id !== id) throw new Error(`opened ${article.id} for ${id}`)
  }
  return {
    openMs: opened - started,
    listTopMs: listed - opened,
    listLeafMs: leafDone - listed,
    listAllMs: allDone - leafDone,
    listed: top.length,
    articleMs,
    rssMB: peakRssMB(),
  }
}

async function readNaive(file: string): Promise<NaiveLibrary> {
  return JSON.parse(await readFile(file, 'utf8')) as NaiveLibrary
}

async function childNaiveList(args: string[]): Promise<NaiveListResult> {
  const file = argValue(args, 'file', '')
  const folder = argValue(args, 'folder', '')
  const ids = argValue(args, 'ids', '').split(',').filter(Boolean)
  const started = performance.now()
  const library = await readNaive(file)
  const feeds = new Set(
    library.feeds
      .filter((feed) => feed.folder === folder || feed.folder.startsWith(`${folder}/`))
      .map((feed) => feed.id),
  )
  const page = library.articles
    .filter((article) => feeds.has(article.feedId))
    .sort((a, b) => Date.parse(b.published ?? b.fetchedAt) - Date.parse(a.published ?? a.fetchedAt))
    .slice(0, 100)
    .map(({ contentHtml: _h, contentText: _t, summary: _s, ...meta }) => meta)
  const listMs = performance.now() - started
  const rssMB = peakRssMB()
  // Opening one article when the library is not held in memory: read and parse it all to find it.
  const articleMs: number[] = []
  for (const id of ids) {
    const at = performance.now()
    const found = (await readNaive(file)).articles.find((article) => article.id === id)
    if (!found) throw new Error(`no article ${id} in the naive file`)
    articleMs.push(performance.now() - at)
  }
  return { listMs, listed: page.length, articleMs, rssMB }
}

async function childMarkRead(args: string[]): Promise<MarkResult> {
  const dir = argValue(args, 'dir', '')
  const core = await startServices({ dataDir: dir })
  if (args.includes('--warm')) {
    // As in the running app or preview: on start, the search index checks itself against the store,
    // which reads every week of the catalog once (cached from then on while unchanged).
    await core.search.repair()
  }
  const started = performance.now()
  const changed = await core.flags.markAllRead()
  const ms = performance.now() - started
  if (!args.includes('--warm')) return { ms, changed }
  // What opening articles one after another writes (mark read on open), and the bookmark key.
  const ids = argValue(args, 'ids', '').split(',').filter(Boolean).slice(0, ONE_BY_ONE)
  const timed = async (change: () => Promise<void>): Promise<number> => {
    const at = performance.now()
    await change()
    return performance.now() - at
  }
  const oneMs: number[] = []
  const bookmarkMs: number[] = []
  for (const id of ids) {
    oneMs.push(
      await timed(() => core.flags.setRead([id], false)),
      await timed(() => core.flags.setRead([id], true)),
    )
    bookmarkMs.push(
      await timed(() => core.flags.setBookmarked(id, true)),
      await timed(() => core.flags.setBookmarked(id, false)),
    )
  }
  if (!(await core.articles.open(ids[0] ?? '')).read) throw new Error('a mark-read did not hold')
  return { ms, changed, oneMs, bookmarkMs, flagsBytes: lstatSync(join(dir, 'flags.json')).size }
}

async function childNaiveMarkRead(args: string[]): Promise<MarkResult> {
  const library = await readNaive(argValue(args, 'file', ''))
  const started = performance.now()
  let changed = 0
  for (const article of library.articles) {
    if (article.read) continue
    article.read = true
    changed += 1
  }
  await writeFileAtomic(argValue(args, 'out', ''), JSON.stringify(library))
  return { ms: performance.now() - started, changed }
}

// ---------------------------------------------------------------- the section

/** One fresh process that opens the data dir at `dir`, lists the library's folders and opens `ids`. */
export function openListRun(info: LibraryInfo, dir: string, ids: string): Promise<OpenListResult> {
  return runTsChild<OpenListResult>(SCRIPT, [
    '--child',
    'open-list',
    '--dir',
    dir,
    '--top',
    info.topFolder.id,
    '--leaf',
    info.leafFolder.id,
    '--ids',
    ids,
  ])
}

/**
 * Puts back the cached flags.json (and its backup) so each mark-all-read starts with the same unread, and
 * its flags.log as a copy (a log is appended to in place: a hard link would change the cached library).
 */
export function restoreFlags(info: LibraryInfo, dir: string): void {
  for (const name of ['flags.json', join('backups', 'flags.json')]) {
    rmSync(join(dir, name), { force: true })
    linkSync(join(info.dataDir, name), join(dir, name))
  }
  rmSync(join(dir, 'flags.log'), { force: true })
  if (existsSync(join(info.dataDir, 'flags.log')))
    copyFileSync(join(info.dataDir, 'flags.log'), join(dir, 'flags.log'))
}

/** The sizes of flags the cost of a mark is measured at (flags-scale.ts). */
const FLAG_SIZES = { full: [50_000, 200_000, 500_000], quick: [5_000, 50_000] }

export interface StoreBenchOptions {
  quick?: boolean
}

/** Runs the store section (children for every timed figure) and returns its rows. */
export async function runStoreBench(options: StoreBenchOptions = {}): Promise<BenchSection> {
  const params = options.quick ? QUICK_LIBRARY : FULL_LIBRARY
  const info = await ensureLibrary(params)
  const dir = workingCopy(info, 'store')
  const naiveOut = join(dir, '..', `work-${process.pid}-naive-library.json`)
  try {
    const ids = info.sampleIds.slice(0, OPEN_IDS).join(',')
    const naiveIds = info.sampleIds.slice(0, 1).join(',')
    const ours: OpenListResult[] = []
    const naive: NaiveListResult[] = []
    progress(`store: open + list, ${OURS_RUNS} fresh processes side by side with ${NAIVE_RUNS} naive ones`)
    for (let run = 0; run < OURS_RUNS; run++) {
      ours.push(await openListRun(info, dir, ids))
      if (run < NAIVE_RUNS)
        naive.push(
          await runTsChild<NaiveListResult>(SCRIPT, [
            '--child',
            'naive-list',
            '--file',
            info.naiveFile,
            '--folder',
            info.topFolder.path,
            '--ids',
            naiveIds,
          ]),
        )
    }
    progress('store: mark all read')
    const marks: MarkResult[] = []
    const coldMarks: MarkResult[] = []
    const naiveMarks: MarkResult[] = []
    for (let run = 0; run < MARK_RUNS; run++) {
      restoreFlags(info, dir)
      marks.push(
        await runTsChild<MarkResult>(SCRIPT, ['--child', 'mark-read', '--dir', dir, '--warm', '--ids', ids]),
      )
      restoreFlags(info, dir)
      coldMarks.push(await runTsChild<MarkResult>(SCRIPT, ['--child', 'mark-read', '--dir', dir]))
      if (run >= NAIVE_MARK_RUNS) continue
      naiveMarks.push(
        await runTsChild<MarkResult>(SCRIPT, [
          '--child',
          'naive-mark-read',
          '--file',
          info.naiveFile,
          '--out',
          naiveOut,
        ]),
      )
    }
    restoreFlags(info, dir)
    progress('store: finding the unread in a fresh process, week records (before) beside ids files (now)')
    // A library cached before ids files gets them here (its first "mark all read" writes them).
    await unreadScanFresh(dir, 'ids')
    const scans: Record<UnreadScan['way'], UnreadScan[]> = { weeks: [], ids: [] }
    for (let run = 0; run < MARK_RUNS; run++) {
      scans.weeks.push(await unreadScanFresh(dir, 'weeks'))
      scans.ids.push(await unreadScanFresh(dir, 'ids'))
    }
    progress('store: bodies plain (before) beside compressed (now)')
    const forms = measureBodyForms(info.dataDir, join(dir, '..', `work-${process.pid}-bodies`))
    const flagScales: FlagsScaleResult[] = []
    for (const size of FLAG_SIZES[options.quick ? 'quick' : 'full']) {
      progress(`store: one mark with ${size.toLocaleString('en-US')} flags, beside today's whole-file write`)
      flagScales.push(
        await runTsChild<FlagsScaleResult>(SCRIPT, ['--child', 'flags-scale', '--size', String(size)]),
      )
    }
    progress('store: OPML import, side by side with one write per feed')
    const opmlRow = await opmlImportRow(options.quick ? 500 : 2_000)
    progress('store: a sync batch of 100 into the busiest week')
    const batch = await measureBusyWeekBatch(dir)
    const parts = measureDisk(dir)

    const firstList = ours.map((r) => r.openMs + r.listTopMs)
    const articleMs = ours.flatMap((r) => r.articleMs.slice(1))
    const naiveArticle = naive.flatMap((r) => r.articleMs)
    const naiveList = naive.map((r) => r.listMs)
    const n = params.articles
    const disk = {
      bodies: diskUse(join(info.dataDir, 'articles', 'bodies')),
      total: diskUse(info.dataDir),
      search: diskUse(join(info.dataDir, 'search')),
      naive: diskUse(info.naiveFile),
    }
    const catalog = {
      apparent: diskUse(join(info.dataDir, 'articles')).apparent - disk.bodies.apparent,
      allocated: diskUse(join(info.dataDir, 'articles')).allocated - disk.bodies.allocated,
    }
    const other = {
      apparent: disk.total.apparent - disk.bodies.apparent - catalog.apparent - disk.search.apparent,
      allocated: disk.total.allocated - disk.bodies.allocated - catalog.allocated - disk.search.allocated,
    }
    const per = (bytes: number) => Math.round(bytes / n)
    const changed = marks[0]?.changed ?? 0
    const oneMs = marks.flatMap((m) => m.oneMs ?? [])
    const bookmarkMs = marks.flatMap((m) => m.bookmarkMs ?? [])
    const flagsBytes = marks[0]?.flagsBytes ?? 0
    return {
      name: `store: ${n.toLocaleString('en-US')} articles, ${params.feeds} feeds (naive: one JSON file of ${round(disk.naive.apparent / 2 ** 20, 0)} MB)`,
      rows: [
        {
          measure: `open + list newest 100 of folder "${info.topFolder.path}" (${info.topFolder.feeds} feeds), fresh process, median`,
          value: round(median(firstList)),
          unit: 'ms',
          target: '≤ 200 ms',
          naive: round(median(naiveList)),
          note: `open ${round(median(ours.map((r) => r.openMs)))} ms + list ${round(median(ours.map((r) => r.listTopMs)))} ms; worst of ${OURS_RUNS} ${round(Math.max(...firstList))} ms; naive parses the whole file, filters and sorts`,
        },
        {
          measure: `then list newest 100 of "${info.leafFolder.path}" (${info.leafFolder.feeds} feeds), median`,
          value: round(median(ours.map((r) => r.listLeafMs))),
          unit: 'ms',
        },
        {
          measure: 'then list newest 100 of All, median',
          value: round(median(ours.map((r) => r.listAllMs))),
          unit: 'ms',
        },
        {
          measure: `open one article, median of ${articleMs.length}`,
          value: round(median(articleMs), 2),
          unit: 'ms',
          target: '≤ 20 ms',
          naive: round(median(naiveArticle)),
          note: 'naive: read and parse the whole file to find it (a naive reader that keeps it all in memory pays the RSS below instead)',
        },
        {
          measure: 'open one article, p95',
          value: round(percentile(articleMs, 95), 2),
          unit: 'ms',
          target: '≤ 20 ms',
          naive: round(percentile(naiveArticle, 95)),
        },
        {
          measure: `mark all read (${changed.toLocaleString('en-US')} unread) in the running app, median of ${MARK_RUNS}`,
          value: round(median(marks.map((m) => m.ms))),
          unit: 'ms',
          target: '≤ 500 ms',
          naive: round(median(naiveMarks.map((m) => m.ms))),
          note: `after the start-up index check read the catalog, as in the app and the preview; naive: library already in memory, only the whole-file rewrite is timed (changed ${naiveMarks[0]?.changed ?? 0})`,
        },
        {
          measure: `mark one article read or unread in the running app, median of ${oneMs.length}`,
          value: round(median(oneMs), 2),
          target: '≤ 2 ms',
          unit: 'ms',
          naive: round(median(naiveMarks.map((m) => m.ms))),
          note: `p95 ${round(percentile(oneMs, 95), 2)} ms; bookmark or unbookmark one: median ${round(median(bookmarkMs), 2)} / p95 ${round(percentile(bookmarkMs, 95), 2)} ms; one line appended to flags.log and flushed (flags.json ${round(flagsBytes / 2 ** 20, 1)} MB here, written whole only once the log outgrows it); naive: the same whole-file rewrite as mark all read`,
        },
        ...flagScales.flatMap(flagsScaleRows),
        {
          measure: 'mark all read, first thing in a fresh process, median',
          value: round(median(coldMarks.map((m) => m.ms))),
          unit: 'ms',
          naive: round(median(naiveMarks.map((m) => m.ms))),
          note: `finds the unread in the weeks' ids files (and logs), not their records: the row below has both ways`,
        },
        {
          measure:
            "find the unread, first thing in a fresh process: weeks' ids files (before: every week's records), median",
          value: round(median(scans.ids.map((s) => s.scanMs))),
          unit: 'ms',
          naive: round(median(scans.weeks.map((s) => s.scanMs))),
          note: `${scans.ids[0]?.unread ?? 0} unread of ${n.toLocaleString('en-US')}; after an open of ${round(median(scans.ids.map((s) => s.openMs)))} ms; ids files ${per(parts.weekIds.apparent)} B an article, week records ${per(parts.catalog.apparent)} B`,
        },
        {
          measure: 'peak RSS after open, 3 lists and 50 articles',
          value: median(ours.map((r) => r.rssMB)),
          unit: 'MB',
          naive: median(naive.map((r) => r.rssMB)),
          note: 'naive: after parsing the file once',
        },
        {
          measure: 'disk per article, total (allocated blocks)',
          value: per(disk.total.allocated),
          unit: 'B',
          naive: per(disk.naive.allocated),
          note: `apparent size ${per(disk.total.apparent)} B; the naive file has no search index (without ours: ${per(disk.total.allocated - disk.search.allocated)} B)`,
        },
        {
          measure: '  bodies (one file each)',
          value: per(disk.bodies.allocated),
          unit: 'B',
          note: `apparent ${per(disk.bodies.apparent)} B: the rest is the filesystem's 4 KB block per file`,
        },
        {
          measure: `  bodies compressed (now) beside plain JSON (before), ${forms.sampled} sampled`,
          value: Math.round(forms.gzipAllocated),
          unit: 'B',
          naive: Math.round(forms.plainAllocated),
          note: `apparent ${Math.round(forms.gzipBytes)} B vs ${Math.round(forms.plainBytes)} B; ${forms.storedCompressed} of the sample stored compressed in this library; total per article with compressed bodies ${per(parts.total.allocated - parts.bodies.allocated) + Math.round(forms.gzipAllocated)} B, with plain ${per(parts.total.allocated - parts.bodies.allocated) + Math.round(forms.plainAllocated)} B (target ≤ 8 KB); ${parts.total.files.toLocaleString('en-US')} files (${parts.bodies.files.toLocaleString('en-US')} bodies)`,
        },
        {
          measure: '  open one body: read + decode, compressed (before: plain), p95',
          value: round(percentile(forms.readGzipMs, 95), 3),
          unit: 'ms',
          target: '≤ 5 ms',
          naive: round(percentile(forms.readPlainMs, 95), 3),
          note: `medians ${round(median(forms.readGzipMs), 3)} vs ${round(median(forms.readPlainMs), 3)} ms; compressing one when stored: median ${round(median(forms.encodeMs), 3)} ms`,
        },
        { measure: '  catalog (weekly) + manifest', value: per(parts.catalog.allocated), unit: 'B' },
        { measure: "  weeks' ids files", value: per(parts.weekIds.allocated), unit: 'B' },
        { measure: '  search index', value: per(disk.search.allocated), unit: 'B' },
        { measure: '  settings, flags, backups', value: per(other.allocated), unit: 'B' },
        opmlRow,
        {
          measure: `a sync batch of 100 into the busiest week (${batch.weekArticles.toLocaleString('en-US')} articles): its catalog write, appended to the week's log (before: the week rewritten whole)`,
          value: round(batch.appendMs),
          unit: 'ms',
          naive: round(batch.weekRewriteMs),
          note: `the week's file ${round(batch.weekFileBytes / 2 ** 20, 1)} MB; the whole batch (100 compressed bodies written and flushed, the log line, the ids, the manifest) ${round(batch.batchMs)} ms`,
        },
      ],
    }
  } finally {
    removeWorkingCopy(dir)
    rmSync(naiveOut, { force: true })
  }
}

const CHILD_TASKS: Record<string, (args: string[]) => Promise<unknown>> = {
  'open-list': childOpenList,
  'naive-list': childNaiveList,
  'mark-read': childMarkRead,
  'naive-mark-read': childNaiveMarkRead,
  'flags-scale': childFlagsScale,
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2)
  const task = args.includes('--child') ? CHILD_TASKS[argValue(args, 'child', '')] : undefined
  const run = task
    ? task(args).then(printResult)
    : runStoreBench({ quick: args.includes('--quick') }).then((section) => reportSection(section, args))
  exitOnFailure(run)
}

// Over 300 lines: one section of `npm run bench`, the sync's runs, its reader probe and the naive sync side by side.
/**
 * The sync benchmark (`npm run bench:sync`; part of `npm run bench` through {@link runSyncBench}).
 * `tsx scripts/bench-sync.ts [--feeds N] [--naive-feeds M] [--index cli|app] [--json]`
 *
 * N loopback feeds (default 500) of 25 items each, full content in the feed and one image per item, are
 * synced with every stored article indexed for search as it is stored — with the index opened for the
 * sync and its segments built on the sync's thread (`--index cli`, the default: as `broadsheet sync` did
 * until it built them in the index worker, src/cli/program.ts's syncServices; kept as the figures before)
 * or as the app does (`--index app`: open all along, segments built in the index's worker):
 * - the first sync, timed until it resolved and the search index holds every article (checked after:
 *   a word every article has must find them all);
 * - an unchanged resync (every feed answers 304), and a resync where 1% of the items are new;
 * - the peak RSS of the process that synced (its build workers are threads of it, so they count);
 * - what a resync costs the reader meanwhile: the core's answers to listing and opening articles on the
 *   thread that syncs, during another 1% resync and idle (scripts/bench/reader-probe.ts).
 * The same three syncs and the reader probe again with the sync in a thread of its own (sync-thread.ts, as
 * the app and the preview run it), side by side with the sync on the core's thread (issue 22).
 * Side by side, in the same run, the naive way: the same sync with the build pool off (each article
 * built on the sync's own thread, one after another), on min(N, 100) feeds unless --naive-feeds says
 * otherwise; the first sync is compared per article.
 *
 * Each sync runs in a child process of its own (a fresh heap, its own peak RSS), started with tsx's
 * ESM hooks only: tsx's CommonJS hook would rewrite jsdom's HTML parser (an ES module jsdom requires)
 * into slower code than the app and the CLI run. The feeds are served from this process, by 20 servers
 * on different ports of 127.0.0.1 (and nowhere else): Broadsheet fetches at most 2 at once per host and
 * port, as real subscriptions spread over many hosts would let it. The servers share the machine's
 * cores with the sync; the CPU they used is reported.
 *
 * To profile one sync: `node --cpu-prof --import tsx scripts/bench-sync.ts --child pooled --feeds 100`
 * (run alone, a child serves its feeds itself).
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { performance } from 'node:perf_hooks'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { SearchArgs } from '../src/shared/contract'
import { startServices } from '../src/main/core/broadsheet'
import { applyMemoryPolicy } from '../src/main/core/runtime/memory-policy'
import { SearchIndex } from '../src/main/core/search/search-index'
import { BuildPool } from '../src/main/core/sync/build-pool'
import {
  sourceBuildWorker,
  sourceIndexWorker,
  sourceStoreWorker,
  sourceSyncWorker,
} from '../tests/helpers/worker-bundles'
import { EVERY_ARTICLE_WORD, ITEMS, SERVERS, startFeedServers } from './bench/feed-servers'
import { probeReader, type ReaderTimes } from './bench/reader-probe'
import { printTable, toJson, type BenchRow, type BenchSection } from './bench/report'
import { percentile } from './bench/stats'

const SCRIPT = fileURLToPath(import.meta.url)
const DEFAULT_FEEDS = 500
const NAIVE_FEEDS = 100

type Mode = 'pooled' | 'naive'
/** Where the sync runs: on the core's thread (the CLI), or in a thread of its own (the app, the preview). */
type Thread = 'here' | 'worker'
/**
 * How the search index keeps up: opened for the sync, segments built on the sync's thread (as `broadsheet
 * sync` did before it used the index worker), or as the app does (open all along, built in its worker).
 */
type IndexMode = 'cli' | 'app'

/** One sync as a child measured it. */
interface SyncRun {
  ms: number
  newArticles: number
  errors: number
  requests: number
  /** Time spent inside SearchIndex#add (on the sync's thread), ms. */
  indexMs: number
  /** CPU time of the whole process (all threads) during the sync, ms; `sysMs` of it in the kernel. */
  cpuMs: number
  sysMs: number
  /** CPU time of the sync's own (main) thread, ms; NaN where /proc cannot tell. */
  mainCpuMs: number
  /** Share of the sync's wall time the main thread was busy (event loop utilization). */
  mainBusy: number
}

/** What one child reports. */
interface ChildFigures {
  mode: Mode
  thread: Thread
  feeds: number
  first: SyncRun
  unchanged: SyncRun
  onePercent: SyncRun
  /** Articles the search found after the first sync, and after the 1% resync (index opened afresh). */
  foundAfterFirst: number
  foundAfterOnePercent: number
  storedAfterOnePercent: number
  peakRssMB: number
  /** CPU the feed servers (the parent process) used meanwhile, ms: on the same cores as the sync. */
  serverCpuMs?: number
  /** Pooled only: the reader's requests idle, and during another resync with 1% new (`sync`). */
  reader?: { idle: ReaderTimes; during: ReaderTimes; sync: SyncRun }
}

/** Rounds of the reader's requests timed idle, before the resync they are compared with. */
const READER_IDLE_ROUNDS = 40

/** Runs the benchmark: a pooled child and a naive child against feeds served from this process. */
export async function runSyncBench(
  options: { feeds?: number; naiveFeeds?: number; index?: IndexMode } = {},
): Promise<BenchSection> {
  const feeds = Math.max(1, Math.floor(options.feeds ?? DEFAULT_FEEDS))
  const naiveFeeds = Math.max(1, Math.floor(options.naiveFeeds ?? Math.min(feeds, NAIVE_FEEDS)))
  const index = options.index ?? 'cli'
  const servers = await startFeedServers()
  try {
    const run = async (mode: Mode, count: number, thread: Thread = 'here'): Promise<ChildFigures> => {
      servers.reset()
      const cpu = process.cpuUsage()
      const args = ['--child', mode, '--feeds', String(count), '--index', index, '--thread', thread]
      const figures = await runChild([...args, '--origins', servers.origins.join(',')])
      const used = process.cpuUsage(cpu)
      return { ...figures, serverCpuMs: Math.round((used.user + used.system) / 1000) }
    }
    progress(`sync: ${feeds} feeds × ${ITEMS} items, build pool on (index kept as the ${index} does)`)
    const pooled = await run('pooled', feeds)
    progress(
      `sync: ${feeds} feeds × ${ITEMS} items, in a thread of its own (as the app and the preview sync)`,
    )
    const threaded = await run('pooled', feeds, 'worker')
    progress(`sync: ${naiveFeeds} feeds × ${ITEMS} items, the naive way (built on the sync's thread)`)
    const naive = await run('naive', naiveFeeds)
    return {
      name: index === 'cli' ? 'sync' : 'sync (index as the app keeps it)',
      rows: [...rowsOf(pooled, naive, index), ...threadRows(threaded, pooled)],
    }
  } finally {
    await servers.close()
  }
}

function rowsOf(pooled: ChildFigures, naive: ChildFigures, index: IndexMode): BenchRow[] {
  const same = naive.feeds === pooled.feeds
  const articles = pooled.first.newArticles
  const perArticle = (run: SyncRun) => run.ms / Math.max(1, run.newArticles)
  const seconds = (ms: number) => round(ms / 1000, 2)
  const cpu = (run: SyncRun) =>
    `CPU ${seconds(run.cpuMs)} s in all threads (${round(run.cpuMs / run.ms, 2)} cores; ` +
    `${seconds(run.sysMs)} s of it in the kernel), ${seconds(run.mainCpuMs)} s on the sync's thread ` +
    `(busy ${Math.round(run.mainBusy * 100)}% of the time)`
  const servers = (figures: ChildFigures) =>
    figures.serverCpuMs === undefined ? '' : `; the feed servers used ${seconds(figures.serverCpuMs)} s CPU`
  return [
    {
      measure: `first sync incl. indexing (${pooled.feeds} feeds, ${articles} articles)`,
      value: seconds(pooled.first.ms),
      unit: 's',
      target: '≤ 30 s',
      ...(same ? { naive: seconds(naive.first.ms) } : {}),
      note:
        `${pooled.foundAfterFirst} of ${articles} found by search right after; ${pooled.first.requests} ` +
        `requests, ${pooled.first.errors} feed errors; ${cpu(pooled.first)}${servers(pooled)}`,
    },
    {
      measure: 'first sync, per article',
      value: round(perArticle(pooled.first), 2),
      unit: 'ms',
      naive: round(perArticle(naive.first), 2),
      note: `naive: ${naive.feeds} feeds, ${naive.first.newArticles} articles, ${seconds(naive.first.ms)} s; ${cpu(naive.first)}`,
    },
    {
      measure: 'indexing during the first sync (in SearchIndex#add)',
      value: seconds(pooled.first.indexMs),
      unit: 's',
      ...(same ? { naive: seconds(naive.first.indexMs) } : {}),
      note: `${Math.round((100 * pooled.first.indexMs) / pooled.first.ms)}% of the first sync's wall time`,
    },
    {
      measure: 'unchanged resync (every feed 304)',
      value: seconds(pooled.unchanged.ms),
      unit: 's',
      target: '≤ 2 s',
      ...(same ? { naive: seconds(naive.unchanged.ms) } : {}),
      note: `${pooled.unchanged.requests} requests`,
    },
    {
      measure: 'resync with 1% new items',
      value: seconds(pooled.onePercent.ms),
      unit: 's',
      target: '≤ 3 s',
      ...(same ? { naive: seconds(naive.onePercent.ms) } : {}),
      note:
        `${pooled.onePercent.newArticles} new; ${pooled.foundAfterOnePercent} of ` +
        `${pooled.storedAfterOnePercent} stored found by search after`,
    },
    ...readerRows(pooled, index),
    {
      measure: 'peak RSS of the syncing process (workers included)',
      value: pooled.peakRssMB,
      unit: 'MB',
      target: '≤ 500 MB',
      ...(same ? { naive: naive.peakRssMB } : {}),
      note: same ? undefined : `naive, ${naive.feeds} feeds: ${naive.peakRssMB} MB`,
    },
  ]
}

/** What a resync costs the person reading meanwhile: the core's answers during it, and idle. */
function readerRows(pooled: ChildFigures, index: IndexMode): BenchRow[] {
  const reader = pooled.reader
  if (!reader) return []
  const ms = (values: number[], p: number) => round(percentile(values, p), 1)
  const both = (times: ReaderTimes, what: keyof ReaderTimes) =>
    `p50 ${ms(times[what], 50)} / p95 ${ms(times[what], 95)} / max ${ms(times[what], 100)} ms`
  const stored = pooled.storedAfterOnePercent.toLocaleString('en-US')
  const indexKept =
    index === 'cli'
      ? 'the index built on this thread, as the preview keeps it'
      : 'the index built in its worker, as the app keeps it'
  return [
    {
      measure: 'the reader during a resync with 1% new: open an article, p95',
      value: ms(reader.during.open, 95),
      unit: 'ms',
      note:
        `the core's answer on the thread that syncs, ${reader.during.open.length} opens over the ` +
        `${round(reader.sync.ms / 1000, 2)} s resync (${reader.sync.newArticles} new; ${stored} stored; ` +
        `${indexKept}): ${both(reader.during, 'open')}; ` +
        `newest 150 listed ${both(reader.during, 'list')}; idle: open ${both(reader.idle, 'open')}, ` +
        `list ${both(reader.idle, 'list')}`,
    },
    {
      measure: 'the reader during that resync: a search, first page of 10 with snippets, p95',
      value: ms(reader.during.search, 95),
      unit: 'ms',
      note: `${both(reader.during, 'search')}; idle ${both(reader.idle, 'search')}`,
    },
  ]
}

/**
 * The sync in a thread of its own beside the sync on the core's thread (the `naive` column here): what
 * the reader gets during a resync, and what the syncs cost.
 */
function threadRows(threaded: ChildFigures, here: ChildFigures): BenchRow[] {
  const during = threaded.reader?.during
  const before = here.reader?.during
  if (!during || !before) return []
  const ms = (values: number[], p: number) => round(percentile(values, p), 1)
  const seconds = (value: number) => round(value / 1000, 2)
  const main = (run: SyncRun) =>
    `the core's thread busy ${Math.round(run.mainBusy * 100)}% of the sync, ${seconds(run.mainCpuMs)} s CPU`
  const probe = (figures: ChildFigures) => {
    const reader = figures.reader as NonNullable<ChildFigures['reader']>
    return `${reader.during.search.length} searches over a ${seconds(reader.sync.ms)} s resync (${reader.sync.newArticles} new; ${main(reader.sync)})`
  }
  const note = `naive: the sync on the core's thread, same run: ${probe(here)}; in its thread: ${probe(threaded)}`
  return [
    {
      measure: 'the reader during a resync, sync in its own thread: open an article, p95',
      value: ms(during.open, 95),
      unit: 'ms',
      target: '≤ 5 ms',
      naive: ms(before.open, 95),
      note,
    },
    {
      measure: 'the reader during that resync, sync in its own thread: search first page, p95',
      value: ms(during.search, 95),
      unit: 'ms',
      target: '≤ 50 ms',
      naive: ms(before.search, 95),
    },
    {
      measure: 'the reader during that resync, sync in its own thread: search first page, max',
      value: ms(during.search, 100),
      unit: 'ms',
      target: '≤ 100 ms',
      naive: ms(before.search, 100),
      note: `newest 150 listed p95 ${ms(during.list, 95)} ms (on the core's thread ${ms(before.list, 95)} ms)`,
    },
    {
      measure: `first sync in its own thread incl. indexing (${threaded.feeds} feeds)`,
      value: seconds(threaded.first.ms),
      unit: 's',
      naive: seconds(here.first.ms),
      note: `${threaded.foundAfterFirst} of ${threaded.first.newArticles} found by search right after; ${main(threaded.first)} (on it: ${main(here.first)}); peak RSS ${threaded.peakRssMB} MB (${here.peakRssMB} MB)`,
    },
    {
      measure: 'unchanged resync in its own thread (every feed 304)',
      value: seconds(threaded.unchanged.ms),
      unit: 's',
      target: '≤ 2 s',
      naive: seconds(here.unchanged.ms),
      note: `${threaded.unchanged.requests} requests; the thread is kept between syncs`,
    },
    {
      measure: 'resync with 1% new items in its own thread',
      value: seconds(threaded.onePercent.ms),
      unit: 's',
      target: '≤ 3 s',
      naive: seconds(here.onePercent.ms),
      note: `${threaded.onePercent.newArticles} new; ${threaded.foundAfterOnePercent} of ${threaded.storedAfterOnePercent} stored found by search after`,
    },
  ]
}

/** Starts this script as a child (tsx ESM hooks only) and reads its `RESULT` line. */
function runChild(args: string[]): Promise<ChildFigures> {
  const tsxEsm = import.meta.resolve('tsx/esm')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxEsm, SCRIPT, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.on('close', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '))
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)) as ChildFigures)
      else
        reject(new Error(`the sync benchmark child ${args.slice(0, 2).join(' ')} failed (${signal ?? code})`))
    })
  })
}

/** The child's side: syncs `feeds` feeds three times (first, unchanged, 1% new) and reports. */
async function runSyncChild(
  mode: Mode,
  feeds: number,
  indexMode: IndexMode,
  origins: string[] | null,
  thread: Thread = 'here',
): Promise<ChildFigures> {
  // As the CLI and the app do, first thing.
  applyMemoryPolicy()
  const local = origins ? null : await startFeedServers()
  const servers = local ? local.origins : (origins as string[])
  const control = (path: string) => fetch(`${servers[0]}/control/${path}`).then((r) => r.json())
  const requests = async () => ((await control('requests')) as { requests: number }).requests
  const dataDir = await mkdtemp(join(tmpdir(), 'broadsheet-bench-sync-'))
  const rss = sampleRss()
  try {
    // The build pool as the app and the CLI have it, its worker bundled from the sources as the build
    // bundles out/main/build-worker.js.
    const pool = mode === 'pooled' && thread === 'here' ? new BuildPool(sourceBuildWorker()) : null
    // The app's index: open all along, in step with the store, segments built by its worker (bundled
    // from the sources as the build bundles out/main/index-worker.js).
    const app = indexMode === 'app'
    const indexWorker = sourceIndexWorker()
    // In a thread of its own, the sync builds in a pool of its own (the same worker, the same size).
    const syncOptions =
      thread === 'worker'
        ? { thread, ...sourceSyncWorker(mode === 'naive') }
        : { content: pool ?? ('in-thread' as const) }
    const core = await startServices({
      dataDir,
      sync: syncOptions,
      // Its bodies written in the store's worker, as `broadsheet sync` writes them (the sync thread has its own).
      ...(pool ? { store: sourceStoreWorker() } : {}),
      search: app
        ? { worker: indexWorker.worker, index: { autoMerge: true, workerOptions: indexWorker.workerOptions } }
        : {},
    })
    await core.subscriptions.add(
      Array.from({ length: feeds }, (_, f) => ({
        url: `${servers[f % SERVERS]}/feed/${f}`,
        title: `Feed ${f}`,
      })),
    )
    if (app) await core.search.index()
    const indexTimer = timeIndexing()
    // The CLI's index: opened by the command's first store change, closed (its adds done) when it ends;
    // kept open while the reader probe searches alongside (as the preview keeps its own).
    let closeAfterSync = !app
    const sync = async () => {
      const result = await core.sync.run()
      if (closeAfterSync) await core.search.close()
      return result
    }
    const measure = async (): Promise<SyncRun> => {
      const before = await requests()
      indexTimer.reset()
      const cpu = process.cpuUsage()
      const mainCpu = mainThreadCpuMs()
      const loop = performance.eventLoopUtilization()
      const started = performance.now()
      const result = await sync()
      const ms = performance.now() - started
      const used = process.cpuUsage(cpu)
      return {
        ms: Math.round(ms),
        newArticles: result.newArticles,
        errors: result.feeds.filter((feed) => feed.error).length,
        requests: (await requests()) - before,
        indexMs: Math.round(indexTimer.ms),
        cpuMs: Math.round((used.user + used.system) / 1000),
        sysMs: Math.round(used.system / 1000),
        mainCpuMs: Math.round(mainThreadCpuMs() - mainCpu),
        mainBusy: performance.eventLoopUtilization(loop).utilization,
      }
    }
    // Found by a search, in an index opened afresh (the CLI's next command) or the app's own.
    const found = async () => {
      try {
        return (await core.search.search({ query: EVERY_ARTICLE_WORD, limit: 1 })).total
      } finally {
        if (!app) await core.search.close()
      }
    }
    const first = await measure()
    const foundAfterFirst = await found()
    const unchanged = await measure()
    // 1% new items, spread over the feeds.
    await control(`new?count=${Math.max(1, Math.round((feeds * ITEMS) / 100))}&feeds=${feeds}`)
    const onePercent = await measure()
    const foundAfterOnePercent = await found()
    const storedAfterOnePercent = await core.articles.total()
    // The reader's requests answered on this thread while another such resync runs on it, and idle.
    let reader: ChildFigures['reader']
    if (mode === 'pooled') {
      // The reader's own index: the app's, or one open all along as the preview keeps it.
      const search = (args: SearchArgs) => core.search.search(args)
      closeAfterSync = false
      const idle = await probeReader(core, search, READER_IDLE_ROUNDS)
      await control(`new?count=${Math.max(1, Math.round((feeds * ITEMS) / 100))}&feeds=${feeds}`)
      const syncing = measure()
      const during = await probeReader(core, search, syncing)
      reader = { idle, during, sync: await syncing }
    }
    const figures: ChildFigures = {
      mode,
      thread,
      feeds,
      first,
      unchanged,
      onePercent,
      foundAfterFirst,
      foundAfterOnePercent,
      storedAfterOnePercent,
      peakRssMB: Math.max(rss.stop(), Math.round(process.resourceUsage().maxRSS / 1024)),
      ...(reader ? { reader } : {}),
    }
    await core.close()
    return figures
  } finally {
    rss.stop()
    await local?.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** Adds up the time spent in SearchIndex#add, which the store's listener awaits on every write. */
function timeIndexing(): { readonly ms: number; reset: () => void } {
  let ms = 0
  const add = SearchIndex.prototype.add
  SearchIndex.prototype.add = async function (this: SearchIndex, ...args: Parameters<typeof add>) {
    const started = performance.now()
    try {
      return await add.apply(this, args)
    } finally {
      ms += performance.now() - started
    }
  }
  return {
    get ms() {
      return ms
    },
    reset: () => (ms = 0),
  }
}

/** CPU time of this process's main thread so far (ms), from /proc (Linux); NaN elsewhere. */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
  } catch {
    return Number.NaN
  }
}

/** Linux's USER_HZ: /proc counts CPU time in 1/100 s on every platform Node runs Linux on. */
const CLOCK_TICKS = 100

/** Samples the process's RSS every 250 ms; `stop` returns the peak in MB. */
function sampleRss(): { stop: () => number } {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 250)
  timer.unref()
  return {
    stop: () => {
      clearInterval(timer)
      return Math.round(peak / 1024 / 1024)
    },
  }
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

function progress(message: string): void {
  process.stderr.write(`  ${message}\n`)
}

function argValue(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? args[at + 1] : undefined
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const feeds = Number(argValue(args, 'feeds')) || undefined
  const child = argValue(args, 'child')
  if (child === 'pooled' || child === 'naive') {
    const origins = argValue(args, 'origins')?.split(',') ?? null
    const index = argValue(args, 'index') === 'app' ? 'app' : 'cli'
    const thread = argValue(args, 'thread') === 'worker' ? 'worker' : 'here'
    const figures = await runSyncChild(child, feeds ?? DEFAULT_FEEDS, index, origins, thread)
    // Idle keep-alive connections to the servers would hold the process open for seconds.
    process.stdout.write(`RESULT ${JSON.stringify(figures)}\n`, () => process.exit(0))
    return
  }
  const section = await runSyncBench({
    feeds,
    naiveFeeds: Number(argValue(args, 'naive-feeds')) || undefined,
    index: argValue(args, 'index') === 'app' ? 'app' : 'cli',
  })
  if (args.includes('--json')) process.stdout.write(`${toJson([section])}\n`)
  else printTable([section])
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()

/**
 * The `peers` section of `npm run bench`: Broadsheet beside real programs that do the same job, on the
 * same loopback feeds (scripts/bench/peers-feeds.ts: 500 feeds of 20 items of about 300 words, from 20
 * servers on 127.0.0.1 and nowhere else; `--quick` 50 feeds).
 * - first sync: newsboat (`newsboat -x reload`, 6 reload threads, its own cache, config and HOME in a
 *   temporary folder) against `broadsheet sync` (the built CLI, in a fresh data dir the feeds were
 *   imported into, untimed): spawn to exit, median of the runs, taken in turn; on the disk, and again on a
 *   file system in memory (/dev/shm, where Linux has it as a tmpfs), where the disk's state has no part.
 * - cold search: a fresh `sqlite3` process over the same items in an FTS5 table (built once, untimed;
 *   the best 10 by bm25 with snippets) against a fresh `broadsheet search WORD --limit 10` over the data
 *   dir the sync filled, for words in every article, in about a quarter and in a few dozen, and two
 *   words; median of the runs, taken in turn.
 * - where a cold search's time goes: `node -e 0`, the CLI loaded (`--version`), and the phases the CLI
 *   prints with BROADSHEET_PROFILE=1.
 * A peer that is not installed leaves its rows out with the reason (Debian ships both: apt install
 * newsboat sqlite3). In each row `naive` is the peer's figure, so the ratio is the peer's time ÷
 * Broadsheet's: below 1, Broadsheet is slower.
 * `tsx scripts/bench/peers.ts [--quick] [--json] [--cli OTHER/bin/broadsheet.js] [--baseline OTHER/…]`
 * (--cli: time another build of the CLI, such as an older checkout's, on the same feeds; --baseline:
 * time another build's cold searches in turn with this one's, over the same data dir, in the notes).
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { exitOnFailure, reportSection } from './child'
import { SERVERS, startFeedServers } from './feed-servers'
import { PEER_FEEDS, PEER_ITEMS, peerFeedXml, peerItemsSql, peerWord } from './peers-feeds'
import { ensureBuilt } from './preview-process'
import type { BenchRow, BenchSection } from './report'
import { argValue, median, progress, round } from './stats'

/** The built CLI timed (`--cli PATH`: another build's bin/broadsheet.js, for a before/after). */
let CLI = resolve('bin/broadsheet.js')
/** `--baseline PATH`: another build's bin/broadsheet.js, whose cold searches are timed in turn with these. */
let BASELINE = ''
const NEWSBOAT_THREADS = 6
/** Fresh processes per query and program (cold search), and first syncs per program. */
const RUNS = { full: { search: 9, sync: 3 }, quick: { search: 5, sync: 1 } }
/** The queries: a word in every article, in about a quarter, in a few dozen; and two words. */
const QUERIES = [
  { query: peerWord(2), about: 'in every article' },
  { query: peerWord(120), about: 'in about a quarter' },
  { query: peerWord(3000), about: 'in a few dozen' },
  { query: `${peerWord(40)} ${peerWord(400)}`, about: 'two words' },
]

/** The environment of every program run here: no proxy (loopback only), a HOME of its own. */
function cleanEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', TERM: 'dumb' }
}

interface Run {
  ms: number
  code: number | null
  stdout: string
  stderr: string
  /** CPU seconds the program used, all its threads (user + system), when measured (`cpu`). */
  cpuSeconds?: number
}

/** GNU time, which reports a program's CPU time (less noisy than its wall time on a shared machine). */
const TIME = ['/usr/bin/time'].find((path) => existsSync(path)) ?? null
const CPU_LINE = /^peers-cpu ([\d.]+) ([\d.]+)\n?$/m

/**
 * Runs a program to its exit (asynchronously: the feed servers answer from this process), timed; with
 * `cpu` (and GNU time here), its CPU seconds too.
 */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv, cpu = false): Promise<Run> {
  const [program, argv] = cpu && TIME ? [TIME, ['-f', 'peers-cpu %U %S', command, ...args]] : [command, args]
  return new Promise((done, fail) => {
    const started = performance.now()
    const child = spawn(program, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', fail)
    child.on('close', (code) => {
      const run: Run = { ms: performance.now() - started, code, stdout, stderr }
      const line = CPU_LINE.exec(stderr)
      if (line) {
        run.cpuSeconds = Number(line[1]) + Number(line[2])
        run.stderr = stderr.replace(CPU_LINE, '')
      }
      done(run)
    })
  })
}

/** What the first syncs are run with. */
interface SyncSetup {
  feeds: number
  articles: number
  runs: number
  /** Where the urls file, newsboat's config and the OPML file are. */
  work: string
  env: NodeJS.ProcessEnv
  newsboatMissing: string | null
}

/** Each program's first syncs (wall ms and CPU s), in turn, with their caches under `base`. */
interface FirstSyncs {
  newsboat: number[]
  broadsheet: number[]
  newsboatCpu: number[]
  broadsheetCpu: number[]
  newsboatItems: number
  stored: number
  /** The last Broadsheet run's data dir (kept: the cold searches read it). */
  dataDir: string
}

async function firstSyncs(setup: SyncSetup, base: string): Promise<FirstSyncs> {
  const { feeds, work, env, newsboatMissing } = setup
  const result: FirstSyncs = {
    newsboat: [],
    broadsheet: [],
    newsboatCpu: [],
    broadsheetCpu: [],
    newsboatItems: 0,
    stored: 0,
    dataDir: '',
  }
  const where = base === work ? '' : ' in memory'
  for (let n = 0; n < setup.runs; n++) {
    const cache = join(base, `newsboat-${n}.db`)
    if (!newsboatMissing) {
      progress(`peers: newsboat reloads ${feeds} feeds${where} (run ${n + 1} of ${setup.runs})`)
      const run = must(
        await timed(
          'newsboat',
          ['-x', 'reload', '-u', join(work, 'urls'), '-c', cache, '-C', join(work, 'newsboat.conf')],
          env,
          true,
        ),
        'newsboat -x reload',
      )
      result.newsboat.push(run.ms)
      if (run.cpuSeconds !== undefined) result.newsboatCpu.push(run.cpuSeconds)
    }
    progress(`peers: broadsheet syncs ${feeds} feeds${where} (run ${n + 1} of ${setup.runs})`)
    result.dataDir = join(base, `data-${n}`)
    must(
      await timed(
        process.execPath,
        [CLI, '--data-dir', result.dataDir, 'import-opml', join(work, 'feeds.opml')],
        env,
      ),
      'import-opml',
    )
    const run = await timed(process.execPath, [CLI, '--data-dir', result.dataDir, 'sync'], env, true)
    must(run, 'broadsheet sync')
    result.broadsheet.push(run.ms)
    if (run.cpuSeconds !== undefined) result.broadsheetCpu.push(run.cpuSeconds)
    if (n < setup.runs - 1) {
      await rm(result.dataDir, { recursive: true, force: true })
      await rm(cache, { force: true })
    }
  }
  result.stored = countStored(result.dataDir, env)
  if (!newsboatMissing) result.newsboatItems = countNewsboat(join(base, `newsboat-${setup.runs - 1}.db`))
  return result
}

/** The first sync's row: Broadsheet's median, newsboat's as the peer (`where`: on what file system). */
function syncRow(setup: SyncSetup, syncs: FirstSyncs, where: string): BenchRow {
  const { feeds, articles, newsboatMissing } = setup
  const seconds = (list: number[]) => list.map((ms) => round(ms / 1000, 2)).join(', ')
  const row: BenchRow = {
    measure: `first sync of ${feeds} loopback feeds (${articles} items)${where}: broadsheet sync vs newsboat, median of ${setup.runs}`,
    value: round(median(syncs.broadsheet) / 1000, 2),
    unit: 's',
    note:
      `broadsheet stored ${syncs.stored} of ${articles} (extracted, sanitized, cached, indexed); ` +
      (newsboatMissing
        ? `newsboat skipped: ${newsboatMissing}`
        : `newsboat (${NEWSBOAT_THREADS} reload threads) cached ${syncs.newsboatItems >= 0 ? syncs.newsboatItems : '?'}; ` +
          `naive = newsboat; runs: broadsheet ${seconds(syncs.broadsheet)} s, newsboat ${seconds(syncs.newsboat)} s`) +
      (syncs.broadsheetCpu.length > 0
        ? `; CPU (all threads, user + system; less noisy on a shared machine): broadsheet ${syncs.broadsheetCpu.map((s) => round(s, 2)).join(', ')} s` +
          (syncs.newsboatCpu.length > 0
            ? `, newsboat ${syncs.newsboatCpu.map((s) => round(s, 2)).join(', ')} s`
            : '')
        : ''),
  }
  if (!newsboatMissing) {
    const peer = median(syncs.newsboat)
    row.naive = round(peer / 1000, 2)
    row.target = `≤ ${round(peer / 1000, 2)} s (newsboat's)`
  }
  return row
}

/** A file system in memory to time the first syncs on too (Linux's /dev/shm, when it is a tmpfs). */
function memoryFolder(): string | null {
  if (process.platform !== 'linux' || !existsSync('/dev/shm')) return null
  try {
    const mounts = readFileSync('/proc/mounts', 'utf8')
    return mounts.split('\n').some((line) => /^\S+ \/dev\/shm tmpfs /.test(line)) ? '/dev/shm' : null
  } catch {
    return null
  }
}

/** Why `program` cannot be run here, or null when it can. */
export function missing(program: string, versionArgs: string[]): string | null {
  const result = spawnSync(program, versionArgs, { encoding: 'utf8' })
  if (result.error) return `${program} is not installed (${(result.error as NodeJS.ErrnoException).code})`
  return result.status === 0 ? null : `${program} ${versionArgs.join(' ')} failed: ${result.stderr.trim()}`
}

function must(run: Run, what: string): Run {
  if (run.code !== 0) throw new Error(`${what} failed (exit ${run.code}): ${run.stderr.trim().slice(-300)}`)
  return run
}

export async function runPeersBench(options: { quick: boolean }): Promise<BenchSection> {
  ensureBuilt()
  const feeds = options.quick ? 50 : PEER_FEEDS
  const runs = options.quick ? RUNS.quick : RUNS.full
  const work = await mkdtemp(join(tmpdir(), 'broadsheet-peers-'))
  const home = join(work, 'home')
  await mkdir(home)
  const env = cleanEnv(home)
  const servers = await startFeedServers({ document: peerFeedXml })
  const rows: BenchRow[] = []
  try {
    const urls = Array.from(
      { length: feeds },
      (_, f) => `${servers.origins[f % SERVERS] as string}/feed/${f}`,
    )
    await writeFile(join(work, 'urls'), `${urls.join('\n')}\n`)
    await writeFile(
      join(work, 'feeds.opml'),
      `<?xml version="1.0"?><opml version="2.0"><head><title>peers</title></head><body>${urls
        .map((url, f) => `<outline type="rss" text="Peer feed ${f}" xmlUrl="${url}"/>`)
        .join('')}</body></opml>\n`,
    )
    await writeFile(join(work, 'newsboat.conf'), `reload-threads ${NEWSBOAT_THREADS}\n`)
    const articles = feeds * PEER_ITEMS

    // (a) The first sync, each program in turn from nothing: on the disk, and again on a file system in
    // memory, where the disk's state (a flush behind other writes, inodes freed by the run before) has no
    // part and what is left is each program's own work.
    const newsboatMissing = missing('newsboat', ['-v'])
    const sync = { feeds, articles, runs: runs.sync, work, env, newsboatMissing }
    const onDisk = await firstSyncs(sync, work)
    const dataDir = onDisk.dataDir
    rows.push(syncRow(sync, onDisk, ''))
    const memory = memoryFolder()
    if (memory) {
      const inMemory = await mkdtemp(join(memory, 'broadsheet-peers-'))
      try {
        rows.push(syncRow(sync, await firstSyncs(sync, inMemory), ` in memory (${memory}, tmpfs)`))
      } finally {
        await rm(inMemory, { recursive: true, force: true })
      }
    } else
      progress(
        'peers: no file system in memory (/dev/shm, tmpfs) here: the first sync is timed on the disk only',
      )

    // (b) Cold search: fresh processes over the same items.
    const sqliteMissing = missing('sqlite3', ['-version']) ?? fts5Missing(work, env)
    const db = join(work, 'items.db')
    if (!sqliteMissing) {
      progress(`peers: building SQLite's FTS5 table of ${articles} items (untimed)`)
      buildFts5(db, feeds, env)
    }
    // One search first, untimed: whatever the index has to catch up on is done before timing.
    must(
      await timed(process.execPath, [CLI, '--data-dir', dataDir, 'search', QUERIES[0]!.query], env),
      'search',
    )
    for (const { query, about } of QUERIES) {
      const ours: number[] = []
      const theirs: number[] = []
      const before: number[] = []
      let ourCount = ''
      let theirCount = ''
      for (let n = 0; n < runs.search; n++) {
        const run = must(
          await timed(process.execPath, [CLI, '--data-dir', dataDir, 'search', query, '--limit', '10'], env),
          `broadsheet search ${query}`,
        )
        ours.push(run.ms)
        ourCount =
          /^(up to )?([\d,]+) articles? match/.exec(run.stdout)?.[0] ?? run.stdout.split('\n')[0] ?? ''
        if (!sqliteMissing) {
          const peer = must(await timed('sqlite3', [db, ftsQuery(query)], env), `sqlite3 ${query}`)
          theirs.push(peer.ms)
        }
        if (BASELINE) {
          const argv = [BASELINE, '--data-dir', dataDir, 'search', query, '--limit', '10']
          before.push(must(await timed(process.execPath, argv, env), `baseline search ${query}`).ms)
        }
      }
      if (!sqliteMissing) theirCount = ftsCount(db, query, env)
      const row: BenchRow = {
        measure: `cold search "${query}" (${about}), fresh process, first 10 with snippets, median of ${runs.search}`,
        value: round(median(ours), 1),
        unit: 'ms',
        note: sqliteMissing
          ? `sqlite3 skipped: ${sqliteMissing}`
          : `naive = a fresh sqlite3 process (FTS5, bm25, snippet()), ${theirCount} match; broadsheet: ${ourCount}`,
      }
      if (!sqliteMissing) {
        const peer = median(theirs)
        row.naive = round(peer, 1)
        row.target = `≤ ${round(peer * 3, 1)} ms (3× SQLite's)`
      }
      if (BASELINE)
        row.note += `; the --baseline build, in turn with these: ${round(median(before), 1)} ms (×${round(median(before) / median(ours), 2)})`
      rows.push(row)
    }
    rows.push(...(await coldSearchProfile(dataDir, QUERIES[1]!.query, env, runs.search)))
  } finally {
    await servers.close()
    await rm(work, { recursive: true, force: true })
  }
  return { name: 'peers', rows }
}

/** Articles in the data dir, as `broadsheet articles --json` lists them. */
function countStored(dataDir: string, env: NodeJS.ProcessEnv): number {
  const result = spawnSync(
    process.execPath,
    [CLI, '--data-dir', dataDir, 'articles', '--limit', '1000000', '--json'],
    { env, encoding: 'utf8', maxBuffer: 1 << 30 },
  )
  try {
    return (JSON.parse(result.stdout) as unknown[]).length
  } catch {
    return -1
  }
}

function countNewsboat(cache: string): number {
  const result = spawnSync('sqlite3', [cache, 'SELECT count(*) FROM rss_item'], { encoding: 'utf8' })
  return result.status === 0 ? Number(result.stdout.trim()) : -1
}

function fts5Missing(work: string, env: NodeJS.ProcessEnv): string | null {
  const result = spawnSync('sqlite3', [join(work, 'probe.db'), 'CREATE VIRTUAL TABLE t USING fts5(a)'], {
    env,
    encoding: 'utf8',
  })
  return result.status === 0 ? null : `this sqlite3 has no FTS5: ${result.stderr.trim()}`
}

function buildFts5(db: string, feeds: number, env: NodeJS.ProcessEnv): void {
  const sql = `CREATE VIRTUAL TABLE items USING fts5(title, body);\n${peerItemsSql(feeds)}`
  const result = spawnSync('sqlite3', [db], { env, input: sql, encoding: 'utf8', maxBuffer: 1 << 30 })
  if (result.status !== 0) throw new Error(`building the FTS5 table failed: ${result.stderr.trim()}`)
}

/**
 * The query as FTS5 reads it with Broadsheet's meaning: any of the words (Broadsheet ranks articles with
 * more of them first, as bm25 does; FTS5 alone would want them all).
 */
function ftsMatch(query: string): string {
  return query.trim().split(/\s+/).join(' OR ').replace(/'/g, "''")
}

/** How many items SQLite finds for the query (untimed: the count beside Broadsheet's). */
function ftsCount(db: string, query: string, env: NodeJS.ProcessEnv): string {
  const sql = `SELECT count(*) FROM items WHERE items MATCH '${ftsMatch(query)}';`
  return spawnSync('sqlite3', [db, sql], { env, encoding: 'utf8' }).stdout.trim()
}

/** The best 10 by bm25, each with a snippet of its text: what `broadsheet search --limit 10` prints. */
function ftsQuery(query: string): string {
  return (
    `SELECT title, snippet(items, 1, '[', ']', '…', 12) FROM items ` +
    `WHERE items MATCH '${ftsMatch(query)}' ORDER BY rank LIMIT 10;`
  )
}

/**
 * Where a cold `broadsheet search` spends its time: node itself, loading the CLI, then the phases the
 * CLI reports with BROADSHEET_PROFILE=1 (milliseconds since the process started), medians.
 */
async function coldSearchProfile(
  dataDir: string,
  query: string,
  env: NodeJS.ProcessEnv,
  runs: number,
): Promise<BenchRow[]> {
  const node: number[] = []
  const version: number[] = []
  const whole: number[] = []
  const phases = new Map<string, number[]>()
  for (let n = 0; n < runs; n++) {
    node.push(must(await timed(process.execPath, ['-e', '0'], env), 'node -e 0').ms)
    version.push(must(await timed(process.execPath, [CLI, '--version'], env), 'broadsheet --version').ms)
    const run = must(
      await timed(process.execPath, [CLI, '--data-dir', dataDir, 'search', query, '--limit', '10'], {
        ...env,
        BROADSHEET_PROFILE: '1',
      }),
      'broadsheet search (profiled)',
    )
    whole.push(run.ms)
    for (const [phase, ms] of profileLines(run.stderr)) phases.set(phase, [...(phases.get(phase) ?? []), ms])
  }
  const rows: BenchRow[] = [
    {
      measure: 'cold search profile: `node -e 0` (node itself), median',
      value: round(median(node), 1),
      unit: 'ms',
    },
    {
      measure: 'cold search profile: `broadsheet --version` (node + the CLI loaded), median',
      value: round(median(version), 1),
      unit: 'ms',
    },
  ]
  for (const [phase, times] of phases)
    rows.push({
      measure: `cold search profile: ${phase}, ms after the process started, median`,
      value: round(median(times), 1),
      unit: 'ms',
    })
  rows.push({
    measure: 'cold search profile: the whole search process (spawn to exit, profiled), median',
    value: round(median(whole), 1),
    unit: 'ms',
  })
  return rows
}

/** `broadsheet: profile PHASE 123.4 ms` lines (BROADSHEET_PROFILE=1) as [phase, ms]. */
export function profileLines(stderr: string): Array<[string, number]> {
  return [...stderr.matchAll(/^broadsheet: profile (.+?) ([\d.]+) ms$/gm)].map(
    (match) => [match[1] as string, Number(match[2])] as [string, number],
  )
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  CLI = resolve(argValue(args, 'cli', CLI))
  BASELINE = argValue(args, 'baseline', '') && resolve(argValue(args, 'baseline', ''))
  exitOnFailure(
    runPeersBench({ quick: args.includes('--quick') }).then((section) => reportSection(section, args)),
  )
}

/**
 * `npm run bench:search`: the evidence for the search engine's design. It indexes a deterministic generated
 * corpus with Broadsheet's search index and with the alternatives it was chosen over, and prints for each
 * what USAGE below lists, with ratios to Broadsheet.
 *
 * Each engine and phase runs in its own child process (a fresh heap of --heap-mb, a time limit), so one
 * that runs out of memory or time is reported as "did not finish" instead of taking the run down.
 *
 * `npm run bench` runs its search section through scripts/bench/search-section.ts, with measureEngine.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { top10Agreement } from './bench/search-measure'
import { ENGINES, runChild, type EngineName, type PhaseResult } from './bench-search-engines'

const USAGE = `npm run bench:search -- [options]

Indexes a generated corpus (English ~600-word articles, every tenth one Korean) with each engine:
  broadsheet    Broadsheet's search index (segments, scores of one Lunr index over everything)
  lunr-naive    one lunr.Index over everything, rebuilt and written whole on every change
  lunr-weekly   one real lunr.Index per week of articles; a change rebuilds its weeks; a query merges
                every week's best results by score
  minisearch    MiniSearch, written whole as one JSON document after every change
and prints for each: time to index (batches of 1,000), time to add 100 articles (persisted), cold start
to first results, first-page query latency p50/p95, size on disk, peak RSS while searching and indexing,
and how much of one Lunr index's top 10 each engine's top 10 shares.

  --sizes 10000,50000   corpus sizes (default)
  --engines LIST        default ${ENGINES.join(',')}
  --timeout-s 900       per phase and engine
  --heap-mb 4096        each child's heap (Node's default on this machine)
  --json                {"results": [...]} on stdout
  --keep                keep the index folders
  --help                this text
`

const args = process.argv.slice(2)
const flag = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 && args[at + 1] ? (args[at + 1] as string) : fallback
}

export interface Row {
  engine: EngineName
  articles: number
  indexMs: number | null
  add100Ms: number | null
  coldStartMs: number | null
  queryP50Ms: number | null
  queryP95Ms: number | null
  serializedMB: number | null
  rssMB: number | null
  indexRssMB: number | null
  queryNoSnippetsP50Ms?: number
  queryNoSnippetsP95Ms?: number
  koreanRecall?: number
  koreanPrecision?: number
  /** The share of one Lunr index's (lunr-naive's) top 10 per query that this engine's top 10 has. */
  top10Agreement?: number | null
  /** Each query's top 10 ids, until agreements are computed (not printed). */
  top10?: string[][]
  error?: string
}

/** Runs one phase of one engine in a child process; resolves with its figures or why it did not finish. */
function phase(
  engine: EngineName,
  name: 'build' | 'search',
  size: number,
  dir: string,
): Promise<PhaseResult | { error: string }> {
  const timeoutS = Number(flag('timeout-s', '900'))
  const child = spawn(
    process.execPath,
    [
      `--max-old-space-size=${flag('heap-mb', '4096')}`,
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--child',
      engine,
      '--phase',
      name,
      '--size',
      String(size),
      '--dir',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000)
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '))
      if (code === 0 && line) return resolve(JSON.parse(line.slice(7)) as PhaseResult)
      const oom = /heap out of memory|Invalid string length|Array buffer allocation failed/i.exec(stderr)
      const why =
        signal === 'SIGKILL'
          ? `did not finish in ${timeoutS} s`
          : oom
            ? `did not finish: ${oom[0]}`
            : `did not finish (exit ${code ?? signal}): ${stderr.trim().split('\n').at(-1) ?? ''}`
      resolve({ error: why })
    })
  })
}

/** Indexes the corpus with one engine and searches it, each phase in a fresh child process. */
export async function measureEngine(engine: EngineName, size: number, keep = false): Promise<Row> {
  const dir = await mkdtemp(join(tmpdir(), `bench-search-${engine}-`))
  try {
    const build = await phase(engine, 'build', size, dir)
    const search = 'error' in build ? build : await phase(engine, 'search', size, dir)
    const error = 'error' in build ? build.error : 'error' in search ? search.error : undefined
    const b = 'error' in build ? null : build
    const s = 'error' in search ? null : search
    return {
      engine,
      articles: size,
      indexMs: b?.indexMs ?? null,
      add100Ms: b?.add100Ms ?? null,
      coldStartMs: s?.coldStartMs ?? null,
      queryP50Ms: s?.queryP50Ms ?? null,
      queryP95Ms: s?.queryP95Ms ?? null,
      serializedMB: b?.serializedMB ?? null,
      rssMB: s?.rssMB ?? null,
      indexRssMB: b?.rssMB ?? null,
      ...(s?.top10 ? { top10: s.top10 } : {}),
      ...(s?.koreanRecall !== undefined
        ? {
            queryNoSnippetsP50Ms: s.queryNoSnippetsP50Ms,
            queryNoSnippetsP95Ms: s.queryNoSnippetsP95Ms,
            koreanRecall: s.koreanRecall,
            koreanPrecision: s.koreanPrecision,
          }
        : {}),
      ...(error ? { error } : {}),
    }
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Sets each row's top-10 agreement with one Lunr index (the lunr-naive row of its size, when it ran and
 * finished), and drops the id lists.
 */
export function withAgreements(rows: Row[]): Row[] {
  return rows.map(({ top10, ...row }) => {
    const reference = rows.find((r) => r.engine === 'lunr-naive' && r.articles === row.articles)
    if (row.engine === 'lunr-naive') return row
    return { ...row, top10Agreement: top10Agreement(top10, reference?.top10) }
  })
}

async function main(): Promise<void> {
  const sizes = flag('sizes', '10000,50000').split(',').map(Number)
  const engines = flag('engines', ENGINES.join(',')).split(',') as EngineName[]
  const unknown = engines.filter((engine) => !(ENGINES as readonly string[]).includes(engine))
  if (unknown.length > 0)
    throw new Error(`no such engine: ${unknown.join(', ')} (engines: ${ENGINES.join(', ')})`)
  const measured: Row[] = []
  for (const size of sizes) {
    for (const engine of engines) {
      if (!args.includes('--json')) process.stderr.write(`${engine} ${size}: indexing…\n`)
      measured.push(await measureEngine(engine, size, args.includes('--keep')))
    }
  }
  const rows = withAgreements(measured)
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ results: rows }, null, 2)}\n`)
    return
  }
  printTable(rows)
}

const fmt = (value: number | null, digits = 0): string => (value === null ? '—' : value.toFixed(digits))

function printTable(rows: Row[]): void {
  const header = [
    'engine',
    'articles',
    'index s',
    'add 100 ms',
    'cold start ms',
    'p50 ms',
    'p95 ms',
    'on disk MB',
    'search RSS MB',
    'index RSS MB',
    'top 10 as Lunr %',
  ]
  const table = rows.map((r) => [
    r.engine,
    String(r.articles),
    fmt(r.indexMs === null ? null : r.indexMs / 1000, 1),
    fmt(r.add100Ms),
    fmt(r.coldStartMs),
    fmt(r.queryP50Ms, 1),
    fmt(r.queryP95Ms, 1),
    fmt(r.serializedMB, 1),
    fmt(r.rssMB),
    fmt(r.indexRssMB),
    r.engine === 'lunr-naive'
      ? 'ref'
      : fmt(r.top10Agreement === undefined || r.top10Agreement === null ? null : r.top10Agreement * 100),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] as string).length)))
  for (const row of [header, ...table])
    console.log(
      row
        .map((cell, i) =>
          cell.padStart(i < 1 ? 0 : (widths[i] as number)).padEnd(i < 1 ? (widths[i] as number) : 0),
        )
        .join('  '),
    )
  for (const r of rows.filter((row) => row.error)) console.log(`${r.engine} ${r.articles}: ${r.error}`)
  for (const r of rows.filter((row) => row.koreanRecall !== undefined)) {
    console.log(
      `${r.engine} ${r.articles}: without snippets p50 ${fmt(r.queryNoSnippetsP50Ms ?? null, 1)} ms, p95 ${fmt(r.queryNoSnippetsP95Ms ?? null, 1)} ms; ` +
        `Korean noun queries recall ${fmt((r.koreanRecall ?? 0) * 100, 2)}%, precision ${fmt((r.koreanPrecision ?? 0) * 100, 2)}%`,
    )
  }
  console.log(
    "top 10 as Lunr: the share of one Lunr index's (lunr-naive's) top 10 per query in the engine's own; Broadsheet's scores are that index's exactly (ranking.test.ts), but it ranks articles with more of the words first",
  )
  console.log('\nratios (other engine ÷ broadsheet; > 1 means broadsheet is better):')
  const keys = [
    'indexMs',
    'add100Ms',
    'coldStartMs',
    'queryP50Ms',
    'queryP95Ms',
    'serializedMB',
    'rssMB',
  ] as const
  for (const r of rows.filter((row) => row.engine !== 'broadsheet')) {
    const base = rows.find((row) => row.engine === 'broadsheet' && row.articles === r.articles)
    if (!base) continue
    const parts = keys.map(
      (k) =>
        `${k} ${r[k] === null || !base[k] ? '—' : `×${((r[k] as number) / (base[k] as number)).toFixed(1)}`}`,
    )
    console.log(`  ${r.engine} ${r.articles}: ${parts.join(', ')}`)
  }
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
const childAt = args.indexOf('--child')
if (isEntry && childAt >= 0) {
  runChild(
    args[childAt + 1] as EngineName,
    flag('phase', 'build') as 'build' | 'search',
    Number(flag('size', '1000')),
    flag('dir', '.'),
  ).then(
    (result) => process.stdout.write(`RESULT ${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
      process.exit(1)
    },
  )
} else if (isEntry && args.includes('--help')) {
  process.stdout.write(USAGE)
} else if (isEntry) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}

/**
 * `npm run bench:search`: indexes a deterministic generated corpus (English ~600-word articles, every
 * tenth one Korean) with Broadsheet's search index, one naive Lunr index rebuilt on change, and
 * MiniSearch, and prints for each: time to index, time to add 100 articles (persisted), cold start to
 * first results, first-page query latency p50/p95, size on disk and peak RSS — with ratios to Broadsheet.
 *
 * Each engine and phase runs in its own child process (a fresh heap of --heap-mb, a time limit), so one
 * that runs out of memory or time is reported as "did not finish" instead of taking the run down.
 *
 *   --sizes 10000,50000   corpus sizes (default)      --engines broadsheet,lunr-naive,minisearch
 *   --timeout-s 900       per phase and engine        --heap-mb 4096 (Node's default on this machine)
 *   --json                {"results": [...]}          --keep (keep the index folders)
 *
 * `npm run bench` runs its search section through `runSearchBench`: every engine at 10,000, Broadsheet at
 * 50,000 against the search issue's targets (every engine at 500 with --quick).
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BenchRow, BenchSection } from './bench/report'
import { ENGINES, runChild, type EngineName, type PhaseResult } from './bench-search-engines'
import { QUERIES } from './bench-search-corpus'

const args = process.argv.slice(2)
const flag = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 && args[at + 1] ? (args[at + 1] as string) : fallback
}

interface Row {
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
async function measureEngine(engine: EngineName, size: number, keep = false): Promise<Row> {
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

async function main(): Promise<void> {
  const sizes = flag('sizes', '10000,50000').split(',').map(Number)
  const engines = flag('engines', ENGINES.join(',')).split(',') as EngineName[]
  const rows: Row[] = []
  for (const size of sizes) {
    for (const engine of engines) {
      if (!args.includes('--json')) process.stderr.write(`${engine} ${size}: indexing…\n`)
      rows.push(await measureEngine(engine, size, args.includes('--keep')))
    }
  }
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

/** Options of the search section of `npm run bench`. */
export interface SearchBenchOptions {
  /** A smoke run: 500 articles, every engine. */
  quick?: boolean
}

/** The search issue's targets, for its benchmark at 50,000 articles. */
const TARGETS_AT = 50_000
const TARGETS = {
  add100Ms: '≤ 1 s',
  coldStartMs: '≤ 1 s',
  queryP95Ms: '≤ 50 ms',
  rssMB: '≤ 1024 MB',
  koreanRecall: '≥ 98 %',
  koreanPrecision: '≥ 95 %',
} as const

/**
 * What the search section of `npm run bench` runs: the search issue's benchmark, every engine at 10,000
 * articles side by side, then Broadsheet at 50,000 against that issue's targets. One naive Lunr index of
 * 50,000 such articles runs out of Node's heap (at about 36,000 in the search issue's measurements), and
 * MiniSearch takes minutes there: `npm run bench:search` runs both at 50,000 too.
 */
const PLAN: Record<'full' | 'quick', { size: number; engines: readonly EngineName[] }[]> = {
  full: [
    { size: 10_000, engines: ENGINES },
    { size: TARGETS_AT, engines: ['broadsheet'] },
  ],
  quick: [{ size: 500, engines: ENGINES }],
}

/**
 * The search section of `npm run bench`: Broadsheet's index side by side with the naive way, one Lunr
 * index rebuilt and re-serialized whole on every change (the `naive` column), and with MiniSearch (in the
 * notes), over the same corpus, each phase in its own child process as above.
 */
export async function runSearchBench(options: SearchBenchOptions = {}): Promise<BenchSection> {
  const rows: BenchRow[] = []
  for (const { size, engines } of PLAN[options.quick ? 'quick' : 'full']) {
    const measured = new Map<EngineName, Row>()
    for (const engine of engines) {
      process.stderr.write(`  search: ${engine}, ${size.toLocaleString('en-US')} articles…\n`)
      measured.set(engine, await measureEngine(engine, size))
    }
    rows.push(...searchRows(size, measured))
  }
  return {
    name: "search: the search issue's benchmark (English ~600 words, every tenth Korean); naive: one Lunr index rebuilt whole on change; MiniSearch in the notes",
    rows,
  }
}

/** One size's rows: Broadsheet's figures, the naive Lunr index's beside them, MiniSearch's in the notes. */
function searchRows(size: number, measured: ReadonlyMap<EngineName, Row>): BenchRow[] {
  const ours = measured.get('broadsheet') as Row
  const naive = measured.get('lunr-naive')
  const mini = measured.get('minisearch')
  const n = size.toLocaleString('en-US')
  const targets: Partial<Record<keyof typeof TARGETS, string>> = size === TARGETS_AT ? TARGETS : {}
  const figure = (value: number | null | undefined, scale: number): number | undefined =>
    value === null || value === undefined ? undefined : Math.round((value / scale) * 10) / 10
  const row = (
    measure: string,
    key: 'indexMs' | 'add100Ms' | 'coldStartMs' | 'queryP50Ms' | 'queryP95Ms' | 'serializedMB' | 'rssMB',
    unit: string,
    scale = 1,
    extra?: string,
  ): BenchRow => {
    const value = figure(ours[key], scale)
    const other = figure(naive?.[key], scale)
    const miniValue = figure(mini?.[key], scale)
    const notes = [
      ...(miniValue === undefined
        ? []
        : [
            `MiniSearch ${miniValue} ${unit}${value ? ` (×${(miniValue / value).toFixed(miniValue >= 10 * value ? 1 : 2)})` : ''}`,
          ]),
      ...(extra ? [extra] : []),
    ]
    const target = (targets as Record<string, string | undefined>)[key]
    return {
      measure: `${measure} (${n})`,
      value: value ?? Number.NaN,
      unit,
      ...(target ? { target } : {}),
      ...(other === undefined ? {} : { naive: other }),
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    }
  }
  const indexNote = [
    ...[...measured.values()].filter((r) => r.error).map((r) => `${r.engine}: ${r.error}`),
    ...(naive
      ? []
      : [
          `the others not run at ${n} here: one naive Lunr index runs out of Node's heap near 36,000 (the search issue), MiniSearch takes minutes; npm run bench:search runs both`,
        ]),
  ]
  const rows = [
    row('index every article, batches of 1,000', 'indexMs', 's', 1000, indexNote.join('; ') || undefined),
    row('add 100 articles, persisted', 'add100Ms', 'ms'),
    row('cold start to first results', 'coldStartMs', 'ms'),
    row(
      'query, first page of 10 with snippets, p50',
      'queryP50Ms',
      'ms',
      1,
      ours.queryNoSnippetsP50Ms === undefined
        ? undefined
        : `${naive || mini ? 'the naive index and MiniSearch make no snippets: ' : ''}Broadsheet without snippets p50 ${ours.queryNoSnippetsP50Ms} ms`,
    ),
    row(
      'query, first page of 10 with snippets, p95',
      'queryP95Ms',
      'ms',
      1,
      ours.queryNoSnippetsP95Ms === undefined
        ? undefined
        : `${QUERY_COUNT} queries × 3; Broadsheet without snippets p95 ${ours.queryNoSnippetsP95Ms} ms`,
    ),
    row('index on disk', 'serializedMB', 'MB'),
    row('peak RSS while searching', 'rssMB', 'MB', 1, `while indexing: ${ours.indexRssMB ?? '—'} MB`),
  ]
  if (ours.koreanRecall !== undefined && ours.koreanPrecision !== undefined) {
    const percent = (value: number) => Math.round(value * 1000) / 10
    rows.push(
      {
        measure: `Korean noun queries: recall (${n})`,
        value: percent(ours.koreanRecall),
        unit: '%',
        ...(targets.koreanRecall ? { target: targets.koreanRecall } : {}),
        note: 'the share of the articles holding the noun, bare or with a particle attached, that the query finds; precision: the share of what it finds that holds it',
      },
      {
        measure: `Korean noun queries: precision (${n})`,
        value: percent(ours.koreanPrecision),
        unit: '%',
        ...(targets.koreanPrecision ? { target: targets.koreanPrecision } : {}),
      },
    )
  }
  return rows
}

const QUERY_COUNT = QUERIES.length

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
} else if (isEntry && args.includes('--result')) {
  // `npm run bench` runs this section in a child process of its own.
  runSearchBench({ quick: args.includes('--quick') }).then(
    (section) => process.stdout.write(`RESULT ${JSON.stringify(section)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(1)
    },
  )
} else if (isEntry) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}

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
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ENGINES, runChild, type EngineName, type PhaseResult } from './bench-search-engines'

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

async function main(): Promise<void> {
  const sizes = flag('sizes', '10000,50000').split(',').map(Number)
  const engines = flag('engines', ENGINES.join(',')).split(',') as EngineName[]
  const rows: Row[] = []
  for (const size of sizes) {
    for (const engine of engines) {
      const dir = await mkdtemp(join(tmpdir(), `bench-search-${engine}-`))
      if (!args.includes('--json')) process.stderr.write(`${engine} ${size}: indexing…\n`)
      const build = await phase(engine, 'build', size, dir)
      const search = 'error' in build ? build : await phase(engine, 'search', size, dir)
      const error = 'error' in build ? build.error : 'error' in search ? search.error : undefined
      const b = 'error' in build ? null : build
      const s = 'error' in search ? null : search
      rows.push({
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
      })
      if (!args.includes('--keep')) await rm(dir, { recursive: true, force: true })
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

const childAt = args.indexOf('--child')
if (childAt >= 0) {
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
} else {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}

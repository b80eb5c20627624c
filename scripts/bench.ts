/**
 * `npm run bench`: every benchmark, each figure side by side with the naive way measured in the same run,
 * as one table (or `--json`, JSON only on stdout). Each section runs in a child process of its own (a
 * fresh heap, so memory figures are its own):
 *
 *   store    open + list a folder, open one article, mark 10,000 read, disk per article, OPML import
 *   startup  process start to the first article list: the built CLI, and the browser preview
 *   search   indexing, cold start, query latency, size (bench:search's Broadsheet and naive Lunr)
 *   ui       Chromium over the preview: first paint, scrolling 5,000 rows, opening an article, search
 *   sync     500 loopback feeds (bench:sync)
 *   accounts a FreshRSS account of 10,000 items: first pull, resync, reconcile (bench:accounts)
 *   hostile  a sync with the worst inputs known, and the core's answers during it (bench:hostile)
 *   export   1,000 articles with pictures and highlights to EPUB: time and memory (bench:export)
 *   smart    20 smart feeds: their counts after a sync, opening one (scripts/bench/smart-library.ts)
 *   peers    newsboat's first sync and SQLite FTS5's cold search beside Broadsheet's (scripts/bench/peers.ts)
 *
 * Over a generated library of 50,000 articles in 500 feeds (cached under .bench-data/; the first run
 * generates it, a few minutes). `--quick`: 5,000 articles, 50 feeds, for a smoke run. `--only a,b` runs
 * some sections; `--trace DIR` keeps the UI section's Chromium traces. Progress goes to stderr.
 * It builds the app first (`npm run build`: the startup and UI sections time the build, which must be the
 * code checked out, not an older one); `--no-build` uses out/ as it is.
 */
import { execFileSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { runTsChild } from './bench/child'
import { printTable, toJson, type BenchSection } from './bench/report'
import { SECTIONS, type SectionName } from './bench/section'
import { argValue } from './bench/stats'

const SECTION_SCRIPT = fileURLToPath(new URL('./bench/section.ts', import.meta.url))
/** A section that runs longer than this is stopped and reported as not finished. */
const SECTION_TIMEOUT_MS = 20 * 60_000

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const quick = args.includes('--quick')
  const json = args.includes('--json')
  const only = argValue(args, 'only', '')
  const trace = argValue(args, 'trace', '')
  const wanted = only ? (only.split(',') as SectionName[]) : [...SECTIONS]
  const unknown = wanted.filter((name) => !SECTIONS.includes(name))
  if (unknown.length > 0)
    throw new Error(`no such section: ${unknown.join(', ')} (sections: ${SECTIONS.join(', ')})`)
  const common = [...(quick ? ['--quick'] : []), ...(trace ? ['--trace', trace] : [])]
  const started = performance.now()
  const load = [loadavg()[0] ?? 0]
  process.stderr.write(`bench${quick ? ' --quick' : ''}: ${wanted.join(', ')}\n`)

  if (!args.includes('--no-build') && wanted.some((name) => name === 'startup' || name === 'ui')) {
    process.stderr.write('  npm run build…\n')
    execFileSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
  }
  if (wanted.some((name) => !['sync', 'accounts', 'hostile', 'export', 'peers'].includes(name))) {
    const prepared = await runTsChild<BenchSection>(SECTION_SCRIPT, ['--section', 'prepare', ...common], {
      timeoutMs: SECTION_TIMEOUT_MS,
    })
    process.stderr.write(`  library: ${prepared.rows[0]?.note ?? ''}\n`)
  }
  const sections: BenchSection[] = []
  for (const name of wanted) {
    const at = performance.now()
    process.stderr.write(`[${name}]\n`)
    try {
      sections.push(
        await runTsChild<BenchSection>(SECTION_SCRIPT, ['--section', name, ...common], {
          timeoutMs: SECTION_TIMEOUT_MS,
        }),
      )
    } catch (error) {
      sections.push({
        name: `${name}: did not finish`,
        rows: [{ measure: 'error', value: Number.NaN, unit: '', note: (error as Error).message }],
      })
    }
    process.stderr.write(`  ${name} took ${Math.round((performance.now() - at) / 1000)} s\n`)
    load.push(loadavg()[0] ?? 0)
  }
  const machine = {
    node: process.version,
    cpus: cpus().length,
    loadAverage: load.map((l) => Math.round(l * 10) / 10),
    quick,
    totalS: Math.round((performance.now() - started) / 1000),
  }
  if (json) {
    process.stdout.write(`${toJson(sections, { machine })}\n`)
    return
  }
  process.stdout.write(
    `Broadsheet benchmarks${quick ? ' (--quick)' : ''}: Node ${machine.node}, ${machine.cpus} CPUs, 1-minute load average ${machine.loadAverage.join(' → ')} (a shared machine: compare within a run), ${machine.totalS} s\n`,
  )
  printTable(sections)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})

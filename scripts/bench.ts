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
 *   scale    issue 22's table on a library of N articles beside the 50,000 one (scripts/bench/scale.ts):
 *            ONLY WHEN ASKED, by `--only scale` (N = 50,000) or `--articles N` (10000 … 500000; feeds
 *            grow with it, 2,000 at 500,000; the first run generates the library, ~13 minutes at 500,000).
 *            `--scale-skip sync,ui` leaves slow parts out.
 *
 * `--growth [--max-articles M]` runs the scale rows at 10k, 50k, 100k, 250k and 500k (up to M), and writes
 * the cost-growth chart docs/images/bench-growth.png with its figures (bench-growth.json) beside it;
 * `--growth --redraw` draws the chart again from that JSON.
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
import { ON_REQUEST, SECTIONS, type SectionName } from './bench/section'
import { GENERATOR_HEAP, libraryParams } from './bench/library-data'
import { scaleParts } from './bench/scale'
import { argValue } from './bench/stats'

const SECTION_SCRIPT = fileURLToPath(new URL('./bench/section.ts', import.meta.url))
/** A section that runs longer than this is stopped and reported as not finished. */
const SECTION_TIMEOUT_MS = 20 * 60_000
/** The scale section measures two libraries, and --articles N may generate one first. */
const SCALE_TIMEOUT_MS = 90 * 60_000

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const quick = args.includes('--quick')
  const json = args.includes('--json')
  const only = argValue(args, 'only', '')
  const trace = argValue(args, 'trace', '')
  const articles = argValue(args, 'articles', '')
  const growth = args.includes('--growth')
  // --growth --redraw: the chart again from bench-growth.json, nothing built, generated or measured.
  const redraw = growth && args.includes('--redraw')
  const scaleSkip = argValue(args, 'scale-skip', '')
  // --articles N alone asks for the scale section; the others keep the 50,000 library (their naive files).
  const wanted = only
    ? (only.split(',') as SectionName[])
    : articles || growth
      ? (['scale'] as SectionName[])
      : SECTIONS.filter((name) => !ON_REQUEST.includes(name))
  const unknown = wanted.filter((name) => !SECTIONS.includes(name))
  if (unknown.length > 0)
    throw new UsageError(`no such section: ${unknown.join(', ')} (sections: ${SECTIONS.join(', ')})`)
  // A bad N, cap or part is a one-line error before anything runs.
  if (articles) usage(() => libraryParams(/^\d+$/.test(articles) ? Number(articles) : Number.NaN), articles)
  const max = argValue(args, 'max-articles', '')
  if (max && !(Number(max) >= 1_000))
    throw new UsageError(`--max-articles must be a number of articles, not ${max}`)
  const scaleArgs = [
    ...(articles ? ['--articles', articles] : []),
    ...(scaleSkip ? ['--scale-skip', scaleSkip] : []),
  ]
  if (scaleSkip) usage(() => scaleParts(scaleSkip.split(',')))
  const common = [...(quick ? ['--quick'] : []), ...(trace ? ['--trace', trace] : []), ...scaleArgs]
  const started = performance.now()
  const load = [loadavg()[0] ?? 0]
  process.stderr.write(`bench${quick ? ' --quick' : ''}: ${wanted.join(', ')}\n`)

  if (
    !redraw &&
    !args.includes('--no-build') &&
    wanted.some((name) => ['startup', 'ui', 'scale'].includes(name))
  ) {
    process.stderr.write('  npm run build…\n')
    execFileSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
  }
  if (!redraw && wanted.some((name) => !['sync', 'accounts', 'hostile', 'export', 'peers'].includes(name))) {
    const prepared = await runTsChild<BenchSection>(SECTION_SCRIPT, ['--section', 'prepare', ...common], {
      timeoutMs: articles ? SCALE_TIMEOUT_MS : SECTION_TIMEOUT_MS,
      nodeArgs: GENERATOR_HEAP,
    })
    process.stderr.write(`  library: ${prepared.rows[0]?.note ?? ''}\n`)
  }
  const sections: BenchSection[] = []
  if (growth) {
    const { redrawGrowth, runGrowth } = await import('./bench/scale-growth')
    sections.push(
      ...(args.includes('--redraw')
        ? await redrawGrowth()
        : await runGrowth({
            ...(max ? { maxArticles: Number(max) } : {}),
            skip: scaleSkip ? scaleParts(scaleSkip.split(',')) : [],
            machine: { node: process.version, cpus: cpus().length, loadAverage: loadavg()[0] },
          })),
    )
  }
  for (const name of growth ? [] : wanted) {
    const at = performance.now()
    process.stderr.write(`[${name}]\n`)
    try {
      sections.push(
        await runTsChild<BenchSection>(SECTION_SCRIPT, ['--section', name, ...common], {
          timeoutMs: name === 'scale' ? SCALE_TIMEOUT_MS : SECTION_TIMEOUT_MS,
          ...(name === 'scale' ? { nodeArgs: GENERATOR_HEAP } : {}),
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

/** A wrong argument: said in one line, without a stack. */
class UsageError extends Error {}

/** Runs a check of the arguments; its error becomes a UsageError (naming `given` rather than NaN). */
function usage(check: () => unknown, given?: string): void {
  try {
    check()
  } catch (error) {
    const message = (error as Error).message
    throw new UsageError(given === undefined ? message : message.replace(/NaN$/, given))
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`bench: ${error.message}\n`)
    process.exit(2)
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})

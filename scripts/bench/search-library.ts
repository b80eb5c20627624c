/**
 * Search over the generated library, as the reader asks for it (the contract's `search`, first page of 10
 * with snippets and flags), in a fresh process: cold start to the first results, then the latency of the
 * benchmark's queries. Part of the search section of `npm run bench`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startServices } from '../../src/main/core/broadsheet'
import { QUERIES } from '../bench-search-corpus'
import { printResult, reportSection, runTsChild } from './child'
import { removeWorkingCopy, workingCopy, type LibraryInfo } from './library-data'
import type { BenchRow } from './report'
import { argValue, median, peakRssMB, percentile, round } from './stats'

const SCRIPT = fileURLToPath(import.meta.url)
/** The reader's first page of a search in an 800-px window (firstSearchPage in the renderer). */
const FIRST_PAGE = 10
const ROUNDS = 3
/** Fresh processes of each way, taken in turn (the machine's load moves single runs a lot). */
const PAIRS = 2

interface LibrarySearchFigures {
  coldStartMs: number
  firstPage: number[]
  rssMB: number
  /** A fresh process's check of the index against the store (what `broadsheet search` runs first). */
  inStepMs: number
}

/**
 * `old`: today's code before issue 22's search part, measured beside it: the segments' postings read into
 * memory whole, and the index checked against the store at every start however unchanged the library.
 */
async function child(dataDir: string, old: boolean): Promise<LibrarySearchFigures> {
  const started = performance.now()
  const core = await startServices({
    dataDir,
    search: old ? { index: { lazyPostingsFrom: Number.POSITIVE_INFINITY } } : {},
  })
  // The contract's search request: each hit comes with its flags.
  const run = async (query: string, limit: number) => (await core.search.search({ query, limit })).results
  await run(QUERIES[0] as string, FIRST_PAGE)
  const coldStartMs = performance.now() - started
  const firstPage: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of QUERIES) {
      const at = performance.now()
      await run(query, FIRST_PAGE)
      firstPage.push(performance.now() - at)
    }
  }
  const rssMB = peakRssMB()
  const checkAt = performance.now()
  await (await core.search.index()).repair(undefined, { always: old })
  const inStepMs = performance.now() - checkAt
  await core.close()
  return { coldStartMs, firstPage, rssMB, inStepMs }
}

/** Rows for the search section: the library's own index, measured in child processes, both ways in turn. */
export async function librarySearchRows(info: LibraryInfo): Promise<BenchRow[]> {
  const dir = workingCopy(info, 'search')
  try {
    // Once, untimed: the copy's index checked and stamped (a cached library is made without the stamp).
    await runTsChild<LibrarySearchFigures>(SCRIPT, ['--child', '--dir', dir])
    const runs: { now: LibrarySearchFigures[]; old: LibrarySearchFigures[] } = { now: [], old: [] }
    for (let pair = 0; pair < PAIRS; pair++) {
      runs.now.push(await runTsChild<LibrarySearchFigures>(SCRIPT, ['--child', '--dir', dir]))
      runs.old.push(await runTsChild<LibrarySearchFigures>(SCRIPT, ['--child', '--dir', dir, '--old']))
    }
    const n = info.params.articles.toLocaleString('en-US')
    const row = (
      measure: string,
      figure: (runs: LibrarySearchFigures[]) => number,
      digits: number,
      unit: string,
      note?: string,
    ): BenchRow => {
      const value = round(figure(runs.now), digits)
      const naive = round(figure(runs.old), digits)
      return {
        measure,
        value,
        unit,
        naive,
        ratio: round(naive / Math.max(value, 0.01), 2),
        ...(note ? { note } : {}),
      }
    }
    const pages = (all: LibrarySearchFigures[]) => all.flatMap((figures) => figures.firstPage)
    return [
      row(
        `library of ${n}: open, first ${FIRST_PAGE} results (fresh process), median`,
        (all) => median(all.map((figures) => figures.coldStartMs)),
        0,
        'ms',
        `the index loads its segments on the first query; "naive": their postings read into memory whole, as before; ${PAIRS} processes each, in turn`,
      ),
      row(
        `library of ${n}: a query, first page of ${FIRST_PAGE} (as the reader asks), p50`,
        (all) => percentile(pages(all), 50),
        1,
        'ms',
      ),
      row(
        `library of ${n}: a query, first page of ${FIRST_PAGE}, p95`,
        (all) => percentile(pages(all), 95),
        1,
        'ms',
        `${QUERIES.length} queries × ${ROUNDS} × ${PAIRS} processes, snippets and flags included`,
      ),
      row(
        `library of ${n}: peak memory while searching (RSS), median`,
        (all) => median(all.map((figures) => figures.rssMB)),
        0,
        'MB',
        '"naive": the postings in memory',
      ),
      row(
        `library of ${n}: a fresh process's check of the index against the unchanged store, median`,
        (all) => median(all.map((figures) => figures.inStepMs)),
        1,
        'ms',
        '`broadsheet search` runs it first; skipped while the catalog is at the revision the index was found in step with; "naive": every stored and indexed id compared, as before',
      ),
    ]
  } finally {
    removeWorkingCopy(dir)
  }
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  process.argv.includes('--child')
) {
  child(argValue(process.argv.slice(2), 'dir', ''), process.argv.includes('--old')).then(
    (figures) => {
      printResult(figures)
      process.exit(0)
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(1)
    },
  )
}

// `npx tsx scripts/bench/search-library.ts --library DIR` (a cached library's folder, with its info.json):
// these rows alone, for a library of any size.
if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  !process.argv.includes('--child')
) {
  const library = argValue(process.argv.slice(2), 'library', '')
  const info = JSON.parse(readFileSync(join(library, 'info.json'), 'utf8')) as LibraryInfo
  librarySearchRows({ ...info, dataDir: join(library, 'data') }).then(
    (rows) => reportSection({ name: `search: the library's own index`, rows }, process.argv.slice(2)),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(1)
    },
  )
}

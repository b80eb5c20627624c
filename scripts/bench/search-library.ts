/**
 * Search over the generated library, as the reader asks for it (the contract's `search`, first page of 10
 * with snippets and flags), in a fresh process: cold start to the first results, then the latency of the
 * benchmark's queries. Part of the search section of `npm run bench`.
 */
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startServices } from '../../src/main/core/broadsheet'
import { QUERIES } from '../bench-search-corpus'
import { printResult, runTsChild } from './child'
import { removeWorkingCopy, workingCopy, type LibraryInfo } from './library-data'
import type { BenchRow } from './report'
import { argValue, peakRssMB, percentile, round } from './stats'

const SCRIPT = fileURLToPath(import.meta.url)
/** The reader's first page of a search (FIRST_SEARCH_PAGE in the renderer). */
const FIRST_PAGE = 10
const ROUNDS = 3

interface LibrarySearchFigures {
  coldStartMs: number
  firstPage: number[]
  rssMB: number
}

async function child(dataDir: string): Promise<LibrarySearchFigures> {
  const started = performance.now()
  const core = await startServices({ dataDir })
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
  await core.close()
  return { coldStartMs, firstPage, rssMB: peakRssMB() }
}

/** Rows for the search section: the library's own index, measured in a child process. */
export async function librarySearchRows(info: LibraryInfo): Promise<BenchRow[]> {
  const dir = workingCopy(info, 'search')
  try {
    const figures = await runTsChild<LibrarySearchFigures>(SCRIPT, ['--child', '--dir', dir])
    const n = info.params.articles.toLocaleString('en-US')
    return [
      {
        measure: `library of ${n}: open, first ${FIRST_PAGE} results (fresh process)`,
        value: round(figures.coldStartMs, 0),
        unit: 'ms',
        note: 'the index loads its segments on the first query',
      },
      {
        measure: `library of ${n}: a query, first page of ${FIRST_PAGE} (as the reader asks), p50`,
        value: round(percentile(figures.firstPage, 50)),
        unit: 'ms',
      },
      {
        measure: `library of ${n}: a query, first page of ${FIRST_PAGE}, p95`,
        value: round(percentile(figures.firstPage, 95)),
        unit: 'ms',
        note: `${QUERIES.length} queries × ${ROUNDS}, snippets and flags included; peak RSS ${figures.rssMB} MB`,
      },
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
  child(argValue(process.argv.slice(2), 'dir', '')).then(
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

/**
 * The scale section of `npm run bench` (issue 22's Goal table): every row of the issue's table measured on
 * the library of N articles (`--articles N`; 2,000 feeds at 500,000), each beside the same measure on the
 * 50,000 library in the same run and the growth ratio N ÷ 50k ("cost independent of library size" reads
 * ×1.0). Runs only when asked: `npm run bench -- --articles N` or `--only scale`; `--growth` runs it at
 * every size of GROWTH_SIZES (scripts/bench/scale-growth.ts).
 *
 * The rows call the measurement code of the other sections rather than copying it: the store section's
 * child tasks (open + list, open one article, mark all read and one at a time), the search section's
 * library child, the startup section's process timers, the sync section (the reader during a resync) and
 * the UI section. What no section measured yet is here: adding 100 articles to the library (stored,
 * indexed, persisted), disk per article with the file count, and the generation time.
 */
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startServices } from '../../src/main/core/broadsheet'
import type { Article } from '../../src/shared/types'
import { exitOnFailure, printResult, runTsChild } from './child'
import {
  ensureLibrary,
  FULL_LIBRARY,
  libraryArticle,
  libraryParams,
  removeWorkingCopy,
  workingCopy,
  type LibraryInfo,
  type LibraryParams,
} from './library-data'
import { ITEMS } from './feed-servers'
import type { BenchRow, BenchSection } from './report'
import { diskUse } from './store-rows'
import type { OpenListResult } from '../bench-store'
import { argValue, median, percentile, progress, round } from './stats'

const SCRIPT = fileURLToPath(import.meta.url)
const STORE_SCRIPT = fileURLToPath(new URL('../bench-store.ts', import.meta.url))
const SEARCH_SCRIPT = fileURLToPath(new URL('./search-library.ts', import.meta.url))

/** Parts of the table that can be left out (`--scale-skip sync,ui`): the slow ones. */
export const SCALE_PARTS = ['store', 'search', 'startup', 'sync', 'ui', 'disk'] as const
export type ScalePart = (typeof SCALE_PARTS)[number]

const OPEN_RUNS = 3
const MARK_RUNS = 3
const STARTUP_RUNS = 3
const ADD_RUNS = 3
const OPEN_IDS = 50

/** One measured figure of the table, under a key the 50k run and the growth chart match on. */
export interface ScaleFigure {
  key: string
  measure: string
  value: number
  unit: string
  target?: string
  note?: string
}

/** The table's figures on one library. */
export interface ScaleRun {
  articles: number
  feeds: number
  figures: ScaleFigure[]
  /** Parts not measured, with the reason. */
  skipped: string[]
}

// ---------------------------------------------------------------- child task: add 100 articles

interface AddFigures {
  ms: number[]
  found: number
}

/** Adds 100 new articles to the library ADD_RUNS times, as a sync's batch would (stored, indexed, on disk). */
async function childAdd100(args: string[]): Promise<AddFigures> {
  const dataDir = argValue(args, 'dir', '')
  const params = libraryParams(Number(argValue(args, 'articles', '0')))
  const core = await startServices({ dataDir })
  // The feeds in the order the generator added them (ids are assigned at random; titles end in the number).
  const byNumber = new Map(
    core.subscriptions.feeds().map((feed) => [Number(feed.title.split(' ').pop()), feed.id]),
  )
  const feedIds = Array.from({ length: params.feeds }, (_, f) => byNumber.get(f) as string)
  const index = await core.search.index()
  await index.idle()
  const ms: number[] = []
  let last: Article | undefined
  for (let run = 0; run < ADD_RUNS; run++) {
    const from = params.articles + run * 100
    const batch = Array.from({ length: 100 }, (_, i) => libraryArticle(from + i, params, feedIds))
    last = batch[99]
    const started = performance.now()
    await core.articles.put(batch)
    ms.push(performance.now() - started)
  }
  const hits = await core.search.search({
    query: `"${(last?.title ?? '').split(' ').slice(0, 3).join(' ')}"`,
    limit: 10,
  })
  await core.close()
  return { ms, found: hits.results.filter((hit) => hit.id === last?.id).length }
}

// ---------------------------------------------------------------- the measures

interface MarkResult {
  ms: number
  changed: number
  oneMs?: number[]
  bookmarkMs?: number[]
}

interface LibrarySearchFigures {
  coldStartMs: number
  firstPage: number[]
  rssMB: number
}

const ms1 = (value: number) => round(value, 1)
const p95 = (values: number[]) => percentile(values, 95)

async function storeFigures(info: LibraryInfo, dir: string): Promise<ScaleFigure[]> {
  const { openListRun } = await import('../bench-store')
  const ids = info.sampleIds.slice(0, OPEN_IDS).join(',')
  const opens: OpenListResult[] = []
  for (let run = 0; run < OPEN_RUNS; run++) opens.push(await openListRun(info, dir, ids))
  const { restoreFlags } = await import('../bench-store')
  const warm: MarkResult[] = []
  const cold: MarkResult[] = []
  for (let run = 0; run < MARK_RUNS; run++) {
    restoreFlags(info, dir)
    warm.push(
      await runTsChild<MarkResult>(STORE_SCRIPT, [
        '--child',
        'mark-read',
        '--dir',
        dir,
        '--warm',
        '--ids',
        ids,
      ]),
    )
    restoreFlags(info, dir)
    cold.push(await runTsChild<MarkResult>(STORE_SCRIPT, ['--child', 'mark-read', '--dir', dir]))
  }
  restoreFlags(info, dir)
  const firstList = opens.map((r) => r.openMs + r.listTopMs)
  const articleMs = opens.flatMap((r) => r.articleMs.slice(1))
  const oneMs = warm.flatMap((m) => m.oneMs ?? [])
  const bookmarkMs = warm.flatMap((m) => m.bookmarkMs ?? [])
  const unread = (warm[0]?.changed ?? 0).toLocaleString('en-US')
  return [
    {
      key: 'open-list',
      measure: `open the data dir + folder "${info.topFolder.path}"'s newest 100, fresh process, median`,
      value: ms1(median(firstList)),
      unit: 'ms',
      target: '≤ 200 ms',
      note: `open ${ms1(median(opens.map((r) => r.openMs)))} ms + list ${ms1(median(opens.map((r) => r.listTopMs)))} ms, ${OPEN_RUNS} processes (bench-store.ts open-list)`,
    },
    {
      key: 'open-article',
      measure: `open one article, p95 of ${articleMs.length}`,
      value: round(p95(articleMs), 2),
      unit: 'ms',
      target: '≤ 5 ms',
      note: `median ${round(median(articleMs), 2)} ms; ids spread over the whole library`,
    },
    {
      key: 'mark-one',
      measure: 'mark one read or unread, running app, median',
      value: round(median(oneMs), 2),
      unit: 'ms',
      target: '≤ 2 ms',
      note: `p95 ${round(p95(oneMs), 2)} ms (target ≤ 5 ms), ${oneMs.length} marks`,
    },
    {
      key: 'bookmark-one',
      measure: 'bookmark or unbookmark one, running app, median',
      value: round(median(bookmarkMs), 2),
      unit: 'ms',
      target: '≤ 2 ms',
      note: `p95 ${round(p95(bookmarkMs), 2)} ms (target ≤ 5 ms), ${bookmarkMs.length} bookmarks`,
    },
    {
      key: 'mark-all-warm',
      measure: `mark all read (${unread} unread), running app, median of ${MARK_RUNS}`,
      value: ms1(median(warm.map((m) => m.ms))),
      unit: 'ms',
      target: '≤ 500 ms',
      note: 'after the start-up index check read the catalog, as in the app (bench-store.ts mark-read --warm)',
    },
    {
      key: 'mark-all-cold',
      measure: `mark all read (${unread} unread), first thing in a fresh process, median of ${MARK_RUNS}`,
      value: ms1(median(cold.map((m) => m.ms))),
      unit: 'ms',
      target: '≤ 1 s',
    },
  ]
}

async function searchFigures(info: LibraryInfo, dir: string): Promise<ScaleFigure[]> {
  const search = await runTsChild<LibrarySearchFigures>(SEARCH_SCRIPT, ['--child', '--dir', dir])
  const adds = await runTsChild<AddFigures>(SCRIPT, [
    '--child',
    'add100',
    '--dir',
    dir,
    '--articles',
    String(info.params.articles),
  ])
  return [
    {
      key: 'search-cold',
      measure: 'search: cold start → first page (fresh process)',
      value: round(search.coldStartMs, 0),
      unit: 'ms',
      target: '≤ 1 s',
      note: 'search-library.ts: process open, the index loads its segments on the first query',
    },
    {
      key: 'search-p95',
      measure: 'search: first page of 10 with snippets, p95',
      value: ms1(p95(search.firstPage)),
      unit: 'ms',
      target: '≤ 50 ms',
      note: `p50 ${ms1(median(search.firstPage))} ms, ${search.firstPage.length} queries (a tenth Korean)`,
    },
    {
      key: 'search-rss',
      measure: 'search: memory while searching (peak RSS)',
      value: search.rssMB,
      unit: 'MB',
      target: '≤ 1024 MB',
    },
    {
      key: 'search-add100',
      measure: 'search: add 100 articles, persisted (stored + indexed), median',
      value: round(median(adds.ms), 0),
      unit: 'ms',
      target: '≤ 1 s',
      note: `${ADD_RUNS} batches through ArticlesService.put: ${adds.ms.map((m) => round(m, 0)).join(', ')} ms; the last found by search after: ${adds.found === 1 ? 'yes' : 'NO'}`,
    },
  ]
}

async function startupFigures(dir: string): Promise<ScaleFigure[]> {
  const { timeToOutput, timePreview } = await import('../bench-startup')
  const { CLI_BIN, ensureBuilt } = await import('./preview-process')
  ensureBuilt()
  const cliArgs = [CLI_BIN, '--data-dir', dir, 'articles', '--limit', '100', '--json']
  const serveArgs = [CLI_BIN, '--data-dir', dir, 'serve', '--port', '0']
  await timeToOutput(cliArgs) // the page cache warmed, as the startup section does
  const cli: number[] = []
  const preview: number[] = []
  for (let run = 0; run < STARTUP_RUNS; run++) {
    cli.push((await timeToOutput(cliArgs)).ms)
    preview.push((await timePreview(serveArgs, false)).listMs)
  }
  return [
    {
      key: 'startup-cli',
      measure: 'startup: CLI `articles --limit 100`, spawn to list printed, median',
      value: round(median(cli), 0),
      unit: 'ms',
      target: '≤ 1 s',
      note: `the built CLI (bench-startup.ts), ${STARTUP_RUNS} runs after one warming the page cache`,
    },
    {
      key: 'startup-preview',
      measure: "startup: the preview's first list (spawn to 150 rows answered), median",
      value: round(median(preview), 0),
      unit: 'ms',
      target: '≤ 1 s',
    },
  ]
}

async function uiFigures(params: LibraryParams): Promise<ScaleFigure[]> {
  const { runUiBench } = await import('../bench-ui')
  const section = await runUiBench({ library: params, naive: false })
  const pick = (start: string) => section.rows.find((row) => row.measure.startsWith(start))
  const wanted: [string, string, string][] = [
    [
      'ui-first-rows',
      'first rows of the list on screen',
      'UI: first rows on screen after navigation, median',
    ],
    ['ui-scroll', 'scroll ', 'UI: scroll, main-thread work per frame, p95'],
    ['ui-open', 'open an article: click', 'UI: click → the article’s text on screen, median'],
  ]
  return wanted.flatMap(([key, start, measure]) => {
    const row = pick(start)
    return row
      ? [{ key, measure, value: row.value, unit: row.unit, target: row.target, note: row.measure }]
      : []
  })
}

async function syncFigures(params: LibraryParams): Promise<ScaleFigure[]> {
  const { runSyncBench } = await import('../bench-sync')
  const section = await runSyncBench({ feeds: params.feeds, naiveFeeds: 1 })
  const pick = (start: string) => section.rows.find((row) => row.measure.startsWith(start))
  const resync = pick('unchanged resync')
  const open = pick('the reader during a resync')
  const search = pick('the reader during that resync')
  const searchMax = /max ([\d.]+) ms/.exec(search?.note ?? '')?.[1]
  const figures: ScaleFigure[] = []
  if (resync)
    figures.push({
      key: 'sync-unchanged',
      measure: `sync: unchanged resync of ${params.feeds.toLocaleString('en-US')} feeds`,
      value: resync.value,
      unit: resync.unit,
      target: '≤ 5 s',
      note: `bench-sync.ts on its own data dir (${params.feeds} loopback feeds × ${ITEMS} items): ${resync.note ?? ''}`,
    })
  if (open)
    figures.push({
      key: 'sync-reader-open',
      measure: 'the reader during a resync: open an article, p95',
      value: open.value,
      unit: open.unit,
      target: '≤ 5 ms',
    })
  if (search)
    figures.push({
      key: 'sync-reader-search',
      measure: 'the reader during a resync: search first page, p95',
      value: search.value,
      unit: search.unit,
      target: '≤ 50 ms',
      note: `max ${searchMax ?? '?'} ms (target ≤ 100 ms)`,
    })
  return figures
}

function diskFigures(info: LibraryInfo): ScaleFigure[] {
  const total = diskUse(info.dataDir)
  const search = diskUse(join(info.dataDir, 'search'))
  const bodies = diskUse(join(info.dataDir, 'articles', 'bodies'))
  const n = info.params.articles
  return [
    {
      key: 'disk-per-article',
      measure: 'disk per article (bodies, catalog, index, flags), allocated',
      value: round(total.allocated / n / 1024, 2),
      unit: 'KB',
      target: '≤ 8 KB',
      note: `apparent ${round(total.apparent / n / 1024, 2)} KB; bodies ${round(bodies.allocated / n / 1024, 2)} KB, search index ${round(search.allocated / n / 1024, 2)} KB; the filesystem's block per file is in the allocated figure`,
    },
    {
      key: 'disk-files',
      measure: 'files in the data dir',
      value: total.files,
      unit: 'files',
      note: `${round(total.files / n, 2)} per article; bodies ${bodies.files}, search index ${search.files}`,
    },
  ]
}

/** Measures the table on the library of `params` (generated first when missing). */
export async function measureScale(
  params: LibraryParams,
  skip: readonly ScalePart[] = [],
): Promise<ScaleRun> {
  const info = await ensureLibrary(params)
  const n = params.articles.toLocaleString('en-US')
  const figures: ScaleFigure[] = [
    {
      key: 'generate',
      measure: 'generate the library through the real store and index (once, cached)',
      value: round(info.generatedMs / 1000, 0),
      unit: 's',
      target: '≤ 900 s',
      note: `${
        Object.entries(info.generatedPhases ?? {})
          .map(([phase, ms]) => `${phase.replace(/Ms$/, '')} ${round(ms / 1000, 0)} s`)
          .join(', ') || 'phases not recorded'
      } (library-data.ts)`,
    },
  ]
  const skipped = skip.map((part) => `${part}: skipped (--scale-skip)`)
  const dir = workingCopy(info, `scale-${params.articles}`)
  try {
    const parts: [ScalePart, () => Promise<ScaleFigure[]> | ScaleFigure[]][] = [
      ['store', () => storeFigures(info, dir)],
      ['search', () => searchFigures(info, dir)],
      ['startup', () => startupFigures(dir)],
      ['ui', () => uiFigures(params)],
      ['sync', () => syncFigures(params)],
      ['disk', () => diskFigures(info)],
    ]
    for (const [part, measure] of parts) {
      if (skip.includes(part)) continue
      progress(`scale ${n}: ${part}`)
      try {
        figures.push(...(await measure()))
      } catch (error) {
        skipped.push(`${part}: did not finish: ${(error as Error).message.split('\n')[0]}`)
      }
    }
  } finally {
    removeWorkingCopy(dir)
  }
  return { articles: params.articles, feeds: params.feeds, figures, skipped }
}

/**
 * The section: the N library's figures, each beside the 50k library's (the `naive` column here) and the
 * growth ratio N ÷ 50k (the `ratio` column: ×1.0 is a cost independent of library size).
 */
export function scaleSection(run: ScaleRun, base: ScaleRun | null): BenchSection {
  const baseOf = new Map((base?.figures ?? []).map((figure) => [figure.key, figure]))
  const rows: BenchRow[] = run.figures.map((figure) => {
    const other = base && base !== run ? baseOf.get(figure.key) : undefined
    const growth = other && other.value ? figure.value / other.value : undefined
    return {
      measure: figure.measure,
      value: figure.value,
      unit: figure.unit,
      ...(figure.target ? { target: figure.target } : {}),
      ...(other ? { naive: other.value } : {}),
      ...(growth !== undefined ? { ratio: round(growth, 2) } : {}),
      ...(figure.note ? { note: figure.note } : {}),
    }
  })
  // What was not measured, and why, under the first row (a row's value must be a number in the JSON).
  const first = rows[0]
  if (first && run.skipped.length > 0)
    first.note = [first.note, ...run.skipped.map((reason) => `not measured: ${reason}`)]
      .filter(Boolean)
      .join('; ')
  const n = run.articles.toLocaleString('en-US')
  return {
    name:
      base && base !== run
        ? `scale: ${n} articles in ${run.feeds} feeds; "naive" column = the same on ${base.articles.toLocaleString('en-US')} (${base.feeds} feeds) in this run, ratio = growth (${n} ÷ ${base.articles.toLocaleString('en-US')}; ×1.0 = independent of size)`
        : `scale: ${n} articles in ${run.feeds} feeds`,
    rows,
  }
}

/** Reads `--scale-skip` parts; an unknown one is an error naming the parts there are. */
export function scaleParts(names: readonly string[]): ScalePart[] {
  const unknown = names.filter((name) => !SCALE_PARTS.includes(name as ScalePart))
  if (unknown.length > 0)
    throw new Error(`no such scale part: ${unknown.join(', ')} (parts: ${SCALE_PARTS.join(', ')})`)
  return names as ScalePart[]
}

/** The section at N, with the base library (50,000) beside it, measured in the same run (once if N is it). */
export async function runScaleBench(options: {
  articles: number
  skip?: ScalePart[]
  base?: number
}): Promise<BenchSection> {
  const params = libraryParams(options.articles)
  const baseParams = libraryParams(options.base ?? FULL_LIBRARY.articles)
  const run = await measureScale(params, options.skip)
  const base = baseParams === params ? run : await measureScale(baseParams, options.skip)
  return scaleSection(run, base)
}

const CHILD_TASKS: Record<string, (args: string[]) => Promise<unknown>> = {
  add100: childAdd100,
  // One size of --growth, in a fresh process.
  measure: (args) =>
    measureScale(
      libraryParams(Number(argValue(args, 'articles', '0'))),
      scaleParts(argValue(args, 'scale-skip', '').split(',').filter(Boolean)),
    ),
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2)
  const task = CHILD_TASKS[argValue(args, 'child', '')]
  if (task)
    exitOnFailure(
      task(args).then((result) => {
        printResult(result)
        process.exit(0)
      }),
    )
}

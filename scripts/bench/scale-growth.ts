/**
 * `npm run bench -- --growth [--max-articles M]`: the scale rows at every size of GROWTH_SIZES up to M
 * (generating the libraries that are missing: ~13 minutes at 500,000), each size in a fresh process,
 * then the cost-growth chart (docs/images/bench-growth.png, scale-chart.ts) and its figures as JSON beside
 * it (docs/images/bench-growth.json). Returns one section per size, each beside the 50,000 library.
 * `--growth --redraw` draws the chart again from that JSON, measuring nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runTsChild } from './child'
import { FULL_LIBRARY, GENERATOR_HEAP, GROWTH_SIZES } from './library-data'
import type { BenchSection } from './report'
import type { ScalePart, ScaleRun } from './scale'
import { scaleSection } from './scale'
import { renderGrowthChart, type GrowthSeries } from './scale-chart'
import { progress } from './stats'

const SCALE_SCRIPT = fileURLToPath(new URL('./scale.ts', import.meta.url))
export const GROWTH_PNG = resolve('docs/images/bench-growth.png')
export const GROWTH_JSON = resolve('docs/images/bench-growth.json')
/** One size: its generation (≤ 15 minutes at 500,000) and its measures. */
const SIZE_TIMEOUT_MS = 60 * 60_000

const TO_MS: Record<string, number> = { ms: 1, s: 1000 }

/** The chart's names of the rows: what the row measures at every size (the table's name has its counts). */
const CHART_LABELS: Record<string, string> = {
  generate: 'generate the library (once, cached)',
  'open-list': "open the data dir + a folder's newest 100, fresh process",
  'open-article': 'open one article, p95',
  'mark-one': 'mark one read, running app, median',
  'bookmark-one': 'bookmark one, running app, median',
  'mark-all-warm': 'mark all read (a fifth unread), running app',
  'mark-all-cold': 'mark all read (a fifth unread), fresh process',
  'search-cold': 'search: cold start → first page',
  'search-p95': 'search: first page of 10, p95',
  'search-add100': 'search: add 100 articles, persisted',
  'startup-cli': 'startup: CLI articles --limit 100',
  'startup-preview': "startup: the preview's first list",
  'ui-first-rows': 'UI: first rows on screen',
  'ui-scroll': 'UI: scroll, work per frame p95',
  'ui-open': 'UI: click → text',
  'sync-unchanged': 'sync: unchanged resync (feeds grow with the library)',
  'sync-reader-open': 'the reader during a resync: open, p95',
  'sync-reader-search': 'the reader during a resync: search, p95',
}

/** The chart's lines: every row measured in time, by key, in the order of the table. */
export function growthSeries(runs: readonly ScaleRun[]): GrowthSeries[] {
  const series = new Map<string, GrowthSeries>()
  for (const run of runs)
    for (const figure of run.figures) {
      const scale = TO_MS[figure.unit]
      if (scale === undefined || !Number.isFinite(figure.value)) continue
      const line = series.get(figure.key) ?? { name: CHART_LABELS[figure.key] ?? figure.measure, points: [] }
      line.points.push({ articles: run.articles, ms: figure.value * scale })
      series.set(figure.key, line)
    }
  return [...series.values()]
}

export async function runGrowth(options: {
  maxArticles?: number
  skip?: ScalePart[]
  machine?: Record<string, unknown>
}): Promise<BenchSection[]> {
  const sizes = GROWTH_SIZES.filter((n) => n <= (options.maxArticles ?? Number.POSITIVE_INFINITY))
  if (sizes.length === 0) throw new Error(`--max-articles leaves no size of ${GROWTH_SIZES.join(', ')}`)
  const runs: ScaleRun[] = []
  mkdirSync(dirname(GROWTH_PNG), { recursive: true })
  const skip = (options.skip ?? []).join(',')
  for (const articles of sizes) {
    progress(`growth: ${articles.toLocaleString('en-US')} articles`)
    const args = ['--child', 'measure', '--articles', String(articles), '--scale-skip', skip]
    runs.push(
      await runTsChild<ScaleRun>(SCALE_SCRIPT, args, {
        timeoutMs: SIZE_TIMEOUT_MS,
        nodeArgs: GENERATOR_HEAP,
      }),
    )
    // Written after every size: a long run cut short keeps what it measured.
    const machine = options.machine ? { machine: options.machine } : {}
    writeFileSync(GROWTH_JSON, `${JSON.stringify({ ...machine, sizes, runs }, null, 2)}\n`)
  }
  await drawGrowthChart(runs)
  const base = runs.find((run) => run.articles === FULL_LIBRARY.articles) ?? null
  return runs.map((run) => scaleSection(run, base))
}

/** Draws the chart of these runs to GROWTH_PNG (says why not when it cannot). */
export async function drawGrowthChart(runs: readonly ScaleRun[]): Promise<void> {
  const sizes = runs.map((run) => `${run.articles / 1000}k`).join(', ')
  const chart = await renderGrowthChart(growthSeries(runs), GROWTH_PNG, {
    title: `Broadsheet: cost growth with the library (${sizes} articles)`,
  })
  progress(
    chart.written
      ? `growth: chart written to ${GROWTH_PNG}, figures in ${GROWTH_JSON}`
      : `growth: no chart: ${chart.reason}`,
  )
}

/** `--growth --redraw`: the chart again from the figures of the last --growth (bench-growth.json). */
export async function redrawGrowth(): Promise<BenchSection[]> {
  const { runs } = JSON.parse(readFileSync(GROWTH_JSON, 'utf8')) as { runs: ScaleRun[] }
  await drawGrowthChart(runs)
  const base = runs.find((run) => run.articles === FULL_LIBRARY.articles) ?? null
  return runs.map((run) => scaleSection(run, base))
}

/**
 * The search section of `npm run bench`: `npm run bench:search`'s engines over its corpus, each phase in
 * a child process of its own (measureEngine), reported as BenchRows.
 */
import { QUERIES } from '../bench-search-corpus'
import { ENGINES, type EngineName } from '../bench-search-engines'
import { measureEngine, withAgreements, type Row } from '../bench-search'
import type { BenchRow, BenchSection } from './report'

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
 * articles side by side, then Broadsheet at 50,000 against that targets. One naive Lunr index of
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
 * index rebuilt and re-serialized whole on every change (the `naive` column), and with one Lunr index per
 * week and MiniSearch (in the notes), over the same corpus.
 */
export async function runSearchBench(options: SearchBenchOptions = {}): Promise<BenchSection> {
  const rows: BenchRow[] = []
  for (const { size, engines } of PLAN[options.quick ? 'quick' : 'full']) {
    const measured: Row[] = []
    for (const engine of engines) {
      process.stderr.write(`  search: ${engine}, ${size.toLocaleString('en-US')} articles…\n`)
      measured.push(await measureEngine(engine, size))
    }
    rows.push(...searchRows(size, new Map(withAgreements(measured).map((row) => [row.engine, row]))))
  }
  return {
    name: "search: the search issue's benchmark (English ~600 words, every tenth Korean); naive: one Lunr index rebuilt whole on change; one Lunr index per week and MiniSearch in the notes",
    rows,
  }
}

/** The engines in a row's notes, as they are named there. */
const NOTED: readonly [EngineName, string][] = [
  ['lunr-weekly', 'Lunr per week'],
  ['minisearch', 'MiniSearch'],
]

/** One size's rows: Broadsheet's figures, the naive Lunr index's beside them, the others' in the notes. */
function searchRows(size: number, measured: ReadonlyMap<EngineName, Row>): BenchRow[] {
  const ours = measured.get('broadsheet') as Row
  const naive = measured.get('lunr-naive')
  const noted = NOTED.flatMap(([engine, name]) => {
    const row = measured.get(engine)
    return row ? [{ name, row }] : []
  })
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
    const notes = [
      ...noted.flatMap(({ name, row: theirs }) => {
        const their = figure(theirs[key], scale)
        if (their === undefined) return []
        const ratio = value ? ` (×${(their / value).toFixed(their >= 10 * value ? 1 : 2)})` : ''
        return [`${name} ${their} ${unit}${ratio}`]
      }),
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
          `the others not run at ${n} here: one naive Lunr index runs out of Node's heap near 36,000 (the search issue), MiniSearch takes minutes; npm run bench:search runs them`,
        ]),
  ]
  const shares = noted.flatMap(({ name, row: theirs }) =>
    typeof theirs.top10Agreement === 'number' ? [`${name} ${Math.round(theirs.top10Agreement * 100)} %`] : [],
  )
  const agreement =
    shares.length > 0 ? `; top 10 shared with one Lunr index's, per query: ${shares.join(', ')}` : ''
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
        : `${naive || noted.length > 0 ? 'the other engines make no snippets: ' : ''}Broadsheet without snippets p50 ${ours.queryNoSnippetsP50Ms} ms${agreement}`,
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

/**
 * The shape every benchmark section reports in, and the table and JSON `npm run bench` prints.
 *
 * A row is one figure (`value` in `unit`), optionally with its target (`"≤ 200 ms"`, `"≥ 10"`; the unit
 * may be left out when it is the row's) and the same thing measured the naive way in the same run.
 * `ratio` is naive ÷ value: above 1 means Broadsheet is that many times better on a lower-is-better figure.
 */
export interface BenchRow {
  measure: string
  value: number
  unit: string
  target?: string
  naive?: number
  ratio?: number
  note?: string
}

export interface BenchSection {
  name: string
  rows: BenchRow[]
}

const UNIT_SCALE: Record<string, number> = { ms: 1, s: 1000, B: 1, KB: 1024, MB: 1024 * 1024 }

/**
 * Whether the row meets its target: true, false, or undefined when it has none (or one this cannot read).
 * Targets read `≤ 200 ms`, `<= 1 s`, `< 16 ms`, `≥ 10`, `>= 0.9`, `> 1`; a target in s or KB is converted
 * to a row in ms or B (and the other way round).
 */
export function targetMet(row: BenchRow): boolean | undefined {
  if (!row.target || !Number.isFinite(row.value)) return undefined
  const match = /^\s*(≤|<=|<|≥|>=|>)\s*([\d.,_]+)\s*([A-Za-z%/]*)/.exec(row.target)
  if (!match) return undefined
  let bound = Number((match[2] as string).replace(/[,_]/g, ''))
  const unit = match[3] || row.unit
  if (unit !== row.unit) {
    const from = UNIT_SCALE[unit]
    const to = UNIT_SCALE[row.unit]
    if (from === undefined || to === undefined) return undefined
    bound = (bound * from) / to
  }
  switch (match[1]) {
    case '≤':
    case '<=':
      return row.value <= bound
    case '<':
      return row.value < bound
    case '≥':
    case '>=':
      return row.value >= bound
    default:
      return row.value > bound
  }
}

/** naive ÷ value, when both are there and the value is not 0. */
export function ratioOf(row: BenchRow): number | undefined {
  if (row.ratio !== undefined) return row.ratio
  if (row.naive === undefined || !Number.isFinite(row.naive) || !row.value) return undefined
  return row.naive / row.value
}

function formatNumber(value: number | undefined): string {
  if (value === undefined) return ''
  if (!Number.isFinite(value)) return String(value)
  const abs = Math.abs(value)
  const digits = abs >= 100 || Number.isInteger(value) ? 0 : abs >= 10 ? 1 : 2
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined) return ''
  return `×${ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}`
}

const HEADER = ['measure', 'value', 'unit', 'target', 'met', 'naive', 'ratio'] as const
/** Right-aligned columns (numbers). */
const RIGHT = new Set([1, 5, 6])

/** Prints the sections as one aligned table, notes under their section; `write` defaults to stdout. */
export function printTable(
  sections: BenchSection[],
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): void {
  const cells = sections.map((section) =>
    section.rows.map((row) => {
      const met = targetMet(row)
      return [
        row.measure,
        formatNumber(row.value),
        row.unit,
        row.target ?? '',
        met === undefined ? '—' : met ? 'yes' : 'NO',
        formatNumber(row.naive),
        formatRatio(ratioOf(row)),
      ]
    }),
  )
  const widths = HEADER.map((title, i) =>
    Math.max(title.length, ...cells.flat().map((line) => (line[i] as string).length)),
  )
  const line = (values: readonly string[]): string =>
    values
      .map((value, i) =>
        RIGHT.has(i) ? value.padStart(widths[i] as number) : value.padEnd(widths[i] as number),
      )
      .join('  ')
      .trimEnd()
  const rule = '-'.repeat(widths.reduce((sum, width) => sum + width + 2, -2))
  write(line(HEADER))
  sections.forEach((section, s) => {
    write(rule)
    write(`[${section.name}]`)
    for (const values of cells[s] as string[][]) write(line(values))
    const notes = section.rows.filter((row) => row.note)
    for (const row of notes) write(`    ${row.measure}: ${row.note}`)
  })
  write(rule)
  const all = sections.flatMap((section) => section.rows)
  const judged = all.map(targetMet).filter((met) => met !== undefined)
  write(
    `targets met: ${judged.filter(Boolean).length} of ${judged.length}; ratio = naive ÷ value (above 1: Broadsheet is better)`,
  )
}

/** The sections as JSON, each row with its `met` and `ratio` filled in. */
export function toJson(sections: BenchSection[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      ...extra,
      sections: sections.map((section) => ({
        name: section.name,
        rows: section.rows.map((row) => ({ ...row, ratio: ratioOf(row), met: targetMet(row) })),
      })),
    },
    null,
    2,
  )
}

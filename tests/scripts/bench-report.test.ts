import { describe, expect, it } from 'vitest'
import { printTable, ratioOf, targetMet, toJson, type BenchRow } from '../../scripts/bench/report'

const row = (value: number, unit: string, target?: string): BenchRow => ({
  measure: 'm',
  value,
  unit,
  ...(target ? { target } : {}),
})

describe('npm run bench: targets', () => {
  it('reads upper and lower bounds, in the row’s unit or another one', () => {
    expect(targetMet(row(199, 'ms', '≤ 200 ms'))).toBe(true)
    expect(targetMet(row(201, 'ms', '≤ 200 ms'))).toBe(false)
    expect(targetMet(row(200, 'ms', '< 200 ms'))).toBe(false)
    // A target in seconds for a row in ms, and the other way round.
    expect(targetMet(row(999, 'ms', '≤ 1 s'))).toBe(true)
    expect(targetMet(row(1001, 'ms', '≤ 1 s'))).toBe(false)
    expect(targetMet(row(0.9, 's', '<= 1000 ms'))).toBe(true)
    expect(targetMet(row(1025, 'MB', '≤ 1024 MB'))).toBe(false)
    // Percentages (the search issue's recall and precision) are lower bounds.
    expect(targetMet(row(98.3, '%', '≥ 98 %'))).toBe(true)
    expect(targetMet(row(97.9, '%', '≥ 98 %'))).toBe(false)
    expect(targetMet(row(95, '%', '>= 95%'))).toBe(true)
  })

  it('judges nothing it cannot read: no target, a figure that did not come, units that do not convert', () => {
    expect(targetMet(row(5, 'ms'))).toBeUndefined()
    expect(targetMet(row(Number.NaN, 'ms', '≤ 200 ms'))).toBeUndefined()
    expect(targetMet(row(5, 'nodes', '≤ 1 s'))).toBeUndefined()
    expect(targetMet(row(5, 'ms', 'fast'))).toBeUndefined()
  })

  it('gives the ratio naive ÷ value, and none without both', () => {
    expect(ratioOf({ ...row(50, 'ms'), naive: 500 })).toBe(10)
    expect(ratioOf(row(50, 'ms'))).toBeUndefined()
    expect(ratioOf({ ...row(0, 'ms'), naive: 500 })).toBeUndefined()
  })

  it('prints a table that counts the targets met, and JSON with met and ratio filled in', () => {
    const sections = [
      {
        name: 'one',
        rows: [
          { ...row(80, 'ms', '≤ 200 ms'), naive: 2000, note: 'a note' },
          row(1.2, 's', '≤ 1 s'),
          row(3, 'MB'),
        ],
      },
    ]
    const lines: string[] = []
    printTable(sections, (line) => lines.push(line))
    expect(lines.at(-1)).toMatch(/^targets met: 1 of 2;/)
    expect(lines.some((line) => /\bNO\b/.test(line) && line.includes('1.20'))).toBe(true)
    expect(lines.some((line) => line.includes('×25.0'))).toBe(true)
    expect(lines).toContain('    m: a note')
    const json = JSON.parse(toJson(sections, { machine: { cpus: 2 } })) as {
      machine: { cpus: number }
      sections: { rows: { met?: boolean; ratio?: number }[] }[]
    }
    expect(json.machine.cpus).toBe(2)
    expect(json.sections[0]?.rows.map((r) => [r.met, r.ratio])).toEqual([
      [true, 25],
      [false, undefined],
      [undefined, undefined],
    ])
  })
})

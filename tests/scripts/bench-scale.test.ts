import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { FULL_LIBRARY, GROWTH_SIZES, libraryParams, QUICK_LIBRARY } from '../../scripts/bench/library-data'
import { targetMet } from '../../scripts/bench/report'
import { scaleParts, scaleSection, type ScaleRun } from '../../scripts/bench/scale'
import { growthSeries } from '../../scripts/bench/scale-growth'

const run = (articles: number, values: Record<string, number>): ScaleRun => ({
  articles,
  feeds: libraryParams(articles).feeds,
  figures: [
    {
      key: 'open-article',
      measure: 'open one article, p95',
      value: values.open ?? 1,
      unit: 'ms',
      target: '≤ 5 ms',
    },
    { key: 'generate', measure: 'generate', value: values.generate ?? 60, unit: 's', target: '≤ 900 s' },
    { key: 'disk-per-article', measure: 'disk per article', value: 9, unit: 'KB', target: '≤ 8 KB' },
  ],
  skipped: values.skip ? ['ui: did not finish: no Chromium'] : [],
})

describe('npm run bench -- --articles N: the libraries', () => {
  it('grows the feeds with the library as issue 22 says, and keeps the 50,000 and quick libraries as they were', () => {
    expect(libraryParams(50_000)).toBe(FULL_LIBRARY)
    expect(libraryParams(5_000)).toBe(QUICK_LIBRARY)
    expect(libraryParams(500_000)).toEqual({ articles: 500_000, feeds: 2_000 })
    expect(GROWTH_SIZES.map((n) => libraryParams(n).feeds)).toEqual([190, 500, 760, 1_320, 2_000])
  })

  it('refuses a size that is not a whole number of at least 1,000, saying so', () => {
    for (const bad of [Number.NaN, 999, 12_000.5, -5])
      expect(() => libraryParams(bad)).toThrow(/--articles must be a whole number of at least 1000/)
    expect(() => scaleParts(['store', 'sink'])).toThrow('no such scale part: sink (parts: store, search')
  })

  it('npm run bench says a wrong size in one line, before building or generating anything', () => {
    for (const [args, said] of [
      [['--articles', '12x'], 'bench: --articles must be a whole number of at least 1000, not 12x\n'],
      [
        ['--growth', '--max-articles', 'all'],
        'bench: --max-articles must be a number of articles, not all\n',
      ],
    ] as const) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', ...args], {
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect(run.stderr).toBe(said)
      expect(run.status).toBe(2)
    }
  }, 120_000)
})

describe('the scale section', () => {
  it('puts the 50,000 figure beside each row and the growth ratio N ÷ 50,000', () => {
    const section = scaleSection(
      run(500_000, { open: 3, generate: 600 }),
      run(50_000, { open: 1.5, generate: 50 }),
    )
    expect(section.name).toContain('500,000 articles in 2000 feeds')
    const open = section.rows.find((row) => row.measure === 'open one article, p95')
    expect(open).toMatchObject({ value: 3, naive: 1.5, ratio: 2 })
    expect(targetMet(open!)).toBe(true)
    expect(targetMet(section.rows.find((row) => row.measure === 'disk per article')!)).toBe(false)
  })

  it('has no column to compare with when N is 50,000, and says what was not measured', () => {
    const alone = run(50_000, { skip: 1 })
    const section = scaleSection(alone, alone)
    expect(section.rows.every((row) => row.naive === undefined && row.ratio === undefined)).toBe(true)
    expect(section.rows[0]?.note).toContain('not measured: ui: did not finish: no Chromium')
  })

  it('charts the timed rows only, in ms, one point per size, under names true at every size', () => {
    const series = growthSeries([
      run(10_000, { open: 1, generate: 9 }),
      run(50_000, { open: 1.2, generate: 50 }),
    ])
    expect(series.map((s) => s.name)).toEqual([
      'open one article, p95',
      'generate the library (once, cached)',
    ])
    expect(series[1]?.points).toEqual([
      { articles: 10_000, ms: 9_000 },
      { articles: 50_000, ms: 50_000 },
    ])
  })
})

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CHROMIUM, renderGrowthChart, type GrowthSeries } from '../../scripts/bench/scale-chart'

const dir = mkdtempSync(join(tmpdir(), 'bench-chart-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Made-up figures: one row flat, one growing with the library, one in seconds' range.
const series: GrowthSeries[] = [
  {
    name: 'open one article, p95',
    points: [10_000, 50_000, 500_000].map((articles) => ({ articles, ms: 1.2 })),
  },
  {
    name: 'mark all read, fresh process',
    points: [10_000, 50_000, 500_000].map((articles) => ({ articles, ms: articles / 500 })),
  },
  {
    name: 'generate the library',
    points: [
      { articles: 10_000, ms: 9_000 },
      { articles: 50_000, ms: 49_000 },
    ],
  },
  { name: 'never measured', points: [] },
]

const hasChromium = existsSync(CHROMIUM)
if (!hasChromium)
  console.warn(`bench-scale-chart: the PNG test is skipped: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`)

describe('npm run bench -- --growth: the cost-growth chart', () => {
  it.runIf(hasChromium)('writes a PNG with every measured row on its legend and a line each', async () => {
    const file = process.env.KEEP_CHART ?? join(dir, 'growth.png')
    const result = await renderGrowthChart(series, file)
    expect(result.written).toBe(true)
    const png = readFileSync(file)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    // Width and height from the IHDR chunk: the whole chart, not an empty box.
    expect(png.readUInt32BE(16)).toBeGreaterThan(1000)
    expect(png.readUInt32BE(20)).toBeGreaterThan(500)
    expect(result.legend).toEqual([
      'open one article, p95',
      'mark all read, fresh process',
      'generate the library',
    ])
    expect(result.svg.match(/class="ct-series [^"]*row-\d/g)).toHaveLength(3)
    // The x axis reads library sizes, the y axis times.
    expect(result.svg).toContain('500k')
    expect(result.svg).toContain('1 s')
  })

  it('writes nothing and says why when Chromium is missing', async () => {
    const file = join(dir, 'none.png')
    const result = await renderGrowthChart(series, file, { chromium: join(dir, 'no-chromium') })
    expect(result).toMatchObject({ written: false, reason: expect.stringContaining('no Chromium at') })
    expect(existsSync(file)).toBe(false)
  })
})

/**
 * The cost-growth chart of `npm run bench -- --growth`: the time of each scale row against the library's
 * size, both axes logarithmic, drawn as SVG by Chartist (a small maintained chart library, no
 * dependencies) in the Chromium the UI benchmark and the e2e tests already use (through playwright-core),
 * and written as a PNG screenshot of it. Nothing is fetched: the page is set from memory and every
 * request out of it is refused.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** One row of the table: its time at each library size measured. */
export interface GrowthSeries {
  name: string
  /** ms (figures in s are converted by the caller). */
  points: { articles: number; ms: number }[]
}

export interface ChartResult {
  /** false when Chromium is missing (reason says so); nothing is written then. */
  written: boolean
  reason?: string
  /** The series names as they are on the rendered chart's legend (read back from the page). */
  legend: string[]
  /** The chart's SVG markup, as Chartist drew it. */
  svg: string
}

/** Distinct colours and dashes, so 20 lines stay apart in print too. */
const COLOURS = [
  '#1b6ca8',
  '#d1495b',
  '#2e933c',
  '#edae49',
  '#6a4c93',
  '#00798c',
  '#8c564b',
  '#e377c2',
  '#555555',
  '#bcbd22',
]
const DASHES = ['', '6 4', '2 3']

const require = createRequire(import.meta.url)

function chartistFiles(): { script: string; css: string } {
  return {
    script: readFileSync(require.resolve('chartist/dist/index.umd.js'), 'utf8'),
    css: readFileSync(require.resolve('chartist/dist/index.css'), 'utf8'),
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const formatSize = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n))
const formatMs = (ms: number) => (ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`)

/** The page: Chartist's CSS and script inline, the legend as HTML, the series' styles per class. */
function pageHtml(series: GrowthSeries[], title: string): string {
  const { css } = chartistFiles()
  const styles = series
    .map((_, i) => {
      const colour = COLOURS[i % COLOURS.length] as string
      const dash = DASHES[Math.floor(i / COLOURS.length) % DASHES.length] as string
      return `.row-${i} .ct-line, .row-${i} .ct-point { stroke: ${colour}; ${dash ? `stroke-dasharray: ${dash};` : ''} }
.legend .row-${i} i { border-top: 3px ${dash ? 'dashed' : 'solid'} ${colour}; }`
    })
    .join('\n')
  const legend = series
    .map((s, i) => `<li class="row-${i}"><i></i><span class="name">${escapeHtml(s.name)}</span></li>`)
    .join('')
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #fff; font: 13px system-ui, sans-serif; color: #222; }
#root { width: 1200px; padding: 16px 20px; box-sizing: border-box; }
h1 { font-size: 17px; margin: 0 0 4px; } p { margin: 0 0 8px; color: #555; }
#chart { height: 560px; }
.ct-line { stroke-width: 2px; } .ct-point { stroke-width: 7px; }
.ct-label { font-size: 12px; color: #444; }
.legend { display: grid; grid-template-columns: 1fr 1fr; column-gap: 24px; list-style: none; padding: 0; margin: 8px 0 0; font-size: 12.5px; }
.legend li { break-inside: avoid; margin: 2px 0; } .legend i { display: inline-block; width: 26px; margin-right: 6px; vertical-align: middle; }
${styles}</style></head><body><div id="root"><h1>${escapeHtml(title)}</h1>
<p>Time of each row against the library's size (both axes logarithmic; a flat line is a cost independent of size).</p>
<div id="chart"></div><ul class="legend">${legend}</ul></div></body></html>`
}

/**
 * Renders the chart of `series` to `file` (PNG). Skips, saying why, when Chromium is not there.
 */
export async function renderGrowthChart(
  series: GrowthSeries[],
  file: string,
  options: { title?: string; chromium?: string } = {},
): Promise<ChartResult> {
  const executablePath = options.chromium ?? CHROMIUM
  const title = options.title ?? 'Broadsheet: cost growth with the library'
  if (!existsSync(executablePath))
    return {
      written: false,
      reason: `no Chromium at ${executablePath} (set CHROMIUM_PATH)`,
      legend: [],
      svg: '',
    }
  const drawn = series.filter((s) => s.points.some((p) => p.ms > 0))
  const sizes = [...new Set(drawn.flatMap((s) => s.points.map((p) => p.articles)))].sort((a, b) => a - b)
  const values = drawn.flatMap((s) => s.points.map((p) => p.ms)).filter((ms) => ms > 0)
  const low = Math.floor(Math.log10(Math.min(...values, 1)))
  const high = Math.ceil(Math.log10(Math.max(...values, 10)))
  const data = {
    series: drawn.map((s, i) => ({
      name: s.name,
      className: `row-${i}`,
      data: s.points.filter((p) => p.ms > 0).map((p) => ({ x: Math.log10(p.articles), y: Math.log10(p.ms) })),
    })),
  }
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] })
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 })
    await page.route('**/*', (route) => route.abort())
    await page.setContent(pageHtml(drawn, title))
    await page.addScriptTag({ content: chartistFiles().script })
    const setup = {
      data,
      xTicks: sizes.map((n) => Math.log10(n)),
      xLabels: Object.fromEntries(sizes.map((n) => [String(Math.log10(n)), formatSize(n)])),
      yTicks: Array.from({ length: high - low + 1 }, (_, i) => low + i),
      yLabels: Object.fromEntries(
        Array.from({ length: high - low + 1 }, (_, i) => [String(low + i), formatMs(10 ** (low + i))]),
      ),
      low,
      high,
    }
    await page.evaluate(`(() => {
      const s = ${JSON.stringify(setup)};
      const C = window.Chartist;
      window.__chart = new C.LineChart('#chart', s.data, {
        showArea: false, lineSmooth: false, fullWidth: true,
        chartPadding: { top: 20, right: 30, bottom: 10, left: 20 },
        axisX: { type: C.FixedScaleAxis, ticks: s.xTicks, low: s.xTicks[0], high: s.xTicks[s.xTicks.length - 1],
          labelInterpolationFnc: (v) => s.xLabels[String(v)] ?? '' },
        axisY: { type: C.FixedScaleAxis, ticks: s.yTicks, low: s.low, high: s.high, offset: 60,
          labelInterpolationFnc: (v) => s.yLabels[String(v)] ?? '' },
      });
    })()`)
    await page.waitForSelector('#chart svg .ct-line', { state: 'attached', timeout: 10_000 })
    mkdirSync(dirname(file), { recursive: true })
    await page.locator('#root').screenshot({ path: file })
    const legend = await page.locator('.legend .name').allTextContents()
    const svg = await page.locator('#chart svg').evaluate((node) => node.outerHTML)
    return { written: true, legend, svg }
  } finally {
    await browser.close()
  }
}

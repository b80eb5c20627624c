// Over 300 lines: one section of `npm run bench`, each UI measure beside the naive page it is held against.
/**
 * The UI benchmark (part of `npm run bench`; alone: `tsx scripts/bench-ui.ts [--quick] [--json]
 * [--trace DIR]`): the real reader in Chromium (Debian's, CHROMIUM_PATH or /usr/bin/chromium, through
 * playwright-core) against the browser preview (`broadsheet serve`, built; only 127.0.0.1) over the
 * generated library:
 *
 * - first contentful paint, and the first rows of the list on screen (fresh browser context each load);
 * - scrolling the list through 5,000 rows, a fixed distance every animation frame, while it loads pages
 *   of 150: frame intervals (requestAnimationFrame timestamps), main-thread work per frame (a Chromium
 *   performance trace), long animation frames;
 * - opening an article: click a row → its title and text in the reader (median of 20), at the next
 *   animation frame as before, and (in the note) once that frame's style, layout and paint are done:
 *   the animation frame callback runs before them, so it is the earlier bound of "on screen";
 * - search: from the last keystroke to the result rows (the renderer runs one search at a time, so the
 *   last keystroke may first wait for the search of an earlier one; that is included);
 *
 * side by side with the naive list: every row in the document at once (no virtualization), scrolled the
 * same way.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { exitOnFailure, reportSection } from './bench/child'
import {
  ensureLibrary,
  FULL_LIBRARY,
  QUICK_LIBRARY,
  removeWorkingCopy,
  workingCopy,
  type LibraryParams,
} from './bench/library-data'
import { CLI_BIN, ensureBuilt, startServer, type RunningServer } from './bench/preview-process'
import type { BenchSection } from './bench/report'
import { argValue, median, percentile, progress, round } from './bench/stats'
import { PAGE_SCRIPT } from './bench/ui-page-script'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
]
const VIEWPORT = { width: 1280, height: 800 }
const ROW_HEIGHT = 84
/** Five rows a frame: a fast fling (about 25,000 px/s at 60 Hz). */
const PX_PER_FRAME = 5 * ROW_HEIGHT
const LOADS = 3
const OPENS = 20
const QUERIES = [
  'government',
  'climate change',
  'election results',
  'football match',
  'central bank inflation',
  'north korea',
  'energy prices',
  'hospital doctors',
  'film festival',
  'university students',
]
const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'blink.user_timing']

interface ScrollResult {
  stamps: number[]
  startedAt: number
  rowsScrolled: number
  stalls: number
  elementsInList: number
  loafCount: number
  loafMax: number
}

interface FrameFigures {
  intervalP50: number
  intervalP95: number
  intervalMax: number
  /** Frames that took longer than 1.5 frames of 60 Hz. */
  dropped: number
  frames: number
  workP50?: number
  workP95?: number
  workMax?: number
  cpuP50?: number
  cpuP95?: number
  rowsScrolled: number
  stalls: number
  elementsInList: number
  loafCount: number
  loafMax: number
  heapMB: number
}

interface TraceEvent {
  name: string
  cat: string
  ph: string
  ts: number
  dur?: number
  /** The thread's own time in the event (CPU): below `dur` when the machine's other work took the core. */
  tdur?: number
  pid: number
  tid: number
  args?: { name?: string }
}

/**
 * Main-thread busy time per animation frame from a Chromium trace: the union of top-level tasks on the
 * renderer's main thread, cut at each FireAnimationFrame between the benchmark's start and end marks.
 */
function workPerFrame(trace: { traceEvents: TraceEvent[] }): { wall: number[]; cpu: number[] } {
  const events = trace.traceEvents
  const mark = events.find((e) => e.name === 'bench-scroll-start')
  const end = events.find((e) => e.name === 'bench-scroll-end')
  if (!mark || !end) return { wall: [], cpu: [] }
  const onMain = (e: TraceEvent) => e.pid === mark.pid && e.tid === mark.tid
  const frames = events
    .filter((e) => onMain(e) && e.name === 'FireAnimationFrame' && e.ts >= mark.ts && e.ts <= end.ts)
    .map((e) => e.ts)
    .sort((a, b) => a - b)
  const topLevel = events
    .filter((e) => onMain(e) && e.ph === 'X' && e.cat.includes('toplevel') && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts)
  const tasks = topLevel.map((e) => [e.ts, e.ts + (e.dur as number)] as [number, number])
  const union: [number, number][] = []
  for (const task of tasks) {
    const last = union.at(-1)
    if (last && task[0] <= last[1]) last[1] = Math.max(last[1], task[1])
    else union.push([...task])
  }
  const work: number[] = []
  let t = 0
  for (let f = 0; f + 1 < frames.length; f++) {
    const from = frames[f] as number
    const to = frames[f + 1] as number
    while (t < union.length && (union[t] as [number, number])[1] <= from) t++
    let busy = 0
    for (let k = t; k < union.length && (union[k] as [number, number])[0] < to; k++) {
      const [a, b] = union[k] as [number, number]
      busy += Math.max(0, Math.min(b, to) - Math.max(a, from))
    }
    work.push(busy / 1000)
  }
  return { wall: work, cpu: cpuPerFrame(frames, topLevel) }
}

/**
 * The main thread's CPU time per animation frame: each top-level task's thread time, shared among the
 * frames it overlaps in proportion. Unlike the busy time it leaves out the time the thread waited for a
 * core that other processes held (a loaded machine stretches a task's duration, not its thread time).
 */
function cpuPerFrame(frames: number[], topLevel: TraceEvent[]): number[] {
  const cpu: number[] = []
  let t = 0
  for (let f = 0; f + 1 < frames.length; f++) {
    const from = frames[f] as number
    const to = frames[f + 1] as number
    // Tasks are sorted by start and never overlap one another on one thread.
    while (
      t < topLevel.length &&
      (topLevel[t] as TraceEvent).ts + ((topLevel[t] as TraceEvent).dur ?? 0) <= from
    )
      t++
    let used = 0
    for (let k = t; k < topLevel.length && (topLevel[k] as TraceEvent).ts < to; k++) {
      const task = topLevel[k] as TraceEvent
      const dur = task.dur ?? 0
      const overlap = Math.max(0, Math.min(task.ts + dur, to) - Math.max(task.ts, from))
      if (dur > 0) used += ((task.tdur ?? dur) * overlap) / dur
    }
    cpu.push(used / 1000)
  }
  return cpu
}

async function scrollTest(
  browser: Browser,
  page: Page,
  selector: string,
  rows: number,
  traceFile: string | null,
): Promise<FrameFigures> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES, screenshots: false })
  let result: ScrollResult
  let trace: Buffer
  try {
    result = (await page.evaluate(
      `window.__bench.scroll(${JSON.stringify(selector)}, ${JSON.stringify({ rows, rowHeight: ROW_HEIGHT, pxPerFrame: PX_PER_FRAME, maxMs: 90_000 })})`,
    )) as ScrollResult
  } finally {
    trace = await browser.stopTracing()
  }
  if (traceFile) writeFileSync(traceFile, trace)
  const { wall: work, cpu } = workPerFrame(
    JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] },
  )
  const intervals = result.stamps.slice(1).map((stamp, i) => stamp - (result.stamps[i] as number))
  const heap = (await page.evaluate(
    '(performance.memory && performance.memory.usedJSHeapSize) || 0',
  )) as number
  return {
    intervalP50: percentile(intervals, 50),
    intervalP95: percentile(intervals, 95),
    intervalMax: Math.max(...intervals),
    dropped: intervals.filter((ms) => ms > 25).length,
    frames: intervals.length,
    ...(work.length > 0
      ? {
          workP50: percentile(work, 50),
          workP95: percentile(work, 95),
          workMax: Math.max(...work),
          cpuP50: percentile(cpu, 50),
          cpuP95: percentile(cpu, 95),
        }
      : {}),
    rowsScrolled: result.rowsScrolled,
    stalls: result.stalls,
    elementsInList: result.elementsInList,
    loafCount: result.loafCount,
    loafMax: result.loafMax,
    heapMB: heap / 2 ** 20,
  }
}

/** What the page script adds to window. */
interface BenchWindow {
  __bench?: { firstRowFrameAt: number | null }
}

interface LoadFigures {
  fcp: number
  firstRows: number
}

async function loadReader(
  browser: Browser,
  server: RunningServer,
): Promise<{ context: BrowserContext; page: Page; load: LoadFigures }> {
  const context = await browser.newContext({ viewport: VIEWPORT })
  // Nothing but the preview: any other address is refused before it leaves the browser.
  await context.route(
    (url) => url.origin !== server.origin,
    (route) => route.abort(),
  )
  await context.addInitScript({ content: PAGE_SCRIPT })
  const page = await context.newPage()
  page.on('pageerror', (error) => progress(`page error: ${error.message}`))
  await page.goto(server.url)
  // A function, not a string: the reader's CSP forbids eval, which a string predicate needs.
  await page.waitForFunction(() => (globalThis as BenchWindow).__bench?.firstRowFrameAt != null, undefined, {
    timeout: 60_000,
  })
  const load = (await page.evaluate(`({
    fcp: (performance.getEntriesByName('first-contentful-paint')[0] || { startTime: NaN }).startTime,
    firstRows: window.__bench.firstRowFrameAt,
  })`)) as LoadFigures
  return { context, page, load }
}

async function waitListIdle(page: Page): Promise<void> {
  await page.locator('.list-count').waitFor({ state: 'detached', timeout: 30_000 })
  await page
    .locator('[role="listbox"][aria-busy="false"] [role="option"]')
    .first()
    .waitFor({ timeout: 30_000 })
}

async function searchTimes(
  page: Page,
): Promise<{ dom: number[]; frame: number[]; painted: number[]; started: number[]; server: number[] }> {
  const started: number[] = []
  const server: number[] = []
  const dom: number[] = []
  const frame: number[] = []
  const painted: number[] = []
  const input = page.locator('input[type="search"]')
  for (const query of QUERIES) {
    await input.click()
    await input.fill('')
    await waitListIdle(page)
    await page.evaluate('window.__bench.watchList()')
    // Fast typing (faster than a search answers, so the last key usually finds one running), though a
    // loaded machine may pause longer.
    await page.keyboard.type(query, { delay: 15 })
    const found = (await page.evaluate(`window.__bench.resultsAfterLastKey(${JSON.stringify(query)})`)) as {
      domMs: number
      frameMs: number
      paintedMs: number
      startedMs: number
      serverMs: number
      rows: number
      count: string
    }
    if (found.rows === 0) throw new Error(`no result rows for ${query}: ${JSON.stringify(found)}`)
    dom.push(found.domMs)
    frame.push(found.frameMs)
    painted.push(found.paintedMs)
    started.push(found.startedMs)
    server.push(found.serverMs)
    await page.keyboard.press('Escape')
  }
  await waitListIdle(page)
  return { dom, frame, painted, started, server }
}

export interface UiBenchOptions {
  quick?: boolean
  /** Keep the Chromium traces of the two scroll tests here (open them in chrome://tracing or Perfetto). */
  traceDir?: string
  /** Another generated library than the section's own (the scale section's N). */
  library?: LibraryParams
  /** false: leave out the naive list (its figures NaN), which cannot hold a library far above 50,000. */
  naive?: boolean
}

/** The naive list's figures when it is left out. */
const NOT_MEASURED: FrameFigures = {
  intervalP50: Number.NaN,
  intervalP95: Number.NaN,
  intervalMax: Number.NaN,
  dropped: 0,
  frames: 0,
  rowsScrolled: 0,
  stalls: 0,
  elementsInList: Number.NaN,
  loafCount: 0,
  loafMax: Number.NaN,
  heapMB: Number.NaN,
}

export async function runUiBench(options: UiBenchOptions = {}): Promise<BenchSection> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`)
  ensureBuilt()
  const params = options.library ?? (options.quick ? QUICK_LIBRARY : FULL_LIBRARY)
  const scrollRows = Math.min(params.articles - 20, 5_000)
  const info = await ensureLibrary(params)
  const dir = workingCopy(info, 'ui')
  if (options.traceDir) mkdirSync(options.traceDir, { recursive: true })
  const server = await startServer([CLI_BIN, '--data-dir', dir, 'serve', '--port', '0'])
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS })
  try {
    progress(`ui: ${LOADS} page loads`)
    const loads: LoadFigures[] = []
    let reader: { context: BrowserContext; page: Page } | null = null
    for (let n = 0; n < LOADS; n++) {
      const loaded = await loadReader(browser, server)
      loads.push(loaded.load)
      if (reader) await reader.context.close()
      reader = loaded
    }
    const page = (reader as { page: Page }).page

    progress(`ui: opening ${OPENS} articles`)
    const opens: { domMs: number; frameMs: number; paintedMs: number }[] = []
    for (let n = 0; n < OPENS; n++)
      opens.push(
        (await page.evaluate(`window.__bench.openArticle(${2 + n * 3})`)) as {
          domMs: number
          frameMs: number
          paintedMs: number
        },
      )

    progress(`ui: ${QUERIES.length} searches`)
    const search = await searchTimes(page)

    progress(`ui: scrolling ${scrollRows} rows`)
    const ours = await scrollTest(
      browser,
      page,
      '[role="listbox"]',
      scrollRows,
      options.traceDir ? join(options.traceDir, 'scroll-virtualized.json') : null,
    )
    const loafSupported = (await page.evaluate('window.__bench.loafSupported')) as boolean
    await (reader as { context: BrowserContext }).context.close()

    let render = { buildMs: Number.NaN, paintedMs: Number.NaN }
    let naive = NOT_MEASURED
    if (options.naive !== false) {
      progress(`ui: the naive list (${params.articles} rows in the document)`)
      const naiveReader = await loadReader(browser, server)
      const items = (await naiveReader.page.evaluate('window.__bench.fetchAll()')) as unknown[]
      render = (await naiveReader.page.evaluate(
        `window.__bench.renderNaiveList(${JSON.stringify(items)})`,
      )) as { buildMs: number; paintedMs: number }
      naive = await scrollTest(
        browser,
        naiveReader.page,
        '.naive-pane',
        scrollRows,
        options.traceDir ? join(options.traceDir, 'scroll-naive.json') : null,
      )
      await naiveReader.context.close()
    }

    const firstRows = median(loads.map((l) => l.firstRows))
    const workNote = (f: FrameFigures) =>
      f.workP95 === undefined
        ? 'no trace'
        : `main-thread work per frame p50 ${round(f.workP50 ?? 0)} / p95 ${round(f.workP95)} / max ${round(f.workMax ?? 0)} ms (its CPU time p50 ${round(f.cpuP50 ?? 0)} / p95 ${round(f.cpuP95 ?? 0)} ms)`
    return {
      name: `ui: Chromium ${VIEWPORT.width}×${VIEWPORT.height} over the preview, ${params.articles.toLocaleString('en-US')} articles`,
      rows: [
        {
          measure: `first contentful paint, median of ${LOADS} loads`,
          value: round(median(loads.map((l) => l.fcp)), 0),
          unit: 'ms',
          target: '≤ 1 s',
          note: `loads: ${loads.map((l) => round(l.fcp, 0)).join(', ')} ms (the first right after the preview started)`,
        },
        {
          measure: 'first rows of the list on screen after navigation, median',
          value: round(firstRows, 0),
          unit: 'ms',
          target: '≤ 1 s',
          naive: round(render.paintedMs, 0),
          note: `naive: ${params.articles.toLocaleString('en-US')} rows into the document and painted (${round(render.buildMs, 0)} ms to build), their data already in the page`,
        },
        {
          measure: `scroll ${ours.rowsScrolled.toLocaleString('en-US')} rows: main-thread work per frame, p95`,
          value: round(ours.workP95 ?? Number.NaN),
          unit: 'ms',
          target: '≤ 16 ms',
          naive: naive.workP95 === undefined ? undefined : round(naive.workP95),
          note: `${workNote(ours)}; naive ${workNote(naive)} (${naive.rowsScrolled} rows); load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`,
        },
        {
          measure: 'scroll: frame interval (rAF), p50',
          value: round(ours.intervalP50),
          unit: 'ms',
          naive: round(naive.intervalP50),
        },
        {
          measure: 'scroll: frame interval (rAF), p95',
          value: round(ours.intervalP95),
          unit: 'ms',
          naive: round(naive.intervalP95),
          note: 'one 60 Hz frame is 16.7 ms; the display clock jitters by a few tenths around it',
        },
        {
          // A frame on time follows the last by one vsync (16.7 ms), a dropped one by two or more: 25 ms is
          // the line between, clear of the clock's jitter that an interval target of 16.7 ms would judge.
          measure: 'scroll: frames dropped (an interval over 25 ms, a vsync missed)',
          value: round((100 * ours.dropped) / Math.max(1, ours.frames), 2),
          unit: '%',
          target: '≤ 5 %',
          naive: round((100 * naive.dropped) / Math.max(1, naive.frames), 2),
          note: `${ours.dropped} of ${ours.frames} frames (naive ${naive.dropped} of ${naive.frames}); ${ours.stalls} frames waited at the end of the loaded rows for the next page of 150`,
        },
        {
          measure: 'scroll: longest frame interval',
          value: round(ours.intervalMax),
          unit: 'ms',
          naive: round(naive.intervalMax),
          note: loafSupported
            ? `long animation frames (> 50 ms): ${ours.loafCount} (longest ${round(ours.loafMax)} ms); naive ${naive.loafCount} (longest ${round(naive.loafMax)} ms)`
            : 'the Long Animation Frames API is not available in this Chromium',
        },
        {
          measure: 'scroll: elements in the list',
          value: ours.elementsInList,
          unit: 'nodes',
          naive: naive.elementsInList,
        },
        {
          measure: 'scroll: JS heap after scrolling',
          value: round(ours.heapMB),
          unit: 'MB',
          naive: round(naive.heapMB),
        },
        {
          measure: `open an article: click → its text on screen, median of ${opens.length}`,
          value: round(median(opens.map((o) => o.frameMs))),
          unit: 'ms',
          target: '≤ 50 ms',
          note: `to the DOM ${round(median(opens.map((o) => o.domMs)))} ms, then the next frame; p95 ${round(
            percentile(
              opens.map((o) => o.frameMs),
              95,
            ),
          )} ms; that frame drawn (its style, layout and paint done) after ${round(median(opens.map((o) => o.paintedMs)))} ms`,
        },
        {
          measure: `search: last keystroke → result rows on screen, median of ${QUERIES.length}`,
          value: round(median(search.frame)),
          unit: 'ms',
          target: '≤ 100 ms',
          note: `includes waiting for a search still running when the last key came; p95 ${round(percentile(search.frame, 95))} ms; the search request went out after ${round(median(search.started))} ms and took ${round(median(search.server))} ms, the rows were in the DOM after ${round(median(search.dom))} ms and drawn after ${round(median(search.painted))} ms`,
        },
      ],
    }
  } finally {
    await browser.close()
    await server.stop()
    removeWorkingCopy(dir)
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2)
  const trace = argValue(args, 'trace', '')
  exitOnFailure(
    runUiBench({ quick: args.includes('--quick'), traceDir: trace || undefined }).then((section) =>
      reportSection(section, args),
    ),
  )
}

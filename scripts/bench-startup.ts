/**
 * The startup benchmark (part of `npm run bench`; alone: `tsx scripts/bench-startup.ts [--quick] [--json]
 * [--cpu-prof DIR]`): from process start to the first article list, over the generated library, always
 * through the built CLI (`npm run build`; out/main/cli.js, plain Node, no TypeScript loader):
 *
 * - core: `node bin/broadsheet.js --data-dir D articles --limit 100 --json`, spawn to the list printed;
 * - preview: `node bin/broadsheet.js --data-dir D serve --port 0`, spawn to `POST /api/listArticles`
 *   answered (the reader's first page, 150 rows), then the first search answered;
 *
 * side by side with the naive reader (scripts/bench/naive-reader.mjs, plain JavaScript too): the whole
 * library in one JSON file, read and parsed before the first list. Runs alternate ours and naive.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { exitOnFailure, reportSection } from './bench/child'
import {
  ensureLibrary,
  FULL_LIBRARY,
  QUICK_LIBRARY,
  removeWorkingCopy,
  workingCopy,
} from './bench/library-data'
import { callApi, CLI_BIN, ensureBuilt, NAIVE_READER, startServer } from './bench/preview-process'
import type { BenchSection } from './bench/report'
import { argValue, median, progress, round } from './bench/stats'

const RUNS = 5
const NAIVE_RUNS = 3
const PAGE = 150

/** Spawns `node ARGS` and resolves with the ms until its stdout ended (the list printed), checking it. */
export function timeToOutput(args: string[], nodeArgs: string[] = []): Promise<{ ms: number; rows: number }> {
  const started = performance.now()
  const child = spawn(process.execPath, [...nodeArgs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  return new Promise((resolve, reject) => {
    let printedAt = 0
    child.stdout.on('end', () => (printedAt = performance.now()))
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`))
      const rows = (JSON.parse(stdout) as unknown[]).length
      resolve({ ms: (printedAt || performance.now()) - started, rows })
    })
  })
}

interface PreviewTiming {
  printedMs: number
  listMs: number
  searchMs?: number
  rows: number
}

export async function timePreview(
  args: string[],
  search: boolean,
  nodeArgs: string[] = [],
): Promise<PreviewTiming> {
  const server = await startServer(args, { nodeArgs })
  try {
    const rows = await callApi<unknown[]>(server, 'listArticles', { limit: PAGE })
    const listedAt = performance.now()
    let searchMs: number | undefined
    if (search) {
      await callApi(server, 'search', { query: 'government', limit: 25 })
      searchMs = performance.now() - server.spawnedAt
    }
    return {
      printedMs: server.printedAt - server.spawnedAt,
      listMs: listedAt - server.spawnedAt,
      searchMs,
      rows: rows.length,
    }
  } finally {
    await server.stop()
  }
}

export interface StartupBenchOptions {
  quick?: boolean
  /** Write V8 CPU profiles of our processes here (node --cpu-prof). */
  cpuProfDir?: string
}

export async function runStartupBench(options: StartupBenchOptions = {}): Promise<BenchSection> {
  ensureBuilt()
  const params = options.quick ? QUICK_LIBRARY : FULL_LIBRARY
  const info = await ensureLibrary(params)
  const dir = workingCopy(info, 'startup')
  const prof = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : []
  const cliArgs = [CLI_BIN, '--data-dir', dir, 'articles', '--limit', '100', '--json']
  const naiveCliArgs = [NAIVE_READER, 'list', info.naiveFile, '100']
  const serveArgs = [CLI_BIN, '--data-dir', dir, 'serve', '--port', '0']
  const naiveServeArgs = [NAIVE_READER, 'serve', info.naiveFile]
  try {
    progress(`startup: warming the page cache, then ${RUNS} runs (naive ${NAIVE_RUNS}), alternating`)
    // One untimed pass each, so that both read their files from the page cache, not the disk.
    await timeToOutput(cliArgs)
    await timeToOutput(naiveCliArgs)
    const nodeAlone: number[] = []
    const cli: number[] = []
    const naiveCli: number[] = []
    const preview: PreviewTiming[] = []
    const naivePreview: PreviewTiming[] = []
    let rows = 0
    for (let run = 0; run < RUNS; run++) {
      const empty = performance.now()
      await new Promise((resolve) => spawn(process.execPath, ['-e', '0']).on('close', resolve))
      nodeAlone.push(performance.now() - empty)
      const ours = await timeToOutput(cliArgs, prof)
      cli.push(ours.ms)
      rows = ours.rows
      preview.push(await timePreview(serveArgs, true, prof))
      if (run < NAIVE_RUNS) {
        naiveCli.push((await timeToOutput(naiveCliArgs)).ms)
        naivePreview.push(await timePreview(naiveServeArgs, false))
      }
    }
    const searches = preview.flatMap((p) => (p.searchMs === undefined ? [] : [p.searchMs]))
    return {
      name: `startup: built CLI, ${params.articles.toLocaleString('en-US')} articles, process start to first list (warm page cache)`,
      rows: [
        {
          measure: `CLI \`articles --limit 100 --json\`: spawn to list printed, median of ${RUNS}`,
          value: round(median(cli), 0),
          unit: 'ms',
          target: '≤ 1 s',
          naive: round(median(naiveCli), 0),
          note: `${rows} rows; node alone (node -e 0) takes ${round(median(nodeAlone), 0)} ms here; naive reads and parses the one JSON file, sorts, prints`,
        },
        {
          measure: `preview \`serve\`: spawn to POST /api/listArticles answered (${PAGE} rows), median`,
          value: round(median(preview.map((p) => p.listMs)), 0),
          unit: 'ms',
          target: '≤ 1 s',
          naive: round(median(naivePreview.map((p) => p.listMs)), 0),
          note: `URL printed after ${round(median(preview.map((p) => p.printedMs)), 0)} ms (naive ${round(median(naivePreview.map((p) => p.printedMs)), 0)} ms: it parses first)`,
        },
        {
          measure: 'preview: spawn to first search answered ("government", first 25 results), median',
          value: round(median(searches), 0),
          unit: 'ms',
          note: 'the search index loads its segments on the first query',
        },
      ],
    }
  } finally {
    removeWorkingCopy(dir)
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2)
  const prof = argValue(args, 'cpu-prof', '')
  exitOnFailure(
    runStartupBench({
      quick: args.includes('--quick'),
      cpuProfDir: prof ? join(process.cwd(), prof) : undefined,
    }).then((section) => reportSection(section, args)),
  )
}

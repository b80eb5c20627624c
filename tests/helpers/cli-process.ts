import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { longArticle, png, rss2, type TestItem } from './feeds'
import { startFixtureServer, type FixtureServer } from './fixture-server'
import { random } from './generated-text'

/** The CLI's entry point in the source tree: run through tsx, so no build is needed. */
const CLI_SOURCE = resolve('src/cli/index.ts')

/** How a CLI process ended: its exit code, or the signal that killed it, and what it printed. */
export interface CliExit {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** Milliseconds from spawn to exit. */
  elapsedMs: number
}

/** A running CLI process. */
export interface CliProcess {
  /** Everything printed so far. */
  readonly output: { stdout: string; stderr: string }
  /** Resolves when the process (and its pipes) closed. */
  readonly exited: Promise<CliExit>
  /** Sends SIGKILL to the process group (the CLI and anything it started); true if it was still running. */
  kill: () => boolean
  /** Sends a signal to the CLI process itself (as Ctrl-C or `kill` would); true if it was still running. */
  signal: (name: NodeJS.Signals) => boolean
}

/** Process groups started here and still running: a failed test must not leave them behind. */
const running = new Set<number>()

function killGroup(pid: number): boolean {
  try {
    process.kill(-pid, 'SIGKILL')
    return true
  } catch {
    return false
  }
}

process.once('exit', () => {
  for (const pid of running) killGroup(pid)
})

/** Kills every CLI process this file started that is still running (for an afterEach). */
export function stopCliProcesses(): void {
  for (const pid of running) killGroup(pid)
}

/**
 * Starts `node --import tsx src/cli/index.ts --data-dir DIR …argv` as its own process group.
 * `outputClosed`: its standard output is closed at once, as when the program reading it has gone.
 * Only PATH and HOME (plus `env`) are passed on: no proxy settings, so every request goes where the
 * test's URLs say (127.0.0.1).
 */
export function spawnCli(
  dataDir: string,
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  { outputClosed = false }: { outputClosed?: boolean } = {},
): CliProcess {
  const started = Date.now()
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_SOURCE, '--data-dir', dataDir, ...argv], {
    cwd: resolve('.'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so one kill reaches tsx's helpers too and nothing is left running.
    detached: true,
  })
  const pid = child.pid
  if (pid !== undefined) running.add(pid)
  const output = { stdout: '', stderr: '' }
  // outputClosed: nothing reads its output (as after `| head` has exited), so its writes fail (EPIPE).
  if (outputClosed) child.stdout?.destroy()
  else child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk))
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk))
  const exited = new Promise<CliExit>((done, fail) => {
    child.on('error', fail)
    child.on('close', (code, signal) => {
      if (pid !== undefined) running.delete(pid)
      done({ code, signal, ...output, elapsedMs: Date.now() - started })
    })
  })
  return {
    output,
    exited,
    kill: () => pid !== undefined && running.has(pid) && killGroup(pid),
    signal: (name) => pid !== undefined && running.has(pid) && child.kill(name),
  }
}

/** Runs the CLI from source to the end. */
export function runCliProcess(
  dataDir: string,
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliExit> {
  return spawnCli(dataDir, argv, env).exited
}

/** Waits `ms`, then SIGKILLs the process if it is still running; resolves with how it ended. */
export async function killAfter(cli: CliProcess, ms: number): Promise<{ killed: boolean; exit: CliExit }> {
  return killWhen(cli, () => true, ms)
}

/**
 * SIGKILLs the process `ms` after `ready` first holds for what it printed (checked every few ms), unless
 * it exits before. Timing a kill by the process's own progress, not the clock, lands it in the same phase
 * of the work however loaded the machine is.
 */
export async function killWhen(
  cli: CliProcess,
  ready: (output: { stdout: string; stderr: string }) => boolean,
  ms: number,
): Promise<{ killed: boolean; exit: CliExit }> {
  let timer: NodeJS.Timeout | undefined
  const due = new Promise<'due'>((done) => {
    const poll = () => {
      timer = ready(cli.output) ? setTimeout(() => done('due'), ms) : setTimeout(poll, 5)
    }
    poll()
  })
  const first = await Promise.race([due, cli.exited])
  clearTimeout(timer)
  const killed = first === 'due' ? cli.kill() : false
  const exit = await cli.exited
  return { killed: killed && exit.signal === 'SIGKILL', exit }
}

/** A small, seeded PRNG (mulberry32): the same seed gives the same kill times and latencies. */
export const seededRandom = random

/** Many feeds with images on a local fixture server, for CLI processes to sync while tests get in the way. */
export interface NewsWorld {
  readonly server: FixtureServer
  readonly feedUrls: string[]
  /** Makes new stories appear: every other feed gains two (the rest answer 304 to a conditional GET). */
  advance(): void
  /** The title word that names story `item` of feed `feed` (for search checks). */
  storyWord(feed: number, item: number): string
  /** How many stories all feeds serve now: a complete sync stores exactly this many articles. */
  storyCount(): number
  /** Requests for feeds so far (all feeds together), to tell when a sync has begun fetching. */
  feedRequests(): number
  close(): Promise<void>
}

export interface NewsWorldOptions {
  feeds: number
  /** Stories per feed at the start. */
  stories?: number
  seed?: number
  /** Every response waits between these (ms), so a sync takes long enough to be interrupted. */
  latencyMs?: [number, number]
}

/** Starts a {@link NewsWorld} on 127.0.0.1. */
export async function startNewsWorld(options: NewsWorldOptions): Promise<NewsWorld> {
  const server = await startFixtureServer()
  const random = seededRandom(options.seed ?? 1)
  const [minDelay, maxDelay] = options.latencyMs ?? [5, 30]
  const delay = () => new Promise((done) => setTimeout(done, minDelay + random() * (maxDelay - minDelay)))
  const counts = Array.from({ length: options.feeds }, () => options.stories ?? 3)
  // Stories are dated over the past fortnight, so they fill several weekly catalog files.
  const start = Date.now() - 14 * 86_400_000
  const storyWord = (feed: number, item: number) => `f${feed}i${item}`
  const imagePath = (feed: number, item: number) => `/img/f${feed}-i${item}.png`

  const serveImage = (path: string, seed: number) =>
    server.route(path, async (_request, response) => {
      await delay()
      response.writeHead(200, { 'Content-Type': 'image/png' }).end(png(seed))
    })
  for (let shared = 0; shared < 4; shared++) serveImage(`/img/shared-${shared}.png`, 900_000 + shared)

  const items = (feed: number): TestItem[] =>
    Array.from({ length: counts[feed] ?? 0 }, (_, item) => ({
      id: `urn:news:${storyWord(feed, item)}`,
      title: `Story ${storyWord(feed, item)} from feed ${feed}`,
      link: server.url(`/story/${feed}/${item}`),
      // Some stories share an image: one blob, shown by many articles.
      content: `${longArticle(storyWord(feed, item), 6)}<p><img src="${imagePath(feed, item)}"></p>${
        item % 3 === 0 ? `<p><img src="/img/shared-${item % 4}.png"></p>` : ''
      }`,
      date: new Date(start + (feed * 7 + item * 5) * 3_600_000).toISOString(),
    }))
  const serveFeed = (feed: number) => {
    for (let item = 0; item < (counts[feed] ?? 0); item++)
      serveImage(imagePath(feed, item), feed * 1000 + item + 1)
    server.route(`/feeds/${feed}.xml`, async (request, response) => {
      await delay()
      const etag = `"${feed}-${counts[feed]}"`
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304, { ETag: etag }).end()
        return
      }
      response
        .writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', ETag: etag })
        .end(rss2(`Feed ${feed}`, server.url(`/site/${feed}`), items(feed)))
    })
  }
  counts.forEach((_, feed) => serveFeed(feed))

  let generation = 0
  return {
    server,
    feedUrls: counts.map((_, feed) => server.url(`/feeds/${feed}.xml`)),
    advance: () => {
      generation += 1
      counts.forEach((count, feed) => {
        if ((feed + generation) % 2 !== 0) return
        counts[feed] = count + 2
        serveFeed(feed)
      })
    },
    storyWord,
    storyCount: () => counts.reduce((sum, count) => sum + count, 0),
    feedRequests: () => counts.reduce((sum, _, feed) => sum + server.hits(`/feeds/${feed}.xml`).count, 0),
    close: () => server.close(),
  }
}

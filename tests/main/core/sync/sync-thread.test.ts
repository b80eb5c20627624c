import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BroadsheetEvent } from '../../../../src/shared/contract'
import { startServices, type Broadsheet, type StartOptions } from '../../../../src/main/core/broadsheet'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { longArticle, rss2, type TestItem } from '../../../helpers/feeds'
import { useTempDirs } from '../../../helpers/temp-dir'
import { sourceSyncWorker } from '../../../helpers/worker-bundles'

const tempDir = useTempDirs('sync-thread')
let server: FixtureServer
const cores: Broadsheet[] = []

beforeEach(async () => {
  server = await startFixtureServer()
})
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()))
  await server.close()
})

function items(prefix: string, count: number, paragraphs = 6): TestItem[] {
  return Array.from({ length: count }, (_, n) => ({
    id: `${prefix}-${n}`,
    title: `${prefix} story ${n}${n % 3 === 0 ? ' flood' : ''}`,
    link: server.url(`/${prefix}/${n}.html`),
    content: longArticle(`${prefix} ${n}`, paragraphs),
    author: `Author ${n}`,
    date: new Date(Date.UTC(2026, 10, 20, n)).toISOString(),
  }))
}

function serveFeed(name: string, count: number, paragraphs = 6): string {
  server.serve(`/${name}.xml`, {
    headers: { 'content-type': 'application/rss+xml' },
    body: rss2(`Feed ${name}`, server.url('/'), items(name, count, paragraphs)),
  })
  return server.url(`/${name}.xml`)
}

/** Syncs in a thread of their own, from the sources (the worker bundled as the build bundles it). */
const inWorker = (inThread = false): StartOptions['sync'] => ({
  thread: 'worker',
  ...sourceSyncWorker(inThread),
})

async function open(sync: StartOptions['sync'], dataDir?: string): Promise<Broadsheet> {
  const core = await startServices({ dataDir: dataDir ?? (await tempDir()), sync })
  cores.push(core)
  return core
}

function recordEvents(core: Broadsheet): BroadsheetEvent[] {
  const events: BroadsheetEvent[] = []
  core.events.subscribe((event) => events.push(event))
  return events
}

/** What a person sees of a library: every article's feed, title and text, and the unread counts. */
async function library(core: Broadsheet) {
  const feeds = new Map(core.subscriptions.feeds().map((feed) => [feed.id, feed.url]))
  const listed = await core.articles.list({ limit: 1000 })
  const articles = await Promise.all(
    listed.map(async (meta) => {
      const article = await core.articles.open(meta.id)
      return {
        feed: feeds.get(article.feedId),
        title: article.title,
        text: article.contentText,
        read: meta.read,
      }
    }),
  )
  return articles.sort((a, b) => `${a.feed} ${a.title}`.localeCompare(`${b.feed} ${b.title}`))
}

describe('a sync in its own thread', () => {
  it('stores the same articles and raises the same events as a sync on the core’s thread', async () => {
    // 75 articles: enough for the sync thread's store to write them in its worker (WORKER_FROM_BODIES).
    const urls = ['a', 'b', 'c'].map((name) => serveFeed(name, 25))
    const results = []
    for (const sync of [{ thread: 'here' as const }, inWorker()] as const) {
      const core = await open(sync)
      await core.subscriptions.add(urls.map((url) => ({ url })))
      await core.rules.add({ query: 'flood', action: 'read' })
      await core.rules.add({ query: 'flood', action: 'notify' })
      const events = recordEvents(core)
      const summary = await core.sync.request()
      expect(core.sync.thread?.started ?? false).toBe(sync?.thread === 'worker')
      const search = await core.search.search({ query: 'story', limit: 100 })
      results.push({
        library: await library(core),
        summary: { newArticles: summary.newArticles, failed: summary.feeds.filter((f) => f.error).length },
        // Progress events come as each feed is done, in whatever order: compared as a count.
        events: events.map((event) => event.name).sort(),
        news: events.find((event) => event.name === 'newArticles')?.payload,
        notices: events
          .flatMap((event) => (event.name === 'ruleNotice' ? [event.payload] : []))
          .sort((a, b) => a.title.localeCompare(b.title)),
        found: search.total,
        lastSync: core.sync.lastSync()?.newArticles,
      })
    }
    const [here, worker] = results
    expect(here?.library).toHaveLength(75)
    expect(here?.library.filter((article) => article.read)).toHaveLength(27)
    expect(here?.found).toBe(75)
    expect(here?.notices).toHaveLength(27)
    // The feeds' ids differ between the two libraries: compare what a person sees.
    const sameShape = (value: unknown) =>
      JSON.parse(JSON.stringify(value).replace(/"feed-[^"]*"|"[0-9a-f]{8,}"/g, '"ID"')) as unknown
    expect(sameShape(worker)).toEqual(sameShape(here))
  }, 60_000)

  it('loses nothing when its thread dies mid-sync, says so in one line, and the next sync starts a new one', async () => {
    const quick = serveFeed('quick', 5)
    // A feed that does not answer until released: the sync is still running when its thread dies.
    const gate: { release?: () => void } = {}
    const released = new Promise<void>((resolve) => (gate.release = resolve))
    server.route('/slow.xml', async (_request, response) => {
      await released
      response.writeHead(200, { 'content-type': 'application/rss+xml' })
      response.end(rss2('Feed slow', server.url('/'), items('slow', 4)))
    })
    const dataDir = await tempDir()
    const core = await open(inWorker(), dataDir)
    await core.subscriptions.add([{ url: quick }, { url: server.url('/slow.xml') }])
    const events = recordEvents(core)
    const syncing = core.sync.request()
    const failed = syncing.catch((error: unknown) => error as Error)
    // The quick feed's articles are stored (and seen here) while the slow one is still being fetched.
    await waitFor(async () => (await core.articles.list({ limit: 100 })).length === 5)
    await core.sync.thread?.terminate()
    const error = await failed
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(
      /^the sync stopped: its thread ended \(.*\); what it stored is kept$/,
    )
    expect((error as Error).message).not.toContain('\n')
    expect(events.some((event) => event.name === 'syncError')).toBe(true)
    // What it stored is whole: readable here, and from a fresh start with nothing reported damaged.
    const fresh = await startServices({ dataDir })
    cores.push(fresh)
    expect(fresh.damage).toEqual([])
    expect((await library(fresh)).map((article) => article.title)).toHaveLength(5)
    // The next sync gets a new thread and brings the rest, nothing twice.
    gate.release?.()
    const summary = await core.sync.request()
    expect(summary.feeds.filter((feed) => feed.error)).toEqual([])
    const titles = (await library(core)).map((article) => article.title)
    expect(titles).toHaveLength(9)
    expect(new Set(titles).size).toBe(9)
    expect((await core.search.search({ query: 'slow', limit: 10 })).total).toBe(4)
  }, 60_000)

  it('ends when the core closes, and never holds a process open (the CLI exits)', async () => {
    const url = serveFeed('cli', 3)
    const dataDir = await tempDir()
    const { syncWorker, threadSetup } = sourceSyncWorker()
    // A process that syncs through the thread and then closes its core (as every CLI command does), and
    // one that forgets to: both must end on their own.
    const script = join(dataDir, 'sync-and-exit.mjs')
    const core = new URL('../../../../src/main/core/broadsheet.ts', import.meta.url).href
    await writeFile(
      script,
      `const { startServices } = await import(${JSON.stringify(core)})
const core = await startServices({ dataDir: process.argv[2], sync: { thread: 'worker', syncWorker: new URL(${JSON.stringify(syncWorker.href)}), threadSetup: ${JSON.stringify(threadSetup)} } })
await core.subscriptions.add([{ url: ${JSON.stringify(url)} }])
const result = await core.sync.run()
console.log('stored', result.newArticles, core.sync.thread.started)
if (process.argv[3] === 'close') { await core.close(); console.log('closed', core.sync.thread.started) }
`,
    )
    for (const [mode, expected] of [
      ['close', 'stored 3 true\nclosed false\n'],
      ['no-close', 'stored 3 true\n'],
    ] as const) {
      const started = Date.now()
      const { code, stdout } = await runNode(
        ['--import', 'tsx/esm', script, join(dataDir, mode), mode],
        30_000,
      )
      expect({ mode, code, stdout }).toEqual({ mode, code: 0, stdout: expected })
      // Idle connections and timers of the thread must not keep the process for long.
      expect(Date.now() - started).toBeLessThan(25_000)
    }
  }, 90_000)

  it('has the core’s index merge the segments its syncs add (adding none itself, it would never merge them)', async () => {
    // Four syncs, each bringing one new article of the same week: four small segments of one bucket.
    let count = 1
    server.route('/grow.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' })
      response.end(rss2('Feed grow', server.url('/'), items('grow', count, 2)))
    })
    // The index as the app and the preview keep it: open all along, merging in the background (at once
    // here, so that its merge after opening is done before the syncs begin).
    const core = await startServices({
      dataDir: await tempDir(),
      sync: inWorker(true),
      search: { background: true, index: { mergeDelayMs: 0 } },
    })
    cores.push(core)
    await core.search.search({ query: 'grow', limit: 1 })
    await core.subscriptions.add([{ url: server.url('/grow.xml') }])
    for (; count <= 4; count++) expect((await core.sync.request()).newArticles).toBe(1)
    const index = await core.search.index()
    await waitFor(async () => {
      await index.load()
      return index.stats().segments === 1
    })
    expect(index.stats()).toMatchObject({ articles: 4, segments: 1 })
  }, 60_000)

  it('leaves the thread that answers the reader free while heavy feeds are built', async () => {
    // Long articles, built with no build workers at all (everything on the syncing thread): on the core's
    // thread each article's parsing, sanitizing and extracting would stall the reader for its duration.
    const urls = Array.from({ length: 6 }, (_, f) => serveFeed(`heavy${f}`, 12, 120))
    const core = await open(inWorker(true))
    await core.subscriptions.add(urls.map((url) => ({ url })))
    const gaps = timerGaps()
    const summary = await core.sync.request()
    const worst = gaps.stop()
    expect(summary.newArticles).toBe(72)
    // A 5 ms timer on the reader's thread: with the sync on this thread its gaps reach hundreds of ms
    // (this assertion fails then); in its own thread they stay at the machine's noise.
    expect(worst).toBeLessThan(LAG_LIMIT_MS)
  }, 90_000)
})

/** The longest a timer on this thread had to wait past its time, in ms, over what `stop` closes. */
const LAG_LIMIT_MS = 400
function timerGaps(): { stop: () => number } {
  let worst = 0
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    worst = Math.max(worst, now - last - 5)
    last = now
  }, 5)
  return {
    stop: () => {
      clearInterval(timer)
      return worst
    },
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

function runNode(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the process did not end within ${timeoutMs} ms: ${stdout}`))
    }, timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout })
    })
  })
}

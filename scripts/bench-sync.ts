/**
 * `npm run bench:sync`: syncs N loopback feeds of 25 items (full content in the feed, one image each)
 * and prints the first sync, an unchanged resync (every feed answers 304) and a resync where 1% of the
 * items are new. `--feeds N` changes the count; `--json` prints the figures as JSON.
 *
 * Real subscriptions live on many hosts and Broadsheet fetches at most 2 at once per host, so the feeds
 * are spread over 20 loopback addresses (127.0.0.1–127.0.0.20, all this machine) rather than one.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Broadsheet } from '../src/main/core/broadsheet'
import { SyncEngine } from '../src/main/core/sync/sync-engine'

const args = process.argv.slice(2)
const feedCount = Number(args[args.indexOf('--feeds') + 1]) || 200
const ITEMS = 25
const json = args.includes('--json')
const HOSTS = 20

const paragraph = (f: number, i: number, p: number) =>
  `<p>Feed ${f} item ${i} paragraph ${p}: the committee published its findings on regional transport, housing and the future of public libraries, and residents responded at a packed meeting.</p>`

/** Feed documents; `extra[f]` new items are prepended to feed f. */
function feedXml(origin: string, f: number, extra: number): string {
  const items = Array.from({ length: ITEMS + extra }, (_, n) => {
    const i = n < extra ? 1000 + n : n - extra
    const body =
      Array.from({ length: 8 }, (_, p) => paragraph(f, i, p)).join('') +
      `<img src="${origin}/img/${f}-${i % 5}.png">`
    return `<item><title>Feed ${f} story ${i}</title><link>${origin}/f${f}/${i}</link><guid>${f}-${i}</guid><pubDate>${new Date(Date.UTC(2026, 10, 1) + i * 3600_000).toUTCString()}</pubDate><description><![CDATA[${body}]]></description></item>`
  })
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${f}</title><link>${origin}/</link>${items.join('')}</channel></rss>`
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

async function main(): Promise<void> {
  const extra = new Map<number, number>()
  let requests = 0
  const server = createServer((request, response) => {
    requests += 1
    const path = request.url ?? '/'
    const feed = /^\/feed\/(\d+)$/.exec(path)
    if (feed) {
      const f = Number(feed[1])
      const etag = `"${f}-${extra.get(f) ?? 0}"`
      if (request.headers['if-none-match'] === etag) return void response.writeHead(304).end()
      response
        .writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: etag })
        .end(feedXml(hostOf(f), f, extra.get(f) ?? 0))
      return
    }
    if (path.startsWith('/img/'))
      return void response
        .writeHead(200, { 'Content-Type': 'image/png' })
        .end(Buffer.concat([PNG, Buffer.from(path)]))
    response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  // The same handler on the same port of more loopback addresses.
  const extraServers = await Promise.all(
    Array.from({ length: HOSTS - 1 }, async (_, n) => {
      const other = createServer((request, response) => server.emit('request', request, response))
      await new Promise<void>((resolve) => other.listen(port, `127.0.0.${n + 2}`, resolve))
      return other
    }),
  )
  const hostOf = (f: number) => `http://127.0.0.${(f % HOSTS) + 1}:${port}`
  const dataDir = await mkdtemp(join(tmpdir(), 'broadsheet-bench-sync-'))
  try {
    const core = await Broadsheet.open({ dataDir })
    for (let f = 0; f < feedCount; f++)
      await core.library.addFeed({ url: `${hostOf(f)}/feed/${f}`, title: `Feed ${f}` })
    const engine = new SyncEngine(core)
    const measure = async () => {
      const before = requests
      const started = performance.now()
      const result = await engine.syncAll()
      return {
        ms: Math.round(performance.now() - started),
        newArticles: result.newArticles,
        requests: requests - before,
        errors: result.feeds.filter((r) => r.error).length,
      }
    }
    const first = await measure()
    const unchanged = await measure()
    // 1% new items, spread over the feeds.
    const newItems = Math.max(1, Math.round((feedCount * ITEMS) / 100))
    for (let n = 0; n < newItems; n++) extra.set(n % feedCount, (extra.get(n % feedCount) ?? 0) + 1)
    const onePercent = await measure()
    const figures = {
      feeds: feedCount,
      items: feedCount * ITEMS,
      firstSyncMs: first.ms,
      unchangedResyncMs: unchanged.ms,
      onePercentNewResyncMs: onePercent.ms,
      firstNewArticles: first.newArticles,
      onePercentNewArticles: onePercent.newArticles,
      errors: first.errors + unchanged.errors + onePercent.errors,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }
    if (json) {
      process.stdout.write(`${JSON.stringify(figures)}\n`)
    } else {
      console.log(
        `sync benchmark: ${feedCount} feeds on ${HOSTS} loopback hosts, ${ITEMS} items each (full content, 5 images per feed)`,
      )
      console.log(
        `  first sync               ${first.ms} ms  (${first.newArticles} new articles, ${first.requests} requests)`,
      )
      console.log(
        `  unchanged resync (304s)  ${unchanged.ms} ms  (${unchanged.requests} requests; ${(first.ms / Math.max(1, unchanged.ms)).toFixed(1)}× faster than the first)`,
      )
      console.log(`  resync with 1% new       ${onePercent.ms} ms  (${onePercent.newArticles} new articles)`)
      console.log(`  errors                   ${figures.errors}`)
      console.log(`  peak RSS                 ${figures.peakRssMB} MB`)
    }
  } finally {
    server.close()
    for (const other of extraServers) other.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

await main()

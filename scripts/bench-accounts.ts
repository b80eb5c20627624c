/**
 * The accounts benchmark (`npm run bench:accounts [-- --quick] [--json]`; a section of `npm run bench`):
 * a server account against a real FreshRSS (../shared/freshrss; the section is skipped, saying why, where
 * PHP or the release is missing). FreshRSS subscribes to 200 feeds of 50 items each, with their full
 * content, served on 127.0.0.1 (--quick: 20 feeds). Then, in this process, as `broadsheet sync` does:
 *
 *   first pull   the account's 10,000 items fetched, built, stored and indexed
 *   resync       nothing new: the queue, the subscriptions, the item ids, the read and starred sets
 *   reconcile    the server's unread and starred ids read and matched against every stored article: the
 *                unread list is FreshRSS's own answer with 40,000 more ids in it (a server with 50,000
 *                unread), added in the transport
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { fetchTransport, type ServerTransport } from '../src/main/core/accounts/greader-http'
import { startServices } from '../src/main/core/broadsheet'
import { applyMemoryPolicy } from '../src/main/core/runtime/memory-policy'
import { reconcileAccount } from '../src/main/core/sync/account-sync'
import { BuildPool } from '../src/main/core/sync/build-pool'
import { longArticle, rss2 } from '../tests/helpers/feeds'
import { startFixtureServer } from '../tests/helpers/fixture-server'
import {
  FRESHRSS_API_PASSWORD,
  FRESHRSS_USER,
  freshRssMissing,
  startFreshRss,
} from '../tests/helpers/freshrss'
import { sourceBuildWorker } from '../tests/helpers/worker-bundles'
import { exitOnFailure, reportSection } from './bench/child'
import type { BenchSection } from './bench/report'

const ITEMS_PER_FEED = 50
const EXTRA_UNREAD = 40_000

export async function runAccountsBench(options: { quick: boolean }): Promise<BenchSection> {
  const missing = freshRssMissing()
  if (missing) return { name: `accounts (skipped: ${missing})`, rows: [] }
  applyMemoryPolicy()
  const feeds = options.quick ? 20 : 200
  const items = feeds * ITEMS_PER_FEED
  const site = await startFixtureServer()
  const work = await mkdtemp(join(tmpdir(), 'broadsheet-bench-accounts-'))
  const server = startFreshRss(join(work, 'freshrss'))
  try {
    const outlines: string[] = []
    for (let f = 0; f < feeds; f++) {
      const list = Array.from({ length: ITEMS_PER_FEED }, (_, n) => ({
        id: `f${f}-${n}`,
        title: `Feed ${f}, story ${n}`,
        link: site.url(`/s/${f}/${n}`),
        content: longArticle(`feed ${f} story ${n}`, 5),
        date: new Date(Date.UTC(2026, 10, 1) + (f * ITEMS_PER_FEED + n) * 60_000).toUTCString(),
      }))
      site.serve(`/feed/${f}.xml`, {
        headers: { 'Content-Type': 'application/rss+xml' },
        body: rss2(`Feed ${f}`, site.url('/'), list),
      })
      outlines.push(`<outline type="rss" text="Feed ${f}" xmlUrl="${site.url(`/feed/${f}.xml`)}"/>`)
    }
    const folder = (group: string[]) => `<outline text="Bench">${group.join('')}</outline>`
    // FreshRSS imports the subscriptions and fetches every feed before answering.
    const imported = Date.now()
    await server.callRaw(
      'subscription/import',
      `<?xml version="1.0"?><opml version="2.0"><head><title>bench</title></head><body>${folder(outlines)}</body></opml>`,
    )
    process.stderr.write(
      `  accounts: FreshRSS took in ${items} items in ${Math.round((Date.now() - imported) / 1000)} s\n`,
    )

    let padUnread = false
    const transport: ServerTransport = padded(fetchTransport(), () => padUnread)
    const pool = new BuildPool(sourceBuildWorker())
    const core = await startServices({
      dataDir: join(work, 'data'),
      accounts: { credentials: 'file', transport },
      sync: { content: pool },
    })
    const account = await core.accounts.add({
      url: server.api,
      user: FRESHRSS_USER,
      password: FRESHRSS_API_PASSWORD,
    })
    const timed = async <T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> => {
      const started = performance.now()
      const value = await work()
      return { ms: performance.now() - started, value }
    }
    const first = await timed(() => core.sync.run())
    const pulled = first.value.accounts[0]
    if (pulled?.error) throw new Error(`the first pull failed: ${pulled.error}`)
    const found = (await core.search.search({ query: 'story', limit: 1 })).total
    await core.search.close()
    const firstRssMB = Math.round(process.resourceUsage().maxRSS / 1024)
    const resync = await timed(() => core.sync.run())
    await core.search.close()
    padUnread = true
    const reconcile = await timed(() => reconcileAccount(account.id, core))
    await core.close()
    await pool.close()
    return {
      name: `accounts: a FreshRSS account, ${feeds} feeds × ${ITEMS_PER_FEED} items`,
      rows: [
        {
          measure: `first pull: ${items.toLocaleString('en-US')} items fetched, built, stored and indexed`,
          value: Math.round(first.ms / 100) / 10,
          unit: 's',
          target: '≤ 60 s',
          note: `${pulled?.newArticles ?? 0} new articles; ${found} found by search right after`,
        },
        {
          measure: 'unchanged resync',
          value: Math.round(resync.ms),
          unit: 'ms',
          target: '≤ 1 s',
          note: `${resync.value.accounts[0]?.newArticles ?? 0} new`,
        },
        {
          measure: `reconcile: ${(items + EXTRA_UNREAD).toLocaleString('en-US')} unread ids read and matched`,
          value: Math.round(reconcile.ms),
          unit: 'ms',
          target: '≤ 500 ms',
          note: `FreshRSS's unread ids with ${EXTRA_UNREAD.toLocaleString('en-US')} more added in the transport; ${items.toLocaleString('en-US')} stored articles matched`,
        },
        {
          measure: 'peak RSS through the first pull (workers included)',
          value: firstRssMB,
          unit: 'MB',
          target: '≤ 500 MB',
        },
      ],
    }
  } finally {
    server.stop()
    await site.close()
    await rm(work, { recursive: true, force: true })
  }
}

/**
 * The transport with the unread ids' first page grown by {@link EXTRA_UNREAD} ids the server does not
 * have stored here (as a server with that many more unread would answer), once `now()` says so.
 */
function padded(transport: ServerTransport, now: () => boolean): ServerTransport {
  return async (request) => {
    const answer = await transport(request)
    const url = new URL(request.url)
    const unreadList =
      url.pathname.endsWith('/stream/items/ids') && url.searchParams.get('xt')?.endsWith('/read')
    if (!now() || !unreadList || url.searchParams.has('c') || answer.status !== 200) return answer
    const body = JSON.parse(answer.text) as { itemRefs?: { id: string }[] }
    const extra = Array.from({ length: EXTRA_UNREAD }, (_, n) => ({ id: String(9_000_000_000_000_000 + n) }))
    return { ...answer, text: JSON.stringify({ ...body, itemRefs: [...(body.itemRefs ?? []), ...extra] }) }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2)
  exitOnFailure(
    runAccountsBench({ quick: args.includes('--quick') }).then((section) => {
      reportSection(section, args)
      process.exit(0)
    }),
  )
}

/**
 * Smart feeds over the generated library (issue 19), in a fresh process: 20 saved searches of words,
 * filters and both; after a sync stores 1,000 new articles, the time to count all 20 again (what the
 * sidebar asks for), and the time to open one (its first page, newest first, as the reader asks for it).
 * Each beside the naive way, which is what the code did before: two full searches per smart feed for its
 * counts, and every match read with its snippet (pages of 200, up to 10,000) then sorted by date to open
 * one. Part of the smart section of `npm run bench` (`npm run bench -- --only smart`).
 */
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startServices, type Broadsheet } from '../../src/main/core/broadsheet'
import type { SearchResults } from '../../src/shared/contract'
import { printResult, runTsChild } from './child'
import { libraryArticle, removeWorkingCopy, workingCopy, type LibraryInfo } from './library-data'
import type { BenchRow } from './report'
import { argValue, peakRssMB, percentile, round } from './stats'

const SCRIPT = fileURLToPath(import.meta.url)
/** The renderer's first page of a smart feed (FIRST_SMART_PAGE in state/list-pages.ts). */
const FIRST_PAGE = 30
const SYNCS = 5
const NEW_PER_SYNC = 1_000
const OPEN_ROUNDS = 3
/** Articles read one at a time (as J does), each followed by the counts the sidebar asks for. */
const MARKS = 10

interface SmartFigures {
  feeds: number
  refresh: number[]
  naiveRefresh: number[]
  /** The counts after an article was read. */
  marked: number[]
  naiveMarked: number[]
  /** Smart feeds whose query does not filter by read: their counts follow a mark. */
  followed: number
  open: number[]
  naiveOpen: number[]
  matches: number[]
  rssMB: number
}

/** Twenty smart feeds a reader might keep: words, phrases, exclusions, filters, and filters with words. */
function queriesOf(info: LibraryInfo, feedTitle: string): string[] {
  return [
    'government',
    'climate change',
    'economy is:unread',
    'football match',
    '"north korea"',
    'technology -football',
    'storm flood',
    'central bank inflation',
    'court ruling is:unread',
    'energy prices',
    'is:unread',
    'is:bookmarked',
    `folder:"${info.topFolder.path}"`,
    `folder:"${info.leafFolder.path}" is:unread`,
    `feed:"${feedTitle}"`,
    'after:2026-10-25',
    `police folder:"${info.topFolder.path}"`,
    'oil after:2026-10-01',
    `feed:"${feedTitle}" economy`,
    'hospital doctors before:2026-09-01',
  ]
}

/** The counts as the code before did them: a search for the total, another for the unread. */
async function naiveCounts(core: Broadsheet, queries: readonly string[]): Promise<void> {
  for (const query of queries) {
    await Promise.all([
      core.search.search({ query, limit: 1 }),
      core.search.search({ query, limit: 1, unread: true }),
    ])
  }
}

/** A smart feed opened as the code before did: every match with its snippet, then sorted by date. */
async function naiveOpen(core: Broadsheet, query: string): Promise<SearchResults['results']> {
  const all: SearchResults['results'] = []
  for (let at = 0; at < 10_000; at += 200) {
    const page = await core.search.search({ query, limit: 200, offset: at })
    all.push(...page.results)
    if (page.results.length < 200) break
  }
  return all.sort((a, b) => b.sortTime - a.sortTime).slice(0, FIRST_PAGE)
}

async function child(dataDir: string, info: LibraryInfo): Promise<SmartFigures> {
  const core = await startServices({ dataDir })
  await core.search.search({ query: 'government', limit: 1 })
  const feedIds = core.subscriptions.feeds().map((feed) => feed.id)
  const feedTitle = core.subscriptions.feeds()[3]?.title ?? ''
  const queries = queriesOf(info, feedTitle)
  const smart = []
  for (const [i, query] of queries.entries()) smart.push(await core.smart.add(`Smart ${i}`, query))
  const refresh: number[] = []
  const naiveRefresh: number[] = []
  let next = info.params.articles
  for (let sync = 0; sync < SYNCS; sync++) {
    // What a sync does to the library: new articles stored, and indexed as the store tells the search.
    const batch = []
    for (let n = 0; n < NEW_PER_SYNC; n++) batch.push(libraryArticle(next++, info.params, feedIds))
    await core.articles.put(batch)
    let at = performance.now()
    await core.smart.list()
    refresh.push(performance.now() - at)
    at = performance.now()
    await naiveCounts(core, queries)
    naiveRefresh.push(performance.now() - at)
  }
  const marked: number[] = []
  const naiveMarked: number[] = []
  for (let mark = 0; mark < MARKS; mark++) {
    await core.flags.setRead([libraryArticle(next - 1 - mark, info.params, feedIds).id], true)
    let at = performance.now()
    await core.smart.list()
    marked.push(performance.now() - at)
    at = performance.now()
    await naiveCounts(core, queries)
    naiveMarked.push(performance.now() - at)
  }
  const matches = (await core.smart.list()).map((feed) => feed.total)
  const open: number[] = []
  for (let round = 0; round < OPEN_ROUNDS; round++) {
    for (const feed of smart) {
      const at = performance.now()
      await core.smart.articles(feed.id, { limit: FIRST_PAGE })
      open.push(performance.now() - at)
    }
  }
  const opened: number[] = []
  for (const query of queries) {
    const at = performance.now()
    await naiveOpen(core, query)
    opened.push(performance.now() - at)
  }
  await core.close()
  return {
    feeds: smart.length,
    refresh,
    naiveRefresh,
    marked,
    naiveMarked,
    followed: queries.filter((query) => !/\bis:(un)?read\b/i.test(query)).length,
    open,
    naiveOpen: opened,
    matches,
    rssMB: peakRssMB(),
  }
}

/** Rows for the smart section: the library's smart feeds, measured in a child process. */
export async function smartFeedRows(info: LibraryInfo): Promise<BenchRow[]> {
  const dir = workingCopy(info, 'smart')
  try {
    const figures = await runTsChild<SmartFigures>(SCRIPT, [
      '--child',
      '--dir',
      dir,
      '--info',
      JSON.stringify(info),
    ])
    const n = info.params.articles.toLocaleString('en-US')
    const refresh = percentile(figures.refresh, 50)
    const naiveRefresh = percentile(figures.naiveRefresh, 50)
    const marked = percentile(figures.marked, 50)
    const naiveMarked = percentile(figures.naiveMarked, 50)
    const open = percentile(figures.open, 95)
    const naiveOpen = percentile(figures.naiveOpen, 95)
    return [
      {
        measure: `library of ${n}: counts of ${figures.feeds} smart feeds after a sync of ${NEW_PER_SYNC.toLocaleString('en-US')}, median`,
        value: round(refresh),
        unit: 'ms',
        target: '≤ 50 ms',
        naive: round(naiveRefresh),
        ratio: round(naiveRefresh / refresh),
        note: `${SYNCS} syncs; naive: two searches per smart feed (total, unread), as before; matches per smart feed ${Math.min(...figures.matches)}–${Math.max(...figures.matches)}`,
      },
      {
        measure: `library of ${n}: counts of ${figures.feeds} smart feeds after an article is read, median`,
        value: round(marked),
        unit: 'ms',
        target: '≤ 50 ms',
        naive: round(naiveMarked),
        ratio: round(naiveMarked / marked),
        note: `${MARKS} articles read one at a time; the counts follow what was read (those whose query filters by read, ${figures.feeds - figures.followed} of them, are counted again); naive: two searches per smart feed`,
      },
      {
        measure: `library of ${n}: open a smart feed, first ${FIRST_PAGE} newest first, p95`,
        value: round(open),
        unit: 'ms',
        target: '≤ 50 ms',
        naive: round(naiveOpen),
        ratio: round(naiveOpen / open),
        note: `${figures.feeds} smart feeds × ${OPEN_ROUNDS}; naive: every match with its snippet (pages of 200, up to 10,000), sorted by date, as before; peak RSS ${figures.rssMB} MB`,
      },
    ]
  } finally {
    removeWorkingCopy(dir)
  }
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  process.argv.includes('--child')
) {
  const args = process.argv.slice(2)
  child(argValue(args, 'dir', ''), JSON.parse(argValue(args, 'info', '{}')) as LibraryInfo).then(
    (figures) => {
      printResult(figures)
      process.exit(0)
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(1)
    },
  )
}

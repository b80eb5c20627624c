/**
 * The benchmark library: N generated articles over F feeds in nested folders, written through the real
 * Library, ArticleStore and SearchIndex (as syncs would, in batches of 1,000), plus the same articles as
 * one big JSON file for the naive way. Generated once per size and kept under .bench-data/ (gitignored);
 * each run works on a hard-linked copy, so what a run changes (read flags, merges) never reaches the
 * cached original. Every writer in the data dir replaces files by rename, so hard links are safe.
 *
 * Deterministic: article n has the same id, feed, time, title and text in every run. Only feed and folder
 * ids are random (the Library assigns them); nothing measured depends on them.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startServices } from '../../src/main/core/broadsheet'
import { writeFileAtomic } from '../../src/main/core/store/atomic-write'
import type { Article } from '../../src/shared/types'
import { articleId, makeArticle } from '../../tests/helpers/make-articles'
import { random } from '../../tests/helpers/generated-text'
import { corpusArticle } from '../bench-search-corpus'
import { progress } from './stats'

export interface LibraryParams {
  articles: number
  feeds: number
}

export const FULL_LIBRARY: LibraryParams = { articles: 50_000, feeds: 500 }
export const QUICK_LIBRARY: LibraryParams = { articles: 5_000, feeds: 50 }
/** The sizes `npm run bench -- --growth` measures the scale rows at. */
export const GROWTH_SIZES = [10_000, 50_000, 100_000, 250_000, 500_000] as const

/**
 * The library of N articles (`npm run bench -- --articles N`): feeds grow with the library as issue 22
 * says, 500 at 50,000 and 2,000 at 500,000 (×4 feeds for ×10 articles, the same power law between and
 * below: 190 at 10,000, 760 at 100,000, 1,320 at 250,000), rounded to tens. 50,000 is FULL_LIBRARY itself,
 * so its cache and figures stay valid; the quick size is QUICK_LIBRARY.
 */
export function libraryParams(articles: number): LibraryParams {
  if (!Number.isInteger(articles) || articles < 1_000)
    throw new Error(`--articles must be a whole number of at least 1000, not ${articles}`)
  if (articles === FULL_LIBRARY.articles) return FULL_LIBRARY
  if (articles === QUICK_LIBRARY.articles) return QUICK_LIBRARY
  const feeds = FULL_LIBRARY.feeds * (articles / FULL_LIBRARY.articles) ** Math.log10(4)
  return { articles, feeds: Math.max(10, Math.round(feeds / 10) * 10) }
}

/**
 * Bump when the generator or the store's layout changes, so an old cache is not mistaken for the new data
 * (3: bodies gzip-compressed, each week's ids in articles/week-ids/, additions appended to week logs;
 * 4: a feed's read ids one string in flags.json, week files one record a line, format.json).
 */
const GENERATOR_VERSION = 4
/**
 * Articles stored (and indexed) per put: 1,000 as a large sync's batch up to 50,000 (the cached 50,000
 * library was made so); 5,000 above, where a week of the catalog holds up to 39,000 articles at 500,000
 * (90 days of them), so fewer, larger puts halved the generation time when each put rewrote its week
 * (BENCHMARKS.md).
 * BENCH_GENERATOR_BATCH overrides it, to profile.
 */
function batchOf(params: LibraryParams): number {
  const forced = Number(process.env.BENCH_GENERATOR_BATCH)
  if (forced > 0) return forced
  return params.articles <= FULL_LIBRARY.articles ? 1_000 : 5_000
}
const DAY_MS = 86_400_000
const MINUTE_MS = 60_000
/** The newest article's time; articles go back evenly over SPAN_DAYS (the default retention). */
const NEWEST_MS = Date.UTC(2026, 10, 1)
const SPAN_DAYS = 90
/** The newest fifth is unread (10,000 of 50,000): what "mark all read" marks. */
const UNREAD_SHARE = 0.2
const BOOKMARK_EVERY = 250
/**
 * The naive single-file library is written up to this size only: one JSON string of every article must
 * stay under V8's string limit (~512 MB; 306 MB at 50,000). Bigger libraries have no naive file, and
 * their sections compare with the 50,000 library instead (the scale section).
 */
export const NAIVE_MAX_ARTICLES = 50_000
const TOP_FOLDERS = ['World', 'Technology', 'Science', 'Business', 'Culture', 'Sport', 'Local', 'Opinion']
const SUB_FOLDERS = ['Daily', 'Weekly', 'Analysis', 'Blogs', 'Regional', 'Podcasts']
const FEEDS_PER_LEAF = 10

/**
 * Node flags for the processes that may generate a library (runTsChild's nodeArgs): the generator holds
 * the catalog as the core does, 2 GB resident at 250,000, so about 4 GB at 500,000, V8's default heap
 * limit here. What is measured runs in processes of its own, with Node's defaults.
 */
export const GENERATOR_HEAP = ['--max-old-space-size=8192']

export const BENCH_DATA_DIR = resolve('.bench-data')

/** What a section needs to know about the generated library. */
export interface LibraryInfo {
  params: LibraryParams
  version: number
  /** The cached data dir (never measured on directly: see workingCopy). */
  dataDir: string
  /** The same library as one JSON file ({@link NaiveLibrary}); '' above NAIVE_MAX_ARTICLES. */
  naiveFile: string
  /** A top-level folder (its subfolders' feeds included) and one leaf folder. */
  topFolder: { id: string; path: string; feeds: number }
  leafFolder: { id: string; path: string; feeds: number }
  unread: number
  bookmarked: number
  /** 200 article ids spread over the whole library, for "open one article". */
  sampleIds: string[]
  generatedMs: number
  /** Where the generation's time went, ms: stored and indexed in batches, merged, flags, naive file. */
  generatedPhases?: Record<string, number>
}

/** The naive way's whole library: everything in one file, read and written whole. */
export interface NaiveLibrary {
  feeds: { id: string; title: string; url: string; folder: string }[]
  articles: (Article & { read: boolean; bookmarked: boolean })[]
}

function feedPlace(f: number, feeds: number): { folder: string[]; title: string } {
  const leaves = TOP_FOLDERS.length * SUB_FOLDERS.length
  // The last tenth of the feeds sit at the top level, the rest ten to a leaf folder.
  const foldered = Math.min(leaves * FEEDS_PER_LEAF, Math.floor(feeds * 0.9))
  const title = `${['Morning', 'Evening', 'Harbour', 'Valley', 'Northern'][f % 5]} ${['Ledger', 'Gazette', 'Courier', 'Post', 'Herald', 'Review', 'Times'][f % 7]} ${f}`
  if (f >= foldered) return { folder: [], title }
  const leaf = Math.floor((f / foldered) * leaves)
  return {
    folder: [
      TOP_FOLDERS[Math.floor(leaf / SUB_FOLDERS.length)] as string,
      SUB_FOLDERS[leaf % SUB_FOLDERS.length] as string,
    ],
    title,
  }
}

/** Article n of the library: a feed picked at random, text from the search benchmark's corpus. */
export function libraryArticle(n: number, params: LibraryParams, feedIds: readonly string[]): Article {
  const next = random(n * 2246822519 + 7)
  const feed = Math.floor(next() * params.feeds)
  const step = (SPAN_DAYS * DAY_MS) / params.articles
  const publishedMs = Math.round(NEWEST_MS - (params.articles - 1 - n) * step)
  const base = corpusArticle(n)
  const words = base.contentText.split(' ')
  const length = 120 + Math.floor(next() * 480)
  const paragraphs: string[] = []
  for (let at = 0; at < length; at += 60)
    paragraphs.push(words.slice(at, Math.min(length, at + 60)).join(' '))
  return makeArticle(n, {
    id: articleId(`bench-feed-${feed}`, n),
    feedId: feedIds[feed] as string,
    guid: `urn:bench:${feed}:${n}`,
    url: `http://127.0.0.1:9/bench/${feed}/${n}`,
    title: base.title,
    author: base.author,
    publishedMs,
    summary: `<p>${words.slice(0, 30).join(' ')}…</p>`,
    contentHtml: paragraphs.map((p) => `<p>${p}</p>`).join('\n'),
    contentText: paragraphs.join('\n\n'),
    fetchedAt: new Date(publishedMs + MINUTE_MS).toISOString(),
  })
}

function cacheDirOf(params: LibraryParams): string {
  return join(BENCH_DATA_DIR, `library-a${params.articles}-f${params.feeds}-v${GENERATOR_VERSION}`)
}

/** The cached library of these parameters, generated first when missing (minutes at 50,000). */
export async function ensureLibrary(params: LibraryParams): Promise<LibraryInfo> {
  const root = cacheDirOf(params)
  const infoPath = join(root, 'info.json')
  if (existsSync(infoPath)) return JSON.parse(readFileSync(infoPath, 'utf8')) as LibraryInfo
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { recursive: true })
  const started = performance.now()
  const info = await generate(params, root)
  info.generatedMs = Math.round(performance.now() - started)
  // Written last: a run cut short leaves no info.json, and the next run starts over.
  writeFileSync(infoPath, JSON.stringify(info, null, 2))
  return info
}

async function generate(params: LibraryParams, root: string): Promise<LibraryInfo> {
  const dataDir = join(root, 'data')
  progress(`generating ${params.articles} articles over ${params.feeds} feeds in ${dataDir} (once; cached)…`)
  const core = await startServices({ dataDir })
  const naiveFeeds: NaiveLibrary['feeds'] = []
  const places = Array.from({ length: params.feeds }, (_, f) => feedPlace(f, params.feeds))
  const { added } = await core.subscriptions.add(
    places.map((place, f) => ({
      url: `http://127.0.0.1:9/bench/feed-${f}.xml`,
      title: place.title,
      folder: place.folder,
    })),
  )
  const feedIds = added.map((feed) => feed.id)
  added.forEach((feed, f) =>
    naiveFeeds.push({ id: feed.id, title: feed.title, url: feed.url, folder: places[f]!.folder.join('/') }),
  )
  const folderIds = new Map(core.subscriptions.folders().map((folder) => [folder.path, folder.id]))
  const withNaive = params.articles <= NAIVE_MAX_ARTICLES
  // The naive file needs every article in memory at once; above its limit only the ids are kept.
  const naive: NaiveLibrary['articles'] = []
  const ids: string[] = []
  const unreadFrom = params.articles - Math.round(params.articles * UNREAD_SHARE)
  const isBookmarked = (n: number) => n % BOOKMARK_EVERY === 0
  const phases: Record<string, number> = {}
  let phaseAt = performance.now()
  const phase = (name: string) => {
    phases[name] = Math.round(performance.now() - phaseAt)
    phaseAt = performance.now()
  }
  const batchSize = batchOf(params)
  for (let from = 0; from < params.articles; from += batchSize) {
    const batch: Article[] = []
    for (let n = from; n < Math.min(params.articles, from + batchSize); n++) {
      const article = libraryArticle(n, params, feedIds)
      batch.push(article)
      ids.push(article.id)
      if (withNaive) naive.push({ ...article, read: n < unreadFrom, bookmarked: isBookmarked(n) })
    }
    await core.articles.put(batch)
    if ((from + batch.length) % 10_000 === 0)
      progress(
        `  ${from + batch.length} stored and indexed (${Math.round((performance.now() - phaseAt) / 1000)} s)`,
      )
  }
  phase('storeAndIndexMs')
  progress('  merging the search index…')
  const index = await core.search.index()
  await index.merge()
  await index.idle()
  await core.close()
  phase('mergeMs')
  // All but the newest fifth read, through "mark all read" of these articles (the catalog's metadata; a
  // setRead of 400,000 ids would read every body for its feed, minutes at 500,000).
  await core.flags.markAllReadUndoably(undefined, new Set(ids.slice(0, unreadFrom)))
  for (let n = 0; n < params.articles; n += BOOKMARK_EVERY)
    if (isBookmarked(n)) await core.flags.setBookmarked(ids[n] as string, true)
  // The cached library keeps its flags in flags.json alone (working copies hard-link it; see workingCopy).
  await core.flags.compact()
  phase('flagsMs')

  const naiveFile = withNaive ? join(root, 'naive-library.json') : ''
  if (withNaive) {
    progress('  writing the naive single-file library…')
    // Newest first, as a naive reader would keep it for listing.
    naive.reverse()
    await writeFileAtomic(
      naiveFile,
      JSON.stringify({ feeds: naiveFeeds, articles: naive } satisfies NaiveLibrary),
    )
    phase('naiveMs')
  }

  const topPath = TOP_FOLDERS[0] as string
  const leafPath = `${topPath}/${SUB_FOLDERS[0]}`
  const feedsIn = (prefix: string) =>
    naiveFeeds.filter((feed) => feed.folder === prefix || feed.folder.startsWith(`${prefix}/`)).length
  // Spread over the whole library, in a shuffled order (7919 is prime, so every slot is visited once).
  return {
    params,
    version: GENERATOR_VERSION,
    dataDir,
    naiveFile,
    topFolder: {
      id: folderIds.get(topPath) as string,
      path: topPath,
      feeds: feedsIn(topPath),
    },
    leafFolder: { id: folderIds.get(leafPath) as string, path: leafPath, feeds: feedsIn(leafPath) },
    unread: params.articles - unreadFrom,
    bookmarked: Math.ceil(params.articles / BOOKMARK_EVERY),
    sampleIds: Array.from(
      { length: 200 },
      (_, i) => ids[Math.floor(((i * 7919) % 200) * (params.articles / 200))] as string,
    ),
    generatedMs: 0,
    generatedPhases: phases,
  }
}

/**
 * A working copy of the cached library for one run: hard links to the cached files (seconds, no extra
 * disk), under .bench-data/work-<pid>. Remove it with `removeWorkingCopy`.
 */
export function workingCopy(info: LibraryInfo, name = 'data'): string {
  const dir = join(BENCH_DATA_DIR, `work-${process.pid}-${name}`)
  rmSync(dir, { recursive: true, force: true })
  execFileSync('cp', ['-al', info.dataDir, dir])
  // Every file is replaced whole (a rename) when written, which leaves the cached one as it was, except
  // flags.log, appended to in place: the copy gets its own.
  const log = join(dir, 'flags.log')
  if (existsSync(log)) {
    rmSync(log)
    copyFileSync(join(info.dataDir, 'flags.log'), log)
  }
  return dir
}

export function removeWorkingCopy(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

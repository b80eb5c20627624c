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

/** Bump when the generator changes, so an old cache is not mistaken for the new data. */
const GENERATOR_VERSION = 2
const BATCH = 1_000
const DAY_MS = 86_400_000
const MINUTE_MS = 60_000
/** The newest article's time; articles go back evenly over SPAN_DAYS (the default retention). */
const NEWEST_MS = Date.UTC(2026, 10, 1)
const SPAN_DAYS = 90
/** The newest fifth is unread (10,000 of 50,000): what "mark all read" marks. */
const UNREAD_SHARE = 0.2
const BOOKMARK_EVERY = 250
const TOP_FOLDERS = ['World', 'Technology', 'Science', 'Business', 'Culture', 'Sport', 'Local', 'Opinion']
const SUB_FOLDERS = ['Daily', 'Weekly', 'Analysis', 'Blogs', 'Regional', 'Podcasts']
const FEEDS_PER_LEAF = 10

export const BENCH_DATA_DIR = resolve('.bench-data')

/** What a section needs to know about the generated library. */
export interface LibraryInfo {
  params: LibraryParams
  version: number
  /** The cached data dir (never measured on directly: see workingCopy). */
  dataDir: string
  /** The same library as one JSON file ({@link NaiveLibrary}). */
  naiveFile: string
  /** A top-level folder (its subfolders' feeds included) and one leaf folder. */
  topFolder: { id: string; path: string; feeds: number }
  leafFolder: { id: string; path: string; feeds: number }
  unread: number
  bookmarked: number
  /** 200 article ids spread over the whole library, for "open one article". */
  sampleIds: string[]
  generatedMs: number
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
  const naive: NaiveLibrary['articles'] = []
  const unreadFrom = params.articles - Math.round(params.articles * UNREAD_SHARE)
  for (let from = 0; from < params.articles; from += BATCH) {
    const batch: Article[] = []
    for (let n = from; n < Math.min(params.articles, from + BATCH); n++) {
      const article = libraryArticle(n, params, feedIds)
      batch.push(article)
      naive.push({ ...article, read: n < unreadFrom, bookmarked: n % BOOKMARK_EVERY === 0 })
    }
    await core.articles.put(batch)
    if ((from / BATCH) % 10 === 9) progress(`  ${from + batch.length} stored and indexed`)
  }
  progress('  merging the search index…')
  const index = await core.search.index()
  await index.merge()
  await index.idle()
  await core.close()
  await core.flags.setRead(
    naive.filter((article) => article.read).map((article) => article.id),
    true,
  )
  for (const article of naive) if (article.bookmarked) await core.flags.setBookmarked(article.id, true)
  // The cached library keeps its flags in flags.json alone (working copies hard-link it; see workingCopy).
  await core.flags.compact()

  progress('  writing the naive single-file library…')
  const naiveFile = join(root, 'naive-library.json')
  // Newest first, as a naive reader would keep it for listing.
  naive.reverse()
  await writeFileAtomic(
    naiveFile,
    JSON.stringify({ feeds: naiveFeeds, articles: naive } satisfies NaiveLibrary),
  )

  const topPath = TOP_FOLDERS[0] as string
  const leafPath = `${topPath}/${SUB_FOLDERS[0]}`
  const feedsIn = (prefix: string) =>
    naiveFeeds.filter((feed) => feed.folder === prefix || feed.folder.startsWith(`${prefix}/`)).length
  // Spread over the whole library, in a shuffled order (7919 is prime, so every slot is visited once).
  const byNumber = new Map(naive.map((article, i) => [params.articles - 1 - i, article.id]))
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
    bookmarked: naive.filter((article) => article.bookmarked).length,
    sampleIds: Array.from(
      { length: 200 },
      (_, i) => byNumber.get(Math.floor(((i * 7919) % 200) * (params.articles / 200))) as string,
    ),
    generatedMs: 0,
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

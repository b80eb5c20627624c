/**
 * The engines of `npm run bench:search`, each run in a child process: `build` indexes the corpus,
 * persists it and adds 100 more articles; `search` opens the index cold and measures queries.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import MiniSearch from 'minisearch'
import { applyMemoryPolicy } from '../src/main/core/runtime/memory-policy'
import { SearchIndex } from '../src/main/core/search/search-index'
import { analyze } from '../src/main/core/search/tokenize'
import type { Article } from '../src/shared/types'
import { corpusArticle, isKorean, KOREAN_NOUNS, QUERIES, sortTimeOf } from './bench-search-corpus'
import { naiveBuild, naiveSearch, weeklyBuild, weeklySearch } from './bench/search-lunr'
import {
  dirMB,
  docOf,
  FEED_TITLES,
  measureQueries,
  percentile,
  ROUNDS,
  rssMB,
  timedBatches,
  withFeedTitle,
  type PhaseResult,
} from './bench/search-measure'

export type { PhaseResult }

export const ENGINES = ['broadsheet', 'lunr-naive', 'lunr-weekly', 'minisearch'] as const
export type EngineName = (typeof ENGINES)[number]

export async function runChild(
  engine: EngineName,
  phase: 'build' | 'search',
  size: number,
  dir: string,
): Promise<PhaseResult> {
  if (engine === 'broadsheet') {
    // Its process runs as the app's and the CLI's do.
    applyMemoryPolicy()
    return phase === 'build' ? broadsheetBuild(size, dir) : broadsheetSearch(size, dir)
  }
  if (engine === 'lunr-naive') return phase === 'build' ? naiveBuild(size, dir) : naiveSearch(dir)
  if (engine === 'lunr-weekly') return phase === 'build' ? weeklyBuild(size, dir) : weeklySearch(dir)
  return phase === 'build' ? miniBuild(size, dir) : miniSearch(dir)
}

// Broadsheet: segments in the data dir; `now` fixed so time buckets are the same in every run.
const nowOf = (size: number): number => sortTimeOf(size + 100)

async function broadsheetBuild(size: number, dir: string): Promise<PhaseResult> {
  const index = await SearchIndex.open(dir, {
    feedTitles: () => FEED_TITLES,
    autoMerge: false,
    now: () => nowOf(size),
  })
  const articles = (numbers: number[]): Article[] => numbers.map(corpusArticle)
  // Batches of 1,000 as syncs would bring them, then the merges the policy asks for.
  let indexMs = await timedBatches(0, size, articles, (batch) => index.add(batch))
  const mergeStart = performance.now()
  await index.merge()
  indexMs += performance.now() - mergeStart
  const add100Ms = await timedBatches(size, size + 100, articles, (batch) => index.add(batch))
  await index.close()
  return {
    indexMs: Math.round(indexMs),
    add100Ms: Math.round(add100Ms),
    serializedMB: dirMB(join(dir, 'search')),
    rssMB: rssMB(),
  }
}

async function broadsheetSearch(size: number, dir: string): Promise<PhaseResult> {
  let index: SearchIndex | null = null
  const source = {
    get: async (id: string) => corpusArticle(Number(id.slice(1))),
    list: async () => [],
  }
  const measured = await measureQueries(async () => {
    index = await SearchIndex.open(dir, {
      articles: source,
      feedTitles: () => FEED_TITLES,
      autoMerge: false,
      now: () => nowOf(size),
    })
    const opened = index
    return async (query) => (await opened.search(query, { limit: 10 })).results.map((hit) => hit.id)
  })
  const opened = index as unknown as SearchIndex
  const bare: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of QUERIES) {
      const at = performance.now()
      await opened.search(query, { limit: 10, snippets: false })
      bare.push(performance.now() - at)
    }
  }
  const korean = await koreanRecall(opened, size)
  await (index as unknown as SearchIndex).close()
  const { run: _run, ...figures } = measured
  return {
    ...figures,
    queryNoSnippetsP50Ms: percentile(bare, 50),
    queryNoSnippetsP95Ms: percentile(bare, 95),
    ...korean,
    rssMB: rssMB(),
  }
}

/**
 * Recall and precision of Korean noun queries: relevant = the article has a word (eojeol) starting with
 * the noun. Over the 73 real nouns and 60 made-up ones from frequent to rare.
 */
async function koreanRecall(
  index: SearchIndex,
  size: number,
): Promise<{ koreanRecall: number; koreanPrecision: number }> {
  const nouns = [
    ...KOREAN_NOUNS.slice(0, 73),
    ...Array.from({ length: 60 }, (_, i) => KOREAN_NOUNS[73 + i * 45] as string),
  ]
  const wanted = new Set(nouns)
  const relevant = new Map<string, Set<string>>(nouns.map((noun) => [noun, new Set()]))
  for (let n = 0; n < size + 100; n++) {
    if (!isKorean(n)) continue
    const article = corpusArticle(n)
    for (const word of `${article.title} ${article.contentText}`.split(/[\s.]+/)) {
      for (let length = 1; length <= word.length; length++) {
        const prefix = word.slice(0, length)
        if (wanted.has(prefix)) relevant.get(prefix)?.add(article.id)
      }
    }
  }
  let hits = 0
  let returned = 0
  let expected = 0
  for (const noun of nouns) {
    const found = new Set<string>()
    for (let offset = 0; ; offset += 200) {
      const page = await index.search(noun, { limit: 200, offset, snippets: false })
      for (const hit of page.results) found.add(hit.id)
      if (offset + 200 >= page.total) break
    }
    const truth = relevant.get(noun) as Set<string>
    hits += [...found].filter((id) => truth.has(id)).length
    returned += found.size
    expected += truth.size
  }
  return { koreanRecall: hits / (expected || 1), koreanPrecision: hits / (returned || 1) }
}

// MiniSearch with the same analysis (our tokenizer and pipeline) and boosts; incremental adds, but its
// index is one JSON document, written whole after every change.
const miniOptions = {
  idField: 'id',
  fields: ['title', 'author', 'feed', 'content'],
  storeFields: ['title', 'feedId'],
  extractField: (doc: object, field: string) => (doc as Record<string, string>)[field] ?? '',
  tokenize: (text: string) => analyze(text).flatMap((token) => token.terms),
  processTerm: (term: string) => term,
  searchOptions: { boost: { title: 5, author: 2, feed: 2 } },
}

async function miniBuild(size: number, dir: string): Promise<PhaseResult> {
  const path = join(dir, 'minisearch.json')
  const mini = new MiniSearch(miniOptions)
  let indexMs = await timedBatches(
    0,
    size,
    (numbers) => numbers.map((n) => withFeedTitle(docOf(n))),
    (docs) => mini.addAll(docs),
  )
  let started = performance.now()
  await writeFile(path, JSON.stringify(mini))
  indexMs += performance.now() - started
  let add100Ms = await timedBatches(
    size,
    size + 100,
    (numbers) => numbers.map((n) => withFeedTitle(docOf(n))),
    (docs) => mini.addAll(docs),
  )
  started = performance.now()
  await writeFile(path, JSON.stringify(mini))
  add100Ms += performance.now() - started
  return {
    indexMs: Math.round(indexMs),
    add100Ms: Math.round(add100Ms),
    serializedMB: dirMB(dir),
    rssMB: rssMB(),
  }
}

async function miniSearch(dir: string): Promise<PhaseResult> {
  const { run: _run, ...figures } = await measureQueries(async () => {
    const mini = MiniSearch.loadJSON(await readFile(join(dir, 'minisearch.json'), 'utf8'), miniOptions)
    return async (query) =>
      mini
        .search(query)
        .slice(0, 10)
        .map((result) => String(result.id))
  })
  return { ...figures, rssMB: rssMB() }
}

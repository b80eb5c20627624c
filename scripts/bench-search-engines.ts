/**
 * The engines of `npm run bench:search`, each run in a child process: `build` indexes the corpus,
 * persists it and adds 100 more articles; `search` opens the index cold and measures queries.
 */
import { readdirSync, statSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import lunr from 'lunr'
import MiniSearch from 'minisearch'
import { compileQuery } from '../src/main/core/search/query-compile'
import { FIELD_BOOSTS, FIELDS } from '../src/main/core/search/segment'
import { toIndexDoc } from '../src/main/core/search/index-changes'
import { applyMemoryPolicy } from '../src/main/core/runtime/memory-policy'
import { SearchIndex } from '../src/main/core/search/search-index'
import { analyze, broadsheetTerms, lunrTokenizer } from '../src/main/core/search/tokenize'
import type { IndexDoc } from '../src/main/core/search/segment-build'
import type { Article } from '../src/shared/types'
import {
  corpusArticle,
  FEED_COUNT,
  feedTitleOf,
  isKorean,
  KOREAN_NOUNS,
  QUERIES,
  sortTimeOf,
} from './bench-search-corpus'

export const ENGINES = ['broadsheet', 'lunr-naive', 'minisearch'] as const
export type EngineName = (typeof ENGINES)[number]

export interface PhaseResult {
  indexMs?: number
  add100Ms?: number
  serializedMB?: number
  coldStartMs?: number
  queryP50Ms?: number
  queryP95Ms?: number
  rssMB: number
  /** Broadsheet only: the same queries without snippets (the other engines make none). */
  queryNoSnippetsP50Ms?: number
  queryNoSnippetsP95Ms?: number
  koreanRecall?: number
  koreanPrecision?: number
}

const BATCH = 1_000
const ROUNDS = 3
const FEED_TITLES = new Map(Array.from({ length: FEED_COUNT }, (_, f) => [`f${f}`, feedTitleOf(f)]))
const docOf = (n: number): IndexDoc => toIndexDoc(corpusArticle(n))
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i)
const rssMB = (): number => Math.round(process.resourceUsage().maxRSS / 1024)

function dirMB(dir: string): number {
  let bytes = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += statSync(join(entry.parentPath, entry.name)).size
  }
  return Math.round((bytes / 1024 / 1024) * 10) / 10
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return (
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) * 10) /
    10
  )
}

/** Times `run` over articles [from, to) in batches; `prepare` (generating the articles) is not timed. */
async function timedBatches<T>(
  from: number,
  to: number,
  prepare: (numbers: number[]) => T,
  run: (prepared: T) => Promise<unknown> | unknown,
): Promise<number> {
  let ms = 0
  for (let start = from; start < to; start += BATCH) {
    const prepared = prepare(range(start, Math.min(to, start + BATCH)))
    const started = performance.now()
    await run(prepared)
    ms += performance.now() - started
  }
  return ms
}

/** First-page latency over the fixed queries, after the cold start measured by `open`. */
async function measureQueries(
  open: () => Promise<(query: string) => Promise<unknown>>,
): Promise<Omit<PhaseResult, 'rssMB'> & { run: (query: string) => Promise<unknown> }> {
  const started = performance.now()
  const run = await open()
  await run(QUERIES[0] as string)
  const coldStartMs = Math.round(performance.now() - started)
  const latencies: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of QUERIES) {
      const at = performance.now()
      await run(query)
      latencies.push(performance.now() - at)
    }
  }
  return { coldStartMs, queryP50Ms: percentile(latencies, 50), queryP95Ms: percentile(latencies, 95), run }
}

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
    return (query) => opened.search(query, { limit: 10 })
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

// One naive Lunr index: lunr.Builder over everything (positions whitelisted for highlighting), rebuilt
// and re-serialized whole on every change — Lunr indexes cannot be changed once built.
function naiveBuilder(): lunr.Builder {
  const builder = new lunr.Builder()
  builder.ref('id')
  for (const field of FIELDS) builder.field(field, { boost: FIELD_BOOSTS[field] })
  builder.tokenizer = lunrTokenizer as never
  builder.pipeline.add(broadsheetTerms as lunr.PipelineFunction)
  builder.metadataWhitelist = ['position']
  return builder
}

const asLunrDoc = (doc: IndexDoc): object => ({ ...doc, feed: FEED_TITLES.get(doc.feedId) ?? '' })

async function naiveIndex(count: number, path: string): Promise<number> {
  const builder = naiveBuilder()
  let ms = await timedBatches(
    0,
    count,
    (numbers) => numbers.map(docOf),
    (docs) => {
      for (const doc of docs) builder.add(asLunrDoc(doc))
    },
  )
  const started = performance.now()
  await writeFile(path, JSON.stringify(builder.build()))
  ms += performance.now() - started
  return ms
}

async function naiveBuild(size: number, dir: string): Promise<PhaseResult> {
  const path = join(dir, 'lunr.json')
  const indexMs = await naiveIndex(size, path)
  const add100Ms = await naiveIndex(size + 100, path)
  return {
    indexMs: Math.round(indexMs),
    add100Ms: Math.round(add100Ms),
    serializedMB: dirMB(dir),
    rssMB: rssMB(),
  }
}

async function naiveSearch(dir: string): Promise<PhaseResult> {
  const presence = {
    must: lunr.Query.presence.REQUIRED,
    not: lunr.Query.presence.PROHIBITED,
    should: lunr.Query.presence.OPTIONAL,
  }
  const { run: _run, ...figures } = await measureQueries(async () => {
    const index = lunr.Index.load(JSON.parse(await readFile(join(dir, 'lunr.json'), 'utf8')))
    return async (query) =>
      index
        .query((q) => {
          for (const clause of compileQuery(query).clauses) {
            for (const slot of clause.slots) {
              for (const term of slot.terms)
                q.term(term, {
                  fields: [...clause.fields],
                  presence: presence[clause.presence],
                  usePipeline: false,
                })
            }
          }
        })
        .slice(0, 10)
  })
  return { ...figures, rssMB: rssMB() }
}

// MiniSearch with the same analysis (our tokenizer and pipeline) and boosts; incremental adds, but its
// index is one JSON document, written whole after every change.
const miniOptions = {
  idField: 'id',
  fields: ['title', 'author', 'feed', 'content'],
  storeFields: ['title', 'feedId'],
  extractField: (doc: object, field: string) =>
    field === 'feed'
      ? (FEED_TITLES.get((doc as IndexDoc).feedId) ?? '')
      : ((doc as Record<string, string>)[field] ?? ''),
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
    (numbers) => numbers.map(docOf),
    (docs) => mini.addAll(docs),
  )
  let started = performance.now()
  await writeFile(path, JSON.stringify(mini))
  indexMs += performance.now() - started
  let add100Ms = await timedBatches(
    size,
    size + 100,
    (numbers) => numbers.map(docOf),
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
    return async (query) => mini.search(query).slice(0, 10)
  })
  return { ...figures, rssMB: rssMB() }
}

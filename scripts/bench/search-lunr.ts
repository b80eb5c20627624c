/**
 * The two Lunr engines of `npm run bench:search`, both with Broadsheet's tokenizer, pipeline, fields and
 * boosts, and positions whitelisted (what highlighting would need; Broadsheet recomputes them instead):
 *
 * - `lunr-naive`: one lunr.Index over everything, rebuilt and re-serialized whole on every change (a Lunr
 *   index cannot be changed once built).
 * - `lunr-weekly`: one real lunr.Index per week of articles (by sortTime, the catalog's weeks), each its
 *   own file; a change rebuilds only the weeks it touches, and a query asks every week's index and merges
 *   their best results by score. Each week's scores use that week's statistics (its idf, its average
 *   field lengths), which is what Broadsheet's segments avoid by scoring with statistics summed over all
 *   of them: the top-10 agreement with the single index shows what that costs.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import lunr from 'lunr'
import { partitionOf } from '../../src/main/core/store/article-catalog'
import { compileQuery } from '../../src/main/core/search/query-compile'
import { FIELD_BOOSTS, FIELDS } from '../../src/main/core/search/segment'
import { broadsheetTerms, lunrTokenizer } from '../../src/main/core/search/tokenize'
import { sortTimeOf } from '../bench-search-corpus'
import {
  dirMB,
  docOf,
  measureQueries,
  range,
  rssMB,
  timedBatches,
  withFeedTitle,
  type PhaseResult,
} from './search-measure'

function lunrBuilder(): lunr.Builder {
  const builder = new lunr.Builder()
  builder.ref('id')
  for (const field of FIELDS) builder.field(field, { boost: FIELD_BOOSTS[field] })
  builder.tokenizer = lunrTokenizer as never
  builder.pipeline.add(broadsheetTerms as lunr.PipelineFunction)
  builder.metadataWhitelist = ['position']
  return builder
}

const PRESENCE = {
  must: lunr.Query.presence.REQUIRED,
  not: lunr.Query.presence.PROHIBITED,
  should: lunr.Query.presence.OPTIONAL,
}

/** A query through lunr.Index#query, with the terms Broadsheet's query compiler gives (as ranking.test.ts). */
function lunrQuery(index: lunr.Index, query: string): lunr.Index.Result[] {
  const clauses = compileQuery(query).clauses
  return index.query((q) => {
    for (const clause of clauses) {
      for (const slot of clause.slots) {
        const options = {
          fields: [...clause.fields],
          presence: PRESENCE[clause.presence],
          usePipeline: false,
        }
        for (const term of slot.terms) q.term(term, { ...options, wildcard: lunr.Query.wildcard.NONE })
        for (const prefix of slot.prefixes) {
          q.term(prefix, { ...options, wildcard: lunr.Query.wildcard.TRAILING })
        }
      }
    }
  })
}

async function naiveIndex(count: number, path: string): Promise<number> {
  const builder = lunrBuilder()
  let ms = await timedBatches(
    0,
    count,
    (numbers) => numbers.map(docOf),
    (docs) => {
      for (const doc of docs) builder.add(withFeedTitle(doc))
    },
  )
  const started = performance.now()
  await writeFile(path, JSON.stringify(builder.build()))
  ms += performance.now() - started
  return ms
}

export async function naiveBuild(size: number, dir: string): Promise<PhaseResult> {
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

export async function naiveSearch(dir: string): Promise<PhaseResult> {
  const { run: _run, ...figures } = await measureQueries(async () => {
    const index = lunr.Index.load(JSON.parse(await readFile(join(dir, 'lunr.json'), 'utf8')))
    return async (query) =>
      lunrQuery(index, query)
        .slice(0, 10)
        .map((result) => result.ref)
  })
  return { ...figures, rssMB: rssMB() }
}

/** The article numbers of each week, among articles [0, count): sortTime grows with n. */
function weeksOf(count: number): Map<string, number[]> {
  const weeks = new Map<string, number[]>()
  for (let n = 0; n < count; n++) {
    const week = partitionOf(sortTimeOf(n))
    const members = weeks.get(week)
    if (members) members.push(n)
    else weeks.set(week, [n])
  }
  return weeks
}

async function writeWeek(dir: string, week: string, builder: lunr.Builder): Promise<void> {
  await writeFile(join(dir, `${week}.json`), JSON.stringify(builder.build()))
}

export async function weeklyBuild(size: number, dir: string): Promise<PhaseResult> {
  const weeksDir = join(dir, 'lunr-weeks')
  await mkdir(weeksDir, { recursive: true })
  // Batches of 1,000 as syncs bring them, each article into its week's builder; then every week is built
  // and written once, as the naive index is.
  const builders = new Map<string, lunr.Builder>()
  let indexMs = await timedBatches(
    0,
    size,
    (numbers) => numbers.map(docOf),
    (docs) => {
      for (const doc of docs) {
        const week = partitionOf(doc.sortTime)
        let builder = builders.get(week)
        if (!builder) builders.set(week, (builder = lunrBuilder()))
        builder.add(withFeedTitle(doc))
      }
    },
  )
  let started = performance.now()
  for (const [week, builder] of builders) await writeWeek(weeksDir, week, builder)
  indexMs += performance.now() - started
  builders.clear()
  // 100 more articles: the weeks they fall in are rebuilt from all of their articles (generated untimed,
  // as the store would hand them over).
  const weeks = weeksOf(size + 100)
  const touched = new Set(range(size, size + 100).map((n) => partitionOf(sortTimeOf(n))))
  const docs = [...touched].map((week) => ({ week, docs: (weeks.get(week) ?? []).map(docOf) }))
  started = performance.now()
  for (const { week, docs: members } of docs) {
    const builder = lunrBuilder()
    for (const doc of members) builder.add(withFeedTitle(doc))
    await writeWeek(weeksDir, week, builder)
  }
  const add100Ms = performance.now() - started
  return {
    indexMs: Math.round(indexMs),
    add100Ms: Math.round(add100Ms),
    serializedMB: dirMB(dir),
    rssMB: rssMB(),
  }
}

export async function weeklySearch(dir: string): Promise<PhaseResult> {
  const weeksDir = join(dir, 'lunr-weeks')
  const { run: _run, ...figures } = await measureQueries(async () => {
    const files = (await readdir(weeksDir)).filter((file) => file.endsWith('.json'))
    const indexes = await Promise.all(
      files.map(async (file) => lunr.Index.load(JSON.parse(await readFile(join(weeksDir, file), 'utf8')))),
    )
    return async (query) =>
      indexes
        .flatMap((index) => lunrQuery(index, query).slice(0, 10))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10)
        .map((result) => result.ref)
  })
  return { ...figures, rssMB: rssMB() }
}

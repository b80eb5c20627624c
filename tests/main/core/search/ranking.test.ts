import lunr from 'lunr'
import { beforeAll, describe, expect, it } from 'vitest'
import { compileQuery } from '../../../../src/main/core/search/query-compile'
import { FIELD_BOOSTS, FIELDS } from '../../../../src/main/core/search/segment'
import { toIndexDoc } from '../../../../src/main/core/search/index-changes'
import { SearchIndex } from '../../../../src/main/core/search/search-index'
import { broadsheetTerms, lunrTokenizer } from '../../../../src/main/core/search/tokenize'
import type { Article } from '../../../../src/shared/types'
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir'
import { englishArticles, FEED_TITLES, memorySource } from './search-fixtures'

/**
 * One real Lunr index over every article, built with the same tokenizer, pipeline, fields and boosts, and
 * with each article's feed title as its `feed` field, as the titles are when it is built.
 */
function singleLunrIndex(articles: Article[], feedTitles: ReadonlyMap<string, string>): lunr.Index {
  const builder = new lunr.Builder()
  builder.ref('id')
  for (const field of FIELDS) builder.field(field, { boost: FIELD_BOOSTS[field] })
  builder.tokenizer = lunrTokenizer as never
  builder.pipeline.add(broadsheetTerms as lunr.PipelineFunction)
  builder.metadataWhitelist = []
  for (const article of articles) {
    builder.add({ ...toIndexDoc(article), feed: feedTitles.get(article.feedId) ?? '' })
  }
  return builder.build()
}

/** The same query through lunr.Index#query (our tokenizer's terms; Lunr's parser is not used). */
function lunrSearch(index: lunr.Index, query: string): Map<string, number> {
  const compiled = compileQuery(query)
  const presence = {
    must: lunr.Query.presence.REQUIRED,
    not: lunr.Query.presence.PROHIBITED,
    should: lunr.Query.presence.OPTIONAL,
  }
  const results = index.query((q) => {
    for (const clause of compiled.clauses) {
      for (const slot of clause.slots) {
        const options = {
          fields: [...clause.fields],
          presence: presence[clause.presence],
          usePipeline: false,
        }
        for (const term of slot.terms) q.term(term, { ...options, wildcard: lunr.Query.wildcard.NONE })
        for (const prefix of slot.prefixes)
          q.term(prefix, { ...options, wildcard: lunr.Query.wildcard.TRAILING })
      }
    }
  })
  return new Map(results.map((result) => [result.ref, result.score]))
}

const QUERIES = [
  'climate',
  'cooperating',
  'election government',
  'vaccine hospital doctor',
  '+market +inflation',
  '+football -coach',
  'title:economy',
  'author:hopper climate',
  'feed:gazette energy',
  'harbour climate',
  'feed:led* +market',
  'econom*',
  'rocket satellite -planet',
]

describe('scores across segments equal one Lunr index over all articles', () => {
  let dir: string
  let index: SearchIndex
  let lunrIndex: lunr.Index
  const articles = englishArticles(480, 7)
  // The index reads the feed titles at query time: the rename test changes them here.
  const titles = new Map(FEED_TITLES)

  beforeAll(async () => {
    dir = await makeTempDir('search-ranking')
    index = await SearchIndex.open(dir, {
      articles: memorySource(articles),
      feedTitles: () => titles,
      autoMerge: false,
      now: () => Date.UTC(2025, 3, 20),
    })
    // Four batches: segments of different sizes and time buckets, each with its own statistics.
    for (const [from, to] of [
      [0, 30],
      [30, 200],
      [200, 210],
      [210, 480],
    ]) {
      await index.add(articles.slice(from, to))
    }
    lunrIndex = singleLunrIndex(articles, titles)
    return async () => {
      await index.close()
      await removeTempDir(dir)
    }
  })

  it('spreads the articles over many segments', () => {
    expect(index.stats().segments).toBeGreaterThan(8)
  })

  it.each(QUERIES)('%s: same matches, same scores', async (query) => {
    const expected = lunrSearch(lunrIndex, query)
    const page = await index.search(query, { limit: 200, snippets: false })
    expect(expected.size).toBeGreaterThan(0)
    expect(page.total).toBe(expected.size)
    for (const hit of page.results) {
      expect(expected.has(hit.id), hit.id).toBe(true)
      expect(hit.score).toBeCloseTo(expected.get(hit.id) as number, 9)
    }
  })

  it('orders single-word and all-required queries exactly as Lunr does (top 10)', async () => {
    for (const query of ['climate', '+market +inflation', 'title:economy', 'econom*']) {
      const expected = [...lunrSearch(lunrIndex, query).entries()].sort((a, b) => b[1] - a[1])
      const page = await index.search(query, { limit: 10, snippets: false })
      expect(page.results.map((hit) => hit.score)).toEqual(
        expected.slice(0, 10).map(([, score]) => expect.closeTo(score, 9)),
      )
      // Ids agree wherever the score is not tied with a neighbour.
      page.results.forEach((hit, i) => {
        const tied = expected.filter(([, score]) => Math.abs(score - hit.score) < 1e-9).map(([id]) => id)
        expect(tied).toContain(hit.id)
        expect(tied.length === 1 ? expected[i]?.[0] : hit.id).toBe(hit.id)
      })
    }
  })

  it('still agrees after the segments are merged into one per bucket', async () => {
    await index.merge(true)
    for (const query of QUERIES) {
      const expected = lunrSearch(lunrIndex, query)
      const page = await index.search(query, { limit: 50, snippets: false })
      expect(page.total).toBe(expected.size)
      for (const hit of page.results) expect(hit.score).toBeCloseTo(expected.get(hit.id) as number, 9)
    }
  })

  it('ranks articles with all the words first', async () => {
    const page = await index.search('embassy sanction', { limit: 200, snippets: false })
    expect(page.results).toHaveLength(page.total)
    const counts = page.results.map((hit) => hit.matchedWords)
    expect(counts[0]).toBe(2)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
    expect(counts).toContain(1)
  })

  it('after a feed is renamed, scores equal a Lunr index built with the new title', async () => {
    // "Ledger" now names two feeds: the word's idf and the feed field's average length change too.
    titles.set('feed-b', 'Evening Ledger of the Harbour')
    try {
      const renamed = singleLunrIndex(articles, titles)
      for (const query of ['feed:ledger', 'ledger climate', 'feed:gazette', 'harbour', 'feed:even*']) {
        const expected = lunrSearch(renamed, query)
        const page = await index.search(query, { limit: 200, snippets: false })
        expect(page.total, query).toBe(expected.size)
        for (const hit of page.results) expect(hit.score).toBeCloseTo(expected.get(hit.id) as number, 9)
      }
      expect(lunrSearch(renamed, 'feed:gazette').size).toBe(0)
      expect(lunrSearch(renamed, 'feed:ledger').size).toBeGreaterThan(
        lunrSearch(lunrIndex, 'feed:ledger').size,
      )
    } finally {
      titles.set('feed-b', FEED_TITLES.get('feed-b') as string)
    }
  })
})

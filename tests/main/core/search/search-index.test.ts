import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SearchQueryError } from '../../../../src/main/core/search/query-parse'
import { SearchIndex } from '../../../../src/main/core/search/search-index'
import type { SearchOptions } from '../../../../src/main/core/search/search-options'
import type { Article } from '../../../../src/shared/types'
import { makeArticle } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'
import { englishArticles, FEED_TITLES, memorySource } from './search-fixtures'

const tempDir = useTempDirs('search-index')
const DAY_MS = 86_400_000
const T0 = Date.UTC(2025, 5, 2)

function article(index: number, fields: Partial<Article> & { publishedMs?: number }): Article {
  return makeArticle(index, { publishedMs: T0 + index * DAY_MS, ...fields })
}

const ARTICLES: Article[] = [
  article(1, {
    title: 'Talks on trade cooperation',
    contentText: 'Ministers met to discuss tariffs and exports.',
  }),
  article(2, {
    title: 'Weather report',
    contentText: 'Analysts praised the cooperation between ports; trade grew.',
  }),
  article(3, {
    title: 'North Korea and the South',
    contentText: 'The north korean delegation arrived. Korea north of the river.',
  }),
  article(4, {
    title: 'A river in the north',
    contentText: 'Korea is not mentioned near north here: korea; elsewhere north.',
  }),
  article(5, {
    title: '북한 소식',
    contentText: '북한의 정부는 모스크바에서 회담을 열었다. 북한은 협력을 원한다.',
    feedId: 'feed-c',
  }),
  article(6, {
    title: '남북 경제',
    contentText: '한국 경제가 성장했다. 서울의 집값이 올랐다.',
    feedId: 'feed-c',
  }),
  article(7, {
    title: '東京の天気',
    contentText: '東京都に住んでいる人は多い。北京是中国的首都。',
    feedId: 'feed-b',
  }),
  article(8, {
    title: 'Café culture in Zürich',
    contentText: 'A café on every corner of Zürich, and a résumé.',
    author: 'Zoë Müller',
    feedId: 'feed-b',
  }),
  article(9, {
    title: 'Mixed: Seoul and Tokyo',
    contentText: 'Seoul summit. 서울에서 열린 정상회담. 東京でも会議。Über die Zusammenarbeit.',
    feedId: 'feed-a',
  }),
  article(10, {
    title: 'Economy outlook',
    contentText: 'The economic outlook: economists expect economies to grow.',
    author: 'Ada Lovelace',
  }),
]

let index: SearchIndex
let source: ReturnType<typeof memorySource>

beforeEach(async () => {
  source = memorySource(ARTICLES)
  index = await SearchIndex.open(await tempDir(), {
    articles: source,
    feedTitles: () => FEED_TITLES,
    autoMerge: false,
  })
  await index.add(ARTICLES)
})

afterEach(async () => {
  await index.close()
})

const ids = async (query: string, options: SearchOptions = {}): Promise<string[]> =>
  (await index.search(query, { limit: 50, ...options })).results.map((hit) => hit.id)
const idOf = (n: number): string => (ARTICLES[n - 1] as Article).id

describe('queries', () => {
  it('finds English words by stem and ranks a title match first', async () => {
    expect(await ids('cooperating')).toEqual([idOf(1), idOf(2)])
  })

  it('ranks articles with all the words first, then by score', async () => {
    const page = await index.search('cooperation tariffs')
    expect(page.results[0]?.id).toBe(idOf(1))
    expect(page.results.map((hit) => hit.matchedWords)).toEqual([2, 1])
  })

  it('honours +must and -mustnot', async () => {
    expect(await ids('+trade +ports')).toEqual([idOf(2)])
    expect(await ids('trade -tariffs')).toEqual([idOf(2)])
  })

  it('scopes words to fields: title, author, feed, content', async () => {
    expect(await ids('title:cooperation')).toEqual([idOf(1)])
    expect(await ids('content:cooperation')).toEqual([idOf(2)])
    expect(await ids('author:lovelace')).toEqual([idOf(10)])
    expect((await ids('feed:gazette')).sort()).toEqual([idOf(7), idOf(8)].sort())
  })

  it('expands prefixes', async () => {
    expect(await ids('econom*')).toEqual([idOf(10)])
    expect(await ids('econ')).toEqual([])
  })

  it('checks that a quoted phrase is really adjacent, in order', async () => {
    expect(await ids('"north korea"')).toEqual([idOf(3)])
    expect(await ids('"korea north"')).toEqual([idOf(3)])
    expect((await ids('korea north')).sort()).toEqual([idOf(3), idOf(4)].sort())
    expect(await ids('north -"north korea"')).toEqual([idOf(4)])
    expect(await ids('"북한 정부"')).toEqual([])
    expect(await ids('"북한의 정부는"')).toEqual([idOf(5)])
  })

  it('turns a malformed query into a SearchQueryError, never a crash', async () => {
    for (const query of ['"unclosed', '-', 'title:', '-sport', '*']) {
      await expect(index.search(query)).rejects.toBeInstanceOf(SearchQueryError)
    }
  })
})

describe('languages', () => {
  it('finds a Korean noun with any particle attached', async () => {
    expect(await ids('북한')).toEqual([idOf(5)])
    expect(await ids('모스크바')).toEqual([idOf(5)])
    expect(await ids('서울')).toEqual(expect.arrayContaining([idOf(6), idOf(9)]))
    expect(await ids('집')).toEqual([idOf(6)])
    expect(await ids('모스크')).toEqual([idOf(5)])
    expect(await ids('크모스')).toEqual([])
  })

  it('finds Japanese and Chinese words inside unspaced text', async () => {
    expect((await ids('東京')).sort()).toEqual([idOf(7), idOf(9)].sort())
    expect(await ids('北京')).toEqual([idOf(7)])
    expect(await ids('首都')).toEqual([idOf(7)])
  })

  it('finds accented words with or without their accents', async () => {
    for (const query of ['café', 'cafe', 'Zürich', 'zurich', 'resume', 'author:zoe', 'author:müller']) {
      expect(await ids(query), query).toEqual([idOf(8)])
    }
  })

  it('finds every language of a mixed-language article', async () => {
    for (const query of ['seoul', '서울', '정상회담', '会議', 'über', 'zusammenarbeit']) {
      expect(await ids(query), query).toContain(idOf(9))
    }
  })
})

describe('filters, snippets and paging', () => {
  it('filters by feed, date range, and ids to keep only or leave out', async () => {
    expect(await ids('북한 東京', { feedIds: new Set(['feed-c']) })).toEqual([idOf(5)])
    expect(await ids('cooperation', { since: T0 + 2 * DAY_MS })).toEqual([idOf(2)])
    expect(await ids('cooperation', { until: T0 + 2 * DAY_MS })).toEqual([idOf(1)])
    expect(await ids('cooperation', { exceptIds: new Set([idOf(1)]) })).toEqual([idOf(2)])
    expect(await ids('cooperation', { onlyIds: new Set([idOf(1), idOf(5)]) })).toEqual([idOf(1)])
    expect(
      await ids('cooperation', { onlyIds: new Set([idOf(1), idOf(2)]), exceptIds: new Set([idOf(2)]) }),
    ).toEqual([idOf(1)])
  })

  it('returns a snippet around the matches and positions that point at them', async () => {
    const [hit] = (await index.search('tariffs')).results
    expect(hit?.snippet).toBe('Ministers met to discuss tariffs and exports.')
    const [[start, length]] = hit?.snippetPositions as [[number, number]]
    expect(hit?.snippet.slice(start, start + length)).toBe('tariffs')
    const korean = (await index.search('모스크바')).results[0]
    const [[s, l]] = korean?.positions.content as [[number, number]]
    expect(source.map.get(korean?.id as string)?.contentText.slice(s, s + l)).toBe('모스크바')
    const title = (await index.search('title:cooperation')).results[0]
    expect(title?.positions.title).toEqual([[15, 11]])
  })

  it('cuts a long text to a passage around the densest matches', async () => {
    const long = article(20, {
      title: 'Long read',
      contentText: `${'filler words about nothing much. '.repeat(40)}The glacier melted. ${'more filler text here. '.repeat(40)}`,
    })
    await index.add([long])
    source.map.set(long.id, long)
    const [hit] = (await index.search('glacier')).results
    expect(hit?.snippet.length).toBeLessThan(240)
    expect(hit?.snippet.startsWith('…')).toBe(true)
    const [[start, length]] = hit?.snippetPositions as [[number, number]]
    expect(hit?.snippet.slice(start, start + length)).toBe('glacier')
  })

  it('pages through many matches: disjoint pages in one order, the first one fast', async () => {
    const many = englishArticles(900, 3, 100)
    for (const extra of many) source.map.set(extra.id, extra)
    await index.add(many)
    const all = await index.search('climate', { limit: 200, snippets: false })
    expect(all.total).toBeGreaterThan(200)
    const first = await index.search('climate', { limit: 20 })
    const second = await index.search('climate', { limit: 20, offset: 20 })
    expect(first.total).toBe(all.total)
    expect([...first.results, ...second.results].map((hit) => hit.id)).toEqual(
      all.results.slice(0, 40).map((hit) => hit.id),
    )
    expect(first.results.every((hit) => hit.snippet.length > 0)).toBe(true)
    expect(first.tookMs).toBeLessThan(500)
  })
})

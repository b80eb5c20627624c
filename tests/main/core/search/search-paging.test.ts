import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../../src/main/core/api/handlers'
import { callApi } from '../../../../src/main/core/api/dispatch'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { SEARCH_PAGE_MAX, type SearchResults } from '../../../../src/shared/contract'
import { makeArticles } from '../../../helpers/make-articles'
import { cliIn, expectOk, expectOneLineError } from '../../../helpers/run-cli'
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir'
import { subscribeTo } from '../../../helpers/subscribe'

/*
 * One page limit, end to end: the contract's schema, the engine and the CLI agree on SEARCH_PAGE_MAX. A
 * bigger page is refused in one line (never cut short, which made a client paging by offset skip
 * results), and pages of the largest size reach every result exactly once.
 */
const MATCHING = 2 * SEARCH_PAGE_MAX + 50
let core: Broadsheet
let dir: string

beforeAll(async () => {
  dir = await makeTempDir('search-paging')
  core = await startServices({ dataDir: dir })
  const feed = await subscribeTo(core, 'https://paging.test/feed', { title: 'Paging' })
  await core.articles.put(makeArticles(MATCHING, { feedId: feed.id }))
  await core.search.repair()
})
afterAll(async () => {
  await core.close()
  await removeTempDir(dir)
})

describe('search pages', () => {
  it('of the largest size, by offset, reach every result exactly once', async () => {
    const seen: string[] = []
    for (let offset = 0; ; offset += SEARCH_PAGE_MAX) {
      const page = await core.search.search({ query: 'article', limit: SEARCH_PAGE_MAX, offset })
      expect(page.total).toBe(MATCHING)
      if (page.results.length === 0) break
      seen.push(...page.results.map((hit) => hit.id))
    }
    expect(seen).toHaveLength(MATCHING)
    expect(new Set(seen).size).toBe(MATCHING)
  })

  it('bigger than the largest are refused by the engine, with what to do instead', async () => {
    await expect(core.search.search({ query: 'article', limit: SEARCH_PAGE_MAX + 1 })).rejects.toThrow(
      `a search answers with at most ${SEARCH_PAGE_MAX} results at a time (asked for ${SEARCH_PAGE_MAX + 1}); ask for the next ones with an offset`,
    )
  })

  it('are bounded by the contract’s schema at the same size', async () => {
    const handlers = createApiHandlers(core)
    const full = (await callApi(handlers, 'search', {
      query: 'article',
      limit: SEARCH_PAGE_MAX,
    })) as SearchResults
    expect(full.results).toHaveLength(SEARCH_PAGE_MAX)
    await expect(callApi(handlers, 'search', { query: 'article', limit: 1000 })).rejects.toThrow(
      new RegExp(`limit.*${SEARCH_PAGE_MAX}`),
    )
  })

  it('through the CLI: --offset pages, and a --limit over the largest is one line', async () => {
    const cli = cliIn(dir)
    const next = await cli(
      'search',
      'article',
      '--limit',
      String(SEARCH_PAGE_MAX),
      '--offset',
      '400',
      '--json',
    )
    expectOk(next)
    expect(JSON.parse(next.stdout)).toHaveLength(MATCHING - 400)
    const readable = await cli('search', 'article', '--limit', '5', '--offset', '10')
    expect(readable.stdout).toMatch(/^450 articles match; results 11–15:/)
    // Paged past the end: how many there are, not "no articles match".
    const past = await cli('search', 'article', '--offset', '2000')
    expectOk(past)
    expect(past.stdout).toBe('450 articles match "article"; none after the first 2,000.\n')
    expect((await cli('search', 'nothingmatchesthis', '--offset', '20')).stdout).toBe(
      'No articles match "nothingmatchesthis".\n',
    )
    expectOneLineError(
      await cli('search', 'article', '--limit', '1000'),
      1,
      `at most ${SEARCH_PAGE_MAX} results`,
    )
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  firstSearchPage,
  loadPage,
  ROW_HEIGHT,
  type ListRow,
} from '../../../src/renderer/src/state/list-pages'
import { NO_FILTERS } from '../../../src/renderer/src/state/selection'
import { SEARCH_PAGE_MAX, type SearchArgs, type SearchHit } from '../../../src/shared/contract'
import { fakeApi } from '../fake-api'
import { current } from '../mock-api-client'

vi.mock('../../../src/renderer/src/api-client', async () =>
  (await import('../mock-api-client')).mockedClientModule(),
)

afterEach(() => {
  current.fake = null
})

function hit(index: number): SearchHit {
  return {
    id: `a${index}`,
    title: `Result ${index}`,
    feedId: 'gazette',
    score: 1000 - index,
    matchedWords: 1,
    sortTime: index,
    snippet: '',
    snippetPositions: [],
    positions: {},
  }
}

describe('the list’s search pages', () => {
  it('page by offset within the contract’s limit and reach every result exactly once', async () => {
    const total = 2 * SEARCH_PAGE_MAX + 37
    const asked: SearchArgs[] = []
    current.fake = fakeApi()
    // As the core answers: a page above the limit is refused, never cut short.
    current.fake.answerSearch((args) => {
      asked.push(args)
      const limit = args.limit ?? 20
      if (limit > SEARCH_PAGE_MAX) throw new Error(`search.limit: at most ${SEARCH_PAGE_MAX}`)
      const from = args.offset ?? 0
      const results = Array.from({ length: Math.max(0, Math.min(limit, total - from)) }, (_, n) =>
        hit(from + n),
      )
      return { total, totalIsExact: true, results }
    })
    const request = { selection: { kind: 'all' as const }, query: 'news', filters: NO_FILTERS }
    const rows: ListRow[] = []
    for (let more = true; more;) {
      const page = await loadPage(request, rows)
      rows.push(...page.rows)
      more = page.hasMore
      expect(asked.length).toBeLessThan(100)
    }
    expect(rows.map((row) => row.id)).toEqual(Array.from({ length: total }, (_, n) => `a${n}`))
    expect(asked.every((args) => (args.limit ?? 20) <= SEARCH_PAGE_MAX)).toBe(true)
  })
})

describe('a search’s first page', () => {
  it('fills the window with a row to spare, and is ten rows at least', () => {
    // 800 px: ten rows of 84 px (the list under the search field shows eight and a half).
    expect(firstSearchPage(800)).toBe(10)
    expect(firstSearchPage(600)).toBe(10)
    // Taller windows: more rows than the list can show, so its end (which asks for more at once) is not
    // on screen after each keystroke.
    expect(firstSearchPage(1080)).toBe(Math.ceil(1080 / ROW_HEIGHT))
    expect(firstSearchPage(1400)).toBe(17)
    expect(firstSearchPage(Number.NaN)).toBe(10)
  })

  it('is what the list asks the core for', async () => {
    const asked: SearchArgs[] = []
    current.fake = fakeApi()
    current.fake.answerSearch((args) => {
      asked.push(args)
      return { total: 500, totalIsExact: true, results: [hit(args.offset ?? 0)] }
    })
    const request = { selection: { kind: 'all' as const }, query: 'news', filters: NO_FILTERS }
    vi.stubGlobal('innerHeight', 1400)
    try {
      await loadPage(request, [])
    } finally {
      vi.unstubAllGlobals()
    }
    expect(asked[0]).toMatchObject({ query: 'news', limit: 17, offset: 0 })
  })
})

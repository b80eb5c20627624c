import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ArticleStore } from '../../../../src/main/core/store/article-store'
import { WriteLock } from '../../../../src/main/core/store/write-lock'
import type { ArticleMeta } from '../../../../src/shared/types'
import { makeArticles } from '../../../helpers/make-articles'
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir'

const TOTAL = 100_000
const BATCH = 5_000
const FEEDS = 10
// 100,000 articles 10.5 minutes apart: just under two years, about 105 weekly catalog files.
const STEP_MS = 630_000
const feedOf = (i: number) => `feed-${i % FEEDS}`
const idsOf = (metas: ArticleMeta[]) => metas.map((meta) => meta.id)
const WEEK_FILE_START = /^\{"revision":"[0-9a-f]+","articles":\[\n?\{"id":/
/** One record line of a week file (week-file.ts), parsed alone. */
const RECORD_LINE = /^\{"id":"[^"]+","feedId":/

/**
 * Counts the weekly catalog files parsed whole while `action` runs (a week file is `{revision, articles}`),
 * and the characters parsed of them, whole or a record line at a time.
 */
async function weeksParsedDuring<T>(
  action: () => Promise<T>,
): Promise<{ result: T; weeks: number; chars: number; lineChars: number }> {
  const parse = vi.spyOn(JSON, 'parse')
  try {
    const result = await action()
    const texts = parse.mock.calls.map(([text]) => text).filter((text) => typeof text === 'string')
    const weekTexts = texts.filter((text) => WEEK_FILE_START.test(text))
    const lineTexts = texts.filter((text) => RECORD_LINE.test(text))
    const length = (all: string[]) => all.reduce((sum, text) => sum + text.length, 0)
    return { result, weeks: weekTexts.length, chars: length(weekTexts), lineChars: length(lineTexts) }
  } finally {
    parse.mockRestore()
  }
}

describe('an article store with 100,000 articles', () => {
  let dir: string
  let catalogBytes = 0
  let weekCount = 0

  beforeAll(async () => {
    dir = await makeTempDir('100k', { inMemory: true })
    const store = await ArticleStore.open(dir, new WriteLock(dir), [])
    // Oldest batches first, as years of syncing would add them.
    for (let first = 0; first < TOTAL; first += BATCH) {
      const result = await store.put(
        makeArticles(BATCH, { firstIndex: first, stepMs: STEP_MS, feedId: feedOf }),
      )
      expect(result.added).toHaveLength(BATCH)
    }
    const catalogDir = join(dir, 'articles', 'catalog')
    const weeks = await readdir(catalogDir)
    weekCount = weeks.length
    for (const week of weeks) catalogBytes += (await stat(join(catalogDir, week))).size
  }, 120_000)

  afterAll(async () => {
    await removeTempDir(dir)
  })

  it('spreads them over about two years of weekly files', () => {
    expect(weekCount).toBeGreaterThanOrEqual(100)
    expect(weekCount).toBeLessThanOrEqual(110)
  })

  it('lists the newest 100 in a new instance without parsing every week', async () => {
    const { result, weeks, chars } = await weeksParsedDuring(async () => {
      const fresh = await ArticleStore.open(dir, new WriteLock(dir), [])
      return { newest: await fresh.list({ limit: 100 }), total: await fresh.total() }
    })
    const expected = makeArticles(100, { firstIndex: TOTAL - 100, stepMs: STEP_MS, feedId: feedOf })
      .map((article) => article.id)
      .reverse()
    expect(idsOf(result.newest)).toEqual(expected)
    expect(result.total).toBe(TOTAL)
    // ~950 articles a week: the newest 100 live in the newest one or two weeks.
    expect(weeks).toBeGreaterThanOrEqual(1)
    expect(weeks).toBeLessThanOrEqual(2)
    expect(chars).toBeLessThan(catalogBytes / 20)
  })

  it('pages back and filters by feed reading only the weeks it needs', async () => {
    const fresh = await ArticleStore.open(dir, new WriteLock(dir), [])
    const { result, weeks, chars, lineChars } = await weeksParsedDuring(async () => {
      const first = await fresh.list({ limit: 100, feedIds: new Set(['feed-3']) })
      const second = await fresh.list({
        limit: 100,
        feedIds: new Set(['feed-3']),
        before: first.at(-1)!.sortTime,
      })
      return [...first, ...second]
    })
    const expected: string[] = []
    for (let i = TOTAL - 1; expected.length < 200; i--) {
      if (feedOf(i) === 'feed-3') expected.push(makeArticles(1, { firstIndex: i, feedId: feedOf })[0]!.id)
    }
    expect(idsOf(result)).toEqual(expected)
    // 200 of one feed's ~95 a week: three or four weeks. Read the first time, only the feed's lines are
    // parsed (a tenth of each week); the one week both pages need is parsed whole the second time.
    expect(weeks).toBeLessThanOrEqual(1)
    expect(chars + lineChars).toBeLessThan((1.6 * catalogBytes) / weekCount)
  })

  it('counts per feed from the manifest alone', async () => {
    const { result, weeks } = await weeksParsedDuring(async () => {
      const fresh = await ArticleStore.open(dir, new WriteLock(dir), [])
      return fresh.feedCounts()
    })
    expect([...result.values()].reduce((a, b) => a + b, 0)).toBe(TOTAL)
    expect(result.get('feed-0')).toBe(TOTAL / FEEDS)
    expect(weeks).toBe(0)
  })
})

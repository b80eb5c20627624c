import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { DamageNotice } from '../../../../src/shared/contract'
import { planMerges } from '../../../../src/main/core/search/merge-policy'
import type { SearchIndexOptions } from '../../../../src/main/core/search/index-options'
import { SearchIndex } from '../../../../src/main/core/search/search-index'
import { useTempDirs } from '../../../helpers/temp-dir'
import { sourceIndexWorker } from '../../../helpers/worker-bundles'
import { englishArticles, FEED_TITLES, memorySource } from './search-fixtures'

const tempDir = useTempDirs('search-segments')
const NOW = Date.UTC(2025, 3, 20)

const segmentFiles = (dir: string): string[] =>
  readdirSync(join(dir, 'search', 'segments')).filter((f) => f.endsWith('.seg'))

async function openIndex(
  dir: string,
  source: ReturnType<typeof memorySource>,
  options: SearchIndexOptions = {},
) {
  return SearchIndex.open(dir, {
    articles: source,
    feedTitles: () => FEED_TITLES,
    autoMerge: false,
    now: () => NOW,
    ...options,
  })
}

/** Every result of a query, id and score, for before/after comparisons. */
async function snapshot(index: SearchIndex, queries: string[]): Promise<string> {
  const pages = await Promise.all(queries.map((q) => index.search(q, { limit: 200, snippets: false })))
  return JSON.stringify(pages.map((page) => page.results.map((hit) => [hit.id, hit.score.toFixed(9)])))
}

const QUERIES = ['climate', 'election government', '+market -bank', 'econom*']

describe('tombstones and merges', () => {
  it('hides removed articles at once and drops a segment once all of it is removed', async () => {
    const dir = await tempDir()
    const articles = englishArticles(120, 5)
    const index = await openIndex(dir, memorySource(articles))
    await index.add(articles.slice(0, 100))
    await index.add(articles.slice(100))
    const segments = index.stats().segments
    const target = (await index.search('climate', { snippets: false })).results[0]?.id as string
    await index.remove([target])
    expect(
      (await index.search('climate', { limit: 200, snippets: false })).results.map((h) => h.id),
    ).not.toContain(target)
    expect(index.stats().tombstones).toBe(1)
    // The last batch sits in its own segment(s): removing all of it deletes the files, no merge needed.
    const filesBefore = segmentFiles(dir).length
    await index.remove(articles.slice(100).map((a) => a.id))
    expect(index.stats().segments).toBeLessThan(segments)
    expect(segmentFiles(dir).length).toBeLessThan(filesBefore)
    await index.close()
  })

  it('replaces an updated article instead of keeping both copies', async () => {
    const dir = await tempDir()
    const [first, other] = englishArticles(2, 9)
    const original = { ...first!, contentText: 'the glacier retreated' }
    const index = await openIndex(dir, memorySource([original, other!]))
    await index.add([original, other!])
    await index.add([{ ...original, contentText: 'the volcano erupted' }])
    expect((await index.search('glacier')).total).toBe(0)
    expect((await index.search('volcano')).total).toBe(1)
    expect(index.stats()).toMatchObject({ articles: 2, tombstones: 1 })
    await index.close()
  })

  it('merges the small segments of a time bucket, purges tombstones, and ranks exactly as before', async () => {
    const dir = await tempDir()
    const articles = englishArticles(400, 11)
    const index = await openIndex(dir, memorySource(articles))
    for (let from = 0; from < 400; from += 25) await index.add(articles.slice(from, from + 25))
    await index.remove(articles.filter((_, i) => i % 10 === 0).map((a) => a.id))
    const before = await snapshot(index, QUERIES)
    const segmentsBefore = index.stats().segments
    await index.merge()
    expect(index.stats().segments).toBeLessThan(segmentsBefore)
    await index.merge(true)
    expect(index.stats().tombstones).toBe(0)
    expect(index.stats().articles).toBe(360)
    expect(planMerges([...(index as unknown as { store: { entries: [] } }).store.entries], NOW)).toEqual([])
    // Tombstoned articles no longer count in the statistics: scores change slightly, matches do not.
    const after = JSON.parse(await snapshot(index, QUERIES)) as [string, string][][]
    const old = JSON.parse(before) as [string, string][][]
    after.forEach((page, q) =>
      expect(page.map(([id]) => id).sort()).toEqual(old[q]?.map(([id]) => id).sort()),
    )
    expect(segmentFiles(dir)).toHaveLength(index.stats().segments)
    await index.close()
  })

  it('keeps a tombstone set while a merge is running', async () => {
    const dir = await tempDir()
    const articles = englishArticles(200, 12)
    const index = await openIndex(dir, memorySource(articles))
    for (let from = 0; from < 200; from += 20) await index.add(articles.slice(from, from + 20))
    const victim = articles[5]?.id as string
    const merging = index.merge(true)
    const removing = index.remove([victim])
    await Promise.all([merging, removing])
    const page = await index.search('climate', { limit: 200, snippets: false })
    expect(page.results.map((h) => h.id)).not.toContain(victim)
    expect(index.stats().articles).toBe(199)
    await index.close()
  })

  it('merges in the background after changes', async () => {
    const dir = await tempDir()
    const articles = englishArticles(100, 13)
    const index = await openIndex(dir, memorySource(articles), { autoMerge: true, mergeDelayMs: 20 })
    // Twenty small adds would leave twenty segments; the policy merges them without being asked.
    for (let from = 0; from < 100; from += 5) await index.add(articles.slice(from, from + 5))
    await vi.waitFor(() => expect(index.stats().segments).toBeLessThanOrEqual(3), { timeout: 10_000 })
    expect(index.stats().articles).toBe(100)
    expect((await index.search('climate', { limit: 200 })).total).toBeGreaterThan(0)
    await index.close()
  })

  it('merges what is pending when asked to settle (idle)', async () => {
    const dir = await tempDir()
    const articles = englishArticles(100, 13)
    const index = await openIndex(dir, memorySource(articles), { autoMerge: true, mergeDelayMs: 60_000 })
    for (let from = 0; from < 100; from += 5) await index.add(articles.slice(from, from + 5))
    expect(index.stats().segments).toBe(20)
    await index.idle()
    expect(index.stats().segments).toBeLessThanOrEqual(3)
    await index.close()
  })

  it('builds and merges in a worker thread with the same results', async () => {
    const articles = englishArticles(150, 14)
    const inline = await openIndex(await tempDir(), memorySource(articles))
    // The worker bundled from the sources, as the build bundles index-worker.js for the app.
    const worker = await openIndex(await tempDir(), memorySource(articles), sourceIndexWorker())
    for (const index of [inline, worker]) {
      for (let from = 0; from < 150; from += 30) await index.add(articles.slice(from, from + 30))
      await index.merge(true)
    }
    expect(await snapshot(worker, QUERIES)).toBe(await snapshot(inline, QUERIES))
    await Promise.all([inline.close(), worker.close()])
  })
})

describe('persistence and recovery', () => {
  it('answers the same after a restart, loading segments only on the first search', async () => {
    const dir = await tempDir()
    const articles = englishArticles(200, 21)
    const source = memorySource(articles)
    const first = await openIndex(dir, source)
    await first.add(articles)
    const before = await snapshot(first, QUERIES)
    await first.close()
    const second = await openIndex(dir, source)
    expect((second as unknown as { store: { loadedCount: number } }).store.loadedCount).toBe(0)
    expect(await snapshot(second, QUERIES)).toBe(before)
    await second.close()
  })

  it('quarantines a damaged manifest and rebuilds from the store', async () => {
    const dir = await tempDir()
    const articles = englishArticles(50, 24)
    const source = memorySource(articles)
    const first = await openIndex(dir, source)
    await first.add(articles)
    await first.close()
    writeFileSync(join(dir, 'search', 'manifest.json'), '{"version": 1, "segm')
    const damage: DamageNotice[] = []
    const index = await openIndex(dir, source, { damage })
    expect(damage[0]?.file).toBe(join(dir, 'search', 'manifest.json'))
    expect(readFileSync(damage[0]?.keptAt as string, 'utf8')).toContain('segm')
    expect(index.rebuildReason).toMatch(/damaged/)
    expect((await index.search('climate')).total).toBe(0)
    await index.repair()
    expect(index.stats().articles).toBe(50)
    expect(index.rebuildReason).toBeNull()
    await index.close()
  })

  it('sets aside an index of an older format (feed titles inside its segments) and rebuilds it', async () => {
    const dir = await tempDir()
    const articles = englishArticles(30, 27)
    mkdirSync(join(dir, 'search', 'segments'), { recursive: true })
    const old = { name: 'old-0', docCount: 1, ids: ['x'], deleted: [], oldest: 0, newest: 0, bytes: 8 }
    writeFileSync(
      join(dir, 'search', 'manifest.json'),
      JSON.stringify({ version: 1, analyzer: 1, segments: [old] }),
    )
    writeFileSync(join(dir, 'search', 'segments', 'old-0.seg'), 'BSSEG001')
    const damage: DamageNotice[] = []
    const index = await openIndex(dir, memorySource(articles), { damage })
    expect(index.rebuildReason).toMatch(/another version of the index format \(1; this one is 2\)/)
    expect(index.stats().articles).toBe(0)
    await index.repair()
    expect(index.rebuildReason).toBeNull()
    expect(index.stats().articles).toBe(30)
    expect((await index.search('feed:ledger', { limit: 200 })).total).toBe(10)
    expect(damage).toEqual([])
    await index.close()
  })

  it('quarantines a damaged segment, and repair indexes its articles again', async () => {
    const dir = await tempDir()
    const articles = englishArticles(80, 25)
    const source = memorySource(articles)
    const first = await openIndex(dir, source)
    await first.add(articles)
    const expected = await snapshot(first, QUERIES)
    await first.close()
    const [victim] = segmentFiles(dir)
    writeFileSync(join(dir, 'search', 'segments', victim as string), 'not a segment')
    const damage: DamageNotice[] = []
    const index = await openIndex(dir, source, { damage })
    await index.search('climate')
    expect(damage.map((d) => d.reason).join()).toMatch(/not a search segment/)
    expect(index.stats().articles).toBeLessThan(80)
    await index.repair()
    expect(index.stats().articles).toBe(80)
    expect(
      JSON.parse(await snapshot(index, QUERIES)).map((p: [string][]) => p.map(([id]) => id).sort()),
    ).toEqual(JSON.parse(expected).map((p: [string][]) => p.map(([id]) => id).sort()))
    await index.close()
  })

  it('deletes old orphan segment files that no manifest names', async () => {
    const dir = await tempDir()
    const articles = englishArticles(10, 26)
    const first = await openIndex(dir, memorySource(articles))
    await first.add(articles)
    await first.close()
    const orphan = join(dir, 'search', 'segments', 'orphan-0.seg')
    writeFileSync(orphan, 'left by a crash')
    const fresh = join(dir, 'search', 'segments', 'fresh-0.seg')
    writeFileSync(fresh, 'being committed by another process')
    const old = new Date(Date.now() - 3600_000)
    const { utimesSync } = await import('node:fs')
    utimesSync(orphan, old, old)
    const index = await openIndex(dir, memorySource(articles))
    expect(segmentFiles(dir)).not.toContain('orphan-0.seg')
    expect(statSync(fresh).size).toBeGreaterThan(0)
    expect((await index.search('climate')).total).toBeGreaterThan(0)
    await index.close()
  })
})

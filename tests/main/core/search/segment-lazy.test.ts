import { readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SearchIndexOptions } from '../../../../src/main/core/search/index-options'
import { SearchIndex } from '../../../../src/main/core/search/search-index'
import {
  decodeSegment,
  openSegmentFile,
  SegmentFormatError,
  STORED_FIELDS,
} from '../../../../src/main/core/search/segment'
import { useTempDirs } from '../../../helpers/temp-dir'
import { englishArticles, FEED_TITLES, memorySource } from './search-fixtures'

const tempDir = useTempDirs('search-lazy')
const NOW = Date.UTC(2025, 3, 20)
const QUERIES = ['climate', 'election government', '+market -bank', 'econom*', 'title:summit']

const segmentPaths = (dir: string): string[] =>
  readdirSync(join(dir, 'search', 'segments'))
    .filter((f) => f.endsWith('.seg'))
    .map((f) => join(dir, 'search', 'segments', f))

function openIndex(
  dir: string,
  articles: ReturnType<typeof englishArticles>,
  options: SearchIndexOptions = {},
) {
  return SearchIndex.open(dir, {
    articles: memorySource(articles),
    feedTitles: () => FEED_TITLES,
    autoMerge: false,
    now: () => NOW,
    ...options,
  })
}

/** Every result of the queries, id and score. */
async function snapshot(index: SearchIndex): Promise<string> {
  const pages = await Promise.all(QUERIES.map((q) => index.search(q, { limit: 500, snippets: false })))
  return JSON.stringify(pages.map((page) => page.results.map((hit) => [hit.id, hit.score.toFixed(9)])))
}

describe('segment postings kept on disk', () => {
  it('reads the same postings from the file, term by term, as from the whole file in memory', async () => {
    const dir = await tempDir()
    const articles = englishArticles(300, 31)
    const index = await openIndex(dir, articles)
    await index.add(articles)
    await index.close()
    for (const path of segmentPaths(dir)) {
      const bytes = readFileSync(path)
      const whole = decodeSegment(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length))
      const lazy = await openSegmentFile(path, 0)
      // Only the dictionary, the header and the per-document arrays are held: the postings stay on disk.
      const postingBytes = whole.header.postingCounts.reduce((sum, count) => sum + count * 3, 0)
      expect(postingBytes).toBeGreaterThan(0)
      expect(lazy.residentBytes).toBeLessThanOrEqual(whole.byteSize - postingBytes)
      expect(whole.residentBytes).toBe(whole.byteSize)
      for (let f = 0; f < STORED_FIELDS.length; f++) {
        for (let t = 0; t < whole.termCount; t++) {
          const a = whole.postings(f, t)
          const b = lazy.postings(f, t)
          expect([...b.docs.subarray(b.from, b.to)]).toEqual([...a.docs.subarray(a.from, a.to)])
          expect([...b.tfs.subarray(b.from, b.to)]).toEqual([...a.tfs.subarray(a.from, a.to)])
        }
      }
      lazy.close()
      expect(() => lazy.postings(0, 0)).toThrow(/closed/)
    }
  })

  it("reads a prefix's neighbouring terms with a few reads of the file, not two for each term", async () => {
    const dir = await tempDir()
    const articles = englishArticles(400, 36)
    const index = await openIndex(dir, articles)
    await index.add(articles)
    await index.close()
    const [path] = segmentPaths(dir)
    const bytes = readFileSync(path as string)
    const whole = decodeSegment(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length))
    const lazy = await openSegmentFile(path as string, 0)
    const content = STORED_FIELDS.indexOf('content')
    // Every term in dictionary order, as a prefix's terms are asked for.
    for (let t = 0; t < lazy.termCount; t++) {
      const a = whole.postings(content, t)
      const b = lazy.postings(content, t)
      expect([...b.docs.subarray(b.from, b.to)]).toEqual([...a.docs.subarray(a.from, a.to)])
      expect([...b.tfs.subarray(b.from, b.to)]).toEqual([...a.tfs.subarray(a.from, a.to)])
    }
    const postings = whole.header.postingCounts[content] as number
    expect(lazy.postingReads).toBeLessThanOrEqual(2 * (Math.ceil(postings / 8_192) + 1))
    expect(lazy.postingReads).toBeLessThan(lazy.termCount / 4)
    expect(whole.postingReads).toBe(0)
    lazy.close()
  })

  it('answers every query the same with postings on disk as with postings in memory', async () => {
    const dir = await tempDir()
    const articles = englishArticles(300, 32)
    const writer = await openIndex(dir, articles)
    for (let from = 0; from < 300; from += 100) await writer.add(articles.slice(from, from + 100))
    await writer.remove([articles[5]?.id as string, articles[150]?.id as string])
    const inMemory = await snapshot(writer)
    await writer.close()
    const fromDisk = await openIndex(dir, articles, { lazyPostingsFrom: 0 })
    expect(await snapshot(fromDisk)).toBe(inMemory)
    // And after a merge in this process (its sources read from their files, the result kept in memory).
    await fromDisk.merge(true)
    const merged = await snapshot(fromDisk)
    await fromDisk.close()
    const whole = await openIndex(dir, articles, { lazyPostingsFrom: Number.POSITIVE_INFINITY })
    expect(merged).toBe(await snapshot(whole))
    await whole.close()
  })

  it('keeps answering from a segment another process merged away and deleted', async () => {
    const dir = await tempDir()
    const articles = englishArticles(200, 33)
    const writer = await openIndex(dir, articles)
    await writer.add(articles.slice(0, 100))
    await writer.add(articles.slice(100))
    const expected = await snapshot(writer)
    const reader = await openIndex(dir, articles, { lazyPostingsFrom: 0 })
    expect(await snapshot(reader)).toBe(expected)
    // Another process merges and deletes the files the reader has open; the reader's next search reads
    // the new manifest and the merged file, and a search already holding the old ones still reads them.
    await writer.merge(true)
    await writer.close()
    expect(await snapshot(reader)).toBe(expected)
    await reader.close()
  })

  it('sets aside a segment file cut short in its postings, as a damaged one', async () => {
    const dir = await tempDir()
    const articles = englishArticles(100, 34)
    const writer = await openIndex(dir, articles)
    await writer.add(articles)
    await writer.close()
    const [path] = segmentPaths(dir)
    const size = readFileSync(path as string).length
    truncateSync(path as string, size - 10)
    await expect(openSegmentFile(path as string, 0)).rejects.toThrow(SegmentFormatError)
    rmSync(path as string)
    await expect(openSegmentFile(path as string, 0)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('lets go of every segment file when the index closes, and of merged-away ones when they go', async (context) => {
    if (process.platform !== 'linux') {
      context.skip('open files are counted in /proc/self/fd, which only Linux has')
      return
    }
    const openFiles = () => readdirSync('/proc/self/fd').length
    const dir = await tempDir()
    const articles = englishArticles(200, 35)
    const writer = await openIndex(dir, articles)
    for (let from = 0; from < 200; from += 50) await writer.add(articles.slice(from, from + 50))
    await writer.close()
    const before = openFiles()
    const index = await openIndex(dir, articles, { lazyPostingsFrom: 0 })
    await snapshot(index)
    expect(openFiles()).toBe(before + segmentPaths(dir).length)
    await index.merge(true)
    // The sources let go; the merged segment opened from its file like the others, its postings left there.
    const merged = segmentPaths(dir).length
    expect(merged).toBeLessThan(4)
    expect(openFiles()).toBe(before + merged)
    await index.close()
    expect(openFiles()).toBe(before)
    const again = await openIndex(dir, articles, { lazyPostingsFrom: 0 })
    await snapshot(again)
    await again.close()
    expect(openFiles()).toBe(before)
  })
})

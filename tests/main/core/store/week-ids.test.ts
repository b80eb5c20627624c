import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import { partitionOf } from '../../../../src/main/core/store/article-catalog'
import { makeArticles } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('week-ids')
const DAY_MS = 86_400_000

/** 30 articles over about a month (several weeks), two feeds. */
function library() {
  return makeArticles(30, { stepMs: DAY_MS, feedId: (n) => (n % 2 === 0 ? 'feed-a' : 'feed-b') })
}

/**
 * Keeps each week file's first bytes (its revision) and spoils the records after them: a process that
 * parses a week's records finds it damaged (and reports it), one that reads the ids files does not.
 */
function spoilWeekRecords(dir: string): void {
  const catalog = join(dir, 'articles', 'catalog')
  for (const name of readdirSync(catalog)) {
    const text = readFileSync(join(catalog, name), 'utf8')
    writeFileSync(join(catalog, name), `${text.slice(0, 40)}<spoiled>`)
  }
}

describe('the weeks ids files ("mark all read" without reading the catalog)', () => {
  it('marks all read in a fresh process from the ids files, never parsing a week', async () => {
    const dir = await tempDir()
    const articles = library()
    await (await startServices({ dataDir: dir })).articles.put(articles)
    expect(readdirSync(join(dir, 'articles', 'week-ids')).sort()).toEqual(
      readdirSync(join(dir, 'articles', 'catalog')).sort(),
    )
    spoilWeekRecords(dir)
    const fresh = await startServices({ dataDir: dir })
    expect(await fresh.flags.markAllRead(new Set(['feed-a']))).toBe(15)
    expect(await fresh.flags.markAllRead()).toBe(15)
    // Not one week was parsed (a damaged one would have been set aside and reported).
    expect(fresh.damage).toEqual([])
    expect(existsSync(join(dir, 'quarantine'))).toBe(false)
    for (const article of articles) expect(fresh.flags.of(article).read).toBe(true)
  })

  it('undo marks unread again exactly what it marked, from the ids files', async () => {
    const dir = await tempDir()
    const articles = library()
    const core = await startServices({ dataDir: dir })
    await core.articles.put(articles)
    await core.flags.setRead([articles[0]!.id, articles[1]!.id], true)
    const fresh = await startServices({ dataDir: dir })
    const { changed, undo } = await fresh.flags.markAllReadUndoably()
    expect(changed).toBe(28)
    spoilWeekRecords(dir)
    await undo()
    expect(fresh.damage).toEqual([])
    const read = articles.filter((article) => fresh.flags.of(article).read).map((article) => article.id)
    expect(read).toEqual([articles[0]!.id, articles[1]!.id])
  })

  it('does not trust an ids file behind its week (a kill between the two writes): the week is read', async () => {
    const dir = await tempDir()
    const articles = library()
    await (await startServices({ dataDir: dir })).articles.put(articles)
    // What a kill after a week's write and before its ids file's leaves: an ids file of another revision.
    const idsDir = join(dir, 'articles', 'week-ids')
    for (const name of readdirSync(idsDir))
      writeFileSync(
        join(idsDir, name),
        JSON.stringify({ revision: '0123456789abcdef', feeds: {}, remote: {} }),
      )
    const fresh = await startServices({ dataDir: dir })
    expect(await fresh.flags.markAllRead()).toBe(30)
    expect(fresh.damage).toEqual([])
    // ...and brings the ids files up to date, so the next one needs no week.
    for (const name of readdirSync(idsDir))
      expect(JSON.parse(readFileSync(join(idsDir, name), 'utf8')).revision).not.toBe('0123456789abcdef')
  })

  it('reads a library from before ids files, and writes them at its first "mark all read"', async () => {
    const dir = await tempDir()
    const articles = library()
    await (await startServices({ dataDir: dir })).articles.put(articles)
    rmSync(join(dir, 'articles', 'week-ids'), { recursive: true })
    const fresh = await startServices({ dataDir: dir })
    expect(await fresh.flags.markAllRead(new Set(['feed-b']))).toBe(15)
    expect(readdirSync(join(dir, 'articles', 'week-ids')).sort()).toEqual(
      readdirSync(join(dir, 'articles', 'catalog')).sort(),
    )
    spoilWeekRecords(dir)
    const later = await startServices({ dataDir: dir })
    expect(await later.flags.markAllRead()).toBe(15)
    expect(later.damage).toEqual([])
  })

  it('keeps the ids files in step when articles leave (a week emptied loses its ids file)', async () => {
    const dir = await tempDir()
    const articles = library()
    const core = await startServices({ dataDir: dir })
    await core.articles.put(articles)
    const oldest = articles[0]!
    const oldestWeek = partitionOf(Date.parse(oldest.published!))
    await core.articles.removeWhere((meta) => partitionOf(meta.sortTime) === oldestWeek)
    expect(existsSync(join(dir, 'articles', 'week-ids', `${oldestWeek}.json`))).toBe(false)
    const left = articles.filter((article) => partitionOf(Date.parse(article.published!)) !== oldestWeek)
    spoilWeekRecords(dir)
    const fresh = await startServices({ dataDir: dir })
    expect(await fresh.flags.markAllRead()).toBe(left.length)
    expect(fresh.damage).toEqual([])
  })
})

describe("the weeks' ids files and their logs", () => {
  /** Keeps a log's header and size and spoils its lines: read, it would be found damaged. */
  function spoilLogLines(path: string): void {
    const text = readFileSync(path, 'latin1')
    const header = text.indexOf('\n') + 1
    writeFileSync(path, text.slice(0, header) + '#'.repeat(text.length - header - 1) + '\n', 'latin1')
  }

  it('are written again with the log a mark all read read, so the next one reads no log until it grows', async () => {
    const dir = await tempDir()
    const articles = makeArticles(12, { stepMs: 60_000, feedId: (n) => (n % 2 === 0 ? 'feed-a' : 'feed-b') })
    const core = await startServices({ dataDir: dir })
    await core.articles.put(articles.slice(0, 8))
    // A small batch into the same week goes to its log.
    await core.articles.put(articles.slice(8, 10))
    const week = partitionOf(Date.parse(articles[0]!.published!))
    const logPath = join(dir, 'articles', 'week-logs', `${week}.log`)
    const idsPath = join(dir, 'articles', 'week-ids', `${week}.json`)
    expect(existsSync(logPath)).toBe(true)
    expect(JSON.parse(readFileSync(idsPath, 'utf8')).log).toBeUndefined()

    const fresh = await startServices({ dataDir: dir })
    expect(await fresh.flags.markAllRead()).toBe(10)
    expect(JSON.parse(readFileSync(idsPath, 'utf8')).log).toMatch(/^[0-9a-f]{16}:\d+$/)
    // The log is not read any more: spoilt (same header and size), nothing is found damaged.
    await fresh.flags.setRead([articles[0]!.id], false)
    const log = readFileSync(logPath)
    spoilLogLines(logPath)
    const again = await startServices({ dataDir: dir })
    expect(await again.flags.markAllRead()).toBe(1)
    expect(again.damage).toEqual([])
    writeFileSync(logPath, log)

    // The log grows: the ids file is behind it again, and the log is read (the new article is found).
    await again.articles.put(articles.slice(10, 12))
    const last = await startServices({ dataDir: dir })
    expect(await last.flags.markAllRead()).toBe(2)
    expect(last.damage).toEqual([])
    for (const article of articles) expect(last.flags.of(article).read).toBe(true)
  })
})

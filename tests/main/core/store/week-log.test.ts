import { appendFileSync, existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { partitionOf } from '../../../../src/main/core/store/article-catalog'
import { readRevision } from '../../../../src/main/core/store/revision'
import { auditDataDir } from '../../../helpers/data-dir-audit'
import { killMidway } from '../../../helpers/kill-midway'
import { makeArticles } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('week-log')
const CHUNKS = resolve('out/main/chunks')
const MONDAY = Date.UTC(2026, 0, 5)
const HOUR = 3_600_000

/** `count` articles of the week of {@link MONDAY}, from `first` on. */
const ofTheWeek = (count: number, first: number) =>
  makeArticles(count, { firstIndex: first, startMs: MONDAY, stepMs: 60_000, feedId: 'feed-a' })

const WEEK = partitionOf(MONDAY + HOUR)
const weekFile = (dir: string) => join(dir, 'articles', 'catalog', `${WEEK}.json`)
const logFile = (dir: string) => join(dir, 'articles', 'week-logs', `${WEEK}.log`)
const listed = async (core: Broadsheet) => (await core.articles.list({ limit: 100_000 })).map((m) => m.id)

describe('catalog weeks as append logs', () => {
  it('appends a batch to its week’s log instead of rewriting the week, and every process reads both', async () => {
    const dir = await tempDir()
    const app = await startServices({ dataDir: dir })
    const cli = await startServices({ dataDir: dir })
    await app.articles.put(ofTheWeek(5, 0))
    const revision = readRevision(weekFile(dir))
    expect(await listed(cli)).toHaveLength(5)
    await app.articles.put(ofTheWeek(5, 5))
    await app.articles.put(ofTheWeek(5, 10))
    // The week file is the one first written; the two batches are two lines of its log.
    expect(readRevision(weekFile(dir))).toBe(revision)
    expect(readFileSync(logFile(dir), 'utf8').trimEnd().split('\n')).toHaveLength(3)
    // The other process (it had the week parsed) sees them at once, newest first.
    const all = ofTheWeek(15, 0).map((article) => article.id)
    expect(await listed(cli)).toEqual([...all].reverse())
    expect(await listed(await startServices({ dataDir: dir }))).toEqual([...all].reverse())
    expect(auditDataDir(dir).problems).toEqual([])
  })

  it('ignores a line cut short by a kill, and the next append leaves it out', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    await core.articles.put(ofTheWeek(3, 0))
    await core.articles.put(ofTheWeek(3, 3))
    appendFileSync(logFile(dir), '{"put":[{"id":"cut-short","feedId":"feed-a","sort')
    const fresh = await startServices({ dataDir: dir })
    expect(await listed(fresh)).toHaveLength(6)
    expect(fresh.damage).toEqual([])
    await fresh.articles.put(ofTheWeek(3, 6))
    expect(readFileSync(logFile(dir), 'utf8')).not.toContain('cut-short')
    expect(await listed(await startServices({ dataDir: dir }))).toHaveLength(9)
    expect(auditDataDir(dir).problems).toEqual([])
  })

  it('folds the log into the week once it outgrows its share, and on a removal', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    await core.articles.put(ofTheWeek(1, 0))
    const first = readRevision(weekFile(dir))
    let n = 1
    while (readRevision(weekFile(dir)) === first) {
      await core.articles.put(ofTheWeek(40, n))
      n += 40
      expect(n, 'the log was never folded').toBeLessThan(2_000)
    }
    expect(existsSync(logFile(dir))).toBe(false)
    expect(await listed(await startServices({ dataDir: dir }))).toHaveLength(n)
    await core.articles.put(ofTheWeek(2, n))
    expect(existsSync(logFile(dir))).toBe(true)
    const gone = ofTheWeek(1, 0)[0]!.id
    await core.articles.removeWhere((meta) => meta.id === gone)
    expect(existsSync(logFile(dir))).toBe(false)
    const fresh = await startServices({ dataDir: dir })
    expect(await listed(fresh)).toHaveLength(n + 1)
    expect(await listed(fresh)).not.toContain(gone)
    expect(auditDataDir(dir).problems).toEqual([])
  })

  it('sets aside a log with a damaged line and rebuilds the week from the articles', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    await core.articles.put(ofTheWeek(3, 0))
    await core.articles.put(ofTheWeek(3, 3))
    appendFileSync(logFile(dir), 'not a change\n')
    const fresh = await startServices({ dataDir: dir })
    expect(await listed(fresh)).toHaveLength(6)
    expect(fresh.damage).toHaveLength(1)
    expect(fresh.damage[0]!.file).toBe(logFile(dir))
    expect(fresh.damage[0]!.reason).toMatch(/not a catalog change/)
    expect(readdirSync(join(dir, 'quarantine'))).toHaveLength(1)
  })
})

/** A child that puts batches of 3 into one week until it is killed, naming each batch once stored. */
const PUTTER = `
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
const [chunks, dataDir, start, monday] = process.argv.slice(1)
const chunk = readdirSync(chunks).find((file) => /^broadsheet-.*\\.js$/.test(file))
const module = await import(pathToFileURL(join(chunks, chunk)).href)
const startServices = Object.values(module).find((value) => typeof value === 'function' && value.name === 'startServices')
const core = await startServices({ dataDir })
for (let i = Number(start); ; i += 3) {
  const batch = [0, 1, 2].map((k) => {
    const n = i + k
    const at = new Date(Number(monday) + n * 60000).toISOString()
    return { id: 'k' + String(n).padStart(19, '0'), feedId: 'feed-k', guid: 'g' + n, url: 'http://127.0.0.1:9/' + n,
      title: 'Story ' + n, author: null, published: at, summary: null, contentHtml: '<p>Story ' + n + '</p>',
      contentText: 'Story ' + n, images: [], fetchedAt: at }
  })
  await core.articles.put(batch)
  process.stdout.write(batch.map((article) => article.id).join(' ') + '\\n')
}
`

describe('kill -9 while appending to a week', () => {
  it(
    'loses no batch that was reported stored, and leaves nothing damaged',
    { timeout: 120_000 },
    async () => {
      if (!existsSync(CHUNKS)) throw new Error('the core is not built: run `npm run build` first')
      const dir = await tempDir()
      const core = await startServices({ dataDir: dir })
      await core.articles.put(ofTheWeek(3, 0))
      const stored = new Set(ofTheWeek(3, 0).map((article) => article.id))
      let logSeen = false
      for (let round = 0; round < 6; round++) {
        const { out, err } = await killMidway(
          PUTTER,
          [CHUNKS, dir, String(round * 300), String(MONDAY)],
          4 + round * 3,
          2 + round,
        )
        expect(err).toBe('')
        for (const line of out.split('\n').slice(0, -1)) for (const id of line.split(' ')) stored.add(id)
        logSeen ||= existsSync(logFile(dir))
        const audit = auditDataDir(dir)
        // A kill between a body and the catalog leaves an unlisted body (picked up by its next put): not damage.
        expect(audit.problems.filter((problem) => !/temp/.test(problem))).toEqual([])
        for (const id of stored) expect(audit.catalogIds.includes(id), `listed ${id}`).toBe(true)
        const fresh = await startServices({ dataDir: dir })
        expect(fresh.damage).toEqual([])
        const ids = new Set(await listed(fresh))
        for (const id of stored) expect(ids.has(id), `listed ${id}`).toBe(true)
      }
      expect(logSeen, 'the batches went to the week’s log').toBe(true)
    },
  )
})

import { appendFileSync, copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Conf from 'conf'
import { describe, expect, it } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import { flagsOptions, type FlagsData } from '../../../../src/main/core/store/config-schema'
import { FlagsFile } from '../../../../src/main/core/store/flags-file'
import { WriteLock } from '../../../../src/main/core/store/write-lock'
import type { DamageNotice } from '../../../../src/shared/contract'
import { countingWrites } from '../../../helpers/counting-conf'
import { killMidway } from '../../../helpers/kill-midway'
import { auditDataDir, storedReadIds } from '../../../helpers/data-dir-audit'
import { makeArticles } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('flags-log')
const CHUNKS = resolve('out/main/chunks')

/** The lines of flags.log: its header, then one per change (a line cut short last, if any). */
function logLines(dir: string): string[] {
  return readFileSync(join(dir, 'flags.log'), 'utf8').split('\n').slice(0, -1)
}

/** The flags file alone, as the core opens it (no articles needed: the ids carry their feed). */
function openFlags(dir: string, reports: DamageNotice[] = []): FlagsFile {
  const flags = new FlagsFile(new Conf<FlagsData>(flagsOptions(dir)), new WriteLock(dir), reports)
  flags.open()
  return flags
}

describe('flags.log', () => {
  it('takes each mark as one appended line: flags.json is not rewritten', async () => {
    const dir = await tempDir()
    const { factory, writes } = countingWrites()
    const core = await startServices({ dataDir: dir, confFactory: factory })
    const articles = makeArticles(30, { feedId: (i) => `feed-${i % 3}` })
    await core.articles.put(articles)
    writes.clear()
    await core.flags.setRead([articles[0]!.id], true)
    await core.flags.setBookmarked(articles[1]!.id, true)
    await core.flags.setRead([articles[0]!.id], false)
    expect(writes.get('flags.json')).toBeUndefined()
    expect(logLines(dir)).toHaveLength(1 + 3)
    const fresh = await startServices({ dataDir: dir })
    expect(fresh.flags.readIds()).toEqual(new Set())
    expect(fresh.flags.bookmarkedIds()).toEqual(new Set([articles[1]!.id]))
  })

  it('records a mark all read of many as one line, and its undo as another', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    const articles = makeArticles(60, { feedId: (i) => `feed-${i % 4}` })
    await core.articles.put(articles)
    await core.flags.setRead([articles[0]!.id], true)
    const before = logLines(dir).length
    const { changed, undo } = await core.flags.markAllReadUndoably()
    expect(changed).toBe(59)
    expect(logLines(dir)).toHaveLength(before + 1)
    expect((await startServices({ dataDir: dir })).flags.readIds().size).toBe(60)
    await undo()
    expect(logLines(dir)).toHaveLength(before + 2)
    const fresh = await startServices({ dataDir: dir })
    expect(fresh.flags.readIds()).toEqual(new Set([articles[0]!.id]))
    expect(Object.fromEntries(fresh.flags.readCounts())).toEqual({ [articles[0]!.feedId]: 1 })
  })

  it('ignores a last line cut short (kill -9 mid-append), loses nothing else, and the next mark cuts it off', async () => {
    const dir = await tempDir()
    const app = openFlags(dir)
    await app.setRead([{ id: 'a1', feedId: 'f' }], true)
    await app.setBookmarked(['b1'], true)
    // A process killed in the middle of its line: no newline.
    // (longer than the next line, which must not leave the rest of it behind)
    appendFileSync(join(dir, 'flags.log'), '{"to":true,"read":{"f":["c1","c2","c3","c4","c5","c6"')
    const reports: DamageNotice[] = []
    const next = openFlags(dir, reports)
    expect(reports).toEqual([])
    expect(next.readIds()).toEqual(new Set(['a1']))
    expect(next.bookmarkedIds()).toEqual(new Set(['b1']))
    await next.setRead([{ id: 'd1', feedId: 'f' }], true)
    expect(logLines(dir).slice(-1)).toEqual(['{"to":true,"read":{"f":["d1"]}}'])
    expect(readFileSync(join(dir, 'flags.log'), 'utf8').endsWith('\n')).toBe(true)
    const third = openFlags(dir, reports)
    expect(third.readIds()).toEqual(new Set(['a1', 'd1']))
    // The app that read before sees the new line too.
    expect(app.readIds()).toEqual(new Set(['a1', 'd1']))
    expect(reports).toEqual([])
    expect(auditDataDir(dir).problems).toEqual([])
  })

  it("sees another process's line once it is whole, not before", async () => {
    const dir = await tempDir()
    const app = openFlags(dir)
    await app.setRead([{ id: 'a1', feedId: 'f' }], true)
    const log = join(dir, 'flags.log')
    appendFileSync(log, '{"to":true,"read":{"f":["b')
    expect(app.readIds()).toEqual(new Set(['a1']))
    appendFileSync(log, '1"]}}\n')
    expect(app.readIds()).toEqual(new Set(['a1', 'b1']))
    expect(Object.fromEntries(app.readCounts())).toEqual({ f: 2 })
  })

  it('quarantines and reports a damaged log, keeping every change before the damage', async () => {
    const dir = await tempDir()
    const app = openFlags(dir)
    await app.setRead([{ id: 'a1', feedId: 'f' }], true)
    await app.setBookmarked(['b1'], true)
    appendFileSync(join(dir, 'flags.log'), 'garbage where a record was\n{"to":true,"bookmarked":["b2"]}\n')
    const damaged = readFileSync(join(dir, 'flags.log'), 'utf8')

    const core = await startServices({ dataDir: dir })
    expect(core.damage.map((report) => report.file)).toEqual([join(dir, 'flags.log')])
    expect(core.damage[0]!.reason).toMatch(/not a flags record/)
    expect(readFileSync(core.damage[0]!.keptAt, 'utf8')).toBe(damaged)
    expect(core.flags.readIds()).toEqual(new Set(['a1']))
    expect(core.flags.bookmarkedIds()).toEqual(new Set(['b1']))
    // What came before the damage is now in flags.json; the next mark starts a new log.
    expect(existsSync(join(dir, 'flags.log'))).toBe(false)
    await openFlags(dir).setRead([{ id: 'c1', feedId: 'f' }], true)
    const fresh = await startServices({ dataDir: dir })
    expect(fresh.damage).toEqual([])
    expect(fresh.flags.readIds()).toEqual(new Set(['a1', 'c1']))
  })

  it('a damaged header: quarantined and reported, flags.json kept', async () => {
    const dir = await tempDir()
    const app = openFlags(dir)
    await app.setRead([{ id: 'a1', feedId: 'f' }], true)
    await app.compact()
    writeFileSync(join(dir, 'flags.log'), 'not a header\n')
    const reports: DamageNotice[] = []
    const lock = new WriteLock(dir)
    const flags = await lock.run(() => {
      const opened = new FlagsFile(new Conf<FlagsData>(flagsOptions(dir)), lock, reports)
      opened.open()
      return opened
    })
    expect(reports.map((report) => report.file)).toEqual([join(dir, 'flags.log')])
    expect(flags.readIds()).toEqual(new Set(['a1']))
    expect(readdirSync(join(dir, 'quarantine'))).toHaveLength(1)
  })

  it('a crash after the compacted flags.json is in place: the old log applies to nothing', async () => {
    const dir = await tempDir()
    const app = openFlags(dir)
    await app.setRead([{ id: 'a1', feedId: 'f' }], true)
    // The log as it was when a compaction wrote flags.json and the process died before removing it.
    copyFileSync(join(dir, 'flags.log'), join(dir, 'old.log'))
    await app.compact()
    // Later changes, written whole since: a1 unread again.
    await app.setRead([{ id: 'a1', feedId: 'f' }], false)
    await app.compact()
    copyFileSync(join(dir, 'old.log'), join(dir, 'flags.log'))
    const reports: DamageNotice[] = []
    const fresh = openFlags(dir, reports)
    expect(fresh.readIds()).toEqual(new Set())
    expect(reports).toEqual([])
    // The next mark replaces the old log.
    await fresh.setRead([{ id: 'b1', feedId: 'f' }], true)
    expect(openFlags(dir).readIds()).toEqual(new Set(['b1']))
  })

  it('a compaction that fails before flags.json is replaced loses nothing: the log stays', async () => {
    const dir = await tempDir()
    const app = openFlags(dir)
    await app.setRead([{ id: 'a1', feedId: 'f' }], true)
    await app.setBookmarked(['b1'], true)
    let full = false
    class FailingConf extends Conf<FlagsData> {
      override get store(): FlagsData {
        return super.store
      }
      override set store(value: FlagsData) {
        if (full) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
        super.store = value
      }
    }
    const failing = new FlagsFile(new FailingConf(flagsOptions(dir)), new WriteLock(dir))
    full = true
    await expect(failing.compact()).rejects.toThrow(/the disk is full/)
    const fresh = openFlags(dir)
    expect(fresh.readIds()).toEqual(new Set(['a1']))
    expect(fresh.bookmarkedIds()).toEqual(new Set(['b1']))
  })

  it('a log folded in by another process between reading flags.json and its log: read again, nothing missed', async () => {
    const dir = await tempDir()
    const other = openFlags(dir)
    await other.setRead([{ id: 'a1', feedId: 'f' }], true)
    const files = ['flags.json', 'flags.log'].map((name) => join(dir, name))
    const [json1, log1] = files.map((file) => readFileSync(file))
    // Then: the log folded into flags.json, and a new log begun over it.
    await other.compact()
    await other.setRead([{ id: 'b1', feedId: 'f' }], true)
    const [json2, log2] = files.map((file) => readFileSync(file))
    writeFileSync(files[0]!, json1!)
    writeFileSync(files[1]!, log1!)
    // This process parses the first flags.json; the other's compaction and mark land right after.
    let armed = false
    class RacingConf extends Conf<FlagsData> {
      override get store(): FlagsData {
        const data = super.store
        if (armed) {
          armed = false
          writeFileSync(files[0]!, json2!)
          writeFileSync(files[1]!, log2!)
        }
        return data
      }
      override set store(value: FlagsData) {
        super.store = value
      }
    }
    const flags = new FlagsFile(new RacingConf(flagsOptions(dir)), new WriteLock(dir))
    armed = true
    expect(flags.readIds()).toEqual(new Set(['a1', 'b1']))
  })

  it('is folded into flags.json once it outgrows it, and the flags read the same', async () => {
    const dir = await tempDir()
    const app = openFlags(dir)
    const many = Array.from({ length: 20_000 }, (_, i) => ({ id: `article-${i}`, feedId: `feed-${i % 50}` }))
    await app.setRead(many.slice(0, 10), true)
    expect(existsSync(join(dir, 'flags.log'))).toBe(true)
    // One line of 20,000 ids (more than 256 KB): the log is folded in, and removed.
    await app.setRead(many, true)
    expect(existsSync(join(dir, 'flags.log'))).toBe(false)
    const onDisk = JSON.parse(readFileSync(join(dir, 'flags.json'), 'utf8')) as FlagsData
    // Each feed's read ids are one string in flags.json (see FlagsData).
    expect(Object.values(onDisk.read).every((ids) => typeof ids === 'string')).toBe(true)
    expect(Object.values(onDisk.read).flatMap(storedReadIds)).toHaveLength(20_000)
    expect(openFlags(dir).readIds().size).toBe(20_000)
    expect(app.readCounts().get('feed-0')).toBe(400)
    await app.setRead([many[0]!], false)
    expect(openFlags(dir).readCounts().get('feed-0')).toBe(399)
  })
})

/**
 * A process marking articles read one by one, printing each id once its mark resolved (so: on disk),
 * from the build (`npm run build`), as the CLI and the app run it.
 */
const MARKER = `
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
const [chunks, dataDir, start] = process.argv.slice(1)
const chunk = readdirSync(chunks).find((file) => /^broadsheet-.*\\.js$/.test(file))
const module = await import(pathToFileURL(join(chunks, chunk)).href)
const startServices = Object.values(module).find((value) => typeof value === 'function' && value.name === 'startServices')
const core = await startServices({ dataDir })
const ids = (await core.articles.list({ limit: 10000 })).map((meta) => meta.id)
for (let i = Number(start); ; i++) {
  const id = ids[i % ids.length]
  if (i % 3 === 2) await core.flags.setBookmarked(id, true)
  else await core.flags.setRead([id], true)
  process.stdout.write((i % 3 === 2 ? 'b ' : 'r ') + id + '\\n')
}
`

describe('kill -9 while marking', () => {
  it('loses no mark that was reported done, and leaves nothing damaged', { timeout: 120_000 }, async () => {
    if (!existsSync(CHUNKS)) throw new Error('the core is not built: run `npm run build` first')
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    await core.articles.put(makeArticles(300, { feedId: (i) => `feed-${i % 7}` }))
    const done = { read: new Set<string>(), bookmarked: new Set<string>() }
    for (let round = 0; round < 6; round++) {
      // Kill once it has marked a few, at a moment that varies round to round.
      const { out, err } = await killMidway(
        MARKER,
        [CHUNKS, dir, String(round * 40)],
        5 + round * 3,
        2 + round,
      )
      expect(err).toBe('')
      for (const line of out.split('\n').slice(0, -1)) {
        const [kind, id] = line.split(' ') as [string, string]
        ;(kind === 'b' ? done.bookmarked : done.read).add(id)
      }
      const audit = auditDataDir(dir)
      expect(audit.problems).toEqual([])
      for (const id of done.read) expect(audit.read.has(id), `read ${id}`).toBe(true)
      const fresh = await startServices({ dataDir: dir })
      expect(fresh.damage).toEqual([])
      for (const id of done.read) expect(fresh.flags.readIds().has(id), `read ${id}`).toBe(true)
      for (const id of done.bookmarked)
        expect(fresh.flags.bookmarkedIds().has(id), `bookmark ${id}`).toBe(true)
    }
    expect(done.read.size).toBeGreaterThan(10)
  })
})

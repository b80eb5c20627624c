import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import {
  newRevision,
  readRevision,
  stringifyAtRevision,
  versionKey,
} from '../../../../src/main/core/store/revision'
import { makeArticles } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('revision')

describe('revisions', () => {
  it('are fresh at every call', () => {
    const seen = new Set(Array.from({ length: 1_000 }, newRevision))
    expect(seen.size).toBe(1_000)
    for (const revision of seen) expect(revision).toMatch(/^[0-9a-f]{16}$/)
  })

  it('lead the file, replacing the one a value carried, and are read back from its first bytes', async () => {
    const dir = await tempDir()
    const path = join(dir, 'file.json')
    const revision = newRevision()
    const text = stringifyAtRevision({ a: 1, revision: 'old', big: 'x'.repeat(100_000) }, revision, '\t')
    expect(text.startsWith(`{\n\t"revision": "${revision}",\n\t"a": 1,`)).toBe(true)
    expect(JSON.parse(text)).toEqual({ revision, a: 1, big: 'x'.repeat(100_000) })
    writeFileSync(path, text)
    expect(readRevision(path)).toBe(revision)
    expect(versionKey(path, true)).toBe(`r:${revision}`)
  })

  it('are absent from a missing file, and from one written before them (or by hand)', async () => {
    const dir = await tempDir()
    const path = join(dir, 'file.json')
    expect(readRevision(path)).toBeNull()
    expect(versionKey(path, true)).toBe('missing')
    for (const legacy of [
      '[{"id":"a"}]',
      '{"a":1,"revision":"0123456789abcdef"}',
      '',
      '{"revision":"short"}',
    ]) {
      writeFileSync(path, legacy)
      expect(readRevision(path), legacy).toBeNull()
      // Reading may trust the stat; a writer must read such a file.
      expect(versionKey(path, false), legacy).toMatch(/^s:/)
      expect(versionKey(path, true), legacy).toBeNull()
    }
  })
})

describe('the files of a data dir', () => {
  it('config.json and flags.json get a new revision at every write of theirs', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    const revisions = (file: string) => readRevision(join(dir, file))
    const before = { config: revisions('config.json'), flags: revisions('flags.json') }
    expect(before.config).not.toBeNull()
    expect(before.flags).not.toBeNull()
    await core.settings.update({ fontSize: 20 })
    await core.articles.put(makeArticles(1))
    await core.flags.setBookmarked(makeArticles(1)[0]!.id, true)
    expect(revisions('config.json')).not.toBe(before.config)
    // A mark is a line of flags.log, over flags.json as it was; written whole, flags.json gets a new one.
    expect(revisions('flags.json')).toBe(before.flags)
    await core.flags.compact()
    expect(revisions('flags.json')).not.toBe(before.flags)
    // The backup of a file is that very version.
    expect(readRevision(join(dir, 'backups', 'config.json'))).toBe(revisions('config.json'))
  })

  it('a catalog from before revisions is read as it is, and its weeks take revisions once', async () => {
    const dir = await tempDir()
    const articles = makeArticles(30, { stepMs: 86_400_000 })
    const core = await startServices({ dataDir: dir })
    await core.articles.put(articles)
    // Write it back in the old format: weeks as bare lists, a manifest of stats.
    const catalog = join(dir, 'articles', 'catalog')
    const weeks = readdirSync(catalog)
    expect(weeks.length).toBeGreaterThan(3)
    for (const week of weeks) {
      const file = JSON.parse(readFileSync(join(catalog, week), 'utf8')) as { articles: unknown[] }
      writeFileSync(join(catalog, week), JSON.stringify(file.articles))
    }
    const manifest = join(dir, 'articles', 'manifest.json')
    const { partitions } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      partitions: Record<string, { count: number; feeds: object }>
    }
    const oldPartitions = Object.fromEntries(
      Object.entries(partitions).map(([week, { count, feeds }]) => [
        week,
        { count, feeds, size: 1, mtimeMs: 2, ino: 3 },
      ]),
    )
    writeFileSync(manifest, JSON.stringify({ version: 1, partitions: oldPartitions }))

    const reopened = await startServices({ dataDir: dir })
    const listed = await reopened.articles.list({ limit: 100 })
    expect(listed.map((meta) => meta.id)).toEqual(articles.map((article) => article.id).reverse())
    expect(reopened.damage).toEqual([])
    for (const week of weeks) expect(readRevision(join(catalog, week)), week).not.toBeNull()
    expect(readRevision(manifest)).not.toBeNull()

    // From then on a listing reads no week again while nothing changed.
    const parse = vi.spyOn(JSON, 'parse')
    try {
      await reopened.articles.list({ limit: 100 })
      expect(await reopened.articles.total()).toBe(30)
      expect(parse).not.toHaveBeenCalled()
    } finally {
      parse.mockRestore()
    }
  })
})

import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import { SearchIndex } from '../../../../src/main/core/search/search-index'
import { ArticleStore } from '../../../../src/main/core/store/article-store'
import { WriteLock } from '../../../../src/main/core/store/write-lock'
import { makeArticles } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const DAY_MS = 86_400_000
const tempDir = useTempDirs('search-stamp')

/** Articles over several weeks (several week files), numbered from `first`. */
const articlesFrom = (first: number, count: number) =>
  makeArticles(count, { stepMs: DAY_MS / 2, firstIndex: first })

/** A fresh process's repair (as `broadsheet search` runs it), counting how often the store's ids were read. */
async function freshRepair(dir: string) {
  const ids = vi.spyOn(ArticleStore.prototype, 'ids')
  const core = await startServices({ dataDir: dir })
  try {
    const result = await core.search.repair()
    const total = (await core.search.search({ query: 'article', limit: 1 })).total
    return { result, idsRead: ids.mock.calls.length, total }
  } finally {
    ids.mockRestore()
    await core.close()
  }
}

/** A library of 30 articles whose index has been checked once (so it carries a stamp). */
async function checkedLibrary(): Promise<string> {
  const dir = await tempDir()
  const core = await startServices({ dataDir: dir })
  await core.articles.put(articlesFrom(0, 30))
  await core.close()
  expect((await freshRepair(dir)).result).toMatchObject({ checked: true, added: 0, removed: 0 })
  return dir
}

const manifestPath = (dir: string) => join(dir, 'search', 'manifest.json')

afterEach(() => {
  vi.restoreAllMocks()
})

describe("search's check against the store, skipped while nothing changed", () => {
  it('skips the check in a fresh process when the library is as the index last found it: no ids read', async () => {
    const dir = await checkedLibrary()
    const again = await freshRepair(dir)
    expect(again).toEqual({
      result: { added: 0, removed: 0, indexed: 30, checked: false },
      idsRead: 0,
      total: 30,
    })
    // And through the CLI's own path: the same skip, twice in a row.
    expect((await freshRepair(dir)).idsRead).toBe(0)
  })

  it('checks all the same when asked (the benchmark), writing nothing when it finds the index in step', async () => {
    const dir = await checkedLibrary()
    const before = readFileSync(manifestPath(dir), 'utf8')
    const ids = vi.spyOn(ArticleStore.prototype, 'ids')
    const core = await startServices({ dataDir: dir })
    const index = await core.search.index()
    expect(await index.repair(undefined, { always: true })).toEqual({
      added: 0,
      removed: 0,
      indexed: 30,
      checked: true,
    })
    expect(ids).toHaveBeenCalledTimes(1)
    await core.close()
    expect(readFileSync(manifestPath(dir), 'utf8')).toBe(before)
  })

  it("keeps the stamp through the index's own changes: a put, a removal, a merge in this process", async () => {
    const dir = await checkedLibrary()
    const core = await startServices({ dataDir: dir })
    await core.articles.put(articlesFrom(30, 10))
    await core.articles.removeWhere((meta) => meta.title === 'Article 3 of feed-a')
    await (await core.search.index()).merge(true)
    await core.close()
    const fresh = await freshRepair(dir)
    expect(fresh).toMatchObject({ result: { checked: false, indexed: 39 }, idsRead: 0, total: 39 })
  })

  it('keeps the stamp when two writers take turns (the app and its sync thread, or a CLI)', async () => {
    const dir = await checkedLibrary()
    const app = await startServices({ dataDir: dir })
    const thread = await startServices({ dataDir: dir })
    await thread.articles.put(articlesFrom(30, 5))
    await app.articles.put(articlesFrom(35, 5))
    await thread.articles.put(articlesFrom(40, 5))
    await Promise.all([app.close(), thread.close()])
    expect(await freshRepair(dir)).toMatchObject({ result: { checked: false }, idsRead: 0, total: 45 })
  })

  it('runs the check when another process stored articles and its index never heard (a crash between the two)', async () => {
    const dir = await checkedLibrary()
    // The store moves on without the index: a process killed after the catalog's write, before the index's.
    const bare = await ArticleStore.open(dir, new WriteLock(dir), [])
    await bare.put(articlesFrom(30, 5))
    const crashed = await freshRepair(dir)
    expect(crashed).toMatchObject({ result: { checked: true, added: 5 }, idsRead: 1, total: 35 })
    // Found in step again: the next process skips.
    expect(await freshRepair(dir)).toMatchObject({ result: { checked: false }, idsRead: 0, total: 35 })
  })

  it('runs the check when another process removed articles behind the index', async () => {
    const dir = await checkedLibrary()
    const bare = await ArticleStore.open(dir, new WriteLock(dir), [])
    await bare.removeWhere((meta) => meta.title === 'Article 0 of feed-a')
    expect(await freshRepair(dir)).toMatchObject({ result: { checked: true, removed: 1 }, total: 29 })
  })

  it('does not let a later change the index made hide an earlier one it missed', async () => {
    const dir = await checkedLibrary()
    const core = await startServices({ dataDir: dir })
    const bare = await ArticleStore.open(dir, new WriteLock(dir), [])
    await bare.put(articlesFrom(30, 5)) // missed by the index
    await core.articles.put(articlesFrom(35, 5)) // indexed, from a revision the stamp does not name
    await core.close()
    expect(await freshRepair(dir)).toMatchObject({ result: { checked: true, added: 5 }, total: 40 })
  })

  it("runs the check when the manifest's stamp names another revision of the catalog", async () => {
    const dir = await checkedLibrary()
    const text = readFileSync(manifestPath(dir), 'utf8')
    const stamp = /"inStepWith":"([0-9a-f]{16})"/.exec(text)?.[1]
    expect(stamp).toMatch(/^[0-9a-f]{16}$/)
    writeFileSync(
      manifestPath(dir),
      text.replace(`"inStepWith":"${stamp}"`, '"inStepWith":"0123456789abcdef"'),
    )
    expect(await freshRepair(dir)).toMatchObject({ result: { checked: true }, idsRead: 1, total: 30 })
  })

  it('runs the check after the index lost a segment, even when the process that found it stopped before repairing', async () => {
    const dir = await checkedLibrary()
    const segments = join(dir, 'search', 'segments')
    const [first] = readdirSync(segments).filter((name) => name.endsWith('.seg'))
    writeFileSync(join(segments, first as string), 'not a segment')
    // A process finds the damage (and drops the segment from the manifest), then ends without a repair.
    const store = await ArticleStore.open(dir, new WriteLock(dir), [])
    const index = await SearchIndex.open(dir, { articles: store })
    await index.load()
    expect(index.rebuildReason).not.toBeNull()
    await index.close()
    const fresh = await freshRepair(dir)
    expect(fresh.result.checked).toBe(true)
    expect(fresh.result.added).toBeGreaterThan(0)
    expect(fresh.total).toBe(30)
  })
})

import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { open, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { batchFlush, writeFilesAtomic } from '../../../../src/main/core/store/atomic-batch'
import { ArticleStore } from '../../../../src/main/core/store/article-store'
import { WriteLock } from '../../../../src/main/core/store/write-lock'
import { makeArticles } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('atomic-batch')

/** Why this machine cannot flush a file system in one call (`sync -f`), or null when it can. */
function noSyncfs(): string | null {
  if (process.platform !== 'linux') return `syncfs is Linux's (this is ${process.platform})`
  const program = ['/usr/bin/sync', '/bin/sync'].find((path) => existsSync(path))
  if (!program) return 'no coreutils sync here'
  try {
    execFileSync(program, ['-f', '/'], { stdio: 'ignore' })
    return null
  } catch {
    return `${program} has no -f (not coreutils')`
  }
}
const SYNCFS_MISSING = noSyncfs()
if (SYNCFS_MISSING) console.log(`atomic-batch: the one-flush tests are skipped: ${SYNCFS_MISSING}`)

/** Counts the files flushed one by one (FileHandle#sync) while `run` runs. */
async function fileFlushes(dir: string, run: () => Promise<unknown>): Promise<number> {
  const probe = await open(join(dir, '.probe'), 'w')
  const prototype = Object.getPrototypeOf(probe) as { sync: () => Promise<void> }
  await probe.close()
  const spy = vi.spyOn(prototype, 'sync')
  try {
    await run()
    return spy.mock.calls.length
  } finally {
    spy.mockRestore()
  }
}

afterEach(() => {
  batchFlush.fileSystem = true
})

describe('writeFilesAtomic', () => {
  it.skipIf(SYNCFS_MISSING)('flushes a first sync’s bodies once per group, not once per body', async () => {
    const dir = await tempDir()
    const store = await ArticleStore.open(dir, new WriteLock(dir), [])
    const articles = makeArticles(40)
    const flushes = await fileFlushes(dir, () => store.put(articles))
    // The catalog's own files are still written (and flushed) one by one: a few, not 40.
    expect(flushes).toBeLessThan(10)
    for (const article of articles) expect(await store.get(article.id)).toEqual(article)
  })

  // At once through libuv's threads (the default), and in turn with blocking calls (the store's worker).
  describe.each([
    { way: 'at once', mode: {} },
    { way: 'in turn, blocking', mode: { blocking: true } },
  ])('written $way', ({ mode }) => {
    it('makes a folder again that was removed since it wrote there', async () => {
      const dir = await tempDir()
      const file = (name: string) => ({ path: join(dir, 'shard', name), data: () => Buffer.from(name) })
      await writeFilesAtomic([file('a.json')], mode)
      await rm(join(dir, 'shard'), { recursive: true })
      await writeFilesAtomic([file('b.json')], mode)
      expect(await readFile(join(dir, 'shard', 'b.json'), 'utf8')).toBe('b.json')
    })

    it('flushes each of a few files by itself, not the whole file system, and a group of more at once', async () => {
      const dir = await tempDir()
      const files = (count: number, folder: string) =>
        Array.from({ length: count }, (_, n) => ({
          path: join(dir, folder, `${n}.json`),
          data: () => Buffer.from(`{"n":${n}}`),
        }))
      expect(await fileFlushes(dir, () => writeFilesAtomic(files(3, 'few'), mode))).toBe(3)
      expect(await readdir(join(dir, 'few'))).toHaveLength(3)
      if (!SYNCFS_MISSING)
        expect(await fileFlushes(dir, () => writeFilesAtomic(files(40, 'many'), mode))).toBe(0)
      expect(await readdir(join(dir, 'many'))).toHaveLength(40)
    })

    it('flushes each file by itself where the file system cannot be flushed at once', async () => {
      batchFlush.fileSystem = false
      const dir = await tempDir()
      const files = Array.from({ length: 12 }, (_, n) => ({
        path: join(dir, `f${n % 3}`, `${n}.json`),
        data: () => Buffer.from(`{"n":${n}}`),
      }))
      expect(await fileFlushes(dir, () => writeFilesAtomic(files, mode))).toBe(12)
      for (let n = 0; n < 12; n++)
        expect(await readFile(join(dir, `f${n % 3}`, `${n}.json`), 'utf8')).toBe(`{"n":${n}}`)
      // No temporary file stays behind.
      for (const folder of ['f0', 'f1', 'f2'])
        expect((await readdir(join(dir, folder))).every((name) => !name.endsWith('.tmp'))).toBe(true)
    })

    it('renames nothing of a group when one of its files cannot be written, and leaves no temporary file', async () => {
      const dir = await tempDir()
      // A file where a folder should be: that body cannot be written.
      await writeFile(join(dir, 'blocked'), 'a file, not a folder')
      const files = [
        { path: join(dir, 'ok', 'a.json'), data: () => Buffer.from('a') },
        { path: join(dir, 'blocked', 'b.json'), data: () => Buffer.from('b') },
        { path: join(dir, 'ok', 'c.json'), data: () => Buffer.from('c') },
      ]
      await expect(writeFilesAtomic(files, mode)).rejects.toThrow(/ENOTDIR|EEXIST/)
      const left = existsSync(join(dir, 'ok')) ? await readdir(join(dir, 'ok')) : []
      expect(left).toEqual([])
    })
  })
})

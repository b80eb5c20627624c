import { existsSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ArticleStore } from '../../../../src/main/core/store/article-store'
import { DiskFullError } from '../../../../src/main/core/store/atomic-write'
import { decodeBody } from '../../../../src/main/core/store/body-file'
import {
  rebuildWriteError,
  workerBodyWriter,
  WORKER_FROM_BODIES,
  type BodyFile,
} from '../../../../src/main/core/store/body-writer'
import { ReadOnlyDataDirError } from '../../../../src/main/core/store/read-only'
import { WriteLock } from '../../../../src/main/core/store/write-lock'
import { serializeError } from '../../../../src/main/core/workers/task-outcome'
import { makeArticle } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'
import { bundledWorker, workerExecArgv } from '../../../helpers/worker-bundles'

const tempDir = useTempDirs('body-writer')
const STORE_WORKER = bundledWorker('src/main/core/store/store-worker.ts')

function bodiesIn(dir: string, count: number): BodyFile[] {
  return Array.from({ length: count }, (_, n) => {
    const article = makeArticle(n, { feedId: 'writer' })
    return { path: join(dir, article.id.slice(0, 2), `${article.id}.json`), article }
  })
}

async function readBack(files: BodyFile[]): Promise<void> {
  for (const { path, article } of files) {
    const read = decodeBody(await readFile(path))
    expect(read).toEqual({ status: 'ok', value: article })
  }
}

describe("the store's body writer", () => {
  it('writes a large group in its worker thread, every body whole under its name and no temporary file left', async () => {
    const dir = await tempDir()
    const writer = workerBodyWriter(STORE_WORKER, { execArgv: workerExecArgv() })
    try {
      const files = bodiesIn(dir, WORKER_FROM_BODIES * 2)
      await writer.write(files)
      expect(writer.inThread).toBe(false)
      await readBack(files)
      for (const folder of await readdir(dir))
        expect((await readdir(join(dir, folder))).filter((name) => name.endsWith('.tmp'))).toEqual([])
    } finally {
      await writer.close()
    }
  })

  it('writes on this thread where the worker cannot start, as before it', async () => {
    const dir = await tempDir()
    const writer = workerBodyWriter(join(dir, 'no-such-worker.js'))
    try {
      const small = bodiesIn(join(dir, 'small'), 3)
      const large = bodiesIn(join(dir, 'large'), WORKER_FROM_BODIES)
      await writer.write(small)
      // A few bodies are written here, without the worker: it was not tried yet.
      expect(writer.inThread).toBe(false)
      await writer.write(large)
      expect(writer.inThread).toBe(true)
      await readBack([...small, ...large])
    } finally {
      await writer.close()
    }
  })

  it("fails a group the worker cannot write with the file system's error, and renames none of it", async () => {
    const dir = await tempDir()
    const writer = workerBodyWriter(STORE_WORKER, { execArgv: workerExecArgv() })
    try {
      const files = bodiesIn(join(dir, 'ok'), WORKER_FROM_BODIES)
      // A file where one body's folder should be: that body cannot be written.
      await writeFile(join(dir, 'blocked'), 'a file, not a folder')
      const blocked = { path: join(dir, 'blocked', 'x.json'), article: makeArticle(999) }
      await expect(writer.write([...files, blocked])).rejects.toThrow(/ENOTDIR|EEXIST/)
      for (const { path } of files) expect(existsSync(path)).toBe(false)
    } finally {
      await writer.close()
    }
  })

  it('gives back a full disk and a read-only data dir as their own kinds, with their messages', () => {
    const full = new DiskFullError(
      '/data/articles/bodies/ab/x.json',
      Object.assign(new Error('x'), { code: 'EDQUOT' }),
    )
    const rebuiltFull = rebuildWriteError(serializeError(full))
    expect(rebuiltFull).toBeInstanceOf(DiskFullError)
    expect(rebuiltFull.message).toBe(full.message)
    expect((rebuiltFull as DiskFullError).code).toBe('EDQUOT')
    const readOnly = new ReadOnlyDataDirError('/data', Object.assign(new Error('x'), { code: 'EROFS' }))
    const rebuiltReadOnly = rebuildWriteError(serializeError(readOnly))
    expect(rebuiltReadOnly).toBeInstanceOf(ReadOnlyDataDirError)
    expect(rebuiltReadOnly.message).toBe(readOnly.message)
    const other = rebuildWriteError(serializeError(new Error('ENOTDIR: not a directory')))
    expect(other.message).toBe('ENOTDIR: not a directory')
  })

  it("is what a store writes through: a sync's batch stored through the worker reads back", async () => {
    const dir = await tempDir()
    const writer = workerBodyWriter(STORE_WORKER, { execArgv: workerExecArgv() })
    const store = await ArticleStore.open(dir, new WriteLock(dir), [], writer)
    try {
      const articles = Array.from({ length: WORKER_FROM_BODIES + 10 }, (_, n) => makeArticle(n))
      const told: string[] = []
      store.subscribe({ stored: () => void told.push('listeners') })
      const result = await store.put(articles, { onStored: () => told.push('stored') })
      expect(result.added).toHaveLength(articles.length)
      expect(writer.inThread).toBe(false)
      expect(told).toEqual(['stored', 'listeners'])
      for (const article of articles) expect(await store.get(article.id)).toEqual(article)
      expect(await store.total()).toBe(articles.length)
    } finally {
      await store.close()
    }
  })
})

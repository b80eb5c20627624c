import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { toIndexDoc } from '../../../../src/main/core/search/index-changes'
import {
  inProcessBuilder,
  workerBuilder,
  type SegmentBuilder,
} from '../../../../src/main/core/search/segment-threads'
import { useTempDirs } from '../../../helpers/temp-dir'
import { sourceIndexWorker } from '../../../helpers/worker-bundles'
import { englishArticles } from './search-fixtures'

const tempDir = useTempDirs('segment-threads')
const builders: SegmentBuilder[] = []
afterEach(async () => {
  await Promise.all(builders.splice(0).map((builder) => builder.close()))
})

/** The index's worker, bundled from the sources as the build bundles index-worker.js. */
function inWorker(): SegmentBuilder {
  const { worker, workerOptions } = sourceIndexWorker()
  const builder = workerBuilder(worker, workerOptions)
  builders.push(builder)
  return builder
}

const docs = englishArticles(40, 31).map((article) => toIndexDoc(article))

describe('the segment builder in a worker thread', () => {
  it('builds and merges the same bytes as on this thread', async () => {
    const [here, worker] = [inProcessBuilder(), inWorker()]
    const built = await worker.build(docs)
    expect(Buffer.from(built).equals(Buffer.from(await here.build(docs)))).toBe(true)
    const dir = await tempDir()
    const [a, b] = [join(dir, 'a.seg'), join(dir, 'b.seg')]
    await writeFile(a, await here.build(docs.slice(0, 20)))
    await writeFile(b, await here.build(docs.slice(20)))
    const sources = [
      { path: a, deleted: [0, 3] },
      { path: b, deleted: [] },
    ]
    const merged = await worker.merge(sources)
    expect(merged.length).toBeGreaterThan(0)
    expect(Buffer.from(merged).equals(Buffer.from(await here.merge(sources)))).toBe(true)
  })

  it("fails a job with the job's own one-line error, and goes on", async () => {
    const worker = inWorker()
    const missing = join(await tempDir(), 'gone.seg')
    const error = await worker.merge([{ path: missing, deleted: [] }]).catch((thrown: Error) => thrown)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/^ENOENT: no such file or directory/)
    expect((error as Error).message).not.toContain('\n')
    expect((await worker.build(docs.slice(0, 5))).length).toBeGreaterThan(0)
  })

  it('fails jobs after it was closed', async () => {
    const worker = inWorker()
    await worker.build(docs.slice(0, 5))
    await worker.close()
    await expect(worker.build(docs.slice(0, 5))).rejects.toThrow('the search index was closed')
  })
})

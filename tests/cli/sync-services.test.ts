import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { syncServices } from '../../src/cli/program'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs('sync-services')

describe('broadsheet sync', () => {
  it('builds its index in the index worker and writes bodies in the store worker when the build has them', async () => {
    const out = join(await tempDir(), 'out', 'main')
    await mkdir(join(out, 'chunks'), { recursive: true })
    await writeFile(join(out, 'index-worker.js'), '')
    const from = pathToFileURL(join(out, 'chunks', 'program.js')).href
    expect(syncServices(from)).toEqual({
      search: { worker: pathToFileURL(join(out, 'index-worker.js')) },
    })
    await writeFile(join(out, 'store-worker.js'), '')
    expect(syncServices(from)).toEqual({
      search: { worker: pathToFileURL(join(out, 'index-worker.js')) },
      store: { bodyWorker: pathToFileURL(join(out, 'store-worker.js')) },
    })
  })

  it('builds it on its own thread where there is no built worker (the TypeScript sources)', () => {
    expect(syncServices(import.meta.url)).toEqual({})
  })
})

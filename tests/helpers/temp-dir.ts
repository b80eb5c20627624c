import { accessSync, constants } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'

/** Linux's RAM-backed folder, when there is one we may write to. */
function memoryDir(): string | null {
  try {
    accessSync('/dev/shm', constants.W_OK)
    return '/dev/shm'
  } catch {
    return null
  }
}

/**
 * A fresh, empty folder under the system temp dir, e.g. a data dir for one test. `inMemory` puts it in
 * /dev/shm where there is one: for tests that write so many files (100,000 articles, each flushed to
 * disk) that a busy disk, not the code under test, would decide their run time.
 */
export async function makeTempDir(label = 'test', options: { inMemory?: boolean } = {}): Promise<string> {
  const base = (options.inMemory && memoryDir()) || tmpdir()
  return mkdtemp(join(base, `broadsheet-${label}-`))
}

/** Removes a temp folder and everything in it; a folder already gone is fine. */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })
}

/**
 * Returns a maker of temp dirs that are all removed after each test of the calling file.
 * Call it at the top of a test file or inside a `describe`.
 */
export function useTempDirs(label = 'test'): () => Promise<string> {
  const made: string[] = []
  afterEach(async () => {
    await Promise.all(made.splice(0).map(removeTempDir))
  })
  return async () => {
    const dir = await makeTempDir(label)
    made.push(dir)
    return dir
  }
}

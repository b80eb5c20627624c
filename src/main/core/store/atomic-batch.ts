import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { forEachLimited } from '../for-each-limited'
import { explainWriteError, openInFolder, tempPathOf } from './atomic-write'

/** Files of a batch written before they are flushed together, and file operations at once. */
const GROUP_FILES = 1_000
const PARALLELISM = 16
/**
 * Fewer files than this are flushed each by itself: a flush of the whole file system would also wait for
 * whatever else is being written to it (another program's big download), and costs a process's start.
 */
const FLUSH_EACH_BELOW = 8

/** A file to write, and its bytes (made when its turn comes: a body is compressed just before it is written). */
export interface BatchFile {
  path: string
  data: () => Promise<Uint8Array> | Uint8Array
}

/**
 * Writes many files as writeFileAtomic writes each — a temporary file, on disk before it is renamed
 * over the target — with one flush for a group of files instead of one per file: every file of the group
 * is written, then the file system is flushed once (Linux's syncfs, through coreutils' `sync -f`), then
 * each is renamed. A flush is the disk's slowest operation: a first sync's 10,000 bodies each flushed
 * alone spent most of the sync's system time there. Where there is no syncfs (another system, a `sync`
 * without `-f`), and for a group of a few files, each file is flushed by itself, as writeFileAtomic does.
 * Resolves once every file is on disk under its name; on a failure the files not yet renamed stay as they
 * were (their temporary files removed) and the error is thrown, one that says so when the disk is full.
 */
export async function writeFilesAtomic(files: readonly BatchFile[]): Promise<void> {
  for (let start = 0; start < files.length; start += GROUP_FILES) {
    const group = files.slice(start, start + GROUP_FILES)
    // Written and not yet renamed: what a failure leaves to remove.
    const pending = new Set<{ path: string; temp: string }>()
    try {
      await forEachLimited(group, PARALLELISM, async ({ path, data }) => {
        try {
          const bytes = await data()
          const file = { path, temp: tempPathOf(path) }
          const handle = await openInFolder(file.temp, 0o644)
          pending.add(file)
          try {
            await handle.writeFile(bytes)
          } finally {
            await handle.close()
          }
        } catch (error) {
          throw explainWriteError(error, path)
        }
      })
      const written = [...pending]
      if (written.length === 0) continue
      if (written.length < FLUSH_EACH_BELOW || !(await flushFileSystem(written[0]!.temp)))
        await forEachLimited(written, PARALLELISM, ({ temp, path }) =>
          flushFile(temp).catch((error: unknown) => {
            throw explainWriteError(error, path)
          }),
        )
      await forEachLimited(written, PARALLELISM, async (file) => {
        await rename(file.temp, file.path)
        pending.delete(file)
      })
    } catch (error) {
      await Promise.all([...pending].map(({ temp }) => rm(temp, { force: true })))
      throw error
    }
  }
}

/** Test switch: false makes every batch flush its files one by one, as where there is no syncfs. */
export const batchFlush = { fileSystem: true }

/** coreutils' `sync`, when found (null: not looked for yet; false: none that flushes a file system). */
let syncProgram: string | false | null = null

/**
 * Flushes the file system holding `path` (every file written to it so far reaches the disk), in one
 * call; false when this system cannot (no coreutils `sync` with `-f`): the caller flushes each file.
 */
async function flushFileSystem(path: string): Promise<boolean> {
  if (!batchFlush.fileSystem || process.platform !== 'linux') return false
  syncProgram ??= ['/usr/bin/sync', '/bin/sync'].find((program) => existsSync(program)) ?? false
  const program = syncProgram
  if (!program) return false
  const flushed = await new Promise<boolean>((resolve) =>
    execFile(program, ['-f', path], { timeout: 60_000 }, (error) => resolve(!error)),
  )
  // A `sync` that refuses `-f` (busybox's, an old coreutils') will refuse it again: flush file by file.
  if (!flushed) syncProgram = false
  return flushed
}

async function flushFile(path: string): Promise<void> {
  const handle = await open(path, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

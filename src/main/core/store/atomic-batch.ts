import { execFile } from 'node:child_process'
import { existsSync, renameSync } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { forEachLimited } from '../for-each-limited'
import { explainWriteError, openInFolder, tempPathOf, writeInFolderNow } from './atomic-write'

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

/** How a group's files are written and renamed: many at once through libuv's threads, or in turn here. */
interface FileOps {
  each<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void>
  writeTemp(temp: string, bytes: Uint8Array): Promise<void> | void
  rename(temp: string, path: string): Promise<void> | void
}

const MODE = 0o644

/** The default: file operations at once, each handed to libuv's threads (this thread stays free). */
const AT_ONCE: FileOps = {
  each: (items, run) => forEachLimited(items, PARALLELISM, run),
  async writeTemp(temp, bytes) {
    const handle = await openInFolder(temp, MODE)
    try {
      await handle.writeFile(bytes)
    } finally {
      await handle.close()
    }
  },
  rename: (temp, path) => rename(temp, path),
}

/**
 * Blocking calls, one file after another: for a thread that does nothing else (the store's worker). Files
 * written this way took about half the CPU of the default way here (2,000 files: 150–240 against
 * 240–560 ms): a file's system calls, not as many hand-offs to libuv's threads and back, each with its
 * promise.
 */
const IN_TURN: FileOps = {
  async each(items, run) {
    for (const item of items) await run(item)
  },
  writeTemp: (temp, bytes) => writeInFolderNow(temp, bytes, MODE),
  rename: renameSync,
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
 * `blocking`: the files are written and renamed with blocking calls, in turn (a worker thread's way).
 */
export async function writeFilesAtomic(
  files: readonly BatchFile[],
  options: { blocking?: boolean } = {},
): Promise<void> {
  const ops = options.blocking ? IN_TURN : AT_ONCE
  for (let start = 0; start < files.length; start += GROUP_FILES) {
    const group = files.slice(start, start + GROUP_FILES)
    // Written and not yet renamed: what a failure leaves to remove.
    const pending = new Set<{ path: string; temp: string }>()
    try {
      await ops.each(group, async ({ path, data }) => {
        try {
          const bytes = await data()
          const file = { path, temp: tempPathOf(path) }
          pending.add(file)
          await ops.writeTemp(file.temp, bytes)
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
      await ops.each(written, async (file) => {
        await ops.rename(file.temp, file.path)
        pending.delete(file)
      })
    } catch (error) {
      // Some were never made (their folder could not be): removing those fails, and says nothing new.
      await Promise.all([...pending].map(({ temp }) => rm(temp, { force: true }).catch(() => undefined)))
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

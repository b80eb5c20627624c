import { randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs'
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { ExpectedError } from '../errors'
import { isReadOnlyError, ReadOnlyDataDirError } from './read-only'

/**
 * Writes a file so that readers (this process or another) see either the old or the new content,
 * never half of it: a temporary file in the same folder, flushed to disk, then renamed over the target.
 * A full disk fails with a {@link DiskFullError}, the old content untouched and the temp file gone.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: { mode?: number } = {},
): Promise<void> {
  try {
    await writeThroughTemp(path, data, options.mode ?? 0o644)
  } catch (error) {
    throw explainWriteError(error, path)
  }
}

/** Folders this process made or found (a sync writes thousands of files into a few hundred of them). */
const knownFolders = new Set<string>()

/** This process's (this thread's) part of its temporary files' names; a count tells its files apart. */
const TEMP_PREFIX = randomBytes(4).toString('hex')
let tempCount = 0

/**
 * A temporary file's name beside `path`: hidden, unique, and never a name the data dir reads:
 * `.<name>.<12 hex digits>.tmp`, 8 drawn at random once per process and thread, then a count of 4 (it
 * comes round after 65,536 files, long after the file that had the name before was renamed). A sync
 * names 10,000 of them, and drawing 6 random bytes for each cost its thread more than naming them.
 */
export function tempPathOf(path: string): string {
  tempCount = (tempCount + 1) & 0xffff
  const count = tempCount.toString(16).padStart(4, '0')
  return join(dirname(path), `.${basename(path)}.${TEMP_PREFIX}${count}.tmp`)
}

/** `temp` opened for writing, its folder made when it is missing. */
export async function openInFolder(temp: string, mode: number): Promise<FileHandle> {
  const folder = dirname(temp)
  if (knownFolders.has(folder)) {
    try {
      return await open(temp, 'w', mode)
    } catch (error) {
      // Removed since (a test's data dir, a user tidying up): make it again.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      knownFolders.delete(folder)
    }
  }
  await mkdir(folder, { recursive: true })
  knownFolders.add(folder)
  return open(temp, 'w', mode)
}

/**
 * {@link openInFolder}, then `bytes` written and the file closed, all in blocking calls: for a thread of
 * its own (the store's worker), where a file's three system calls cost far less than three hand-offs to
 * libuv's threads and back.
 */
export function writeInFolderNow(temp: string, bytes: Uint8Array, mode: number): void {
  const folder = dirname(temp)
  let fd: number | null = null
  if (knownFolders.has(folder)) {
    try {
      fd = openSync(temp, 'w', mode)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      knownFolders.delete(folder)
    }
  }
  if (fd === null) {
    mkdirSync(folder, { recursive: true })
    knownFolders.add(folder)
    fd = openSync(temp, 'w', mode)
  }
  try {
    writeFileSync(fd, bytes)
  } finally {
    closeSync(fd)
  }
}

async function writeThroughTemp(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  const temp = tempPathOf(path)
  const handle = await openInFolder(temp, mode)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (error) {
    await handle.close().catch(() => undefined)
    await rm(temp, { force: true })
    throw error
  }
  await handle.close()
  try {
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

/**
 * A write that failed because the disk (or the user's quota) is full. Its message says so in words a
 * person understands, in one line; `code` stays the system's (ENOSPC, EDQUOT) for code that checks it.
 */
export class DiskFullError extends ExpectedError {
  readonly code: string

  /** `path`: the file that could not be saved (a field too, so the error crosses threads whole). */
  constructor(
    readonly path: string,
    cause: NodeJS.ErrnoException,
  ) {
    super(
      `the disk is full (no space left on device): could not save ${path}; what was saved before is unchanged`,
      { cause },
    )
    this.name = 'DiskFullError'
    this.code = cause.code ?? 'ENOSPC'
  }
}

/**
 * The error to report for a failed write of `path`: a {@link DiskFullError} when the disk is full, a
 * {@link ReadOnlyDataDirError} when the file may not be written.
 */
export function explainWriteError(error: unknown, path: string): unknown {
  if (error instanceof DiskFullError || error instanceof ReadOnlyDataDirError) return error
  if (isReadOnlyError(error)) return new ReadOnlyDataDirError(path, error)
  const code = (error as NodeJS.ErrnoException | null)?.code
  return code === 'ENOSPC' || code === 'EDQUOT'
    ? new DiskFullError(path, error as NodeJS.ErrnoException)
    : error
}

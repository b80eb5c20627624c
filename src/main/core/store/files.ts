import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, statSync, type Stats } from 'node:fs'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { DamageNotice } from '../../../shared/contract'
import { ExpectedError } from '../errors'

/** A damaged file, moved aside and reported (the contract's type: the UI shows these as they are). */
export type { DamageNotice }

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

async function writeThroughTemp(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  const folder = dirname(path)
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  let handle
  if (knownFolders.has(folder)) {
    try {
      handle = await open(temp, 'w', mode)
    } catch (error) {
      // Removed since (a test's data dir, a user tidying up): make it again.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      knownFolders.delete(folder)
    }
  }
  if (!handle) {
    await mkdir(folder, { recursive: true })
    knownFolders.add(folder)
    handle = await open(temp, 'w', mode)
  }
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

  constructor(path: string, cause: NodeJS.ErrnoException) {
    super(
      `the disk is full (no space left on device): could not save ${path}; what was saved before is unchanged`,
      { cause },
    )
    this.name = 'DiskFullError'
    this.code = cause.code ?? 'ENOSPC'
  }
}

/** The error to report for a failed write of `path`: a {@link DiskFullError} when the disk is full. */
export function explainWriteError(error: unknown, path: string): unknown {
  if (error instanceof DiskFullError) return error
  const code = (error as NodeJS.ErrnoException | null)?.code
  return code === 'ENOSPC' || code === 'EDQUOT'
    ? new DiskFullError(path, error as NodeJS.ErrnoException)
    : error
}

/** The outcome of reading a JSON file: its value, absent, or damaged (unreadable as JSON). */
export type JsonRead<T> =
  { status: 'ok'; value: T } | { status: 'missing' } | { status: 'damaged'; reason: string }

/** Reads and parses a JSON file without throwing for the two expected failures. */
export async function readJsonFile<T>(path: string): Promise<JsonRead<T>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    return missingOrThrow(error)
  }
  return parseJson<T>(text)
}

/**
 * {@link readJsonFile} at once, for one small file a person is waiting for: an async read queues behind
 * every file operation already waiting for libuv's threads, and a running sync keeps hundreds waiting.
 */
export function readJsonFileNow<T>(path: string): JsonRead<T> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    return missingOrThrow(error)
  }
  return parseJson<T>(text)
}

function missingOrThrow(error: unknown): { status: 'missing' } {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' }
  throw error
}

function parseJson<T>(text: string): JsonRead<T> {
  try {
    return { status: 'ok', value: JSON.parse(text) as T }
  } catch (error) {
    return { status: 'damaged', reason: text.length === 0 ? 'the file is empty' : (error as Error).message }
  }
}

/**
 * Moves a damaged file into `<dataDir>/quarantine/` under a timestamped name, so the user can
 * recover it by hand, and returns where it went. Synchronous: it runs before anything may replace it.
 */
export function quarantineFile(dataDir: string, file: string): string {
  const folder = join(dataDir, 'quarantine')
  mkdirSync(folder, { recursive: true })
  const stamp = new Date().toISOString().replaceAll(':', '-')
  const keptAt = join(folder, `${stamp}-${randomBytes(3).toString('hex')}-${basename(file)}`)
  renameSync(file, keptAt)
  return keptAt
}

/** The file's stat, or null when there is no such file. */
export function statOrNull(path: string): Stats | null {
  try {
    return statSync(path)
  } catch {
    return null
  }
}

/** True for a JSON object (not an array, not null): the first check on any file read back. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

import { mkdirSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { isReadOnlyError } from './read-only'

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
 * Makes a folder of the data dir ahead of its first file. Where the data dir cannot be written, a folder
 * missing there is simply empty to a reader, and the first write says why it cannot be made.
 */
export function makeFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true })
  } catch (error) {
    if (!isReadOnlyError(error)) throw error
  }
}

/** The names in a folder; none when it does not exist (yet). */
export function namesIn(path: string): string[] {
  try {
    return readdirSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
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

import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { gunzipSync, gzipSync } from 'node:zlib'
import type { Article } from '../../../shared/types'
import type { JsonRead } from './json-files'

/*
 * An article body on disk: `articles/bodies/<ab>/<id>.json`, the whole Article as JSON, gzip-compressed
 * since issue 22 (a body of ~5.6 KB of JSON takes ~1.7 KB: one 4 KB block instead of two, and the disk
 * per article falls below 8 KB). Bodies written before are plain JSON and read as they are: the first
 * two bytes tell (gzip's magic 1f 8b can never start JSON text). Compressing one body takes ~0.06 ms,
 * reading one back ~0.02 ms more than the file read itself (scripts/bench-store.ts measures both).
 */

const GZIP_MAGIC_0 = 0x1f
const GZIP_MAGIC_1 = 0x8b

/**
 * The bytes a body is stored as: gzip at level 1, on the calling thread (~0.06 ms a body). Async gzip, a
 * zlib stream per body handed to libuv's threads, cost more in bookkeeping than the compression itself:
 * a first sync of 10,000 bodies takes 0.5 s less CPU this way (the peers section's probe, 5 pairs).
 * Level 6 gives files ~4% smaller that fill the same 4 KB block.
 */
export function encodeBody(article: Article): Buffer {
  return gzipSync(JSON.stringify(article), { level: 1 })
}

/** A body's bytes, compressed or (written before compression) plain JSON, as a read. */
export function decodeBody(bytes: Buffer): JsonRead<Article> {
  let text: string
  if (bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1) {
    try {
      text = gunzipSync(bytes).toString('utf8')
    } catch (error) {
      return {
        status: 'damaged',
        reason: `it is not a whole compressed article (${(error as Error).message})`,
      }
    }
  } else {
    text = bytes.toString('utf8')
  }
  if (text.length === 0) return { status: 'damaged', reason: 'the file is empty' }
  try {
    return { status: 'ok', value: JSON.parse(text) as Article }
  } catch (error) {
    return { status: 'damaged', reason: (error as Error).message }
  }
}

/** Reads a body without throwing for the two expected failures (missing, damaged). */
export async function readBodyFile(path: string): Promise<JsonRead<Article>> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    return missingOrThrow(error)
  }
  return decodeBody(bytes)
}

/** {@link readBodyFile} at once, for the one article a person is waiting for (see readJsonFileNow). */
export function readBodyFileNow(path: string): JsonRead<Article> {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (error) {
    return missingOrThrow(error)
  }
  return decodeBody(bytes)
}

function missingOrThrow(error: unknown): { status: 'missing' } {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' }
  throw error
}

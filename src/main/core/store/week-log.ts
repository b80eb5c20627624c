import { randomBytes } from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import type { ArticleMeta } from '../../../shared/types'
import { explainWriteError, writeFileAtomic } from './atomic-write'
import { isPlainObject } from './json-files'

/*
 * A week's log of catalog changes: `articles/week-logs/<week>.log`. A sync batch appends one line (the
 * records it puts, the ids it removes) instead of rewriting the week's catalog file whole; the catalog
 * folds the log into a new week file once it grows past a share of the week (article-catalog.ts).
 *
 * The first line names the week file's revision the log follows and the log's own random id
 * (`{"weekLog":1,"base":"<revision>","id":"<id>"}`): a log of another revision (the week was written
 * whole since, and a crash came before the log was removed) is ignored. Every line ends in a newline and
 * is flushed before the change is reported done; a last line without one (a crash mid-append) is
 * ignored, and the next writer writes the log anew without it, under a new id: a log only ever grows
 * under one id, so its id and size tell another process whether it changed (see {@link weekLogKey}).
 */

/** One appended change: records to drop (by id), then records to put (each replacing its id). */
export interface WeekLogRecord {
  put: ArticleMeta[]
  remove: string[]
}

export interface WeekLogRead {
  records: WeekLogRecord[]
  /** Bytes of the whole lines, header included: 0 when there is no log of this revision. */
  bytes: number
  /** Bytes after the last whole line (a crash mid-append). */
  torn: number
  /** The whole lines after the header, as they are on disk. */
  lines: Buffer
  /** Why a whole line could not be read (the log is damaged). */
  damaged?: string
}

/** `{"weekLog":1,"base":"<16 hex>","id":"<16 hex>"}` and a newline. */
const HEADER_BYTES = 64
const HEADER = /^\{"weekLog":1,"base":"([0-9a-f]{16})","id":"([0-9a-f]{16})"\}\n$/

function headerOf(base: string): string {
  return `{"weekLog":1,"base":"${base}","id":"${randomBytes(8).toString('hex')}"}\n`
}

const NONE: WeekLogRead = { records: [], bytes: 0, torn: 0, lines: Buffer.alloc(0) }

/**
 * The log at `path` as it follows the week file of revision `base`. `records: false`: its lines are not
 * parsed (a writer that only appends needs where the whole lines end).
 */
export async function readWeekLog(
  path: string,
  base: string,
  options: { records?: boolean } = {},
): Promise<WeekLogRead> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return NONE
    throw error
  }
  if (HEADER.exec(bytes.toString('latin1', 0, HEADER_BYTES))?.[1] !== base) return NONE
  const end = bytes.lastIndexOf(0x0a) + 1
  const torn = bytes.length - end
  const whole = bytes.subarray(HEADER_BYTES, end)
  const records: WeekLogRecord[] = []
  if (options.records === false) return { records, bytes: end, torn, lines: whole }
  const lines = whole.toString('utf8').split('\n')
  lines.pop()
  for (const [n, line] of lines.entries()) {
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      value = undefined
    }
    if (!isWeekLogRecord(value)) {
      const damaged = `line ${n + 2} is not a catalog change`
      return { records, bytes: end, torn, lines: whole, damaged }
    }
    records.push(value)
  }
  return { records, bytes: end, torn, lines: whole }
}

/**
 * What identifies the log of revision `base` as it is on disk: its id and its size (a log only grows
 * under one id), or '' when there is none. Reads the header only.
 */
export function weekLogKey(path: string, base: string): string {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return ''
  }
  try {
    const buffer = Buffer.alloc(HEADER_BYTES)
    const length = readSync(fd, buffer, 0, HEADER_BYTES, 0)
    const header = HEADER.exec(buffer.toString('latin1', 0, length))
    if (header?.[1] !== base) return ''
    return `${header[2]}:${fstatSync(fd).size}`
  } finally {
    closeSync(fd)
  }
}

/**
 * Appends one change (or none) to the log of revision `base` as {@link readWeekLog} read it, and flushes
 * it: in place, or, where there is no log of that revision or its last line was torn, by writing it anew
 * (its whole lines, under a new id). Returns the log's {@link weekLogKey}. Call inside the write lock.
 */
export async function appendWeekLog(
  path: string,
  base: string,
  log: WeekLogRead,
  record: WeekLogRecord | null,
): Promise<string> {
  const data = Buffer.from(record ? `${JSON.stringify(record)}\n` : '')
  if (log.bytes === 0 || log.torn > 0) {
    const header = headerOf(base)
    const bytes = Buffer.concat([Buffer.from(header), log.lines, data])
    await writeFileAtomic(path, bytes)
    return `${header.slice(-19, -3)}:${bytes.length}`
  }
  try {
    const handle = await open(path, 'r+')
    try {
      await handle.write(data, 0, data.length, log.bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch (error) {
    throw explainWriteError(error, path)
  }
  return weekLogKey(path, base)
}

/** The week's records with the log's changes made, in the order they were appended (not sorted). */
export function applyWeekLog(
  metas: readonly ArticleMeta[],
  records: readonly WeekLogRecord[],
): ArticleMeta[] {
  const byId = new Map(metas.map((meta) => [meta.id, meta]))
  for (const record of records) {
    for (const id of record.remove) byId.delete(id)
    for (const meta of record.put) {
      byId.delete(meta.id)
      byId.set(meta.id, meta)
    }
  }
  return [...byId.values()]
}

function isWeekLogRecord(value: unknown): value is WeekLogRecord {
  return (
    isPlainObject(value) &&
    Array.isArray(value.put) &&
    value.put.every(isMetaRecord) &&
    Array.isArray(value.remove) &&
    value.remove.every((id) => typeof id === 'string')
  )
}

/** Enough of an {@link ArticleMeta} to list and page: anything less in a week file means it is damaged. */
export function isMetaRecord(value: unknown): value is ArticleMeta {
  return (
    isPlainObject(value) &&
    typeof value.id === 'string' &&
    typeof value.feedId === 'string' &&
    typeof value.sortTime === 'number'
  )
}

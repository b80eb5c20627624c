import { randomBytes } from 'node:crypto'
import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { isPlainObject } from './json-files'
import { tempPathOf } from './atomic-write'

/*
 * flags.log: the changes of flags since flags.json was last written whole, one JSON line each, so that a
 * mark costs one short appended line, not a rewrite of every read id of the library.
 *
 * The first line names the log (a random id) and the revision of flags.json it applies to (its `base`):
 * a log whose base is not flags.json's revision has already been folded into it (a crash between writing
 * flags.json and removing the log) and applies to nothing. Lines are only appended, under the data dir's
 * write lock, each ending with a newline written last and flushed: a line without its newline is one a
 * crash cut short, ignored by readers and cut off by the next writer. A whole line that is not a record is
 * damage (flags-file.ts quarantines the log).
 */

/** One change of flags: set (`to` true, the default) or clear the flags of articles. */
export interface FlagsRecord {
  to?: boolean
  /** Read articles by feed. */
  read?: Record<string, string[]>
  bookmarked?: string[]
  /** Hidden articles by feed. */
  hidden?: Record<string, string[]>
  /** Articles gone (retention, unsubscribe), by feed: every flag of theirs dropped. */
  forget?: Record<string, string[]>
}

export interface LogHeader {
  id: string
  /** The revision of flags.json the log's records apply to. */
  base: string
}

const HEADER = /^\{"flagsLog":1,"id":"([0-9a-f]{16})","base":"([0-9a-f]{16})"\}\n/
const HEADER_BYTES = headerLine({ id: '0'.repeat(16), base: '0'.repeat(16) }).length
const NEWLINE = 0x0a

function headerLine(header: LogHeader): string {
  return `{"flagsLog":1,"id":"${header.id}","base":"${header.base}"}\n`
}

/** A header for a new log over flags.json at `base`. */
export function newLogHeader(base: string): LogHeader {
  return { id: randomBytes(8).toString('hex'), base }
}

/** What reading a log from an offset found. */
export type LogRead =
  | { status: 'missing' }
  | { status: 'damaged'; reason: string }
  | {
      status: 'ok'
      header: LogHeader
      size: number
      /** The whole, good records after the offset, in order. */
      records: FlagsRecord[]
      /** Where the records read end: after the last good line. */
      end: number
      /** Why the line at `end` is not a record (nothing after it was read), or null. */
      damaged: string | null
    }

/**
 * Reads the log's header and its lines from `from` (0: the first after the header). A line cut short
 * (no newline yet: a crash, or a write under way in another process) ends the read without damage.
 */
export function readLog(path: string, from: number): LogRead {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' }
    throw error
  }
  try {
    const size = fstatSync(fd).size
    const head = Buffer.alloc(HEADER_BYTES)
    const headLength = readSync(fd, head, 0, HEADER_BYTES, 0)
    const match = HEADER.exec(head.toString('latin1', 0, headLength))
    if (!match) return { status: 'damaged', reason: 'its first line is not a flags log header' }
    const header = { id: match[1]!, base: match[2]! }
    const start = Math.max(from, HEADER_BYTES)
    const records: FlagsRecord[] = []
    let end = start
    let damaged: string | null = null
    if (size > start) {
      const buffer = Buffer.alloc(size - start)
      let got = 0
      while (got < buffer.length) {
        const n = readSync(fd, buffer, got, buffer.length - got, start + got)
        if (n === 0) break
        got += n
      }
      let lineStart = 0
      for (let newline = buffer.indexOf(NEWLINE, 0); newline !== -1 && newline < got;) {
        const record = recordOf(buffer.toString('utf8', lineStart, newline))
        if (!record) {
          damaged = `the line at byte ${start + lineStart} is not a flags record`
          break
        }
        records.push(record)
        lineStart = newline + 1
        end = start + lineStart
        newline = buffer.indexOf(NEWLINE, lineStart)
      }
    }
    return { status: 'ok', header, size, records, end, damaged }
  } finally {
    closeSync(fd)
  }
}

function recordOf(line: string): FlagsRecord | null {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return null
  }
  if (!isPlainObject(value)) return null
  if (value.to !== undefined && typeof value.to !== 'boolean') return null
  if (value.bookmarked !== undefined && !isStrings(value.bookmarked)) return null
  for (const key of ['read', 'hidden', 'forget'] as const) {
    const byFeed = value[key]
    if (byFeed !== undefined && !(isPlainObject(byFeed) && Object.values(byFeed).every(isStrings)))
      return null
  }
  return value as FlagsRecord
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

/** The line of a record: JSON never holds a raw newline, so the newline ends it and only it. */
function lineOf(record: FlagsRecord): Buffer {
  return Buffer.from(`${JSON.stringify(record)}\n`, 'utf8')
}

function writeAll(fd: number, data: Buffer, position: number): void {
  for (let done = 0; done < data.length;)
    done += writeSync(fd, data, done, data.length - done, position + done)
}

/**
 * Appends a record at `at` (the end of the last whole line: whatever a crash left after it is cut off
 * first) and flushes it; returns the new end. A failed write (a full disk) leaves the log as it was.
 */
export function appendRecord(path: string, at: number, record: FlagsRecord): number {
  const line = lineOf(record)
  const fd = openSync(path, 'r+')
  try {
    if (fstatSync(fd).size !== at) ftruncateSync(fd, at)
    try {
      writeAll(fd, line, at)
      fdatasyncSync(fd)
    } catch (error) {
      try {
        ftruncateSync(fd, at)
      } catch {
        // The line stays cut short: without its newline, readers ignore it and the next writer cuts it.
      }
      throw error
    }
  } finally {
    closeSync(fd)
  }
  return at + line.length
}

/**
 * Writes a new log (its header and `records`) in place of any log there, atomically (a temp file,
 * flushed, renamed over it); returns its size.
 */
export function createLog(path: string, header: LogHeader, records: FlagsRecord[]): number {
  const data = Buffer.concat([Buffer.from(headerLine(header), 'latin1'), ...records.map(lineOf)])
  const temp = tempPathOf(path)
  try {
    const fd = openSync(temp, 'w', 0o644)
    try {
      writeAll(fd, data, 0)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
  return data.length
}

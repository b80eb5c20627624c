import { randomBytes } from 'node:crypto'
import { closeSync, openSync, readSync } from 'node:fs'
import { statOrNull } from './json-files'

/*
 * Revisions: how a process tells whether a file it parsed before is still the file on disk.
 *
 * Every write of a shared file of the data dir (config.json, flags.json, the article catalog, the search
 * manifest) puts a fresh random `revision` as the file's first key. A copy parsed from a file whose
 * revision is still the one on disk is that file, whichever process wrote it. A file's stat cannot say as
 * much: an atomic rename frees the old inode for the next file to reuse, and a coarse clock (HFS+, FAT,
 * network drives) gives two writes in one tick the same mtime, so a changed file can keep its size, mtime
 * and inode. Reading the revision costs one small read at the start of the file, however big it is.
 */

/** The key every revisioned file starts with. */
const REVISION_KEY = 'revision'
const PREFIX_BYTES = 96
const REVISION_AT_START = /^\s*\{\s*"revision"\s*:\s*"([0-9a-f]{16})"/

/** A fresh revision: 64 random bits, so no two writes share one. */
export function newRevision(): string {
  return randomBytes(8).toString('hex')
}

/** `value` as JSON with `revision` as its first key (any revision it carried is replaced). */
export function stringifyAtRevision(value: object, revision: string, space?: string): string {
  const rest: Record<string, unknown> = { ...value }
  delete rest[REVISION_KEY]
  return JSON.stringify({ [REVISION_KEY]: revision, ...rest }, null, space)
}

/**
 * The revision a file starts with, read from its first bytes; null when the file is missing or has none
 * (written before revisions, or by hand).
 */
export function readRevision(path: string): string | null {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return null
  }
  try {
    const buffer = Buffer.alloc(PREFIX_BYTES)
    const length = readSync(fd, buffer, 0, PREFIX_BYTES, 0)
    return REVISION_AT_START.exec(buffer.toString('latin1', 0, length))?.[1] ?? null
  } finally {
    closeSync(fd)
  }
}

/**
 * What identifies the file on disk now: a copy parsed when this gave the same key may be used instead of
 * reading the file again. Take the key before reading the file (a file replaced in between only costs
 * one more read later).
 *
 * `forWrite`: the caller will build a write on the copy (it holds the write lock). Then only a revision
 * identifies a file: a file without one (from before revisions) gives null, which matches no copy, so it
 * is read. For reading alone, such a file falls back to its stat (size, mtime, inode), which at worst
 * shows a stale view until the next write, never loses one.
 */
export function versionKey(path: string, forWrite: false): string
export function versionKey(path: string, forWrite: boolean): string | null
export function versionKey(path: string, forWrite: boolean): string | null {
  const revision = readRevision(path)
  if (revision) return `r:${revision}`
  const stat = statOrNull(path)
  if (!stat) return 'missing'
  return forWrite ? null : `s:${stat.size}:${stat.mtimeMs}:${stat.ino}`
}

/** The key of a file this process has just written at `revision` (see {@link versionKey}). */
export function revisionKey(revision: string): string {
  return `r:${revision}`
}

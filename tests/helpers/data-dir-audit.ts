// Over 300 lines: one audit of every file kind of a data dir, which the crash and concurrency tests share.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join, relative, sep } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { decodeSegment } from '../../src/main/core/search/segment'
import { isTempFileName } from '../../src/main/core/store/leftover-temps'

/** One stored article as the audit saw its body file. */
export interface AuditedArticle {
  feedId: string
  /** sha256 of the body file's bytes: any change to a stored article changes it. */
  hash: string
  imageHashes: string[]
}

/**
 * What a data dir holds, read straight from its files (no Broadsheet code beyond the segment decoder),
 * and everything wrong with it. Take it while no process writes to the dir.
 */
export interface DataDirAudit {
  /** Everything wrong, in words; empty for a healthy data dir. */
  problems: string[]
  /** Relative path → sha256 of every file (the lock folder aside). */
  files: Map<string, string>
  /** Leftover temp files of interrupted writes (by the writers' naming schemes). */
  tempFiles: string[]
  /** Files in quarantine/ (a healthy dir has none). */
  quarantined: string[]
  /** Files that are neither known data nor temp files (reported, not a problem by themselves). */
  unknown: string[]
  /** Article id → its body file. */
  articles: Map<string, AuditedArticle>
  /** Every id listed by the weekly catalog files, duplicates included. */
  catalogIds: string[]
  feeds: { id: string; url: string; etag: string | null }[]
  read: Set<string>
  bookmarked: Set<string>
  settings: Record<string, unknown>
  /** Blobs with their bytes (named by their sha256) and their info file. */
  blobs: Set<string>
  /** Blob bytes whose info file is missing (a write cut short between the two: harmless). */
  blobsWithoutInfo: string[]
  /** Live (not tombstoned) ids of the search index, duplicates included; null without a manifest. */
  indexIds: string[] | null
  /** True when the write lock folder exists (held, or left by a killed process). */
  lockPresent: boolean
}

const HASH = /^[0-9a-f]{64}$/

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

/** Every file under `dir`, relative, except inside the lock folder. */
function walk(dir: string): string[] {
  const found: string[] = []
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) {
        if (relative(dir, path) !== 'write.lock') visit(path)
      } else found.push(relative(dir, path))
    }
  }
  visit(dir)
  return found.sort()
}

/** Reads and checks every file of a data dir; see {@link DataDirAudit}. */
export function auditDataDir(dir: string): DataDirAudit {
  const audit: DataDirAudit = {
    problems: [],
    files: new Map(),
    tempFiles: [],
    quarantined: [],
    unknown: [],
    articles: new Map(),
    catalogIds: [],
    feeds: [],
    read: new Set(),
    bookmarked: new Set(),
    settings: {},
    blobs: new Set(),
    blobsWithoutInfo: [],
    indexIds: null,
    lockPresent: existsSync(join(dir, 'write.lock')),
  }
  const problem = (file: string, what: string) => audit.problems.push(`${file}: ${what}`)
  const parse = (file: string, bytes: Buffer): unknown => {
    try {
      // An article body is gzip-compressed JSON (plain JSON when written before compression).
      const text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes
      return JSON.parse(text.toString('utf8'))
    } catch (error) {
      problem(file, `not JSON (${(error as Error).message})`)
      return undefined
    }
  }
  const blobBytes = new Map<string, string>()
  const blobInfos = new Map<string, unknown>()
  const segments = new Map<string, Buffer>()
  let searchManifest: unknown
  let flagsLog: Buffer | null = null
  const weeks = new Map<string, { revision: string | null; ids: string[] }>()
  const weekLogs = new Map<string, Buffer>()
  let flagsRevision: unknown

  for (const file of walk(dir)) {
    const bytes = readFileSync(join(dir, file))
    audit.files.set(file, sha256(bytes))
    const parts = file.split(sep)
    const name = basename(file)
    if (parts[0] === 'quarantine') {
      audit.quarantined.push(file)
      problem(file, 'something was quarantined')
      continue
    }
    if (isTempFileName(name)) {
      audit.tempFiles.push(file)
      continue
    }
    if (parts[0] === 'blobs' && parts.length === 3 && HASH.test(name)) {
      blobBytes.set(name, sha256(bytes))
      continue
    }
    if (parts[0] === 'search' && parts[1] === 'segments' && name.endsWith('.seg')) {
      segments.set(name.slice(0, -4), bytes)
      continue
    }
    if (file === 'flags.log') {
      flagsLog = bytes
      continue
    }
    if (parts[0] === 'articles' && parts[1] === 'week-logs' && name.endsWith('.log')) {
      weekLogs.set(name.slice(0, -4), bytes)
      continue
    }
    if (!name.endsWith('.json')) {
      audit.unknown.push(file)
      continue
    }
    const value = parse(file, bytes)
    if (value === undefined) continue
    if (file === 'config.json' || file === join('backups', 'config.json')) {
      checkConfig(file, value, problem)
      if (file === 'config.json' && isObject(value)) {
        audit.feeds = (value.feeds as { id: string; url: string; etag?: string | null }[]).map((feed) => ({
          id: feed.id,
          url: feed.url,
          etag: feed.etag ?? null,
        }))
        audit.settings = isObject(value.settings) ? value.settings : {}
      }
    } else if (file === 'flags.json' || file === join('backups', 'flags.json')) {
      if (checkFlags(file, value, problem) && file === 'flags.json') {
        audit.read = new Set(Object.values(value.read).flatMap(storedReadIds))
        audit.bookmarked = new Set(value.bookmarked)
        flagsRevision = (value as { revision?: unknown }).revision
      }
    } else if (file === join('articles', 'manifest.json')) {
      if (!isObject(value) || value.version !== 1 || !isObject(value.partitions))
        problem(file, 'not a version 1 article manifest')
    } else if (parts[0] === 'articles' && parts[1] === 'week-ids') {
      // A week's ids file: its ids by feed (used only while its revision is the week file's).
      if (!isObject(value) || typeof value.revision !== 'string' || !isObject(value.feeds))
        problem(file, 'not a week ids file')
    } else if (parts[0] === 'articles' && parts[1] === 'catalog') {
      // A week file: {revision, articles: [...]}, or a bare list from before revisions.
      const metas = Array.isArray(value) ? value : isObject(value) ? value.articles : undefined
      if (!Array.isArray(metas)) problem(file, 'not a list')
      else {
        const ids: string[] = []
        for (const meta of metas as unknown[]) {
          if (isObject(meta) && typeof meta.id === 'string' && typeof meta.sortTime === 'number')
            ids.push(meta.id)
          else problem(file, `a malformed record ${JSON.stringify(meta)}`)
        }
        const revision = isObject(value) && typeof value.revision === 'string' ? value.revision : null
        weeks.set(name.slice(0, -5), { revision, ids })
      }
    } else if (parts[0] === 'articles' && parts[1] === 'bodies') {
      const id = name.slice(0, -5)
      if (
        !isObject(value) ||
        value.id !== id ||
        typeof value.feedId !== 'string' ||
        !Array.isArray(value.images)
      )
        problem(file, 'not an article named by its id')
      else
        audit.articles.set(id, {
          feedId: value.feedId,
          hash: sha256(bytes),
          imageHashes: (value.images as { hash: string | null }[]).flatMap((image) =>
            image.hash ? [image.hash] : [],
          ),
        })
    } else if (parts[0] === 'blobs' && parts.length === 3 && HASH.test(name.slice(0, -5))) {
      blobInfos.set(name.slice(0, -5), value)
    } else if (file === join('search', 'manifest.json')) {
      searchManifest = value
    } else if (file === 'sync-pending.json') {
      if (!isObject(value)) problem(file, 'not an object')
    }
  }

  for (const [hash, actual] of blobBytes) {
    if (actual !== hash) problem(`blob ${hash}`, `its bytes hash to ${actual}`)
    const info = blobInfos.get(hash)
    if (info === undefined) audit.blobsWithoutInfo.push(hash)
    else if (!isObject(info) || typeof info.contentType !== 'string' || typeof info.size !== 'number')
      problem(`blob ${hash}`, 'its info is malformed')
    else audit.blobs.add(hash)
  }
  for (const hash of blobInfos.keys())
    if (!blobBytes.has(hash)) problem(`blob ${hash}`, 'info without bytes: the image is lost')

  for (const [id, article] of audit.articles) {
    for (const hash of article.imageHashes)
      if (!audit.blobs.has(hash) || blobBytes.get(hash) !== hash)
        problem(`article ${id}`, `its image ${hash} is missing or damaged`)
  }
  // A week's records: its file, with its log's whole lines applied when the log follows its revision.
  for (const [week, { revision, ids }] of weeks) {
    const log = weekLogs.get(week)
    audit.catalogIds.push(...(log && revision ? applyWeekLogLines(week, log, revision, ids, problem) : ids))
  }
  const listed = new Set<string>()
  for (const id of audit.catalogIds) {
    if (listed.has(id)) problem(`article ${id}`, 'listed twice in the catalog')
    listed.add(id)
    if (!audit.articles.has(id)) problem(`article ${id}`, 'listed in the catalog but its body is gone')
  }
  if (flagsLog) auditFlagsLog(flagsLog, flagsRevision, audit, problem)
  if (searchManifest !== undefined) audit.indexIds = auditIndex(searchManifest, segments, problem)
  return audit
}

/** A week's ids after its log (articles/week-logs/<week>.log); a torn last line is not a change. */
function applyWeekLogLines(
  week: string,
  log: Buffer,
  revision: string,
  ids: string[],
  problem: (file: string, what: string) => void,
): string[] {
  const file = join('articles', 'week-logs', `${week}.log`)
  const lines = log.toString('utf8').split('\n')
  lines.pop() // after the last newline: nothing, or a line cut short by a kill
  const header = /^\{"weekLog":1,"base":"([0-9a-f]{16})","id":"[0-9a-f]{16}"\}$/.exec(lines.shift() ?? '')
  if (header?.[1] !== revision) return ids
  const set = new Set(ids)
  for (const line of lines) {
    let record: unknown
    try {
      record = JSON.parse(line)
    } catch {
      record = undefined
    }
    if (!isObject(record) || !Array.isArray(record.put) || !Array.isArray(record.remove)) {
      problem(file, `a malformed line ${line.slice(0, 80)}`)
      return ids
    }
    for (const id of record.remove as string[]) set.delete(id)
    for (const meta of record.put as { id: string }[]) set.add(meta.id)
  }
  return [...set]
}

function checkConfig(file: string, value: unknown, problem: (file: string, what: string) => void): void {
  const ok =
    isObject(value) &&
    isObject(value.settings) &&
    Array.isArray(value.folders) &&
    Array.isArray(value.feeds) &&
    value.feeds.every((feed) => isObject(feed) && typeof feed.id === 'string' && typeof feed.url === 'string')
  if (!ok) problem(file, 'not a config (settings, feeds, folders)')
}

/** A feed's read ids as flags.json stores them: one string of ids separated by spaces, or (older) a list. */
export function storedReadIds(ids: string | string[]): string[] {
  return typeof ids === 'string' ? (ids === '' ? [] : ids.split(' ')) : ids
}

function checkFlags(
  file: string,
  value: unknown,
  problem: (file: string, what: string) => void,
): value is { read: Record<string, string | string[]>; bookmarked: string[] } {
  const ok =
    isObject(value) &&
    isObject(value.read) &&
    Object.values(value.read).every((ids) => typeof ids === 'string' || isStringArray(ids)) &&
    isStringArray(value.bookmarked)
  if (!ok) problem(file, 'not flags (read by feed, bookmarked)')
  return ok
}

/**
 * Applies flags.log (the changes since flags.json was written whole) to the audit's flags when its header
 * names flags.json's revision (otherwise it was folded in already). Its last line may be cut short (a
 * crash mid-append: ignored); a whole line that is not a record is a problem.
 */
function auditFlagsLog(
  bytes: Buffer,
  revision: unknown,
  audit: DataDirAudit,
  problem: (file: string, what: string) => void,
): void {
  const lines = bytes.toString('utf8').split('\n')
  lines.pop() // after the last newline: empty, or a line a crash cut short
  const header = /^\{"flagsLog":1,"id":"[0-9a-f]{16}","base":"([0-9a-f]{16})"\}$/.exec(lines.shift() ?? '')
  if (!header) return problem('flags.log', 'no flags log header')
  if (header[1] !== revision) return
  for (const line of lines) {
    let record: Record<string, unknown>
    try {
      record = JSON.parse(line) as Record<string, unknown>
    } catch {
      return problem('flags.log', `a damaged line ${line.slice(0, 80)}`)
    }
    const value = record.to !== false
    const byFeed = (key: string) => Object.values((record[key] ?? {}) as Record<string, string[]>).flat()
    for (const id of byFeed('read')) {
      if (value) audit.read.add(id)
      else audit.read.delete(id)
    }
    for (const id of (record.bookmarked ?? []) as string[]) {
      if (value) audit.bookmarked.add(id)
      else audit.bookmarked.delete(id)
    }
    for (const id of byFeed('forget')) {
      audit.read.delete(id)
      audit.bookmarked.delete(id)
    }
  }
}

/** Checks the search manifest and every segment it names; returns the live ids. */
function auditIndex(
  manifest: unknown,
  segments: Map<string, Buffer>,
  problem: (file: string, what: string) => void,
): string[] {
  const file = join('search', 'manifest.json')
  if (!isObject(manifest) || manifest.version !== 1 || !Array.isArray(manifest.segments)) {
    problem(file, 'not a version 1 search manifest')
    return []
  }
  const live: string[] = []
  for (const entry of manifest.segments as unknown[]) {
    if (!isObject(entry) || typeof entry.name !== 'string' || !isStringArray(entry.ids)) {
      problem(file, `a malformed segment entry ${JSON.stringify(entry)?.slice(0, 80)}`)
      continue
    }
    const bytes = segments.get(entry.name)
    if (!bytes) problem(file, `names segment ${entry.name}, which is missing`)
    else {
      try {
        const segment = decodeSegment(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length))
        if (segment.header.docCount !== entry.ids.length)
          problem(
            file,
            `segment ${entry.name} holds ${segment.header.docCount} docs, not ${entry.ids.length}`,
          )
      } catch (error) {
        problem(join('search', 'segments', `${entry.name}.seg`), `unreadable (${(error as Error).message})`)
      }
    }
    const deleted = new Set(Array.isArray(entry.deleted) ? (entry.deleted as number[]) : [])
    entry.ids.forEach((id, doc) => {
      if (!deleted.has(doc)) live.push(id)
    })
  }
  return live
}

/** What of `before` is missing or different in `after`: articles, flags, feeds and blobs. */
export function lostSince(before: DataDirAudit, after: DataDirAudit): string[] {
  const lost: string[] = []
  for (const [id, article] of before.articles) {
    const now = after.articles.get(id)
    if (!now) lost.push(`article ${id} is gone`)
    else if (now.hash !== article.hash) lost.push(`article ${id} changed`)
  }
  const listed = new Set(after.catalogIds)
  for (const id of before.catalogIds) if (!listed.has(id)) lost.push(`article ${id} is no longer listed`)
  for (const id of before.read) if (!after.read.has(id)) lost.push(`read flag of ${id} is gone`)
  for (const id of before.bookmarked) if (!after.bookmarked.has(id)) lost.push(`bookmark of ${id} is gone`)
  const feeds = new Set(after.feeds.map((feed) => feed.id))
  for (const feed of before.feeds) if (!feeds.has(feed.id)) lost.push(`feed ${feed.url} is gone`)
  for (const hash of before.blobs) if (!after.blobs.has(hash)) lost.push(`blob ${hash} is gone`)
  return lost
}

/** Files of `before` whose bytes differ in `after`, or are gone (temp files aside). */
export function changedFiles(before: DataDirAudit, after: DataDirAudit): string[] {
  return [...before.files]
    .filter(([file, hash]) => !isTempFileName(basename(file)) && after.files.get(file) !== hash)
    .map(([file]) => file)
}

import { makeFolder, namesIn } from './json-files'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { ArticleMeta } from '../../../shared/types'
import { readJsonFile } from './json-files'
import { readWeekFile, readWeekFileOf, weekFileText } from './week-file'
import { quarantineFile } from './quarantine'
import { writeFileAtomic } from './atomic-write'
import type { DamageNotice } from '../../../shared/contract'
import { newRevision, readRevision, revisionKey, stringifyAtRevision, versionKey } from './revision'
import type { WriteLock } from './write-lock'
import { appendWeekLog, applyWeekLog, readWeekLog, weekLogKey } from './week-log'
import { statOrNull } from './json-files'
import { idsFileText, readIdsFile, refOf, refsOfIdsFile, type ArticleRef, type RefMatch } from './week-ids'
import {
  emptyManifest,
  FeedCounts,
  isManifest,
  summarize,
  type Manifest,
  type PartitionInfo,
} from './catalog-manifest'

const DAY_MS = 86_400_000

/**
 * The week an article sorts into, named by its Monday (UTC), e.g. "2026-11-23". Weekly partitions keep
 * each rewrite small, let "newest 100" read only the newest weeks, and let retention drop whole weeks.
 */
export function partitionOf(sortTime: number): string {
  const day = Math.floor(sortTime / DAY_MS)
  const monday = day - ((((day + 3) % 7) + 7) % 7)
  return new Date(monday * DAY_MS).toISOString().slice(0, 10)
}

interface CachedPartition {
  /** The week file's {@link versionKey} when it was read or written. */
  key: string
  metas: ArticleMeta[]
}

/** An ids file found behind its week's log: the week's refs with the log applied, under that log's key. */
export interface IdsBehindLog {
  week: string
  revision: string
  log: string
  refs: ArticleRef[]
}

/** A change to one partition: records to drop (by id) and records to put. */
export interface PartitionChange {
  remove: Set<string>
  put: ArticleMeta[]
}

/**
 * The article catalog: each week's {@link ArticleMeta} records in `articles/catalog/<week>.json`,
 * newest first, its ids alone in `articles/week-ids/<week>.json` (WeekIdsFile, for "mark all read"), and
 * `articles/manifest.json` summarizing every week. Bodies live elsewhere; the catalog
 * is an index over them and can be rebuilt from them.
 *
 * Weeks and the manifest are kept parsed while their revision (revision.ts) is the one on disk; every
 * write stamps a new one. Under the write lock only a revision vouches for a copy, so a change is always
 * built on the files as another process last left them.
 */
export class ArticleCatalog {
  readonly #dir: string
  readonly #idsDir: string
  readonly #logsDir: string
  readonly #manifestPath: string
  readonly #cache = new Map<string, CachedPartition>()
  /** Ids files {@link refs} found behind their week's log: the week's refs with the log applied. */
  readonly #idsBehindLog = new Map<string, Omit<IdsBehindLog, 'week'>>()
  /** Weeks {@link loadOf} read in part, with their key then: the next time, they are read whole and kept. */
  readonly #readInPart = new Map<string, string | null>()
  #manifest: Manifest = { version: 1, partitions: {} }
  readonly #feedCounts = new FeedCounts()
  /** The manifest's {@link versionKey} when it was read or written; null: read it again. */
  #manifestKey: string | null = null
  /** Bumped whenever this process writes or installs a manifest: a slower read must not undo it. */
  #manifestChanges = 0

  constructor(
    articlesDir: string,
    private readonly dataDir: string,
    private readonly lock: WriteLock,
    private readonly reports: DamageNotice[],
    private readonly rebuildPartition: (week: string) => Promise<ArticleMeta[]>,
  ) {
    this.#dir = join(articlesDir, 'catalog')
    this.#idsDir = join(articlesDir, 'week-ids')
    this.#logsDir = join(articlesDir, 'week-logs')
    this.#manifestPath = join(articlesDir, 'manifest.json')
    makeFolder(this.#dir)
    makeFolder(this.#idsDir)
    makeFolder(this.#logsDir)
  }

  /**
   * Brings the in-memory manifest up to date with the disk: re-reads it when another process changed it,
   * and reconciles it with the week files (a crash between a week's write and the manifest's leaves them
   * disagreeing; the week files win). Reconciling writes, so it takes the write lock.
   */
  async refresh(): Promise<void> {
    const key = versionKey(this.#manifestPath, this.lock.held)
    if (key !== null && key === this.#manifestKey) return
    const changes = this.#manifestChanges
    const read = await readJsonFile<Manifest>(this.#manifestPath)
    // A write of this process (under the lock) landed while this read waited: look again.
    if (this.#manifestChanges !== changes) return this.refresh()
    // Valid JSON of the wrong shape would crash every listing later: it is as damaged as a cut-short file.
    const usable = read.status === 'ok' && isManifest(read.value)
    if (read.status !== 'missing' && !usable) {
      this.reports.push({
        file: this.#manifestPath,
        keptAt: quarantineFile(this.dataDir, this.#manifestPath),
        reason: read.status === 'damaged' ? read.reason : 'it is not a version 1 article manifest',
        action: 'rebuilt the article manifest from the weekly catalog files',
      })
    }
    const manifest: Manifest = usable ? { version: 1, partitions: read.value.partitions } : emptyManifest()
    const onDisk = new Set(namesIn(this.#dir).filter((name) => WEEK_FILE.test(name)))
    const gone = Object.keys(manifest.partitions).filter((week) => !onDisk.has(`${week}.json`))
    const stale = [...onDisk]
      .map((name) => name.slice(0, -5))
      .filter((week) => {
        const info = manifest.partitions[week]
        const revision = readRevision(this.#weekPath(week))
        if (!info?.revision || info.revision !== revision) return true
        return (info.log ?? '') !== weekLogKey(this.#logPath(week), revision)
      })
    if (gone.length === 0 && stale.length === 0) {
      this.#manifest = manifest
      this.#manifestKey = key
      this.#manifestChanges += 1
      return
    }
    if (!this.lock.held) return this.lock.run(() => this.refresh())
    this.#manifest = manifest
    this.#manifestChanges += 1
    for (const week of gone) delete manifest.partitions[week]
    for (const week of stale) {
      const metas = await this.load(week)
      const revision = readRevision(this.#weekPath(week))
      // A week file from before revisions is written again with one, so that it is not summarized anew
      // at every refresh.
      if (revision)
        manifest.partitions[week] = summarize(metas, revision, await this.#settleLog(week, revision))
      else await this.#write(week, metas)
    }
    await this.#writeManifest()
  }

  /**
   * The manifest's revision as this process last read or wrote it (null: none, or unknown): every change
   * to the catalog writes the manifest under a new one, so it stamps the catalog's whole state.
   */
  get revision(): string | null {
    return this.#manifestKey?.startsWith('r:') ? this.#manifestKey.slice(2) : null
  }

  /** Weeks, newest first. */
  weeks(): string[] {
    return Object.keys(this.#manifest.partitions).sort().reverse()
  }

  info(week: string): PartitionInfo | undefined {
    return this.#manifest.partitions[week]
  }

  /** Articles per feed over the whole catalog, from the manifest alone (the sum kept: FeedCounts). */
  feedCounts(): Map<string, number> {
    return this.#feedCounts.of(this.#manifest)
  }

  total(): number {
    return Object.values(this.#manifest.partitions).reduce((sum, info) => sum + info.count, 0)
  }

  /**
   * One week's records, newest first (kept parsed while the file is unchanged). A damaged week file is
   * quarantined, reported and rebuilt from the article files, under the write lock.
   */
  async load(week: string): Promise<ArticleMeta[]> {
    const path = this.#weekPath(week)
    const key = this.#keyOf(week, this.lock.held)
    if (key === 'missing') return []
    const cached = this.#cache.get(week)
    if (key !== null && cached?.key === key) return cached.metas
    const read = await readWeekFile(path)
    let damaged = 'damaged' in read ? { path, reason: read.damaged } : null
    if ('metas' in read) {
      let metas = read.metas
      if (read.revision) {
        const log = await readWeekLog(this.#logPath(week), read.revision)
        if (log.damaged) damaged = { path: this.#logPath(week), reason: log.damaged }
        else if (log.records.length > 0) metas = sortNewestFirst(applyWeekLog(metas, log.records))
      }
      if (!damaged) {
        if (key !== null) this.#cache.set(week, { key, metas })
        return metas
      }
    }
    // Repaired under the lock, from the file as it is then (another process may have repaired it).
    if (!this.lock.held) return this.lock.run(() => this.load(week))
    if (!damaged) throw new Error('unreachable')
    const keptAt = quarantineFile(this.dataDir, damaged.path)
    const metas = sortNewestFirst(await this.rebuildPartition(week))
    await this.#write(week, metas)
    // The manifest on disk no longer describes this week: no revision vouches for it until it is read again.
    this.#manifestKey = null
    const action = `rebuilt the week from ${metas.length} article files`
    this.reports.push({ file: damaged.path, keptAt, reason: damaged.reason, action })
    return metas
  }

  /**
   * One week's records of `feedIds`, newest first. A week not parsed yet has only those feeds' lines
   * parsed (week-file.ts) the first time: a fresh process listing a folder's newest 100 reads ~3% of a
   * 38,000-record week. Asked again, the week is read whole and kept, as {@link load} does.
   */
  async loadOf(week: string, feedIds: ReadonlySet<string>): Promise<ArticleMeta[]> {
    const key = this.#keyOf(week, false)
    if (key === 'missing') return []
    const ofFeeds = (metas: ArticleMeta[]) => metas.filter((meta) => feedIds.has(meta.feedId))
    const cached = this.#cache.get(week)
    if (cached?.key === key || this.#readInPart.get(week) === key) return ofFeeds(await this.load(week))
    this.#readInPart.set(week, key)
    const read = await readWeekFileOf(this.#weekPath(week), feedIds)
    if (!read?.revision) return ofFeeds(await this.load(week))
    const log = await readWeekLog(this.#logPath(week), read.revision)
    if (log.damaged) return ofFeeds(await this.load(week))
    if (log.records.length === 0) return read.metas
    return ofFeeds(sortNewestFirst(applyWeekLog(read.metas, log.records)))
  }

  /**
   * One week's {@link ArticleRef}s, of `feedIds` and `match` only when given: from the week's records
   * when they are parsed and current, else from its ids file when that has the week file's revision (with
   * the week's log applied, unless the ids file has it already), else (a week written before ids files,
   * or a crash between the two writes) from the week's records.
   * `stale` is told of a week whose ids file was missing or behind (see {@link writeIds}).
   */
  async refs(
    week: string,
    feedIds?: ReadonlySet<string>,
    stale?: (week: string) => void,
    match?: RefMatch,
  ): Promise<ArticleRef[]> {
    const path = this.#weekPath(week)
    const key = this.#keyOf(week, false)
    if (key === 'missing') return []
    const cached = this.#cache.get(week)
    const fromMetas = (metas: ArticleMeta[]) =>
      metas
        .filter((meta) => (!feedIds || feedIds.has(meta.feedId)) && (!match || match(meta.id, meta.feedId)))
        .map(refOf)
    if (cached?.key === key) return fromMetas(cached.metas)
    const revision = readRevision(path)
    if (revision) {
      const ids = await readIdsFile(this.#idsPath(week), revision)
      if (ids) {
        const logKey = weekLogKey(this.#logPath(week), revision)
        if ((ids.log ?? '') === logKey) return refsOfIdsFile(ids, [], feedIds, match)
        const log = await readWeekLog(this.#logPath(week), revision)
        if (!log.damaged) {
          // Written again with the log (under the lock, afterwards): the next time, the log is not read.
          this.#idsBehindLog.set(week, { revision, log: logKey, refs: refsOfIdsFile(ids, log.records) })
          return refsOfIdsFile(ids, log.records, feedIds, match)
        }
      }
    }
    stale?.(week)
    return fromMetas(await this.load(week))
  }

  /**
   * The ids files {@link refs} found behind their week's log since last asked (for
   * {@link writeIdsWithLogs}); they are forgotten here, written or not (a read-only data dir).
   */
  takeIdsBehindLogs(): IdsBehindLog[] {
    const behind = [...this.#idsBehindLog].map(([week, found]) => ({ week, ...found }))
    this.#idsBehindLog.clear()
    return behind
  }

  /**
   * Writes again these ids files found behind their week's log, with the log's ids, where the week and
   * its log are still as read. Call inside the write lock.
   */
  async writeIdsWithLogs(behind: readonly IdsBehindLog[]): Promise<void> {
    for (const { week, revision, log, refs } of behind) {
      if (readRevision(this.#weekPath(week)) !== revision) continue
      if (weekLogKey(this.#logPath(week), revision) !== log) continue
      await writeFileAtomic(this.#idsPath(week), idsFileText(refs, revision, log))
    }
  }

  /**
   * Writes the ids files of these weeks where they are missing or behind their week (a library from
   * before ids files is brought up to date by its first "mark all read"). Call inside the write lock.
   */
  async writeIds(weeks: Iterable<string>): Promise<void> {
    for (const week of weeks) {
      const revision = readRevision(this.#weekPath(week))
      if (!revision) continue
      if (await readIdsFile(this.#idsPath(week), revision)) continue
      const metas = await this.load(week)
      // Read again: load() may have rewritten a damaged week (which wrote its ids file) in between.
      if (readRevision(this.#weekPath(week)) !== revision) continue
      await writeFileAtomic(this.#idsPath(week), idsFileText(metas.map(refOf), revision))
    }
  }

  /** Applies changes to several weeks, then records them in the manifest. Call inside the write lock. */
  async apply(changes: Map<string, PartitionChange>): Promise<void> {
    try {
      await this.#apply(changes)
    } catch (error) {
      // The manifest in memory may hold a change the disk does not: read the disk again next time.
      this.#manifestKey = null
      throw error
    }
  }

  async #apply(changes: Map<string, PartitionChange>): Promise<void> {
    for (const [week, change] of changes) {
      const kept = (await this.load(week)).filter((meta) => !change.remove.has(meta.id))
      const metas = sortNewestFirst([...kept, ...change.put])
      if (metas.length === 0) {
        await rm(join(this.#dir, `${week}.json`), { force: true })
        await rm(this.#idsPath(week), { force: true })
        await rm(this.#logPath(week), { force: true })
        this.#cache.delete(week)
        delete this.#manifest.partitions[week]
      } else if (!(await this.#append(week, change, metas))) {
        await this.#write(week, metas)
      }
    }
    if (changes.size > 0) await this.#writeManifest()
  }

  /**
   * Appends a change to the week's log instead of writing the week whole, while the log stays under
   * {@link LOG_SHARE} of the week file (and {@link LOG_MIN_BYTES}); false: write the week whole (which
   * folds the log in). `metas`: the week with the change made. Call inside the write lock.
   */
  async #append(week: string, change: PartitionChange, metas: ArticleMeta[]): Promise<boolean> {
    const path = this.#weekPath(week)
    const base = readRevision(path)
    if (!base) return false
    // load() read this log whole (and set aside a damaged one) before the change was made.
    const log = await readWeekLog(this.#logPath(week), base, { records: false })
    // Only additions and replacements are appended (a sync's batches); a removal (retention,
    // unsubscribe) writes the week whole, the log folded in.
    const put = new Set(change.put.map((meta) => meta.id))
    if ([...change.remove].some((id) => !put.has(id))) return false
    const record = { put: change.put, remove: [] }
    const limit = Math.max(LOG_MIN_BYTES, (statOrNull(path)?.size ?? 0) * LOG_SHARE)
    if (log.bytes + Buffer.byteLength(JSON.stringify(record)) + 1 > limit) return false
    const key = await appendWeekLog(this.#logPath(week), base, log, record)
    this.#cache.set(week, { key: `${revisionKey(base)}|${key}`, metas })
    this.#manifest.partitions[week] = summarize(metas, base, key)
    return true
  }

  /**
   * The key of the week's log of `revision` (week-log.ts), written anew without a torn last line (a crash
   * mid-append) where it has one; '' when there is none. Call inside the write lock.
   */
  async #settleLog(week: string, revision: string): Promise<string> {
    const log = await readWeekLog(this.#logPath(week), revision)
    if (log.torn === 0) return weekLogKey(this.#logPath(week), revision)
    return appendWeekLog(this.#logPath(week), revision, log, null)
  }

  async #write(week: string, metas: ArticleMeta[]): Promise<void> {
    const revision = newRevision()
    await writeFileAtomic(this.#weekPath(week), weekFileText(metas, revision))
    this.#cache.set(week, { key: `${revisionKey(revision)}|`, metas })
    // After the week: a crash in between leaves an ids file of an older revision, which is not used,
    // and a log of the older revision, which is ignored.
    await writeFileAtomic(this.#idsPath(week), idsFileText(metas.map(refOf), revision))
    await rm(this.#logPath(week), { force: true })
    this.#manifest.partitions[week] = summarize(metas, revision)
  }

  /**
   * What identifies a week as this process parsed it: the week file's {@link versionKey} and the size of
   * its log (of that revision). null: read it again (see versionKey's `forWrite`).
   */
  #keyOf(week: string, forWrite: boolean): string | null {
    const key = versionKey(this.#weekPath(week), forWrite)
    if (key === null || key === 'missing') return key
    const base = key.startsWith('r:') ? key.slice(2) : null
    return `${key}|${base ? weekLogKey(this.#logPath(week), base) : ''}`
  }

  #logPath(week: string): string {
    return join(this.#logsDir, `${week}.log`)
  }

  #weekPath(week: string): string {
    return join(this.#dir, `${week}.json`)
  }

  #idsPath(week: string): string {
    return join(this.#idsDir, `${week}.json`)
  }

  async #writeManifest(): Promise<void> {
    const revision = newRevision()
    this.#manifestChanges += 1
    await writeFileAtomic(this.#manifestPath, stringifyAtRevision(this.#manifest, revision))
    this.#manifestKey = revisionKey(revision)
  }
}

const WEEK_FILE = /^\d{4}-\d\d-\d\d\.json$/

/** A week's log is folded into its file once longer than this share of it... */
const LOG_SHARE = 0.25
/** ...and than this: a small week takes a few batches before it is written whole. */
const LOG_MIN_BYTES = 64 * 1024

/** Newest first; ties broken by id so the order is the same in every process. */
export function sortNewestFirst(metas: ArticleMeta[]): ArticleMeta[] {
  return metas.sort((a, b) => b.sortTime - a.sortTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

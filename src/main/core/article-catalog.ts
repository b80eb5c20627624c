import { mkdirSync, readdirSync, statSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { ArticleMeta } from '../../shared/types'
import {
  isPlainObject,
  quarantineFile,
  readJsonFile,
  statOrNull,
  writeFileAtomic,
  type DamageReport,
} from './files'

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

/** What the manifest knows of one partition without opening it. */
interface PartitionInfo {
  count: number
  /** Articles per feed, so a feed's listing skips weeks without it and counts need no scan. */
  feeds: Record<string, number>
  size: number
  mtimeMs: number
  /** Every write is a rename of a new file, so a new inode: this catches two writes in one clock tick. */
  ino: number
}

interface Manifest {
  version: 1
  partitions: Record<string, PartitionInfo>
}

interface CachedPartition {
  size: number
  mtimeMs: number
  ino: number
  metas: ArticleMeta[]
}

/** A change to one partition: records to drop (by id) and records to put. */
export interface PartitionChange {
  remove: Set<string>
  put: ArticleMeta[]
}

/**
 * The article catalog: each week's {@link ArticleMeta} records in `articles/catalog/<week>.json`,
 * newest first, and `articles/manifest.json` summarizing every week. Bodies live elsewhere; the catalog
 * is an index over them and can be rebuilt from them.
 */
export class ArticleCatalog {
  readonly #dir: string
  readonly #manifestPath: string
  readonly #cache = new Map<string, CachedPartition>()
  #manifest: Manifest = { version: 1, partitions: {} }
  #manifestSignature = ''

  constructor(
    articlesDir: string,
    private readonly dataDir: string,
    private readonly reports: DamageReport[],
    private readonly rebuildPartition: (week: string) => Promise<ArticleMeta[]>,
  ) {
    this.#dir = join(articlesDir, 'catalog')
    this.#manifestPath = join(articlesDir, 'manifest.json')
    mkdirSync(this.#dir, { recursive: true })
  }

  /**
   * Brings the in-memory manifest up to date with the disk: re-reads it when another process changed it,
   * and reconciles it with the partition files (a crash between a partition write and the manifest write
   * leaves them disagreeing; the partition files win).
   */
  async refresh(): Promise<void> {
    const signature = signatureOf(statOrNull(this.#manifestPath))
    if (signature === this.#manifestSignature) return
    const read = await readJsonFile<Manifest>(this.#manifestPath)
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
    this.#manifest = usable ? read.value : { version: 1, partitions: {} }
    let changed = false
    const onDisk = new Set(readdirSync(this.#dir).filter((name) => /^\d{4}-\d\d-\d\d\.json$/.test(name)))
    for (const week of Object.keys(this.#manifest.partitions)) {
      if (!onDisk.has(`${week}.json`)) {
        delete this.#manifest.partitions[week]
        changed = true
      }
    }
    for (const name of onDisk) {
      const week = name.slice(0, -5)
      const stat = statOrNull(join(this.#dir, name))
      const info = this.#manifest.partitions[week]
      if (stat && info && signatureOf(info) === signatureOf(stat)) continue
      this.#manifest.partitions[week] = summarize(await this.load(week), this.#stat(week))
      changed = true
    }
    if (changed) await this.#writeManifest()
    else this.#manifestSignature = signature
  }

  /** Weeks, newest first. */
  weeks(): string[] {
    return Object.keys(this.#manifest.partitions).sort().reverse()
  }

  info(week: string): PartitionInfo | undefined {
    return this.#manifest.partitions[week]
  }

  /** Articles per feed over the whole catalog, from the manifest alone. */
  feedCounts(): Map<string, number> {
    const counts = new Map<string, number>()
    for (const info of Object.values(this.#manifest.partitions)) {
      for (const [feedId, n] of Object.entries(info.feeds)) counts.set(feedId, (counts.get(feedId) ?? 0) + n)
    }
    return counts
  }

  total(): number {
    return Object.values(this.#manifest.partitions).reduce((sum, info) => sum + info.count, 0)
  }

  /** One week's records, newest first (cached while the file is unchanged). */
  async load(week: string): Promise<ArticleMeta[]> {
    const path = join(this.#dir, `${week}.json`)
    const stat = statOrNull(path)
    if (!stat) return []
    const cached = this.#cache.get(week)
    if (cached && signatureOf(cached) === signatureOf(stat)) return cached.metas
    const read = await readJsonFile<ArticleMeta[]>(path)
    let metas: ArticleMeta[]
    if (read.status === 'ok' && Array.isArray(read.value) && read.value.every(isMetaRecord)) {
      metas = read.value
    } else {
      const reason = read.status === 'damaged' ? read.reason : 'it is not a list of articles'
      const keptAt = quarantineFile(this.dataDir, path)
      metas = sortNewestFirst(await this.rebuildPartition(week))
      await this.#write(week, metas)
      this.reports.push({
        file: path,
        keptAt,
        reason,
        action: `rebuilt the week from ${metas.length} article files`,
      })
      return metas
    }
    this.#cache.set(week, { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino, metas })
    return metas
  }

  /** Applies changes to several weeks, then records them in the manifest. Call inside the write lock. */
  async apply(changes: Map<string, PartitionChange>): Promise<void> {
    for (const [week, change] of changes) {
      const kept = (await this.load(week)).filter((meta) => !change.remove.has(meta.id))
      const metas = sortNewestFirst([...kept, ...change.put])
      if (metas.length === 0) {
        await rm(join(this.#dir, `${week}.json`), { force: true })
        this.#cache.delete(week)
        delete this.#manifest.partitions[week]
      } else {
        await this.#write(week, metas)
      }
    }
    if (changes.size > 0) await this.#writeManifest()
  }

  async #write(week: string, metas: ArticleMeta[]): Promise<void> {
    await writeFileAtomic(join(this.#dir, `${week}.json`), JSON.stringify(metas))
    const stat = this.#stat(week)
    this.#cache.set(week, { ...stat, metas })
    this.#manifest.partitions[week] = summarize(metas, stat)
  }

  #stat(week: string): FileStamp {
    const stat = statSync(join(this.#dir, `${week}.json`))
    return { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino }
  }

  async #writeManifest(): Promise<void> {
    await writeFileAtomic(this.#manifestPath, JSON.stringify(this.#manifest))
    this.#manifestSignature = signatureOf(statOrNull(this.#manifestPath))
  }
}

function isManifest(value: unknown): value is Manifest {
  return (
    isPlainObject(value) &&
    value.version === 1 &&
    isPlainObject(value.partitions) &&
    Object.values(value.partitions).every(
      (info) => isPlainObject(info) && typeof info.count === 'number' && isPlainObject(info.feeds),
    )
  )
}

/** Enough of an {@link ArticleMeta} to list and page: anything less in a week file means it is damaged. */
function isMetaRecord(value: unknown): value is ArticleMeta {
  return (
    isPlainObject(value) &&
    typeof value.id === 'string' &&
    typeof value.feedId === 'string' &&
    typeof value.sortTime === 'number'
  )
}

function summarize(metas: ArticleMeta[], stat: FileStamp): PartitionInfo {
  const feeds: Record<string, number> = {}
  for (const meta of metas) feeds[meta.feedId] = (feeds[meta.feedId] ?? 0) + 1
  return { count: metas.length, feeds, ...stat }
}

/** Newest first; ties broken by id so the order is the same in every process. */
export function sortNewestFirst(metas: ArticleMeta[]): ArticleMeta[] {
  return metas.sort((a, b) => b.sortTime - a.sortTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

interface FileStamp {
  size: number
  mtimeMs: number
  ino: number
}

/** Identifies one version of a file: size, modification time and inode. */
function signatureOf(stamp: FileStamp | null): string {
  return stamp ? `${stamp.size}:${stamp.mtimeMs}:${stamp.ino}` : 'none'
}

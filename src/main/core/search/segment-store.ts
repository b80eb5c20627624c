import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { quarantineFile } from '../store/quarantine'
import { makeFolder, namesIn, statOrNull } from '../store/json-files'
import { isReadOnlyError } from '../store/read-only'
import { writeFileAtomic } from '../store/atomic-write'
import type { DamageNotice } from '../../../shared/contract'
import { versionKey } from '../store/revision'
import type { WriteLock } from '../store/write-lock'
import {
  nextStamp,
  readManifest,
  writeManifest,
  type Manifest,
  type SegmentEntry,
  type StampChange,
} from './manifest'
import type { SegmentView } from './segment'
import { openSegmentFile, SegmentFormatError, type Segment } from './segment'

/** A segment file no manifest names is deleted once this old (younger: another process may be about to commit it). */
const ORPHAN_GRACE_MS = 10 * 60_000

/**
 * The files of the index: immutable segment files under `<dataDir>/search/segments/` and the manifest
 * naming them (with their ids and tombstones). Every change is a new manifest written atomically under
 * the data dir's write lock after re-reading the one on disk, so the app and a CLI can share the index;
 * segment files are written before the manifest names them and deleted after it stops naming them, so a
 * crash leaves at worst an orphan file, deleted on a later open.
 */
export class SegmentStore {
  readonly #dir: string
  readonly #manifestPath: string
  #manifest: Manifest
  /** The manifest's version key (revision.ts) when it was read or written; null: read it again. */
  #key: string | null
  /** Bumped whenever this process writes or installs a manifest: a slower read must not undo it. */
  #installs = 0
  readonly #loaded = new Map<string, Segment>()
  /** Segments being opened, so that two searches at once open each file once. */
  readonly #opening = new Map<string, Promise<Segment>>()
  readonly #masks = new Map<string, { count: number; mask: Uint8Array }>()
  #byId: Map<string, { entry: SegmentEntry; doc: number }> | null = null
  /** Set when the index lost documents (damaged file, new analyzer): repair from the store restores them. */
  rebuildReason: string | null

  private constructor(
    searchDir: string,
    private readonly dataDir: string,
    private readonly lock: WriteLock,
    private readonly reports: DamageNotice[],
    read: { manifest: Manifest; rebuildReason: string | null; key: string | null },
    /** Postings of this many bytes or more stay on disk (segment.ts, LAZY_POSTINGS_BYTES). */
    private readonly lazyPostingsFrom?: number,
  ) {
    this.#dir = join(searchDir, 'segments')
    this.#manifestPath = join(searchDir, 'manifest.json')
    this.#manifest = read.manifest
    this.rebuildReason = read.rebuildReason
    this.#key = read.key
  }

  static async open(
    dataDir: string,
    lock: WriteLock,
    reports: DamageNotice[],
    lazyPostingsFrom?: number,
  ): Promise<SegmentStore> {
    const searchDir = join(dataDir, 'search')
    makeFolder(join(searchDir, 'segments'))
    const path = join(searchDir, 'manifest.json')
    const key = versionKey(path, false)
    const read = await readManifest(path, dataDir, reports)
    const store = new SegmentStore(searchDir, dataDir, lock, reports, { ...read, key }, lazyPostingsFrom)
    await store.#removeOrphans()
    return store
  }

  get entries(): readonly SegmentEntry[] {
    return this.#manifest.segments
  }

  /** The catalog revision the index was last found or kept in step with (Manifest.inStepWith). */
  get inStepWith(): string | null {
    return this.#manifest.inStepWith ?? null
  }

  /**
   * Re-reads the manifest when another process changed it. Cheap when nothing changed (the revision at
   * the file's start). Under the write lock only a revision vouches for the copy in memory.
   */
  async refresh(): Promise<void> {
    const key = versionKey(this.#manifestPath, this.lock.held)
    if (key !== null && key === this.#key) return
    const installs = this.#installs
    const read = await readManifest(this.#manifestPath, this.dataDir, this.reports)
    // A commit of this process landed while this read waited: look again.
    if (this.#installs !== installs) return this.refresh()
    this.#install(read.manifest, key)
    this.rebuildReason ??= read.rebuildReason
  }

  #install(manifest: Manifest, key: string | null): void {
    this.#manifest = manifest
    this.#key = key
    this.#installs += 1
    this.#byId = null
  }

  /** Where an article is indexed (its live copy), if it is. */
  locate(id: string): { entry: SegmentEntry; doc: number } | undefined {
    if (!this.#byId) {
      this.#byId = new Map()
      for (const entry of this.#manifest.segments) {
        const deleted = new Set(entry.deleted)
        entry.ids.forEach((docId, doc) => {
          if (!deleted.has(doc)) this.#byId?.set(docId, { entry, doc })
        })
      }
    }
    return this.#byId.get(id)
  }

  /** Ids of every live (not tombstoned) indexed article. */
  liveIds(): Set<string> {
    this.locate('')
    return new Set(this.#byId?.keys())
  }

  pathOf(name: string): string {
    return join(this.#dir, `${name}.seg`)
  }

  /** Writes a new segment file (not yet named by the manifest) and returns its name. */
  async writeSegment(bytes: Uint8Array): Promise<string> {
    const name = `${Date.now().toString(36)}-${randomBytes(5).toString('hex')}`
    await writeFileAtomic(this.pathOf(name), bytes)
    return name
  }

  /** Deletes a segment file no manifest names (a merge that turned out moot). */
  async discard(name: string): Promise<void> {
    if (this.#manifest.segments.some((entry) => entry.name === name)) return
    await this.#drop(name)
    await rm(this.pathOf(name), { force: true })
  }

  /** Keeps a freshly built segment in memory, so a search after an add does not read it back. */
  adopt(name: string, segment: Segment): void {
    void this.#drop(name)
    this.#loaded.set(name, segment)
  }

  /** Forgets a loaded segment and lets go of its file (resolves once it is closed). */
  #drop(name: string): Promise<void> {
    const closing = this.#loaded.get(name)?.close() ?? Promise.resolve()
    this.#loaded.delete(name)
    return closing
  }

  /** Lets go of every segment's file (the index's last step), and resolves once each is closed. */
  async close(): Promise<void> {
    await Promise.all([...this.#loaded.keys()].map((name) => this.#drop(name)))
  }

  /**
   * Changes the manifest under the write lock: re-reads it, lets `mutate` edit it, sets its stamp as
   * `stamp` says (by default it no longer vouches for anything), writes it, then deletes the files of
   * segments it no longer names.
   */
  async commit<T>(mutate: (manifest: Manifest) => T, stamp: StampChange = 'clear'): Promise<T> {
    return this.lock.run(async () => {
      await this.refresh()
      const before = new Set(this.#manifest.segments.map((entry) => entry.name))
      let result: T
      try {
        const held = this.#manifest.inStepWith
        result = mutate(this.#manifest)
        const stamped = nextStamp(held, stamp)
        if (stamped === undefined) delete this.#manifest.inStepWith
        else this.#manifest.inStepWith = stamped
        this.#installs += 1
        this.#install(this.#manifest, await writeManifest(this.#manifestPath, this.#manifest))
      } catch (error) {
        // The manifest in memory may hold a change the disk does not: read the disk again next time.
        this.#install(this.#manifest, null)
        throw error
      }
      const kept = new Set(this.#manifest.segments.map((entry) => entry.name))
      for (const name of before) {
        if (kept.has(name)) continue
        await this.#drop(name)
        await rm(this.pathOf(name), { force: true })
      }
      return result
    })
  }

  /** Every segment loaded (reading the ones not yet in memory), with its tombstones as a mask. */
  async views(): Promise<SegmentView[]> {
    await this.refresh()
    const named = new Set(this.#manifest.segments.map((entry) => entry.name))
    for (const name of [...this.#loaded.keys()]) if (!named.has(name)) void this.#drop(name)
    const missing = this.#manifest.segments.filter((entry) => !this.#loaded.has(entry.name))
    const lost: { entry: SegmentEntry; reason: string }[] = []
    await Promise.all(
      missing.map(async (entry) => {
        try {
          const segment = await this.#open(entry.name)
          // Another search at the same time may have kept it already; a commit meanwhile may have let it go.
          if (this.#loaded.get(entry.name) === segment) return
          const stillNamed = this.#manifest.segments.some((named) => named.name === entry.name)
          if (stillNamed && !this.#loaded.has(entry.name)) this.#loaded.set(entry.name, segment)
          else void segment.close()
        } catch (error) {
          if (error instanceof SegmentFormatError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
            lost.push({ entry, reason: (error as Error).message })
          } else throw error
        }
      }),
    )
    if (lost.length > 0) await this.#dropLost(lost)
    return this.#manifest.segments.flatMap((entry) => {
      const segment = this.#loaded.get(entry.name)
      return segment ? [{ segment, deleted: this.#mask(entry) }] : []
    })
  }

  /** Opens a segment file once however many searches want it at the same time. */
  #open(name: string): Promise<Segment> {
    let opening = this.#opening.get(name)
    if (!opening) {
      opening = openSegmentFile(this.pathOf(name), this.lazyPostingsFrom).finally(() => {
        this.#opening.delete(name)
      })
      this.#opening.set(name, opening)
    }
    return opening
  }

  /** Segments loaded so far (cold start loads them on the first search). */
  get loadedCount(): number {
    return this.#loaded.size
  }

  async #dropLost(lost: { entry: SegmentEntry; reason: string }[]): Promise<void> {
    for (const { entry, reason } of lost) {
      const path = this.pathOf(entry.name)
      const exists = statOrNull(path) !== null
      this.reports.push({
        file: path,
        keptAt: exists ? quarantineFile(this.dataDir, path) : '(missing)',
        reason,
        action: reindexed(entry.docCount - entry.deleted.length),
      })
    }
    const names = new Set(lost.map(({ entry }) => entry.name))
    await this.commit((manifest) => {
      manifest.segments = manifest.segments.filter((entry) => !names.has(entry.name))
    })
    this.rebuildReason ??= 'a search segment was damaged or missing'
  }

  #mask(entry: SegmentEntry): Uint8Array | null {
    if (entry.deleted.length === 0) return null
    const cached = this.#masks.get(entry.name)
    if (cached && cached.count === entry.deleted.length) return cached.mask
    const mask = new Uint8Array(entry.docCount)
    for (const doc of entry.deleted) mask[doc] = 1
    this.#masks.set(entry.name, { count: entry.deleted.length, mask })
    return mask
  }

  async #removeOrphans(): Promise<void> {
    const named = new Set(this.#manifest.segments.map((entry) => `${entry.name}.seg`))
    const now = Date.now()
    for (const file of namesIn(this.#dir)) {
      if (named.has(file)) continue
      const stat = statOrNull(join(this.#dir, file))
      // Tidying up: where the data dir cannot be written, the orphan stays for a later open.
      if (stat && now - stat.mtimeMs > ORPHAN_GRACE_MS)
        await rm(join(this.#dir, file), { force: true }).catch((error: unknown) => {
          if (!isReadOnlyError(error)) throw error
        })
    }
  }
}

/** What a lost segment's repair does, in words: "its 1 article is indexed again from the store". */
function reindexed(count: number): string {
  return `its ${count} ${count === 1 ? 'article is' : 'articles are'} indexed again from the store`
}

import { isPlainObject, readJsonFile } from '../store/json-files'
import { quarantineFile } from '../store/quarantine'
import { writeFileAtomic } from '../store/atomic-write'
import type { DamageNotice } from '../../../shared/contract'
import { newRevision, revisionKey, stringifyAtRevision } from '../store/revision'

/**
 * Bump when the tokenizer or pipeline changes what terms a text gives, or the segment format changes what
 * a segment holds: an index made by another version would silently miss matches (or not load), so it is
 * rebuilt from the article store instead.
 *
 * 2: segments no longer hold feed titles (the feed field is read from the current titles at query time).
 */
export const ANALYZER_VERSION = 2

/** What the manifest knows of one segment file, without opening it. */
export interface SegmentEntry {
  /** The file is `segments/<name>.seg`. */
  name: string
  docCount: number
  /** Article ids by document number (so repair and removal need not load the segment). */
  ids: string[]
  /** Tombstones: document numbers deleted since the segment was written; a merge drops them. */
  deleted: number[]
  /** sortTime range of the segment's articles, for the time-partitioned merge policy. */
  oldest: number
  newest: number
  bytes: number
}

/** `<dataDir>/search/manifest.json`: the only mutable file of the index, replaced atomically. */
export interface Manifest {
  version: 1
  analyzer: number
  segments: SegmentEntry[]
  /**
   * The article catalog's revision (ArticleStore#revision) at which these segments held exactly the stored
   * articles, when known: while the catalog is still at it, repair's check against the store is skipped
   * (see {@link StampChange}). Absent: the check runs.
   */
  inStepWith?: string
}

/**
 * What a change to the manifest does to {@link Manifest.inStepWith}, so that it never vouches for an index
 * that is not in step: `keep` (a merge: the same articles), `clear` (the default: the index changed with no
 * catalog step to follow), `step` (the store's change from one revision to the next, applied: the stamp
 * moves on only from `before`), `checked` (repair compared the two at this revision; null: it could not).
 */
export type StampChange =
  'keep' | 'clear' | { step: { before: string | null; after: string | null } } | { checked: string | null }

/** The stamp after a change, given the stamp before it. */
export function nextStamp(held: string | undefined, change: StampChange): string | undefined {
  if (change === 'keep') return held
  if (change === 'clear') return undefined
  if ('checked' in change) return change.checked ?? undefined
  const { before, after } = change.step
  return before !== null && after !== null && held === before ? after : undefined
}

export function emptyManifest(): Manifest {
  return { version: 1, analyzer: ANALYZER_VERSION, segments: [] }
}

export interface ManifestRead {
  manifest: Manifest
  /** Why the index starts empty and must be rebuilt from the store, when it must. */
  rebuildReason: string | null
}

/**
 * Reads the manifest. A damaged one is quarantined and reported; one from another analyzer version is
 * set aside: either way the index starts empty and repair rebuilds it from the article store.
 */
export async function readManifest(
  path: string,
  dataDir: string,
  reports: DamageNotice[],
): Promise<ManifestRead> {
  const read = await readJsonFile<Manifest>(path)
  if (read.status === 'missing') return { manifest: emptyManifest(), rebuildReason: null }
  if (read.status === 'ok' && isManifest(read.value)) {
    if (read.value.analyzer === ANALYZER_VERSION) return { manifest: read.value, rebuildReason: null }
    return {
      manifest: emptyManifest(),
      rebuildReason: `the search index was made by another version of the index format (${read.value.analyzer}; this one is ${ANALYZER_VERSION})`,
    }
  }
  const reason = read.status === 'damaged' ? read.reason : 'it is not a version 1 search manifest'
  reports.push({
    file: path,
    keptAt: quarantineFile(dataDir, path),
    reason,
    action: 'the search index is rebuilt from the stored articles',
  })
  return { manifest: emptyManifest(), rebuildReason: `the search manifest was damaged (${reason})` }
}

/** Writes the manifest under a fresh revision (revision.ts) and returns the written file's version key. */
export async function writeManifest(path: string, manifest: Manifest): Promise<string> {
  const revision = newRevision()
  await writeFileAtomic(path, stringifyAtRevision(manifest, revision))
  return revisionKey(revision)
}

function isManifest(value: unknown): value is Manifest {
  return (
    isPlainObject(value) &&
    value.version === 1 &&
    typeof value.analyzer === 'number' &&
    Array.isArray(value.segments) &&
    value.segments.every(
      (entry) =>
        isPlainObject(entry) &&
        typeof entry.name === 'string' &&
        /^[0-9a-z-]+$/.test(entry.name) &&
        Array.isArray(entry.ids) &&
        entry.ids.length === entry.docCount &&
        Array.isArray(entry.deleted),
    ) &&
    (value.inStepWith === undefined || typeof value.inStepWith === 'string')
  )
}

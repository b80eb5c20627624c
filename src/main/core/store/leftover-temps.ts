import { lstat, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The temporary files of Broadsheet's writers: writeFileAtomic's `.<name>.<12 hex>.tmp` (atomic-write.ts),
 * atomically's `<name>.tmp-<10 digits><6 hex>` (conf and electron-store), conf-file's backup
 * `<name>.json.<pid>.tmp`. A process killed while writing leaves its temporary files behind: one for a
 * settings write, up to a batch's 1,000 for a sync's bodies.
 */
const TEMP_NAMES = [/^\..+\.[0-9a-f]{12}\.tmp$/, /\.tmp-\d{10}[0-9a-f]{6}$/, /\.json\.\d+\.tmp$/]

/** Whether a file's name is one of Broadsheet's writers' temporary files (the data-dir audit asks too). */
export function isTempFileName(name: string): boolean {
  return TEMP_NAMES.some((pattern) => pattern.test(name))
}

/** A temporary file this old is no write in progress, whatever process made it. */
export const LEFTOVER_AGE_MS = 24 * 3600_000

/** Broadsheet's own folders in the data dir (the app's data dir also holds Chromium's, left alone). */
const OWN_FOLDERS = ['articles', 'search', 'blobs', 'backups', 'accounts']

/** Shard folders (`bodies/ab`, `blobs/ab`) swept per sweep, picked at random: a few each sync, all in time. */
const SHARDS_PER_SWEEP = 16

const SHARD = /^[0-9a-f]{2}$/

export interface SweepOptions {
  /** How many of a folder's shard folders to sweep (tests: all 256). */
  shards?: number
  random?: () => number
}

/**
 * Removes the temporary files killed processes left in the data dir, once they are a day old (by the
 * real clock, as the files' times are): the top folder and Broadsheet's own folders in full, and a few of
 * each sharded folder's shards (a library of 500,000 bodies has ~2,000 in each). Housekeeping after a
 * sync: a file it cannot read or remove is left for the next time, never an error. Resolves with how
 * many it removed.
 */
export async function sweepLeftoverTemps(dataDir: string, options: SweepOptions = {}): Promise<number> {
  const now = Date.now()
  const shards = options.shards ?? SHARDS_PER_SWEEP
  const random = options.random ?? Math.random
  let removed = 0
  /** Removes the folder's old temporary files; resolves with its subfolders' names. */
  const sweepFiles = async (folder: string): Promise<string[]> => {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
    for (const entry of entries)
      if (entry.isFile() && isTempFileName(entry.name))
        removed += await removeIfOld(join(folder, entry.name), now)
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name)
  }
  const sweep = async (folder: string, depth: number): Promise<void> => {
    const folders = await sweepFiles(folder)
    if (depth === 0) return
    const sharded = folders.filter((name) => SHARD.test(name))
    for (const name of [...folders.filter((name) => !SHARD.test(name)), ...pick(sharded, shards, random)])
      await sweep(join(folder, name), depth - 1)
  }
  await sweepFiles(dataDir)
  for (const folder of OWN_FOLDERS) await sweep(join(dataDir, folder), 2)
  return removed
}

async function removeIfOld(path: string, now: number): Promise<number> {
  try {
    if (now - (await lstat(path)).mtimeMs < LEFTOVER_AGE_MS) return 0
    await rm(path, { force: true })
    return 1
  } catch {
    return 0
  }
}

/** `count` of `items` at random (all of them when there are no more). */
function pick<T>(items: T[], count: number, random: () => number): T[] {
  if (items.length <= count) return items
  const left = [...items]
  const picked: T[] = []
  while (picked.length < count) picked.push(left.splice(Math.floor(random() * left.length), 1)[0] as T)
  return picked
}

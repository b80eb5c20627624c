import { join } from 'node:path'
import { z } from 'zod'
import type { DamageNotice, SyncSummary } from '../../../shared/contract'
import { writeFileAtomic } from '../store/atomic-write'
import { readJsonFileNow } from '../store/json-files'
import { quarantineFile } from '../store/quarantine'
import type { WriteLock } from '../store/write-lock'

/** The data dir's record of the last sync, whoever ran it (the app, the preview, the CLI). */
export const LAST_SYNC_FILE = 'last-sync.json'

const summarySchema = z.object({
  reason: z.enum(['start', 'interval', 'resume', 'online', 'manual']),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  newArticles: z.number(),
  feeds: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      newArticles: z.number(),
      error: z.string().nullable(),
      notice: z.string().nullable(),
    }),
  ),
  accounts: z.array(
    z.object({ id: z.string(), newArticles: z.number(), pushed: z.number(), error: z.string().nullable() }),
  ),
  newUnread: z.record(z.string(), z.number()).optional(),
}) satisfies z.ZodType<SyncSummary>

/**
 * The last sync as the data dir has it: its times, what it brought and each feed's and account's
 * outcome, so that every process that opens the library (a reader started after a CLI sync, another
 * window) shows the same status instead of "not synced yet". Written whole and atomically under the
 * write lock by whoever synced; a sync of some feeds only keeps the other feeds' last outcomes.
 */
export class LastSyncFile {
  readonly #path: string
  readonly #dataDir: string
  readonly #lock: WriteLock
  readonly #damage: DamageNotice[]

  constructor(dataDir: string, lock: WriteLock, damage: DamageNotice[]) {
    this.#dataDir = dataDir
    this.#path = join(dataDir, LAST_SYNC_FILE)
    this.#lock = lock
    this.#damage = damage
  }

  /** The recorded sync, or null when none was; a damaged record is quarantined and reported. */
  read(): SyncSummary | null {
    const read = readJsonFileNow<unknown>(this.#path)
    if (read.status === 'missing') return null
    const parsed = read.status === 'ok' ? summarySchema.safeParse(read.value) : null
    if (parsed?.success) return parsed.data
    const reason = read.status === 'damaged' ? read.reason : 'it is not a sync record'
    this.#damage.push({
      file: this.#path,
      keptAt: quarantineFile(this.#dataDir, this.#path),
      reason,
      action: 'the status shows the next sync',
    })
    return null
  }

  /**
   * Records a finished sync and returns the record. `partial`: it covered only some feeds, so the other
   * feeds' outcomes (and accounts') of the record before it still stand.
   */
  record(summary: SyncSummary, partial: boolean): Promise<SyncSummary> {
    return this.#lock.run(async () => {
      const before = partial ? this.read() : null
      const synced = new Set(summary.feeds.map((feed) => feed.id))
      const accounts = new Set(summary.accounts.map((account) => account.id))
      const record: SyncSummary = before
        ? {
            ...summary,
            feeds: [...before.feeds.filter((feed) => !synced.has(feed.id)), ...summary.feeds],
            accounts: [...before.accounts.filter((a) => !accounts.has(a.id)), ...summary.accounts],
          }
        : summary
      await writeFileAtomic(this.#path, JSON.stringify(record))
      return record
    })
  }
}

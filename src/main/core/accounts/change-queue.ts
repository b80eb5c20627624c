import { join } from 'node:path'
import { isPlainObject, readJsonFile } from '../store/json-files'
import { quarantineFile } from '../store/quarantine'
import { writeFileAtomic } from '../store/atomic-write'
import type { DamageNotice } from '../../../shared/contract'
import type { WriteLock } from '../store/write-lock'

/** One local change to a server article's state, waiting to be sent. */
export interface QueuedChange {
  /** The server's item id (long form). */
  item: string
  state: 'read' | 'starred'
  value: boolean
}

/**
 * The durable queue of an account's local changes (`<dataDir>/accounts/<id>/pending.json`): read and
 * starred changes made here, kept until the server has them. Written atomically under the data dir's
 * write lock before the change is made locally, so it survives kill -9 and offline, and the app and a CLI
 * add to it without losing each other's entries. The latest change of an item's state replaces an
 * earlier one; an entry leaves only once what was sent is still what it says.
 */
export class ChangeQueue {
  readonly #path: string

  constructor(
    private readonly dataDir: string,
    accountId: string,
    private readonly lock: WriteLock,
    private readonly damage: DamageNotice[],
  ) {
    this.#path = join(dataDir, 'accounts', accountId, 'pending.json')
  }

  /** The changes waiting, oldest first. */
  async pending(): Promise<QueuedChange[]> {
    return this.#read()
  }

  async add(changes: readonly QueuedChange[]): Promise<void> {
    if (changes.length === 0) return
    await this.lock.run(async () => {
      const byKey = new Map((await this.#read()).map((change) => [keyOf(change), change]))
      for (const change of changes) {
        byKey.delete(keyOf(change))
        byKey.set(keyOf(change), change)
      }
      await this.#write([...byKey.values()])
    })
  }

  /** Drops changes the server now has: those still exactly as they were sent. */
  async remove(sent: readonly QueuedChange[]): Promise<void> {
    if (sent.length === 0) return
    const done = new Set(sent.map((change) => `${keyOf(change)}:${change.value}`))
    await this.lock.run(async () => {
      const before = await this.#read()
      const left = before.filter((change) => !done.has(`${keyOf(change)}:${change.value}`))
      if (left.length !== before.length) await this.#write(left)
    })
  }

  async #read(): Promise<QueuedChange[]> {
    const read = await readJsonFile<unknown>(this.#path)
    if (read.status === 'missing') return []
    const changes = read.status === 'ok' && isPlainObject(read.value) ? read.value.changes : null
    if (Array.isArray(changes) && changes.every(isChange)) return changes
    // A damaged queue is kept for the user, not read: its changes would be guesses.
    this.damage.push({
      file: this.#path,
      keptAt: quarantineFile(this.dataDir, this.#path),
      reason: read.status === 'damaged' ? read.reason : 'it is not a list of changes',
      action: 'its unsent read and starred changes were set aside; the server’s state is taken as it is',
    })
    return []
  }

  async #write(changes: QueuedChange[]): Promise<void> {
    await writeFileAtomic(this.#path, JSON.stringify({ changes }))
  }
}

function keyOf(change: QueuedChange): string {
  return `${change.item}:${change.state}`
}

function isChange(value: unknown): value is QueuedChange {
  return (
    isPlainObject(value) &&
    typeof value.item === 'string' &&
    (value.state === 'read' || value.state === 'starred') &&
    typeof value.value === 'boolean'
  )
}

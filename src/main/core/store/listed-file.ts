import type { z } from 'zod'
import type { DamageNotice } from '../../../shared/contract'
import { writeFileAtomic } from './atomic-write'
import { isPlainObject, readJsonFile } from './json-files'
import { quarantineFile } from './quarantine'
import { newRevision, stringifyAtRevision } from './revision'
import type { WriteLock } from './write-lock'

/**
 * A small ordered list kept in one JSON file of the data dir (`{ [key]: [...] }`, at a revision, written
 * atomically under the write lock): smart feeds, rules. A damaged file, or one with entries that are not
 * of the schema, is set aside (quarantine) and its readable entries written back, never dropped silently.
 */
export class ListedFile<T> {
  constructor(
    private readonly dataDir: string,
    private readonly path: string,
    private readonly options: {
      key: string
      schema: z.ZodType<T>
      lock: WriteLock
      damage: DamageNotice[]
      /** What the entries are, for the damage notice ("smart feeds"). */
      what: string
    },
  ) {}

  /** The entries in their order. */
  async read(): Promise<T[]> {
    const { entries, damaged } = await this.#parse()
    if (damaged) await this.options.lock.run(() => this.#write(entries))
    return entries
  }

  /** Changes the list under the write lock, from the file as it is now. */
  async change(change: (entries: T[]) => T[]): Promise<void> {
    await this.options.lock.run(async () => this.#write(change((await this.#parse()).entries)))
  }

  async #parse(): Promise<{ entries: T[]; damaged: boolean }> {
    const { key, schema, what } = this.options
    const read = await readJsonFile<unknown>(this.path)
    if (read.status === 'missing') return { entries: [], damaged: false }
    const raw = read.status === 'ok' && isPlainObject(read.value) ? read.value[key] : null
    const entries = Array.isArray(raw) ? raw.flatMap((e) => schema.safeParse(e).data ?? []) : []
    if (Array.isArray(raw) && entries.length === raw.length) return { entries, damaged: false }
    this.options.damage.push({
      file: this.path,
      keptAt: quarantineFile(this.dataDir, this.path),
      reason: read.status === 'damaged' ? read.reason : `some of its entries are not ${what}`,
      action: `the ${what} that could be read are kept; the file as it was is in quarantine`,
    })
    return { entries, damaged: true }
  }

  async #write(entries: T[]): Promise<void> {
    await writeFileAtomic(this.path, stringifyAtRevision({ [this.options.key]: entries }, newRevision()))
  }
}

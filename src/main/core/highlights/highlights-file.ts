import { join } from 'node:path'
import { z } from 'zod'
import type { DamageNotice } from '../../../shared/contract'
import { HIGHLIGHT_COLORS, type Highlight } from '../../../shared/types'
import { writeFileAtomic } from '../store/atomic-write'
import { isPlainObject, readJsonFile, readJsonFileNow, type JsonRead } from '../store/json-files'
import { quarantineFile } from '../store/quarantine'
import { newRevision, stringifyAtRevision, versionKey } from '../store/revision'
import type { WriteLock } from '../store/write-lock'

/** A highlight as highlights.json keeps it (and as undo sends one back). */
export const highlightSchema = z.strictObject({
  id: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
  articleId: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
  feedId: z.string().max(64),
  text: z.string().min(1).max(100_000),
  prefix: z.string().max(1_000),
  suffix: z.string().max(1_000),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  color: z.enum(HIGHLIGHT_COLORS),
  note: z.string().max(20_000),
  created: z.string(),
  updated: z.string(),
})

/**
 * highlights.json: every highlight and note, in the order they were made, at a revision. The person's own writing, so
 * a damaged file is set aside in quarantine/ and reported (never overwritten unseen), and an entry that is
 * not a highlight is dropped from the reading with a notice while the others are kept. Written atomically
 * under the data dir's write lock, so the app and a CLI add to it without losing each other's.
 */
export class HighlightsFile {
  readonly #path: string
  /** The file as last read at once, by its version (store/revision.ts): searches read it every time. */
  #now: { key: string; highlights: Highlight[] } | null = null

  constructor(
    private readonly dataDir: string,
    private readonly lock: WriteLock,
    private readonly damage: DamageNotice[],
  ) {
    this.#path = join(dataDir, 'highlights.json')
  }

  async all(): Promise<Highlight[]> {
    const { highlights, damaged } = await this.#read()
    // The good entries of a file set aside are written back at once, so nothing else reads it damaged.
    if (damaged) await this.lock.run(() => this.#write(highlights))
    return highlights
  }

  /**
   * The highlights as they are, read at once (a search waiting for them must not queue behind the file
   * work a sync keeps going). A damaged file gives the entries that can be read; {@link all} sets it aside.
   */
  allNow(): Highlight[] {
    const key = versionKey(this.#path, false)
    if (this.#now?.key !== key)
      this.#now = { key, highlights: this.#parse(readJsonFileNow<unknown>(this.#path)).highlights }
    return this.#now.highlights
  }

  /** Changes the list under the write lock: `change` gets the list as it is on disk now. */
  async change<T>(change: (highlights: Highlight[]) => { highlights: Highlight[]; result: T }): Promise<T> {
    return this.lock.run(async () => {
      const { highlights, result } = change((await this.#read()).highlights)
      await this.#write(highlights)
      return result
    })
  }

  async #read(): Promise<{ highlights: Highlight[]; damaged: boolean }> {
    const read = await readJsonFile<unknown>(this.#path)
    const { highlights, entries } = this.#parse(read)
    if (read.status === 'missing' || (Array.isArray(entries) && highlights.length === entries.length))
      return { highlights, damaged: false }
    // The person's own writing: the file as it was goes to quarantine/, and the readable entries stay.
    this.damage.push({
      file: this.#path,
      keptAt: quarantineFile(this.dataDir, this.#path),
      reason: !Array.isArray(entries)
        ? read.status === 'damaged'
          ? read.reason
          : 'it is not a list of highlights'
        : `${entries.length - highlights.length} of its ${entries.length} entries are not highlights`,
      action: 'the highlights that could be read are kept; the file as it was is in quarantine',
    })
    return { highlights, damaged: true }
  }

  #parse(read: JsonRead<unknown>): { highlights: Highlight[]; entries: unknown } {
    const entries = read.status === 'ok' && isPlainObject(read.value) ? read.value.highlights : null
    const highlights: Highlight[] = []
    for (const entry of Array.isArray(entries) ? entries : []) {
      const parsed = highlightSchema.safeParse(entry)
      if (parsed.success) highlights.push(parsed.data)
    }
    return { highlights, entries }
  }

  async #write(highlights: Highlight[]): Promise<void> {
    // A revision first, so that a reader can tell this file from the one before (store/revision.ts).
    await writeFileAtomic(this.#path, stringifyAtRevision({ highlights }, newRevision()))
  }
}

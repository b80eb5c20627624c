import { readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { readJsonFile } from './json-files'
import { writeFileAtomic } from './atomic-write'
import { contentHash } from './ids'

/** What is known of a stored blob besides its bytes. */
export interface BlobInfo {
  contentType: string
  size: number
  /** Where it was downloaded from. */
  sourceUrl: string | null
  storedAt: string
}

const HASH = /^[0-9a-f]{64}$/

/** True for a string that can name a blob; everything else (`../x`, `%2e%2e`) names nothing. */
export function isBlobHash(value: string): boolean {
  return HASH.test(value)
}

/**
 * Content-addressed storage for images and other downloads: `blobs/<ab>/<sha256>` holds the bytes and
 * `blobs/<ab>/<sha256>.json` their {@link BlobInfo}. The same bytes are stored once, whoever uses them.
 */
export class BlobStore {
  readonly #dir: string
  /** Bytes stored, counted once on first need and kept up to date by this process's puts and deletes. */
  #total: number | null = null

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'blobs')
  }

  /** Stores bytes (once) and returns their hash. Bytes first, then info: info implies complete bytes. */
  async put(bytes: Uint8Array, contentType: string, sourceUrl: string | null = null): Promise<string> {
    const hash = contentHash(bytes)
    if (await this.has(hash)) return hash
    await writeFileAtomic(this.#path(hash), bytes)
    const info: BlobInfo = {
      contentType,
      size: bytes.byteLength,
      sourceUrl,
      storedAt: new Date().toISOString(),
    }
    await writeFileAtomic(`${this.#path(hash)}.json`, JSON.stringify(info))
    if (this.#total !== null) this.#total += bytes.byteLength
    return hash
  }

  /** Bytes of every blob stored (the image cache's size). */
  async totalBytes(): Promise<number> {
    this.#total ??= (await this.list()).reduce((sum, blob) => sum + blob.size, 0)
    return this.#total
  }

  async has(hash: string): Promise<boolean> {
    return (await this.info(hash)) !== null
  }

  async info(hash: string): Promise<BlobInfo | null> {
    if (!isBlobHash(hash)) return null
    const read = await readJsonFile<BlobInfo>(`${this.#path(hash)}.json`)
    return read.status === 'ok' ? read.value : null
  }

  /** The bytes and their type, or null for an unknown (or malformed) hash. */
  async get(hash: string): Promise<{ bytes: Buffer; info: BlobInfo } | null> {
    const info = await this.info(hash)
    if (!info) return null
    try {
      return { bytes: await readFile(this.#path(hash)), info }
    } catch {
      return null
    }
  }

  async delete(hash: string): Promise<void> {
    if (!isBlobHash(hash)) return
    const info = await this.info(hash)
    if (info && this.#total !== null) this.#total = Math.max(0, this.#total - info.size)
    await rm(`${this.#path(hash)}.json`, { force: true })
    await rm(this.#path(hash), { force: true })
  }

  /**
   * Every stored hash with its size on disk. A shard's files are looked at together: one at a time, a
   * reader's image cache of tens of thousands takes seconds (the first sync of every run asks for its size).
   */
  async list(): Promise<{ hash: string; size: number }[]> {
    const result: { hash: string; size: number }[] = []
    for (const shard of await readdir(this.#dir).catch(() => [] as string[])) {
      const names = (await readdir(join(this.#dir, shard)).catch(() => [] as string[])).filter(isBlobHash)
      const sizes = await Promise.all(
        names.map((name) =>
          stat(join(this.#dir, shard, name)).then(
            (s) => s.size,
            () => 0,
          ),
        ),
      )
      names.forEach((hash, i) => result.push({ hash, size: sizes[i] ?? 0 }))
    }
    return result
  }

  #path(hash: string): string {
    return join(this.#dir, hash.slice(0, 2), hash)
  }
}

import type Conf from 'conf'
import type { ConfigData } from './config-schema'
import { explainWriteError } from './atomic-write'
import { versionKey } from './revision'
import type { WriteLock } from './write-lock'

/**
 * config.json: subscriptions, folders and settings, as conf (the CLI, tests) or electron-store (the app)
 * reads and writes it. Owned by the subscriptions and settings services; nothing else opens it.
 */
export class ConfigFile {
  readonly #conf: Conf<ConfigData>
  readonly #lock: WriteLock
  #cache: { key: string; data: ConfigData } | null = null

  constructor(conf: Conf<ConfigData>, lock: WriteLock) {
    this.#conf = conf
    this.#lock = lock
  }

  /**
   * config.json as of now. conf reads, parses and validates the whole file on every get, and one request
   * may ask hundreds of times (a folder path per feed): the parse is kept while the file's revision is
   * the one on disk (revision.ts). Shared: callers must not change what this returns.
   */
  read(): ConfigData {
    const key = versionKey(this.#conf.path, false)
    if (this.#cache?.key !== key) this.#cache = { key, data: this.#conf.store }
    return this.#cache.data
  }

  /** Fails now where config.json cannot be written (see WriteLock#checkWritable). */
  checkWritable(): Promise<void> {
    return this.#lock.checkWritable()
  }

  /**
   * Changes config.json under the data dir's write lock: `change` gets a copy read from the file then (so
   * another process's change is never overwritten) to change in place, and returns what the caller gets.
   * One write per call however much changed; nothing is written when `change` throws. conf reports a full
   * disk as a bare ENOSPC from a temp file: this names the file and says what it means.
   */
  async update<T>(change: (data: ConfigData) => T): Promise<T> {
    return this.#lock.run(() => {
      const data = this.#conf.store
      const result = change(data)
      try {
        this.#conf.store = data
      } catch (error) {
        throw explainWriteError(error, this.#conf.path)
      }
      const key = versionKey(this.#conf.path, true)
      this.#cache = key === null ? null : { key, data }
      return result
    })
  }
}

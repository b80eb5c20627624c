import { AsyncLocalStorage } from 'node:async_hooks'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'
import { ExpectedError } from '../errors'
import { isReadOnlyError, ReadOnlyDataDirError } from './read-only'

/** Thrown when another process keeps the data dir locked for longer than we are willing to wait. */
export class DataDirBusyError extends ExpectedError {
  constructor(dataDir: string) {
    super(`another Broadsheet process is writing to ${dataDir}; try again in a moment`)
    this.name = 'DataDirBusyError'
  }
}

interface LockOptions {
  /** How long to wait for another process before giving up (ms). */
  waitMs?: number
  /** A lock not refreshed for this long belongs to a dead process and is taken over (ms, ≥ 2000). */
  staleMs?: number
}

/**
 * The one lock around every write to a data dir, shared by the app and any number of CLIs.
 *
 * Across processes it is proper-lockfile's mkdir lock (atomic on every filesystem, refreshed while held,
 * taken over when its holder died). Within a process, callers queue on a promise chain, and a caller that
 * already holds the lock (an async call nested inside `run`) runs straight through instead of deadlocking.
 */
export class WriteLock {
  readonly #dataDir: string
  readonly #lockPath: string
  readonly #waitMs: number
  readonly #staleMs: number
  /** Set inside `run`; `held` goes false when the task ends, so a callback it left behind queues again. */
  readonly #held = new AsyncLocalStorage<{ held: boolean }>()
  #queue: Promise<unknown> = Promise.resolve()

  constructor(dataDir: string, options: LockOptions = {}) {
    this.#dataDir = dataDir
    this.#lockPath = join(dataDir, 'write.lock')
    this.#waitMs = options.waitMs ?? 15_000
    this.#staleMs = Math.max(2_000, options.staleMs ?? 5_000)
  }

  /**
   * True inside a task of {@link run}: this process holds the lock, so no other process can replace a file
   * between reading it and writing it back.
   */
  get held(): boolean {
    return this.#held.getStore()?.held === true
  }

  /**
   * Fails now, as a write would, where the data dir cannot be written (a {@link ReadOnlyDataDirError}):
   * for work that fetches or builds before it writes, so that it does not do all that first.
   */
  async checkWritable(): Promise<void> {
    await this.run(() => undefined)
  }

  /** Runs `task` while holding the data dir's write lock. */
  run<T>(task: () => Promise<T> | T): Promise<T> {
    if (this.held) return Promise.resolve().then(task)
    const result = this.#queue.then(() => this.#runExclusive(task))
    this.#queue = result.catch(() => undefined)
    return result
  }

  async #runExclusive<T>(task: () => Promise<T> | T): Promise<T> {
    try {
      mkdirSync(this.#dataDir, { recursive: true })
    } catch (error) {
      throw isReadOnlyError(error) ? new ReadOnlyDataDirError(this.#dataDir, error) : error
    }
    const release = await this.#acquire()
    // Timers and promises started inside the task inherit this context; once the task is done they
    // must take the lock like anyone else instead of writing unlocked.
    const context = { held: true }
    try {
      return await this.#held.run(context, () => Promise.resolve().then(task))
    } finally {
      context.held = false
      await release().catch(() => undefined)
    }
  }

  async #acquire(): Promise<() => Promise<void>> {
    const deadline = Date.now() + this.#waitMs
    for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
      try {
        return await lockfile.lock(this.#dataDir, {
          lockfilePath: this.#lockPath,
          realpath: false,
          stale: this.#staleMs,
          retries: 0,
          // Our writes are whole-file renames, so a lock lost to a long pause can cost at most a
          // concurrent update, never a torn file: keep going rather than crash the process.
          onCompromised: () => undefined,
        })
      } catch (error) {
        // Every change takes the lock first: where it cannot even be made, nothing can be written.
        if (isReadOnlyError(error)) throw new ReadOnlyDataDirError(this.#dataDir, error)
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error
        if (Date.now() >= deadline) throw new DataDirBusyError(this.#dataDir)
        await new Promise((resolve) => setTimeout(resolve, delay))
      }
    }
  }
}

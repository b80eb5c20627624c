/**
 * A sync run in a worker thread of its own (issue 22: "a reader that never waits for sync"). The thread
 * opens the same data dir with a core of its own (sync-worker.ts) and syncs there: fetching, parsing,
 * building, storing, indexing and the rules, with their garbage in its own heap. The thread that answers
 * the reader only sends the request and hears back progress, the rules' notices and the result; it sees
 * the new articles as it sees another process's (the revisions of the catalog, config.json, flags.log
 * and the search manifest), and the data dir's write lock keeps the two writers apart as it keeps two
 * processes apart.
 */
import { Worker } from 'node:worker_threads'
import type { DamageNotice } from '../../../shared/contract'
import type { CredentialPolicy } from '../accounts/credentials'
import type { EventHub } from '../events'
import { rebuildError, type SerializedError } from '../workers/task-outcome'
import type { SyncOptions, SyncResult } from './sync-engine'

/** What the sync thread opens its core with: plain data, as it crosses to the thread. */
export interface SyncThreadSetup {
  dataDir: string
  lockWaitMs?: number
  feedParallelism?: number
  /** Where the thread builds: its pool of build workers (the default) or its own thread. */
  content?: 'pool' | 'in-thread'
  /** The build worker's file for that pool (default: the build's own, found beside the sync worker). */
  buildWorker?: string
  /** The store worker's file, that writes a sync's bodies (default: the build's own, beside the sync worker). */
  storeWorker?: string
  /** Node options for the sync thread, its build workers and its store worker (default: this process's). */
  execArgv?: string[]
  credentials?: CredentialPolicy
}

/** Messages to the sync thread. */
export type ToSyncThread =
  { type: 'sync'; id: number; feedIds?: string[] } | { type: 'abort'; id: number } | { type: 'close' }

/** Messages from the sync thread. */
export type FromSyncThread =
  | { type: 'progress'; id: number; progress: Parameters<NonNullable<SyncOptions['onProgress']>>[0] }
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'done'; id: number; result: SyncResult; damage: DamageNotice[] }
  | { type: 'failed'; id: number; error: SerializedError; damage: DamageNotice[] }
  | { type: 'closed' }

interface Running {
  resolve: (result: SyncResult) => void
  reject: (error: Error) => void
  options: SyncOptions
}

/**
 * The sync thread's young generation, bounded as the build workers' is (build-pool.ts): a sync's garbage
 * dies young, and a small nursery collects it as it goes instead of growing the process. Its old
 * generation is not bounded: a big library's catalog must not fail a sync.
 */
const SYNC_THREAD_LIMITS = { maxYoungGenerationSizeMb: 16 }

/** How long a closing thread may take to close its core before it is ended (ms). */
const CLOSE_WAIT_MS = 10_000

/**
 * The sync thread, started on the first sync and kept for the next ones; it holds the process open only
 * while a sync runs. A thread lost mid-sync (a crash, out of memory) fails that sync in one line; what it
 * stored stays stored (every write is atomic, a feed's articles before its new state, so its next sync
 * fetches what was lost again), and the next sync starts a new thread.
 */
export class SyncThread {
  readonly #file: URL | string
  readonly #setup: SyncThreadSetup
  readonly #events: EventHub
  readonly #damage: DamageNotice[]
  #worker: Worker | null = null
  readonly #running = new Map<number, Running>()
  #nextId = 1
  #closed = false

  constructor(file: URL | string, setup: SyncThreadSetup, events: EventHub, damage: DamageNotice[]) {
    this.#file = file
    this.#setup = setup
    this.#events = events
    this.#damage = damage
  }

  /** Whether the thread is up now (tests). */
  get started(): boolean {
    return this.#worker !== null
  }

  /** Runs one sync (the engine's `syncAll`) in the thread. */
  syncAll(options: SyncOptions = {}): Promise<SyncResult> {
    if (this.#closed) return Promise.reject(new Error('the sync thread was closed'))
    const worker = this.#start()
    const id = this.#nextId++
    return new Promise<SyncResult>((resolve, reject) => {
      this.#running.set(id, { resolve, reject, options })
      worker.ref()
      const abort = () => this.#worker?.postMessage({ type: 'abort', id } satisfies ToSyncThread)
      if (options.signal?.aborted) abort()
      else options.signal?.addEventListener('abort', abort, { once: true })
      worker.postMessage({
        type: 'sync',
        id,
        ...(options.feedIds ? { feedIds: options.feedIds } : {}),
      } satisfies ToSyncThread)
    }).finally(() => {
      this.#running.delete(id)
      if (this.#running.size === 0) this.#worker?.unref()
    })
  }

  /** Ends the thread (after the running sync, which the caller stops first): its core closes first. */
  async close(): Promise<void> {
    this.#closed = true
    const worker = this.#worker
    if (!worker) return
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
    worker.postMessage({ type: 'close' } satisfies ToSyncThread)
    worker.ref()
    const timer = setTimeout(() => void worker.terminate(), CLOSE_WAIT_MS)
    await exited
    clearTimeout(timer)
  }

  /** Ends the thread at once, as a crash would (tests: what a lost thread costs). */
  async terminate(): Promise<void> {
    await this.#worker?.terminate()
  }

  #start(): Worker {
    if (this.#worker) return this.#worker
    const worker = new Worker(this.#file, {
      workerData: this.#setup,
      ...(this.#setup.execArgv ? { execArgv: this.#setup.execArgv } : {}),
      resourceLimits: SYNC_THREAD_LIMITS,
    })
    this.#worker = worker
    worker.on('message', (message: FromSyncThread) => this.#heard(message))
    let why: string | null = null
    worker.on('error', (error: Error) => (why ??= firstLine(error.message)))
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = null
      const reason = why ?? `exit code ${code}`
      for (const running of this.#running.values())
        running.reject(new Error(`the sync stopped: its thread ended (${reason}); what it stored is kept`))
      this.#running.clear()
    })
    worker.unref()
    return worker
  }

  #reportDamage(found: readonly DamageNotice[]): void {
    for (const notice of found) if (isNew(this.#damage, notice)) this.#damage.push(notice)
  }

  #heard(message: FromSyncThread): void {
    switch (message.type) {
      case 'progress':
        this.#running.get(message.id)?.options.onProgress?.(message.progress)
        return
      case 'event':
        // The core's events raised over there (a rule's notice), raised here for whoever listens.
        this.#events.emit(message.name as never, message.payload as never)
        return
      case 'done':
        this.#reportDamage(message.damage)
        this.#running.get(message.id)?.resolve(message.result)
        return
      case 'failed':
        this.#reportDamage(message.damage)
        this.#running.get(message.id)?.reject(rebuildError(message.error))
        return
      case 'closed':
        return
    }
  }
}

/** Damage the thread's core found, once: this core may have found (and reported) the same file. */
function isNew(known: readonly DamageNotice[], notice: DamageNotice): boolean {
  return !known.some((other) => other.file === notice.file && other.reason === notice.reason)
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? ''
}

import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import {
  deserializeError,
  inThreadBuilder,
  type BuildReply,
  type BuildRequest,
  type ContentBuilder,
  type ContentJobType,
  type JobInput,
  type JobOutput,
} from './build-jobs'
import { defaultBuildWorker } from './build-worker-start'

export interface BuildPoolOptions {
  /** Workers at most (default: the cores there are, at least 1). */
  size?: number
  /** Starts one worker; default {@link defaultBuildWorker}. Null: there is none, build on this thread. */
  startWorker?: (() => Worker) | null
  /** Idle workers are stopped after this long (ms), so a finished sync gives their memory back. */
  idleMs?: number
  /**
   * Workers start once this much building (ms) was done on this thread since they last stopped: a
   * small sync is done before they would be up, and starting them would cost more than it saves.
   */
  startAfterMs?: number
}

interface Job {
  type: ContentJobType
  input: unknown
  resolve: (output: unknown) => void
  reject: (error: Error) => void
}

interface Slot {
  worker: Worker
  /** It has loaded and said so: a death before that is a failure to start, not a job's. */
  ready: boolean
  job: (Job & { id: number }) | null
}

/**
 * The sync's DOM work (parsing, sanitizing, extracting: milliseconds per article) spread over worker
 * threads, each with its own jsdom window, while the sync's thread keeps the network, the store and the
 * index. A job goes to an idle worker, one at a time per worker, so that a worker that dies (a crash, out
 * of memory) fails only the job it was running: that job's feed gets the error, the other feeds go on, and
 * a new worker takes the next job.
 *
 * Workers take a moment to start (loading jsdom); they start only once a sync has proved big enough
 * ({@link BuildPoolOptions.startAfterMs}), and until one is up, jobs are built on this thread, so a small
 * sync never waits for them. If workers cannot start at all (no build of the worker), everything is built
 * on this thread, as it was before the pool.
 */
export class BuildPool implements ContentBuilder {
  readonly #size: number
  readonly #startWorker: (() => Worker) | null
  readonly #idleMs: number
  readonly #startAfterMs: number
  /** Building done on this thread since the workers last stopped (ms). */
  #hereMs = 0
  readonly #slots: Slot[] = []
  readonly #queue: Job[] = []
  readonly #here = inThreadBuilder()
  #nextId = 1
  #idleTimer: NodeJS.Timeout | null = null
  #hereScheduled = false
  /** Set once workers failed to start: every job is built on this thread from then on. */
  #broken = false
  #readyWaiters: Array<() => void> = []

  constructor(options: BuildPoolOptions = {}) {
    this.#size = Math.max(1, Math.floor(options.size ?? availableParallelism()))
    this.#startWorker = options.startWorker === undefined ? defaultBuildWorker() : options.startWorker
    this.#idleMs = options.idleMs ?? 10_000
    this.#startAfterMs = options.startAfterMs ?? 2_000
    if (!this.#startWorker) this.#broken = true
  }

  /** Workers started (running or starting). */
  get workerCount(): number {
    return this.#slots.length
  }

  /** True when every job runs on this thread because no worker can start. */
  get inThread(): boolean {
    return this.#broken
  }

  run<K extends ContentJobType>(type: K, input: JobInput<K>): Promise<JobOutput<K>> {
    if (this.#broken) return this.#here.run(type, input)
    return new Promise((resolve, reject) => {
      this.#queue.push({ type, input, resolve: resolve as (output: unknown) => void, reject })
      this.#dispatch()
    })
  }

  /** Starts every worker and resolves once they are all up (or the pool fell back to this thread). */
  async warm(): Promise<void> {
    while (!this.#broken && this.#slots.length < this.#size) this.#start()
    for (const slot of this.#slots) slot.worker.ref()
    while (!this.#broken && !this.#slots.every((slot) => slot.ready))
      await new Promise<void>((resolve) => this.#readyWaiters.push(resolve))
    this.#settled()
  }

  /** Stops every worker; jobs still waiting fail. */
  async close(): Promise<void> {
    this.#clearIdleTimer()
    this.#hereMs = 0
    const slots = this.#slots.splice(0)
    for (const job of this.#queue.splice(0)) job.reject(new Error('the article builder was closed'))
    for (const slot of slots) slot.job?.reject(new Error('the article builder was closed'))
    this.#wakeWaiters()
    await Promise.all(slots.map((slot) => slot.worker.terminate()))
  }

  #dispatch(): void {
    this.#clearIdleTimer()
    while (this.#queue.length > 0) {
      const slot = this.#slots.find((candidate) => candidate.ready && candidate.job === null)
      if (slot) {
        const job = this.#queue.shift() as Job
        const id = this.#nextId++
        slot.job = { ...job, id }
        slot.worker.ref()
        slot.worker.postMessage({ id, type: job.type, input: job.input } satisfies BuildRequest)
      } else if (this.#shouldGrow()) {
        this.#start()
      } else if (!this.#slots.some((candidate) => candidate.ready)) {
        // No worker is up (yet): build here, a job per turn of the event loop.
        this.#buildHereSoon()
        return
      } else {
        return // the workers are busy: the next reply dispatches again
      }
    }
  }

  /**
   * Whether to start another worker: once the sync proved big enough, one at a time, and the next only
   * while jobs are still waiting when the last one is up (a sync about done never starts one).
   */
  #shouldGrow(): boolean {
    if (this.#slots.length >= this.#size || this.#hereMs < this.#startAfterMs) return false
    if (this.#slots.some((slot) => !slot.ready)) return false
    return this.#slots.length === 0 || this.#queue.length >= 2
  }

  #buildHereSoon(): void {
    if (this.#hereScheduled) return
    this.#hereScheduled = true
    setImmediate(() => {
      this.#hereScheduled = false
      if (this.#slots.some((slot) => slot.ready) || this.#broken) return this.#dispatch()
      const job = this.#queue.shift()
      const started = performance.now()
      if (job) this.#here.run(job.type, job.input as never).then(job.resolve, job.reject)
      this.#hereMs += performance.now() - started
      this.#dispatch()
      this.#settled()
    })
  }

  #start(): Slot {
    const worker = (this.#startWorker as () => Worker)()
    // Only a worker with a job holds the process open: a short sync that finished on this thread while
    // the workers were still starting does not wait for them to exit.
    worker.unref()
    const slot: Slot = { worker, ready: false, job: null }
    this.#slots.push(slot)
    worker.on('message', (reply: BuildReply) => {
      if ('ready' in reply) {
        slot.ready = true
        if (this.#slots.every((other) => other.ready)) this.#wakeWaiters()
        this.#dispatch()
        this.#settled()
        return
      }
      const job = slot.job
      if (!job || job.id !== reply.id) return
      slot.job = null
      if ('error' in reply) job.reject(deserializeError(reply.error))
      else job.resolve(reply.output)
      this.#dispatch()
      this.#settled()
    })
    let failure: Error | null = null
    worker.on('error', (error) => {
      failure = error
    })
    worker.on('exit', (code) => this.#lost(slot, failure ?? new Error(`exit code ${code}`)))
    return slot
  }

  /** A worker is gone: its job fails; one that never started makes the pool build on this thread. */
  #lost(slot: Slot, cause: Error): void {
    const index = this.#slots.indexOf(slot)
    if (index === -1) return // closed on purpose
    this.#slots.splice(index, 1)
    const job = slot.job
    slot.job = null
    if (!slot.ready) {
      // Workers cannot start here: build everything on this thread rather than fail every feed. The
      // others starting would fail the same way; any already running finish their job and idle out.
      this.#broken = true
      for (const other of this.#slots.filter((candidate) => !candidate.ready)) {
        this.#slots.splice(this.#slots.indexOf(other), 1)
        void other.worker.terminate()
      }
      for (const next of this.#queue.splice(0))
        this.#here.run(next.type, next.input as never).then(next.resolve, next.reject)
      this.#wakeWaiters()
      return
    }
    job?.reject(new Error(`the article builder stopped while building this (${cause.message})`))
    this.#dispatch()
    this.#settled()
  }

  /** After a job: idle workers stop holding the process open, and stop altogether after a while. */
  #settled(): void {
    // While someone waits for the workers to start (warm), they hold the process open.
    if (this.#readyWaiters.length === 0) for (const slot of this.#slots) if (!slot.job) slot.worker.unref()
    if (this.#queue.length > 0 || this.#slots.some((slot) => slot.job)) return
    this.#clearIdleTimer()
    this.#idleTimer = setTimeout(() => void this.close(), this.#idleMs)
    this.#idleTimer.unref()
  }

  #clearIdleTimer(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer)
    this.#idleTimer = null
  }

  #wakeWaiters(): void {
    for (const wake of this.#readyWaiters.splice(0)) wake()
  }
}

let shared: BuildPool | null = null

/** The process's pool: the cores are shared, so every sync of the process builds through one pool. */
export function sharedBuildPool(): BuildPool {
  shared ??= new BuildPool()
  return shared
}

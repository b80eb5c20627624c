import { availableParallelism } from 'node:os'
import { builtWorkerFile } from '../workers/built-worker'
import { WorkerPool, WorkerStartError } from '../workers/worker-pool'
import {
  inThreadBuilder,
  rebuildJobError,
  type ContentBuilder,
  type ContentJob,
  type ContentJobType,
  type JobInput,
  type JobOutput,
} from './build-jobs'

export interface BuildPoolOptions {
  /** Workers at most (default: the cores there are, at least 1). */
  size?: number
  /**
   * The build worker, a built JavaScript file: by default the build's own (out/main/build-worker.js).
   * Null, or none found (running from the TypeScript sources): every job is built on this thread.
   */
  worker?: URL | string | null
  /** Node options for the workers (default: this process's). */
  execArgv?: string[]
  /** Idle workers are stopped after this long (ms), so a finished sync gives their memory back. */
  idleMs?: number
  /**
   * Workers start once this much building (ms) was done on this thread since they last stopped: a
   * small sync is done before they would be up, and starting them would cost more than it saves.
   */
  startAfterMs?: number
  /**
   * A job still running in a worker this long (ms) ends that worker and fails with a one-line error; the
   * other jobs go on. Off by default. Jobs built on this thread (before the workers are up, or without
   * them) have no such bound.
   */
  timeLimitMs?: number
}

interface Job {
  type: ContentJobType
  input: unknown
  resolve: (output: unknown) => void
  reject: (error: Error) => void
}

/**
 * A worker's heap, bounded: with no bound V8 sizes a worker's heap from the machine's memory and lets it
 * grow lazily (each worker then peaks near 200 MB on article-sized work); bounded, it collects as it goes
 * (near 100 MB), at no measurable cost in time — an article's garbage dies young. 1 GB is far beyond any
 * article: a page that needs more fails as that page's error instead of taking the app's memory.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 16 }

/**
 * The sync's DOM work (parsing, sanitizing, extracting: milliseconds per article) spread over worker
 * threads (workers/worker-pool.ts), each with its own jsdom window, while the sync's thread keeps the
 * network, the store and the index. A worker runs one job at a time, so a worker that dies (a crash, out
 * of memory, over its time limit) fails only the job it was running: that job's feed gets the error, the
 * other feeds go on, and a new worker takes the next job.
 *
 * Workers take a moment to start (loading jsdom); they start only once a sync has proved big enough
 * ({@link BuildPoolOptions.startAfterMs}), and until one is up, jobs are built on this thread, so a small
 * sync never waits for them. If workers cannot start at all (no build of the worker), everything is built
 * on this thread, as it was before the pool.
 */
export class BuildPool implements ContentBuilder {
  readonly #size: number
  readonly #worker: URL | string | null
  readonly #options: BuildPoolOptions
  readonly #idleMs: number
  readonly #startAfterMs: number
  readonly #here = inThreadBuilder()
  /** Building done on this thread since the workers last stopped (ms). */
  #hereMs = 0
  /** Jobs waiting to be built on this thread while no worker is up. */
  readonly #waiting: Job[] = []
  #hereScheduled = false
  #workers: WorkerPool<ContentJob, unknown> | null = null
  /** A worker of {@link #workers} has loaded: jobs go to the workers from then on. */
  #up = false
  /** Jobs in the workers. */
  #active = 0
  #idleTimer: NodeJS.Timeout | null = null
  /** Set once workers failed to start: every job is built on this thread from then on. */
  #broken: boolean

  constructor(options: BuildPoolOptions = {}) {
    this.#options = options
    this.#size = Math.max(1, Math.floor(options.size ?? availableParallelism()))
    this.#worker = options.worker === undefined ? builtWorkerFile('build-worker') : options.worker
    this.#idleMs = options.idleMs ?? 10_000
    this.#startAfterMs = options.startAfterMs ?? 2_000
    this.#broken = this.#worker === null
  }

  /** Workers started (running or starting). */
  get workerCount(): number {
    return this.#workers?.threads ?? 0
  }

  /** True when every job runs on this thread because no worker can start. */
  get inThread(): boolean {
    return this.#broken
  }

  run<K extends ContentJobType>(type: K, input: JobInput<K>): Promise<JobOutput<K>> {
    if (this.#broken) return this.#here.run(type, input)
    this.#clearIdleTimer()
    if (this.#up) return this.#inWorkers(type, input) as Promise<JobOutput<K>>
    return new Promise((resolve, reject) => {
      this.#waiting.push({ type, input, resolve: resolve as (output: unknown) => void, reject })
      this.#buildHereSoon()
    })
  }

  /** Starts every worker and resolves once they are all up (or the pool fell back to this thread). */
  async warm(): Promise<void> {
    if (!this.#broken) await this.#startWorkers(this.#size)
  }

  /** Stops every worker; jobs still waiting fail. */
  async close(): Promise<void> {
    this.#clearIdleTimer()
    this.#hereMs = 0
    this.#up = false
    const workers = this.#workers
    this.#workers = null
    for (const job of this.#waiting.splice(0)) job.reject(new Error(CLOSED))
    await workers?.close()
  }

  #inWorkers(type: ContentJobType, input: unknown): Promise<unknown> {
    const workers = this.#workers as WorkerPool<ContentJob, unknown>
    this.#active++
    return workers.run({ type, input }).finally(() => {
      this.#active--
      this.#settled()
    })
  }

  #buildHereSoon(): void {
    if (this.#hereScheduled) return
    this.#hereScheduled = true
    // A job per turn of the event loop, so that the sync's network and store work go on meanwhile.
    setImmediate(() => {
      this.#hereScheduled = false
      if (this.#up || this.#broken) return this.#handOver()
      const job = this.#waiting.shift()
      const started = performance.now()
      if (job) this.#here.run(job.type, job.input as never).then(job.resolve, job.reject)
      this.#hereMs += performance.now() - started
      if (!this.#workers && this.#hereMs >= this.#startAfterMs) void this.#startWorkers(1)
      if (this.#waiting.length > 0) this.#buildHereSoon()
      this.#settled()
    })
  }

  /**
   * Starts `count` workers; once one is up, the jobs waiting go to the workers (the others start as the
   * jobs need them). If none can start, the jobs are built here from then on.
   */
  async #startWorkers(count: number): Promise<void> {
    this.#workers ??= new WorkerPool<ContentJob, unknown>({
      worker: this.#worker as URL | string,
      size: this.#size,
      idleMs: this.#idleMs,
      resourceLimits: WORKER_LIMITS,
      lostMessage: (reason) => `the article builder stopped while building this (${reason})`,
      closedMessage: CLOSED,
      rebuildError: rebuildJobError,
      ...(this.#options.execArgv ? { execArgv: this.#options.execArgv } : {}),
      ...(this.#options.timeLimitMs !== undefined ? { timeLimitMs: this.#options.timeLimitMs } : {}),
    })
    const workers = this.#workers
    try {
      await workers.warm(count)
    } catch (error) {
      if (this.#workers !== workers) return // closed meanwhile
      // Workers cannot start here: build everything on this thread rather than fail every feed. (Any
      // other error was a worker lost after it had loaded: workers can start.)
      if (error instanceof WorkerStartError) {
        this.#broken = true
        this.#workers = null
      }
    }
    if (!this.#broken && this.#workers !== workers) return
    this.#up = !this.#broken
    this.#handOver()
  }

  /** The jobs waiting here go to the workers, now up, or to this thread for good. */
  #handOver(): void {
    for (const job of this.#waiting.splice(0)) {
      const output = this.#broken
        ? this.#here.run(job.type, job.input as never)
        : this.#inWorkers(job.type, job.input)
      output.then(job.resolve, job.reject)
    }
    this.#settled()
  }

  /** Once nothing is left to build, the workers stop after a while (and the next small sync builds here). */
  #settled(): void {
    if (this.#waiting.length > 0 || this.#active > 0 || !this.#workers) return
    this.#clearIdleTimer()
    this.#idleTimer = setTimeout(() => void this.close(), this.#idleMs)
    this.#idleTimer.unref()
  }

  #clearIdleTimer(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer)
    this.#idleTimer = null
  }
}

const CLOSED = 'the article builder was closed'

let shared: BuildPool | null = null

/** The process's pool: the cores are shared, so every sync of the process builds through one pool. */
export function sharedBuildPool(): BuildPool {
  shared ??= new BuildPool()
  return shared
}

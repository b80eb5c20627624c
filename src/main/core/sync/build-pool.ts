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
   * A job still running in a worker this long (ms) ends that worker and fails with a one-line error; the
   * other jobs go on. Off when not given ({@link sharedBuildPool} gives {@link BUILD_TIME_LIMIT_MS}).
   */
  timeLimitMs?: number
}

/**
 * The time a build job may take in a worker. Bounded markup (content/bounded-markup.ts) keeps the worst
 * page known to a few seconds; this ends whatever is still found to take too long, costing its item only.
 */
export const BUILD_TIME_LIMIT_MS = 20_000

/**
 * A worker's heap, bounded: with no bound V8 sizes a worker's heap from the machine's memory and lets it
 * grow lazily (each worker then peaks near 200 MB on article-sized work); bounded, it collects as it goes
 * (near 100 MB), at no measurable cost in time — an article's garbage dies young. 1 GB is far beyond any
 * article: a page that needs more fails as that page's error instead of taking the app's memory.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 16 }

/**
 * The sync's DOM work (parsing, sanitizing, extracting: milliseconds per article) done in worker threads
 * (workers/worker-pool.ts), each with its own jsdom window, while the sync's thread — Electron's main
 * process, the CLI's only thread — keeps the network, the store and the index, and stays free to answer.
 * Every job goes to a worker, whatever its size: untrusted markup must never be parsed where a slow parse
 * would freeze the app. A worker runs one job at a time, so a worker that dies (a crash, out of memory,
 * over its time limit) fails only the job it was running, and a new worker takes the next job.
 *
 * Workers start with the first job (loading jsdom takes them a moment) and stop when idle. Only when no
 * worker can start at all (no build of the worker: running from the TypeScript sources) is everything
 * built on this thread, as it was before the pool, without a time limit.
 */
export class BuildPool implements ContentBuilder {
  readonly #size: number
  readonly #worker: URL | string | null
  readonly #options: BuildPoolOptions
  readonly #idleMs: number
  readonly #here = inThreadBuilder()
  #workers: WorkerPool<ContentJob, unknown> | null = null
  /** Resolves once a worker of {@link #workers} has loaded, or the pool fell back to this thread. */
  #ready: Promise<void> | null = null
  /** Set once workers failed to start: every job is built on this thread from then on. */
  #broken: boolean

  constructor(options: BuildPoolOptions = {}) {
    this.#options = options
    this.#size = Math.max(1, Math.floor(options.size ?? availableParallelism()))
    this.#worker = options.worker === undefined ? builtWorkerFile('build-worker') : options.worker
    this.#idleMs = options.idleMs ?? 10_000
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

  async run<K extends ContentJobType>(type: K, input: JobInput<K>): Promise<JobOutput<K>> {
    if (this.#broken) return this.#here.run(type, input)
    await this.#start()
    if (this.#broken) return this.#here.run(type, input)
    const workers = this.#workers
    if (!workers) throw new Error(CLOSED)
    return (await workers.run({ type, input })) as JobOutput<K>
  }

  /** Starts every worker and resolves once they are all up (or the pool fell back to this thread). */
  async warm(): Promise<void> {
    if (this.#broken) return
    await this.#start()
    await this.#workers?.warm(this.#size).catch(() => {})
  }

  /** Stops every worker; jobs still waiting fail. */
  async close(): Promise<void> {
    const workers = this.#workers
    this.#workers = null
    this.#ready = null
    await workers?.close()
  }

  /**
   * Makes sure a worker is up (the others start as jobs need them, and idle ones end: WorkerPool); if
   * none can start, jobs are built here for good.
   */
  #start(): Promise<void> {
    if (this.#ready) return this.#ready
    const workers = new WorkerPool<ContentJob, unknown>({
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
    this.#workers = workers
    const ready = workers.warm(1).catch((error: unknown) => {
      // Workers cannot start here: build everything on this thread rather than fail every feed. (Any
      // other error was a worker lost after it had loaded: workers can start.)
      if (error instanceof WorkerStartError && this.#workers === workers) {
        this.#broken = true
        this.#workers = null
      }
    })
    this.#ready = ready
    return ready
  }
}

const CLOSED = 'the article builder was closed'

let shared: BuildPool | null = null

/** The process's pool: the cores are shared, so every sync of the process builds through one pool. */
export function sharedBuildPool(): BuildPool {
  shared ??= new BuildPool({ timeLimitMs: BUILD_TIME_LIMIT_MS })
  return shared
}

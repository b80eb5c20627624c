import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { ResourceLimits } from 'node:worker_threads'
import { Piscina } from 'piscina'
import { rebuildError, WARM_UP, type SerializedError, type TaskOutcome } from './task-outcome'
import { TimeLimits, type TimedTask } from './time-limits'

export interface WorkerPoolOptions {
  /** The worker: a built JavaScript file whose default export is `serveTasks(…)` (serve-tasks.ts). */
  worker: URL | string
  /** Tasks running at once at most, each on a thread of its own (default: the cores there are). */
  size?: number
  /** A thread left idle this long (ms) ends, giving its memory back; the next task starts one again. */
  idleMs?: number
  /**
   * A task still running this long (ms) after a thread took it ends that thread and fails (the next task
   * gets a new one): what bounds a task that never finishes. Off when not given.
   */
  timeLimitMs?: number
  /** Node options for the threads (default: this process's). */
  execArgv?: string[]
  resourceLimits?: ResourceLimits
  /** The one-line message a task fails with when its thread is lost under it, given why. */
  lostMessage?: (reason: string) => string
  /** The message tasks fail with when the pool is closed under them. */
  closedMessage?: string
  /** Turns a task's error, as it crossed from the worker, back into an error of its own kind. */
  rebuildError?: (error: SerializedError) => Error
}

/** Workers could not start here (the worker file is missing or fails to load). */
export class WorkerStartError extends Error {
  constructor(reason: string) {
    super(`the worker could not start (${reason})`)
    this.name = 'WorkerStartError'
  }
}

interface Pending<T> extends TimedTask {
  task: T
  resolve: (outcome: unknown) => void
  reject: (error: Error) => void
}

/**
 * Tasks run in a pool of worker threads (piscina), one task per thread at a time, at most `size` at
 * once. A task's error is that task's; a thread lost under a task (it crashed, ran out of memory, or
 * overran its time limit) fails that task only, with a one-line error, and the next task gets a new
 * thread. A time limit counts a task's own run, not its wait for a thread (time-limits.ts). Threads
 * start on demand, end when idle, and hold the process open only while they have work (piscina unrefs
 * an idle thread).
 */
export class WorkerPool<T, R> {
  readonly #options: WorkerPoolOptions
  readonly #size: number
  readonly #piscina: Piscina
  readonly #queue: Array<Pending<T | typeof WARM_UP>> = []
  readonly #running = new Set<Pending<T | typeof WARM_UP>>()
  /** Threads that have loaded the worker: one lost before that failed to start. */
  readonly #loaded = new WeakSet<object>()
  readonly #limits = new TimeLimits()
  #everLoaded = false
  /** A task has come back from a thread: the worker loads here. */
  #everRan = false
  #startFailure: WorkerStartError | null = null
  #closed = false

  constructor(options: WorkerPoolOptions) {
    this.#options = options
    this.#size = Math.max(1, Math.floor(options.size ?? availableParallelism()))
    const worker = options.worker
    this.#piscina = new Piscina({
      filename: typeof worker === 'string' && !worker.startsWith('file:') ? worker : fileURLToPath(worker),
      minThreads: 0,
      maxThreads: this.#size,
      idleTimeout: options.idleMs ?? 10_000,
      resourceLimits: options.resourceLimits,
      recordTiming: false,
      // Piscina's default has an idle thread wait for its next task in Atomics.wait, inside the task
      // that went before: the thread's event loop then never turns, and the tasks V8 posts to it (the
      // garbage collector's among them) wait with it, so a worker's heap grows far past what is alive.
      atomics: 'disabled',
      ...(options.execArgv ? { execArgv: options.execArgv } : {}),
    })
    // Piscina says a thread is created once it has loaded the worker (only its first threads, which this
    // pool has none of, are said to be created before that).
    this.#piscina.on('workerCreate', (thread: object) => {
      this.#loaded.add(thread)
      this.#everLoaded = true
      this.#limits.threadLoaded()
    })
    this.#piscina.on('workerDestroy', (thread: object) => {
      if (this.#loaded.has(thread)) return this.#limits.threadEnded()
      // After a microtask: piscina reports the thread's error, which says why, right after this.
      queueMicrotask(() => this.#failedToStart('it stopped while loading'))
    })
    // Piscina reports a thread's error here when no task is running on it; one that never loaded
    // failed to start. Without a listener, the error would be thrown.
    this.#piscina.on('error', (error: Error) => {
      if (!this.#everLoaded) this.#failedToStart(firstLine(error.message))
    })
  }

  /** Threads running or starting. */
  get threads(): number {
    return this.#piscina.threads.length
  }

  /** Runs one task on a thread; its result, or its error (rebuilt), or a one-line error if its thread was lost. */
  async run(task: T, options: { timeLimitMs?: number } = {}): Promise<R> {
    const outcome = (await this.#submit(
      task,
      options.timeLimitMs ?? this.#options.timeLimitMs,
    )) as TaskOutcome<R>
    if (outcome.ok) return outcome.value
    throw (this.#options.rebuildError ?? rebuildError)(outcome.error)
  }

  /**
   * Starts `count` threads (default one) and resolves once they have loaded the worker; rejects with a
   * {@link WorkerStartError} if none can.
   */
  async warm(count = 1): Promise<void> {
    const wanted = Math.min(this.#size, Math.max(1, count))
    await Promise.all(Array.from({ length: wanted }, () => this.#submit(WARM_UP, undefined)))
  }

  /** Ends every thread; tasks waiting or running fail. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    const closed = this.#closedError()
    for (const pending of [...this.#queue.splice(0), ...this.#running]) pending.reject(closed)
    this.#running.clear()
    await this.#piscina.destroy()
  }

  #submit(task: T | typeof WARM_UP, timeLimitMs: number | undefined): Promise<unknown> {
    if (this.#startFailure) return Promise.reject(this.#startFailure)
    if (this.#closed) return Promise.reject(this.#closedError())
    return new Promise((resolve, reject) => {
      this.#queue.push({
        task,
        limitMs: timeLimitMs,
        abort: null,
        timer: null,
        onThread: false,
        resolve,
        reject,
      })
      this.#pump()
    })
  }

  #pump(): void {
    while (this.#running.size < this.#size && this.#queue.length > 0) {
      const pending = this.#queue.shift() as Pending<T | typeof WARM_UP>
      this.#running.add(pending)
      this.#start(pending)
    }
  }

  #start(pending: Pending<T | typeof WARM_UP>): void {
    pending.abort = pending.limitMs === undefined ? null : new AbortController()
    const signal = pending.abort?.signal
    const settle = (done: () => void): void => {
      this.#limits.settled(pending)
      // Already settled when the pool closed or failed to start under it.
      if (!this.#running.delete(pending)) return
      done()
      this.#pump()
    }
    this.#piscina.run(pending.task, signal ? { signal } : {}).then(
      (outcome: unknown) =>
        settle(() => {
          this.#everRan = true
          pending.resolve(outcome)
        }),
      (error: unknown) => settle(() => pending.reject(this.#lost(error, signal, pending.task === WARM_UP))),
    )
    this.#limits.handedOver(pending)
  }

  /** A thread lost under a task: why, in one line. */
  #lost(error: unknown, signal: AbortSignal | undefined, warmUp: boolean): Error {
    const reason =
      signal?.aborted === true
        ? String(signal.reason)
        : firstLine(error instanceof Error ? error.message : String(error)).replace(
            /^worker exited with code: (-?\d+)$/,
            'exit code $1',
          )
    // A warm-up runs nothing but the loading of the worker: lost, the worker cannot start. (Node 22.12
    // says a thread that failed to load was created, so this is how it tells there.)
    if (warmUp && signal?.aborted !== true) this.#failedToStart(reason, true)
    if (this.#startFailure) return this.#startFailure
    return new Error((this.#options.lostMessage ?? ((why) => `the worker stopped (${why})`))(reason))
  }

  #closedError(): Error {
    return new Error(this.#options.closedMessage ?? 'the worker pool was closed')
  }

  #failedToStart(reason: string, warmUpLost = false): void {
    if (this.#startFailure || this.#everRan || (this.#everLoaded && !warmUpLost) || this.#closed) return
    this.#startFailure = new WorkerStartError(reason)
    for (const pending of [...this.#queue.splice(0), ...this.#running]) pending.reject(this.#startFailure)
    this.#running.clear()
    void this.#piscina.destroy()
  }
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? ''
}

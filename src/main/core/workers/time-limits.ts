/** A task handed to the pool's threads, as its time limit sees it. */
export interface TimedTask {
  /** Its limit (ms), or none. */
  limitMs: number | undefined
  /** Aborted when the limit is reached: piscina then ends the thread the task runs on. */
  abort: AbortController | null
  timer: NodeJS.Timeout | null
  onThread: boolean
}

/**
 * Starts each task's time limit when a thread takes it, not when it is handed to the pool: a task may
 * wait there for a thread that is still loading its worker (a build worker loads jsdom: a second or more
 * on a busy machine), and that wait is not the task's own. Piscina does not say when a task starts, but
 * it gives a task to a loaded thread as soon as one is free, oldest first; so while fewer tasks are on
 * threads than there are loaded threads, the oldest task waiting has just been taken.
 */
export class TimeLimits {
  #loadedThreads = 0
  #onThreads = 0
  readonly #waiting: TimedTask[] = []

  /** A task was handed to piscina. */
  handedOver(task: TimedTask): void {
    this.#waiting.push(task)
    this.#fill()
  }

  /** A task settled (done, failed, or its thread lost). */
  settled(task: TimedTask): void {
    if (task.timer) clearTimeout(task.timer)
    task.timer = null
    if (task.onThread) this.#onThreads--
    else if (this.#waiting.includes(task)) this.#waiting.splice(this.#waiting.indexOf(task), 1)
    task.onThread = false
    this.#fill()
  }

  threadLoaded(): void {
    this.#loadedThreads++
    this.#fill()
  }

  /** A loaded thread ended (idle, crashed, or ended for its task's time limit). */
  threadEnded(): void {
    this.#loadedThreads = Math.max(0, this.#loadedThreads - 1)
  }

  #fill(): void {
    while (this.#onThreads < this.#loadedThreads && this.#waiting.length > 0) {
      const task = this.#waiting.shift() as TimedTask
      task.onThread = true
      this.#onThreads++
      const { abort, limitMs } = task
      // Unref'd: a running task holds the process open through its thread, not through its timer.
      if (abort && limitMs !== undefined)
        task.timer = setTimeout(() => abort.abort(overran(limitMs)), limitMs).unref()
    }
  }
}

function overran(limitMs: number): string {
  return `over its time limit of ${limitMs >= 1000 ? `${limitMs / 1000} s` : `${limitMs} ms`}`
}

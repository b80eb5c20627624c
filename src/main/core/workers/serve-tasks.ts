/**
 * The worker's side of a {@link WorkerPool}: a worker entry's default export is `serveTasks(run)`.
 * Only what a worker needs is imported here, so a worker's bundle stays free of the pool itself.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina'
import { serializeError, WARM_UP, type TaskOutcome } from './task-outcome'

export interface ServeOptions<R> {
  /** Buffers of a result to move to the pool instead of copying them (a segment's bytes). */
  transfer?: (result: R) => ArrayBuffer[]
}

/**
 * Wraps a task runner as a pool worker's handler: each task's result or error comes back as a
 * {@link TaskOutcome}, and a warm-up request is answered without running anything.
 */
export function serveTasks<T, R>(
  run: (task: T) => R | Promise<R>,
  options: ServeOptions<R> = {},
): (task: T | typeof WARM_UP) => Promise<TaskOutcome<R> | null> {
  return async (task) => {
    if (task === WARM_UP) return null
    let outcome: TaskOutcome<R>
    try {
      outcome = { ok: true, value: await run(task) }
    } catch (error) {
      return { ok: false, error: serializeError(error) }
    }
    const buffers = options.transfer?.(outcome.value)
    if (!buffers || buffers.length === 0) return outcome
    // Piscina's transferable protocol: the outcome goes as the value, its buffers are moved with it.
    return move({ [transferableSymbol]: buffers, [valueSymbol]: outcome }) as unknown as TaskOutcome<R>
  }
}

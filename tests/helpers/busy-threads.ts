import { pbkdf2 } from 'node:crypto'

/**
 * Queues `jobs` pieces of CPU work for libuv's threads, the ones async file operations wait for, as a
 * sync's hundreds of reads, writes and fsyncs do: each pushes `busy` onto `order` when it is done. A
 * request that answers before the first `busy` did not wait behind them.
 */
export function occupyLibuvThreads(order: string[], jobs = 32): Promise<void>[] {
  return Array.from(
    { length: jobs },
    () =>
      new Promise<void>((resolve) =>
        pbkdf2('busy', 'salt', 60_000, 32, 'sha256', () => {
          order.push('busy')
          resolve()
        }),
      ),
  )
}

import { setFlagsFromString } from 'node:v8'

/**
 * How far V8 lets a heap grow past what its last full collection found alive, in percent.
 *
 * V8 sizes each heap for throughput: after a full collection it lets the heap grow to up to four times
 * what was alive before collecting again. A sync makes that the wrong trade for a reader that runs in the
 * background for hours. It streams articles through the sync's thread and the build workers, and the
 * articles of a write batch live long enough to be promoted, so garbage piles up in the old generation.
 * In a big sync, the heaps grew to three or four times what was alive, on the sync's thread and in each
 * worker. Growing by half instead keeps the whole process a fifth smaller (`npm run bench:sync` reports
 * its peak). The extra full collections cost nothing measurable: they are incremental and
 * concurrent, and an article's garbage is cheap to collect.
 */
export const HEAP_GROWING_PERCENT = 50

let applied = false

/**
 * Applies {@link HEAP_GROWING_PERCENT} to every V8 heap of this process: this thread's, and those of the
 * worker threads (build and search workers), which share the process's V8 flags. Called first thing by
 * the app's main process and the CLI. V8 reads this flag each time it sets a heap's next limit, so
 * setting it after start takes effect at the next full collection. Node and Electron both start V8 with
 * its flags left writable. Returns false where it could not be applied; the reader then runs with V8's
 * default sizing, which is slower to give memory back but otherwise the same.
 */
export function applyMemoryPolicy(): boolean {
  if (applied) return true
  try {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
  } catch {
    return false
  }
  return (applied = true)
}

import type { WorkerOptions } from 'node:worker_threads'
import type { WorkerPool } from '../workers/worker-pool'
import type { IndexDoc } from './segment-build'
import { runJob, type BuildJob, type MergeSource } from './segment-jobs'

export type { MergeSource } from './segment-jobs'

/** Builds and merges segments, returning the new segment's file bytes. */
export interface SegmentBuilder {
  build(docs: IndexDoc[]): Promise<Uint8Array>
  merge(sources: MergeSource[]): Promise<Uint8Array>
  close(): Promise<void>
}

/** What a caller may set of the index worker's thread. */
export type IndexWorkerOptions = Pick<WorkerOptions, 'execArgv' | 'resourceLimits'>

/** Runs builds and merges on the calling thread: for tests, the CLI and small jobs. */
export function inProcessBuilder(): SegmentBuilder {
  return {
    build: (docs) => runJob({ type: 'build', docs }),
    merge: (sources) => runJob({ type: 'merge', sources }),
    close: async () => undefined,
  }
}

/**
 * Runs builds and merges in a worker thread (`index-worker.ts`, built to its own file), so that a
 * rebuild of 50,000 articles never blocks the thread that serves the UI. One thread: the index runs its
 * builds and merges one after another anyway. It starts on first use, holds the process open only while
 * it has work, ends when idle, and is started again if it dies (failing only the job it was running).
 */
export function workerBuilder(script: URL | string, options: IndexWorkerOptions = {}): SegmentBuilder {
  // The pool's code (piscina) is loaded with the first build or merge: a process that only searches
  // (a cold `broadsheet search`) does without it.
  let pool: Promise<WorkerPool<BuildJob, Uint8Array>> | null = null
  const started = (): Promise<WorkerPool<BuildJob, Uint8Array>> =>
    (pool ??= import('../workers/worker-pool').then(
      ({ WorkerPool }) =>
        new WorkerPool<BuildJob, Uint8Array>({
          worker: script,
          size: 1,
          idleMs: 30_000,
          ...(options.execArgv ? { execArgv: options.execArgv } : {}),
          ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
          lostMessage: (reason) => `the search index worker stopped (${reason})`,
          closedMessage: 'the search index was closed',
        }),
    ))
  return {
    build: async (docs) => (await started()).run({ type: 'build', docs }),
    merge: async (sources) => (await started()).run({ type: 'merge', sources }),
    close: async () => {
      if (pool) await (await pool).close()
    },
  }
}

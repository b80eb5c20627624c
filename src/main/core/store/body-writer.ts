import type { Article } from '../../../shared/types'
import type { SerializedError } from '../workers/task-outcome'
import { rebuildError } from '../workers/task-outcome'
import type { WorkerPool, WorkerStartError } from '../workers/worker-pool'
import { DiskFullError } from './atomic-write'
import { writeFilesAtomic } from './atomic-batch'
import { encodeBody } from './body-file'
import { ReadOnlyDataDirError } from './read-only'

/** An article body to write: where, and the article it holds. */
export interface BodyFile {
  path: string
  article: Article
}

/**
 * Writes article bodies for the store: each compressed, all of them on disk under their names before
 * the returned promise resolves (writeFilesAtomic), so the store may then let its catalog name them.
 */
export interface BodyWriter {
  write(files: readonly BodyFile[]): Promise<void>
  close(): Promise<void>
}

/**
 * Compresses and writes bodies on the calling thread: a store's small writes, and the store worker's own
 * (`blocking`: its file operations in blocking calls, see writeFilesAtomic).
 */
export function writeBodies(files: readonly BodyFile[], options: { blocking?: boolean } = {}): Promise<void> {
  const batch = files.map(({ path, article }) => ({ path, data: () => encodeBody(article) }))
  return writeFilesAtomic(batch, options)
}

/** Writes every body on the calling thread. */
export const inThreadBodies: BodyWriter = {
  write: (files) => writeBodies(files),
  close: async () => undefined,
}

/**
 * Fewer bodies than this are written on the calling thread: handing them to the worker (and starting
 * it, the first time) costs more than writing them.
 */
export const WORKER_FROM_BODIES = 64

/**
 * The worker's heap, bounded: what it holds is one group of articles while it writes them (a few MB), and a
 * small young generation collects their garbage as it goes instead of letting the heap grow (the syncing
 * process's memory, all its threads, has a target of its own in `npm run bench`).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 8 }

/**
 * Writes large groups of bodies in a worker thread (`store-worker.ts`, built to its own file): a first
 * sync writes 10,000 bodies, and their compression and some 50,000 file operations took about a third
 * of the sync's thread, which also fetches, stores and answers. Handing a thousand articles to the
 * worker costs a few milliseconds (a structured clone), and the sync's thread does other work meanwhile.
 * Small groups are written here. The worker starts on first need and ends when idle; where it cannot
 * start at all, every body is written on this thread. Its errors come back as their own kinds (a full
 * disk, a read-only data dir), with the same messages.
 */
export function workerBodyWriter(
  script: URL | string,
  options: { execArgv?: string[] } = {},
): BodyWriter & { readonly inThread: boolean } {
  type Started = { pool: WorkerPool<readonly BodyFile[], null>; StartError: typeof WorkerStartError }
  // The pool's code (piscina) is loaded with the first large write, once.
  let started: Promise<Started> | null = null
  let broken = false
  const start = (): Promise<Started> =>
    (started ??= import('../workers/worker-pool').then(({ WorkerPool, WorkerStartError }) => ({
      StartError: WorkerStartError,
      pool: new WorkerPool<readonly BodyFile[], null>({
        worker: script,
        size: 1,
        idleMs: 10_000,
        resourceLimits: WORKER_LIMITS,
        ...(options.execArgv ? { execArgv: options.execArgv } : {}),
        lostMessage: (reason) => `the article writer stopped while writing (${reason})`,
        closedMessage: 'the article writer was closed',
        rebuildError: rebuildWriteError,
      }),
    })))
  return {
    /** True once the worker could not start: every body is written on this thread from then on. */
    get inThread() {
      return broken
    },
    async write(files) {
      if (broken || files.length < WORKER_FROM_BODIES) return writeBodies(files)
      const { pool, StartError } = await start()
      try {
        await pool.run(files)
      } catch (error) {
        if (!(error instanceof StartError)) throw error
        // No worker can start here: write on this thread from now on, as before the worker.
        broken = true
        await writeBodies(files)
      }
    },
    async close() {
      if (started) await (await started).pool.close()
    },
  }
}

/** A write's error as it crossed from the worker, rebuilt as the kind the store's callers tell apart. */
export function rebuildWriteError(error: SerializedError): Error {
  const { path, dataDir, code } = error.fields
  if (error.name === 'DiskFullError' && typeof path === 'string')
    return new DiskFullError(path, errno(code, 'ENOSPC'))
  if (error.name === 'ReadOnlyDataDirError' && typeof dataDir === 'string')
    return new ReadOnlyDataDirError(dataDir, errno(code, 'EROFS'))
  return rebuildError(error)
}

function errno(code: unknown, otherwise: string): NodeJS.ErrnoException {
  return Object.assign(new Error(String(code ?? otherwise)), { code: String(code ?? otherwise) })
}

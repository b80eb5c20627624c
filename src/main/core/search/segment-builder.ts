import { readFile } from 'node:fs/promises'
import { Worker, type WorkerOptions } from 'node:worker_threads'
import { decodeSegment, encodeSegment } from './segment'
import { buildSegment, mergeSegments, type IndexDoc } from './segment-build'

/** A segment file to merge and which of its documents to leave out. */
export interface MergeSource {
  path: string
  deleted: number[]
}

/** Builds and merges segments, returning the new segment's file bytes. */
export interface SegmentBuilder {
  build(docs: IndexDoc[]): Promise<Uint8Array>
  merge(sources: MergeSource[]): Promise<Uint8Array>
  close(): Promise<void>
}

/** The work itself, shared by both builders (and run by the worker thread). */
export async function runJob(job: BuildJob): Promise<Uint8Array> {
  if (job.type === 'build') return encodeSegment(buildSegment(job.docs))
  const inputs = await Promise.all(
    job.sources.map(async (source) => ({
      segment: await readFile(source.path).then((bytes) =>
        decodeSegment(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)),
      ),
      deleted: new Set(source.deleted),
    })),
  )
  return encodeSegment(mergeSegments(inputs))
}

export type BuildJob = { type: 'build'; docs: IndexDoc[] } | { type: 'merge'; sources: MergeSource[] }

/** Messages between the index and its worker. */
export type WorkerRequest = { id: number; job: BuildJob }
export type WorkerReply = { id: number; bytes: Uint8Array } | { id: number; error: string }

/** Runs builds and merges on the calling thread: for tests, the CLI and small jobs. */
export function inProcessBuilder(): SegmentBuilder {
  return {
    build: (docs) => runJob({ type: 'build', docs }),
    merge: (sources) => runJob({ type: 'merge', sources }),
    close: async () => undefined,
  }
}

/**
 * Runs builds and merges in a worker_threads worker (`index-worker.ts`, built to its own file), so that a
 * rebuild of 50,000 articles never blocks the thread that serves the UI. The worker starts on first use,
 * holds the process open only while it has work, and is started again if it dies.
 */
export function workerBuilder(script: URL | string, options: WorkerOptions = {}): SegmentBuilder {
  let worker: Worker | null = null
  let nextId = 1
  const pending = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }>()
  const failAll = (error: Error): void => {
    for (const job of pending.values()) job.reject(error)
    pending.clear()
    worker = null
  }
  const start = (): Worker => {
    const started = new Worker(script, options)
    started.on('message', (reply: WorkerReply) => {
      const job = pending.get(reply.id)
      if (!job) return
      pending.delete(reply.id)
      if (pending.size === 0) started.unref()
      if ('error' in reply) job.reject(new Error(reply.error))
      else job.resolve(reply.bytes)
    })
    started.on('error', (error) => failAll(error))
    started.on('exit', (code) => {
      if (worker === started) failAll(new Error(`the search index worker stopped (exit code ${code})`))
    })
    return started
  }
  const send = (job: BuildJob): Promise<Uint8Array> =>
    new Promise((resolve, reject) => {
      worker ??= start()
      worker.ref()
      const id = nextId++
      pending.set(id, { resolve, reject })
      worker.postMessage({ id, job } satisfies WorkerRequest)
    })
  return {
    build: (docs) => send({ type: 'build', docs }),
    merge: (sources) => send({ type: 'merge', sources }),
    close: async () => {
      const stopping = worker
      worker = null
      if (stopping) await stopping.terminate()
      failAll(new Error('the search index was closed'))
    },
  }
}

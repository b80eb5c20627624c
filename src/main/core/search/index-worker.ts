/**
 * The search index's worker thread: builds and merges segments off the thread that serves the UI.
 * Bundled as its own entry (out/main/index-worker.js); see workerBuilder in segment-builder.ts.
 */
import { parentPort } from 'node:worker_threads'
import { runJob, type WorkerReply, type WorkerRequest } from './segment-builder'

parentPort?.on('message', (request: WorkerRequest) => {
  runJob(request.job).then(
    (bytes) =>
      parentPort?.postMessage({ id: request.id, bytes } satisfies WorkerReply, [bytes.buffer as ArrayBuffer]),
    (error: unknown) =>
      parentPort?.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies WorkerReply),
  )
})

/**
 * The search index's worker thread: builds and merges segments off the thread that serves the UI.
 * Bundled as its own entry (out/main/index-worker.js); see workerBuilder in segment-threads.ts.
 */
import { serveTasks } from '../workers/serve-tasks'
import { runJob } from './segment-jobs'

// The segment's bytes are moved to the index, not copied.
export default serveTasks(runJob, { transfer: (bytes) => [bytes.buffer as ArrayBuffer] })

/**
 * The store's worker thread: compresses and writes large groups of article bodies off the sync's
 * thread. Bundled as its own entry (out/main/store-worker.js); see workerBodyWriter in body-writer.ts.
 */
import { serveTasks } from '../workers/serve-tasks'
import { writeBodies, type BodyFile } from './body-writer'

// This thread does nothing else: its file operations are blocking calls, one after another.
export default serveTasks(async (files: readonly BodyFile[]) => {
  await writeBodies(files, { blocking: true })
  return null
})

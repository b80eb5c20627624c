/**
 * A build worker: the sync's DOM work (feed parsing, sanitizing, extraction, text) off the sync's thread,
 * with a jsdom window of its own. Bundled as its own entry (out/main/build-worker.js); see build-pool.ts.
 */
import { serveTasks } from '../workers/serve-tasks'
import { runJobMessage } from './build-jobs'

export default serveTasks(runJobMessage)

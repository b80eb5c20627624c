/**
 * A build worker: the sync's DOM work (feed parsing, sanitizing, extraction, text) off the sync's thread,
 * with a jsdom window of its own. Bundled as its own entry (out/main/build-worker.js); see build-pool.ts.
 */
import { parentPort } from 'node:worker_threads'
import { serveContentJobs } from './build-jobs'

if (parentPort) serveContentJobs(parentPort)

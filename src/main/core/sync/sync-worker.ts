/**
 * The sync thread (sync-thread.ts): a core of its own over the same data dir, which syncs when asked and
 * says how it went. Bundled as its own entry (out/main/sync-worker.js).
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { DamageNotice } from '../../../shared/contract'
import { startServices, type Broadsheet } from '../broadsheet'
import { builtWorkerFile } from '../workers/built-worker'
import { serializeError } from '../workers/task-outcome'
import { BUILD_TIME_LIMIT_MS, BuildPool } from './build-pool'
import type { FromSyncThread, SyncThreadSetup, ToSyncThread } from './sync-thread'

const port = parentPort
if (!port) throw new Error('sync-worker.ts runs as a worker thread (sync-thread.ts)')
const setup = workerData as SyncThreadSetup
const send = (message: FromSyncThread) => port.postMessage(message)

// Found beside this file in a build; none from the TypeScript sources (tests give theirs).
const bodyWorker = setup.storeWorker ?? builtWorkerFile('store-worker')

const content = setup.buildWorker
  ? new BuildPool({
      worker: setup.buildWorker,
      timeLimitMs: BUILD_TIME_LIMIT_MS,
      ...(setup.execArgv ? { execArgv: setup.execArgv } : {}),
    })
  : (setup.content ?? 'pool')

let opened: Promise<Broadsheet> | null = null
/** The core's damage reports already sent (they are the main core's to show). */
let damageSent = 0
const aborts = new Map<number, AbortController>()

function core(): Promise<Broadsheet> {
  opened ??= startServices({
    dataDir: setup.dataDir,
    ...(setup.lockWaitMs !== undefined ? { lockWaitMs: setup.lockWaitMs } : {}),
    ...(bodyWorker ? { store: { bodyWorker, ...(setup.execArgv ? { execArgv: setup.execArgv } : {}) } } : {}),
    sync: {
      content,
      ...(setup.feedParallelism !== undefined ? { feedParallelism: setup.feedParallelism } : {}),
    },
    ...(setup.credentials ? { accounts: { credentials: setup.credentials } } : {}),
  }).then((started) => {
    // A rule's notice is raised here: the main core raises it for its listeners (the desktop notice).
    started.events.subscribe((event) => send({ type: 'event', name: event.name, payload: event.payload }))
    return started
  })
  return opened
}

function newDamage(broadsheet: Broadsheet | null): DamageNotice[] {
  if (!broadsheet) return []
  const fresh = broadsheet.damage.slice(damageSent)
  damageSent = broadsheet.damage.length
  return fresh
}

async function sync(id: number, feedIds: string[] | undefined): Promise<void> {
  const abort = new AbortController()
  aborts.set(id, abort)
  let broadsheet: Broadsheet | null = null
  try {
    broadsheet = await core()
    const result = await broadsheet.sync.runHere({
      ...(feedIds ? { feedIds } : {}),
      signal: abort.signal,
      onProgress: (progress) => send({ type: 'progress', id, progress }),
    })
    send({ type: 'done', id, result, damage: newDamage(broadsheet) })
  } catch (error) {
    send({ type: 'failed', id, error: serializeError(error), damage: newDamage(broadsheet) })
  } finally {
    aborts.delete(id)
  }
}

port.on('message', (message: ToSyncThread) => {
  if (message.type === 'sync') void sync(message.id, message.feedIds)
  else if (message.type === 'abort') aborts.get(message.id)?.abort()
  else if (message.type === 'close') {
    for (const abort of aborts.values()) abort.abort()
    void (async () => {
      try {
        await (await opened)?.close()
        if (content instanceof BuildPool) await content.close()
      } finally {
        send({ type: 'closed' })
        // Ends this thread only: its idle connections and timers must not keep it.
        process.exit(0)
      }
    })()
  }
})

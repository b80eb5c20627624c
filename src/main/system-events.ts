import { net, powerMonitor } from 'electron'
import type { SyncScheduler } from './core/sync/scheduler'

/** How often the network state is checked (Electron offers no online/offline event in main). */
export const ONLINE_POLL_MS = 15_000
/** After waking, the network needs a moment to come back before a sync can reach anything. */
export const RESUME_DELAY_MS = 5_000

/**
 * Connects the machine to background sync: waking from sleep syncs (after a short delay, once the network
 * had time to return), and going offline and back online is noticed by polling `net.isOnline()`.
 * Returns the disconnection.
 */
export function connectSystemEvents(scheduler: SyncScheduler): () => void {
  let resumeTimer: ReturnType<typeof setTimeout> | undefined
  const onResume = (): void => {
    clearTimeout(resumeTimer)
    resumeTimer = setTimeout(() => {
      const online = net.isOnline()
      // Coming back online syncs by itself; a second trigger would only queue a redundant follow-up.
      const cameBack = online && !scheduler.status.online
      scheduler.setOnline(online)
      if (!cameBack) scheduler.resume()
    }, RESUME_DELAY_MS)
  }
  const onSuspend = (): void => clearTimeout(resumeTimer)
  powerMonitor.on('resume', onResume)
  powerMonitor.on('suspend', onSuspend)
  const poll = setInterval(() => scheduler.setOnline(net.isOnline()), ONLINE_POLL_MS)
  poll.unref?.()
  return () => {
    clearTimeout(resumeTimer)
    clearInterval(poll)
    powerMonitor.off('resume', onResume)
    powerMonitor.off('suspend', onSuspend)
  }
}

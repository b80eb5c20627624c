import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BroadsheetEvent } from '../../../../src/shared/contract'
import { EventHub } from '../../../../src/main/core/events'
import { SyncScheduler } from '../../../../src/main/core/sync/scheduler'
import type { SyncOptions, SyncResult } from '../../../../src/main/core/sync/sync-engine'
import { connectSystemEvents, ONLINE_POLL_MS, RESUME_DELAY_MS } from '../../../../src/main/system-events'
import { net, powerMonitor, resetElectronMock } from '../../electron-mock'

vi.mock('electron', () => import('../../electron-mock'))

const MINUTE = 60_000

/** A sync engine stand-in whose runs end when the test says so, counting how many run at once. */
function fakeEngine() {
  const runs: {
    options: SyncOptions
    finish: (result?: Partial<SyncResult>) => void
    fail: (e: Error) => void
  }[] = []
  let running = 0
  let maxRunning = 0
  const sync = vi.fn(
    (options: SyncOptions) =>
      new Promise<SyncResult>((resolve, reject) => {
        running += 1
        maxRunning = Math.max(maxRunning, running)
        runs.push({
          options,
          finish: (result = {}) => {
            running -= 1
            resolve({ feeds: [], accounts: [], newArticles: 0, durationMs: 5, ...result })
          },
          fail: (error) => {
            running -= 1
            reject(error)
          },
        })
      }),
  )
  return { sync, runs, maxRunning: () => maxRunning, last: () => runs.at(-1)! }
}

function setup(options: { online?: boolean; interval?: () => number } = {}) {
  const engine = fakeEngine()
  const events = new EventHub()
  const seen: BroadsheetEvent[] = []
  events.subscribe((event) => seen.push(event))
  const scheduler = new SyncScheduler({
    sync: engine.sync,
    intervalMinutes: options.interval ?? (() => 30),
    events,
    online: options.online,
  })
  return { engine, scheduler, seen, names: () => seen.map((event) => event.name) }
}

beforeEach(() => {
  resetElectronMock()
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('background sync', () => {
  it('syncs at start, then every interval, reading the setting before each wait', async () => {
    let minutes = 30
    const { engine, scheduler } = setup({ interval: () => minutes })
    scheduler.start()
    expect(engine.sync).toHaveBeenCalledTimes(1)
    engine.last().finish()
    await vi.advanceTimersByTimeAsync(29 * MINUTE)
    expect(engine.sync).toHaveBeenCalledTimes(1)
    minutes = 5 // takes effect from the next wait
    await vi.advanceTimersByTimeAsync(1 * MINUTE)
    expect(engine.sync).toHaveBeenCalledTimes(2)
    engine.last().finish()
    await vi.advanceTimersByTimeAsync(5 * MINUTE)
    expect(engine.sync).toHaveBeenCalledTimes(3)
    engine.last().finish()
    await scheduler.stop()
  })

  it('never runs two syncs at once: requests during a sync become one follow-up', async () => {
    const { engine, scheduler } = setup()
    const first = scheduler.request('manual')
    const during = [scheduler.request('manual'), scheduler.request('manual'), scheduler.request('manual')]
    scheduler.resume()
    scheduler.trigger('interval')
    expect(engine.sync).toHaveBeenCalledTimes(1)
    expect(scheduler.status.syncing).toBe(true)
    engine.last().finish({ newArticles: 1 })
    expect((await first).newArticles).toBe(1)
    await vi.advanceTimersByTimeAsync(0)
    expect(engine.sync).toHaveBeenCalledTimes(2)
    engine.last().finish({ newArticles: 2 })
    const answers = await Promise.all(during)
    expect(answers.map((summary) => summary.newArticles)).toEqual([2, 2, 2])
    await vi.advanceTimersByTimeAsync(0)
    expect(engine.sync).toHaveBeenCalledTimes(2)
    expect(engine.maxRunning()).toBe(1)
    expect(scheduler.status.syncing).toBe(false)
  })

  it('runs nothing else in the gap between a sync and its follow-up', async () => {
    const { engine, scheduler } = setup()
    const first = scheduler.request('manual')
    const followUp = scheduler.request('manual')
    engine.last().finish()
    await first
    // The follow-up has not started yet; a request now must join it, not start a third run alongside.
    const late = scheduler.request('manual')
    await vi.advanceTimersByTimeAsync(0)
    expect(engine.sync).toHaveBeenCalledTimes(2)
    engine.last().finish()
    expect(await late).toBe(await followUp)
    expect(engine.maxRunning()).toBe(1)
  })

  it('merges the feeds that follow-up requests asked for', async () => {
    const { engine, scheduler } = setup()
    void scheduler.request('manual', ['a'])
    expect(engine.last().options.feedIds).toEqual(['a'])
    void scheduler.request('manual', ['b'])
    void scheduler.request('manual', ['c', 'b'])
    engine.last().finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(engine.last().options.feedIds).toEqual(['b', 'c'])
    void scheduler.request('manual', ['d'])
    void scheduler.request('manual')
    engine.last().finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(engine.last().options.feedIds).toBeUndefined()
    engine.last().finish()
  })

  it('reports progress, the result and new articles as events', async () => {
    const { engine, scheduler, seen, names } = setup()
    const done = scheduler.request('manual')
    engine.last().options.onProgress?.({ done: 0, total: 2, feed: null })
    engine.last().options.onProgress?.({
      done: 1,
      total: 2,
      feed: { id: 'f1', title: 'One', error: null, newArticles: 3 },
    })
    engine.last().finish({
      newArticles: 3,
      feeds: [
        {
          id: 'f1',
          title: 'One',
          newArticles: 3,
          updatedArticles: 0,
          notModified: false,
          error: null,
          notice: null,
        },
        {
          id: 'f2',
          title: 'Two',
          newArticles: 0,
          updatedArticles: 0,
          notModified: false,
          error: 'timed out',
          notice: null,
        },
      ],
    })
    const summary = await done
    expect(names()).toEqual(['syncStarted', 'syncProgress', 'syncProgress', 'syncFinished', 'newArticles'])
    expect(seen[2]).toEqual({
      name: 'syncProgress',
      payload: { done: 1, total: 2, feed: { id: 'f1', title: 'One', error: null, newArticles: 3 } },
    })
    expect(seen[4]).toEqual({
      name: 'newArticles',
      payload: { total: 3, feeds: [{ id: 'f1', title: 'One', count: 3 }] },
    })
    expect(summary.feeds[1]).toEqual({
      id: 'f2',
      title: 'Two',
      newArticles: 0,
      error: 'timed out',
      notice: null,
    })
    expect(scheduler.status.lastSync).toEqual(summary)
  })

  it('reports a failed sync as an event and keeps the schedule', async () => {
    const { engine, scheduler, seen } = setup()
    scheduler.start()
    engine.last().fail(new Error('another Broadsheet process is writing\nstack'))
    await vi.advanceTimersByTimeAsync(0)
    expect(seen.at(-1)).toEqual({
      name: 'syncError',
      payload: { message: 'another Broadsheet process is writing' },
    })
    await vi.advanceTimersByTimeAsync(30 * MINUTE)
    expect(engine.sync).toHaveBeenCalledTimes(2)
    engine.last().finish()
  })

  it('skips automatic syncs while offline and syncs on coming back', async () => {
    const { engine, scheduler, seen } = setup({ online: false })
    scheduler.start()
    scheduler.resume()
    await vi.advanceTimersByTimeAsync(60 * MINUTE)
    expect(engine.sync).not.toHaveBeenCalled()
    scheduler.setOnline(true)
    expect(engine.sync).toHaveBeenCalledTimes(1)
    expect(seen.find((event) => event.name === 'online')?.payload).toEqual({ online: true })
    engine.last().finish()
    await scheduler.stop()
  })

  it('stops: cancels the running sync and arms no timer', async () => {
    const { engine, scheduler } = setup()
    scheduler.start()
    const signal = engine.last().options.signal!
    const stopped = scheduler.stop()
    expect(signal.aborted).toBe(true)
    engine.last().finish()
    await stopped
    await vi.advanceTimersByTimeAsync(120 * MINUTE)
    expect(engine.sync).toHaveBeenCalledTimes(1)
    await expect(scheduler.request('manual')).rejects.toThrow(/stopped/)
  })
})

describe('the machine’s events', () => {
  it('syncs when the machine wakes (once the network had a moment)', async () => {
    const { engine, scheduler } = setup()
    const disconnect = connectSystemEvents(scheduler)
    powerMonitor.emit('resume')
    expect(engine.sync).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(RESUME_DELAY_MS)
    expect(engine.sync).toHaveBeenCalledTimes(1)
    expect(scheduler.status.syncing).toBe(true)
    // Waking again during that sync queues one follow-up, never a second run alongside.
    powerMonitor.emit('resume')
    await vi.advanceTimersByTimeAsync(RESUME_DELAY_MS)
    expect(engine.sync).toHaveBeenCalledTimes(1)
    engine.last().finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(engine.sync).toHaveBeenCalledTimes(2)
    expect(engine.maxRunning()).toBe(1)
    engine.last().finish()
    disconnect()
  })

  it('notices going offline and back online', async () => {
    const { engine, scheduler, seen } = setup()
    const disconnect = connectSystemEvents(scheduler)
    net.isOnline.mockReturnValue(false)
    await vi.advanceTimersByTimeAsync(ONLINE_POLL_MS)
    expect(scheduler.status.online).toBe(false)
    expect(seen.at(-1)).toEqual({ name: 'online', payload: { online: false } })
    expect(engine.sync).not.toHaveBeenCalled()
    net.isOnline.mockReturnValue(true)
    await vi.advanceTimersByTimeAsync(ONLINE_POLL_MS)
    expect(engine.sync).toHaveBeenCalledTimes(1)
    expect(engine.runs).toHaveLength(1)
    engine.last().finish()
    disconnect()
    expect(powerMonitor.listenerCount('resume')).toBe(0)
  })
})

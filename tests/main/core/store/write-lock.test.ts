import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import { DataDirBusyError, WriteLock } from '../../../../src/main/core/store/write-lock'
import { useTempDirs } from '../../../helpers/temp-dir'
import { subscribeTo } from '../../../helpers/subscribe'

const tempDir = useTempDirs('lock')

/** Another process taking the data dir's write lock the way WriteLock does, then holding it. */
const HOLDER = `
const lockfile = require('proper-lockfile')
const path = require('node:path')
const [dir, releaseAfter] = process.argv.slice(1)
lockfile
  .lock(dir, { lockfilePath: path.join(dir, 'write.lock'), realpath: false, stale: 5000, retries: 0 })
  .then((release) => {
    process.stdout.write('locked\\n')
    setInterval(() => {}, 1000)
    if (Number(releaseAfter) > 0) setTimeout(() => release().then(() => process.exit(0)), Number(releaseAfter))
  }, (error) => {
    process.stderr.write(String(error))
    process.exit(3)
  })
`

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

/** Starts a holder and resolves once it has the lock. `releaseAfterMs` 0: hold until killed. */
async function holdLock(dir: string, releaseAfterMs = 0): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', HOLDER, dir, String(releaseAfterMs)], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve()
    })
    child.on('exit', (code) => reject(new Error(`lock holder exited with ${code}`)))
  })
  return child
}

describe('the data dir write lock', () => {
  it('makes a write wait while another process holds it, then succeed', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir, lockWaitMs: 10_000 })
    await holdLock(dir, 1_200)
    const started = Date.now()
    const feed = await subscribeTo(core, 'https://waited.test/feed')
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(core.subscriptions.feeds()).toEqual([feed])
    expect(existsSync(join(dir, 'write.lock'))).toBe(false)
  })

  it('gives up after lockWaitMs with a message that says what is going on', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir, lockWaitMs: 400 })
    await holdLock(dir)
    const started = Date.now()
    const attempt = subscribeTo(core, 'https://busy.test/feed')
    await expect(attempt).rejects.toBeInstanceOf(DataDirBusyError)
    await expect(attempt).rejects.toThrow(
      `another Broadsheet process is writing to ${dir}; try again in a moment`,
    )
    expect(Date.now() - started).toBeGreaterThanOrEqual(380)
    expect(core.subscriptions.feeds()).toEqual([])
  })

  it('takes over the lock of a process that died holding it', async () => {
    const dir = await tempDir()
    const holder = await holdLock(dir)
    holder.kill('SIGKILL')
    await new Promise((resolve) => holder.on('exit', resolve))
    expect(existsSync(join(dir, 'write.lock'))).toBe(true)

    const lock = new WriteLock(dir, { staleMs: 2_000, waitMs: 10_000 })
    const started = Date.now()
    expect(await lock.run(() => 'done')).toBe('done')
    // Not refreshed any more, the lock goes stale after staleMs.
    expect(Date.now() - started).toBeLessThan(8_000)
    expect(existsSync(join(dir, 'write.lock'))).toBe(false)
  })

  it('takes over a lock left long ago without waiting', async () => {
    const dir = await tempDir()
    await mkdir(join(dir, 'write.lock'))
    const anHourAgo = new Date(Date.now() - 3_600_000)
    await utimes(join(dir, 'write.lock'), anHourAgo, anHourAgo)
    const core = await startServices({ dataDir: dir, lockWaitMs: 1_000 })
    await subscribeTo(core, 'https://stale.test/feed')
    expect(core.subscriptions.feeds()).toHaveLength(1)
  })

  it('runs one task at a time in a process, lets a nested call through, and survives a failure', async () => {
    const dir = await tempDir()
    const lock = new WriteLock(dir)
    const events: string[] = []
    const task = (name: string) => async () => {
      events.push(`start ${name}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
      events.push(`end ${name}`)
      return name
    }
    const failing = lock.run(async () => {
      throw new Error('task failed')
    })
    const results = await Promise.all([
      lock.run(task('a')),
      lock.run(async () => `outer+${await lock.run(task('nested'))}`),
      lock.run(task('b')),
    ])
    await expect(failing).rejects.toThrow('task failed')
    expect(results).toEqual(['a', 'outer+nested', 'b'])
    expect(events).toEqual(['start a', 'end a', 'start nested', 'end nested', 'start b', 'end b'])
  })

  it('makes a callback that a finished task left behind take the lock again', async () => {
    const dir = await tempDir()
    const lock = new WriteLock(dir)
    const other = new WriteLock(dir)
    let inside = 0
    let overlapped = false
    const write = async () => {
      if (inside++ > 0) overlapped = true
      await new Promise((resolve) => setTimeout(resolve, 60))
      inside--
    }
    let late: Promise<void> = Promise.resolve()
    await lock.run(() => {
      // A timer started under the lock (a debounced flush, say) fires after the task has ended.
      late = new Promise((resolve) => setTimeout(resolve, 30)).then(() => lock.run(write))
    })
    await Promise.all([other.run(write), late])
    expect(overlapped).toBe(false)
  })

  it('keeps two instances in one process from writing at once', async () => {
    const dir = await tempDir()
    const first = new WriteLock(dir)
    const second = new WriteLock(dir)
    let inside = 0
    let most = 0
    const task = async () => {
      most = Math.max(most, ++inside)
      await new Promise((resolve) => setTimeout(resolve, 10))
      inside--
    }
    await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? first : second).run(task)))
    expect(most).toBe(1)
  })
})

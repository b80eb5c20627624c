import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  WorkerPool,
  WorkerStartError,
  type WorkerPoolOptions,
} from '../../../../src/main/core/workers/worker-pool'
import { bundledWorker, workerExecArgv } from '../../../helpers/worker-bundles'
import type { TestTask } from './fixtures/test-worker'

const TEST_WORKER = bundledWorker('tests/main/core/workers/fixtures/test-worker.ts')
const pools: Array<WorkerPool<TestTask, unknown>> = []

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()))
})

function pool(options: Partial<WorkerPoolOptions> = {}): WorkerPool<TestTask, unknown> {
  const made = new WorkerPool<TestTask, unknown>({
    worker: TEST_WORKER,
    execArgv: workerExecArgv(),
    lostMessage: (reason) => `the test worker stopped (${reason})`,
    closedMessage: 'the test pool was closed',
    ...options,
  })
  pools.push(made)
  return made
}

const echo = (value: string): TestTask => ({ kind: 'echo', value })
const hold = (ms: number, counts: Int32Array): TestTask => ({ kind: 'hold', ms, counts })
const failure = (promise: Promise<unknown>): Promise<Error> =>
  promise.then(
    () => {
      throw new Error('expected the task to fail')
    },
    (error: Error) => error,
  )

describe('the worker pool', () => {
  it('runs tasks in worker threads and moves bytes back', async () => {
    const workers = pool({ size: 2 })
    expect(workers.threads).toBe(0)
    expect(await Promise.all(['a', 'b', 'c'].map((value) => workers.run(echo(value))))).toEqual([
      'echo: a',
      'echo: b',
      'echo: c',
    ])
    const bytes = (await workers.run({ kind: 'bytes', length: 1000 })) as Uint8Array
    expect(bytes).toBeInstanceOf(Uint8Array)
    expect(bytes.length).toBe(1000)
    expect(bytes.every((byte) => byte === 7)).toBe(true)
    expect(workers.threads).toBeGreaterThan(0)
    expect(workers.threads).toBeLessThanOrEqual(2)
  })

  it('runs at most `size` tasks at once, and that many when there are enough', async () => {
    const counts = new Int32Array(new SharedArrayBuffer(8))
    const workers = pool({ size: 2 })
    const results = await Promise.all(Array.from({ length: 6 }, () => workers.run(hold(150, counts))))
    expect(results).toEqual(Array(6).fill('held'))
    expect(Atomics.load(counts, 1)).toBe(2)
    expect(workers.threads).toBeLessThanOrEqual(2)
  })

  it("gives a task's error back as that task's, one line, and the other tasks are done", async () => {
    const workers = pool({ size: 1 })
    const tasks = [echo('before'), { kind: 'throw', message: 'bad input' } as const, echo('after')]
    const settled = await Promise.allSettled(tasks.map((task) => workers.run(task)))
    expect(settled[0]).toEqual({ status: 'fulfilled', value: 'echo: before' })
    expect(settled[2]).toEqual({ status: 'fulfilled', value: 'echo: after' })
    const error = (settled[1] as PromiseRejectedResult).reason as Error
    expect(error.name).toBe('TaskError')
    expect(error.message).toBe('bad input')

    // A pool that knows the error's kind gets its fields too.
    const fields: unknown[] = []
    const knowing = pool({
      rebuildError: (serialized) => (fields.push(serialized.fields), new Error('known')),
    })
    expect((await failure(knowing.run({ kind: 'throw', message: 'x' }))).message).toBe('known')
    expect(fields).toEqual([{ code: 'E_TEST' }])
  })

  it('fails only the task whose thread crashed; a new thread takes the next', async () => {
    const workers = pool({ size: 2 })
    const crash = workers.run({ kind: 'exit', code: 7 })
    const others = ['a', 'b', 'c'].map((value) => workers.run(echo(value)))
    const error = await failure(crash)
    expect(error.message).toBe('the test worker stopped (exit code 7)')
    expect(await Promise.all(others)).toEqual(['echo: a', 'echo: b', 'echo: c'])
    expect(await workers.run(echo('later'))).toBe('echo: later')
  })

  it('ends a task over its time limit with its thread, counting its run and not its wait', async () => {
    const counts = new Int32Array(new SharedArrayBuffer(8))
    const workers = pool({ size: 1, timeLimitMs: 500 })
    // The first holds the one thread for 300 ms; the spin waits that long, then runs 500 ms and is ended.
    const held = workers.run(hold(300, counts))
    const started = performance.now()
    const spin = failure(workers.run({ kind: 'spin' }))
    const after = workers.run(echo('after'))
    expect(await held).toBe('held')
    const error = await spin
    expect(error.message).toBe('the test worker stopped (over its time limit of 500 ms)')
    expect(performance.now() - started).toBeGreaterThanOrEqual(750)
    // The task after it ran on a new thread.
    expect(await after).toBe('echo: after')
    // A limit per task, shorter than the pool's.
    const quick = await failure(workers.run({ kind: 'spin' }, { timeLimitMs: 100 }))
    expect(quick.message).toBe('the test worker stopped (over its time limit of 100 ms)')
  })

  it("does not count a thread's loading against the time limit of the task waiting for it", async () => {
    // This worker takes a second to load; the task's limit is far shorter, and it is still done.
    const slow = new WorkerPool<{ input: string }, string>({
      worker: bundledWorker('tests/main/core/workers/fixtures/slow-echo-worker.ts'),
      execArgv: workerExecArgv(),
      size: 1,
      timeLimitMs: 300,
    })
    try {
      const started = performance.now()
      expect(await slow.run({ input: 'loaded' })).toBe('echo: loaded')
      expect(performance.now() - started).toBeGreaterThanOrEqual(900)
    } finally {
      await slow.close()
    }
  })

  it('fails the tasks running and waiting when closed, and ends its threads', async () => {
    const workers = pool({ size: 1 })
    await workers.warm()
    expect(workers.threads).toBe(1)
    const running = failure(workers.run({ kind: 'spin' }))
    const waiting = failure(workers.run(echo('never')))
    await workers.close()
    expect((await running).message).toBe('the test pool was closed')
    expect((await waiting).message).toBe('the test pool was closed')
    expect(workers.threads).toBe(0)
    expect((await failure(workers.run(echo('after')))).message).toBe('the test pool was closed')
  })

  it('ends idle threads after a while, and starts one again for the next task', async () => {
    const workers = pool({ size: 2, idleMs: 100 })
    await workers.warm(2)
    expect(workers.threads).toBe(2)
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(workers.threads).toBe(0)
    expect(await workers.run(echo('again'))).toBe('echo: again')
  })

  it('does not hold the process open once its threads are idle', async () => {
    const script = resolve('tests/main/core/workers/fixtures/idle-exit.ts')
    const args = [TEST_WORKER.href, JSON.stringify(workerExecArgv())]
    const child = spawn(process.execPath, ['--import', 'tsx/esm', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    // Its pool keeps idle threads for a minute: the process ends long before, or it waits for them.
    const started = performance.now()
    const code = await new Promise((done) => child.on('close', done))
    expect(code).toBe(0)
    expect(output.trim()).toBe('echo: done')
    expect(performance.now() - started).toBeLessThan(30_000)
  })

  it('says so, in one line, when its worker cannot start', async () => {
    const workers = pool({ worker: bundledWorker('tests/main/core/workers/fixtures/broken-worker.ts') })
    const error = await failure(workers.warm())
    expect(error).toBeInstanceOf(WorkerStartError)
    expect(error.message).toBe('the worker could not start (cannot start)')
    expect(await failure(workers.run(echo('x')))).toBe(error)
  })
})

import { describe, expect, test } from 'vitest'
import { HostLimiter } from '../../../../src/main/core/net/host-limiter'

/** Tasks the test finishes by hand, recording what runs when. */
function harness() {
  const running: Array<{ host: string; finish: () => void }> = []
  const started: string[] = []
  let peak = 0
  const peakPerHost = new Map<string, number>()
  function task(host: string, label = host): () => Promise<string> {
    return () => {
      const entry = { host, finish: () => {} }
      running.push(entry)
      started.push(label)
      peak = Math.max(peak, running.length)
      const onHost = running.filter((r) => r.host === host).length
      peakPerHost.set(host, Math.max(peakPerHost.get(host) ?? 0, onHost))
      return new Promise<string>((resolve) => {
        entry.finish = () => resolve(label)
      }).finally(() => running.splice(running.indexOf(entry), 1))
    }
  }
  /** Finishes the oldest running task and lets the limiter start the next ones. */
  async function finishOldest(): Promise<void> {
    running[0]!.finish()
    await settle()
  }
  return {
    running,
    started,
    task,
    finishOldest,
    get peak() {
      return peak
    },
    peakPerHost,
  }
}

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

describe('HostLimiter', () => {
  test('runs at most 6 tasks at once overall and 2 per host, by default', async () => {
    const limiter = new HostLimiter()
    const h = harness()
    const hosts = ['a.example', 'b.example', 'c.example', 'd.example', 'e.example']
    const results = hosts.flatMap((host) =>
      [1, 2, 3, 4].map((n) => limiter.run(`https://${host}/item/${n}`, h.task(host, `${host}#${n}`))),
    )
    await settle()
    expect(h.running).toHaveLength(6)
    while (h.running.length > 0) await h.finishOldest()
    expect(h.started).toHaveLength(20)
    expect(h.peak).toBe(6)
    for (const host of hosts) expect(h.peakPerHost.get(host)).toBe(2)
    expect(await Promise.all(results)).toEqual(
      hosts.flatMap((host) => [1, 2, 3, 4].map((n) => `${host}#${n}`)),
    )
  })

  test('honours custom limits', async () => {
    const limiter = new HostLimiter({ total: 3, perHost: 1 })
    const h = harness()
    for (const host of ['a', 'a', 'b', 'b', 'c', 'd'])
      void limiter.run(`https://${host}.example/`, h.task(host))
    await settle()
    expect(h.running.map((r) => r.host)).toEqual(['a', 'b', 'c'])
    while (h.running.length > 0) await h.finishOldest()
    expect(h.peak).toBe(3)
    expect(Math.max(...h.peakPerHost.values())).toBe(1)
  })

  test('a host at its limit does not hold up other hosts queued behind it', async () => {
    const limiter = new HostLimiter({ total: 6, perHost: 2 })
    const h = harness()
    for (let i = 0; i < 200; i++) void limiter.run(`https://busy.example/${i}`, h.task('busy'))
    void limiter.run('https://quiet.example/1', h.task('quiet'))
    void limiter.run('https://other.example/1', h.task('other'))
    await settle()
    expect(h.running.map((r) => r.host).sort()).toEqual(['busy', 'busy', 'other', 'quiet'])
  })

  test('hosts take turns: one host with 200 queued tasks does not starve a later one', async () => {
    // Overall limit = per-host limit, so a plain first-in-first-out queue would run all 200 first.
    const limiter = new HostLimiter({ total: 2, perHost: 2 })
    const h = harness()
    for (let i = 0; i < 200; i++) void limiter.run(`https://busy.example/${i}`, h.task('busy', `busy#${i}`))
    void limiter.run('https://late.example/', h.task('late'))
    await settle()
    while (!h.started.includes('late')) await h.finishOldest()
    expect(h.started.indexOf('late')).toBeLessThanOrEqual(3)
    // Each host's own tasks still run in the order they came.
    const busy = h.started.filter((label) => label.startsWith('busy'))
    expect(busy).toEqual(busy.map((_, i) => `busy#${i}`))
  })

  test('servers on different ports of one address are different hosts; the same port is the same', async () => {
    const limiter = new HostLimiter({ total: 10, perHost: 1 })
    const h = harness()
    for (const port of [8001, 8002, 8003, 8001, 8002])
      void limiter.run(`http://127.0.0.1:${port}/feed`, h.task(`127.0.0.1:${port}`))
    await settle()
    expect(h.running.map((r) => r.host)).toEqual(['127.0.0.1:8001', '127.0.0.1:8002', '127.0.0.1:8003'])
    while (h.running.length > 0) await h.finishOldest()
    expect(h.started).toHaveLength(5)
    expect(Math.max(...h.peakPerHost.values())).toBe(1)
  })

  test('a default port counts as the address without one', async () => {
    const limiter = new HostLimiter({ total: 10, perHost: 1 })
    const h = harness()
    void limiter.run('https://a.example:443/1', h.task('a', 'explicit'))
    void limiter.run('https://a.example/2', h.task('a', 'implicit'))
    await settle()
    expect(h.started).toEqual(['explicit'])
  })

  test('a failing task rejects its own run and frees its slot', async () => {
    const limiter = new HostLimiter({ total: 1, perHost: 1 })
    const failing = limiter.run('https://a.example/', () => Promise.reject(new Error('boom')))
    const throwing = limiter.run('https://a.example/', () => {
      throw new Error('sync boom')
    })
    const next = limiter.run('https://a.example/', () => Promise.resolve('after'))
    await expect(failing).rejects.toThrow('boom')
    await expect(throwing).rejects.toThrow('sync boom')
    await expect(next).resolves.toBe('after')
  })

  test('an unparsable address still runs its task', async () => {
    const limiter = new HostLimiter()
    await expect(limiter.run('not a url', () => Promise.resolve(1))).resolves.toBe(1)
  })
})

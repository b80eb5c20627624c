import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyMemoryPolicy } from '../../../../src/main/core/runtime/memory-policy'
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir'

const POLICY = pathToFileURL(
  join(import.meta.dirname, '../../../../src/main/core/runtime/memory-policy.ts'),
).href

/**
 * A sync's allocation pattern, reduced: batches of small objects that stay alive for a while (400 batches,
 * about 60 MB) and then become garbage, 8,000 batches in all. Prints the peak heap size in MB, measured on
 * the main thread or in a worker thread, with or without the policy applied (always on the main thread).
 */
const WORKLOAD = `
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
const [where, policy] = isMainThread ? process.argv.slice(2) : workerData
function churn() {
  const keep = []
  let peak = 0
  for (let i = 0; i < 8000; i++) {
    keep.push(Array.from({ length: 1000 }, (_, j) => ({ i, j, s: 'item ' + i + ' ' + j })))
    if (keep.length > 400) keep.shift()
    if (i % 50 === 0) peak = Math.max(peak, process.memoryUsage().heapTotal)
  }
  return Math.round(peak / 2 ** 20)
}
if (isMainThread) {
  if (policy === 'policy') {
    const { applyMemoryPolicy } = await import(${JSON.stringify(POLICY)})
    if (!applyMemoryPolicy()) throw new Error('the policy was not applied')
  }
  if (where === 'worker') {
    const worker = new Worker(new URL(import.meta.url), { workerData: [where, policy] })
    worker.on('message', (peak) => console.log('PEAK ' + peak))
  } else {
    console.log('PEAK ' + churn())
  }
} else {
  parentPort.postMessage(churn())
}
`

let dir: string
let script: string

beforeAll(async () => {
  dir = await makeTempDir()
  script = join(dir, 'churn.mjs')
  await writeFile(script, WORKLOAD)
})
afterAll(() => removeTempDir(dir))

function peakHeapMB(where: 'main' | 'worker', policy: 'policy' | 'default'): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx/esm', script, where, policy], {
      cwd: join(import.meta.dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('close', (code) => {
      const peak = /PEAK (\d+)/.exec(output)
      if (code === 0 && peak) resolve(Number(peak[1]))
      else reject(new Error(`the workload failed (${code}): ${output}`))
    })
  })
}

describe('the memory policy', () => {
  it('can be applied in this process, and again', () => {
    expect(applyMemoryPolicy()).toBe(true)
    expect(applyMemoryPolicy()).toBe(true)
  })

  for (const where of ['main', 'worker'] as const) {
    it(`keeps a churning heap small on the ${where} thread`, { timeout: 60_000 }, async () => {
      const [withDefault, withPolicy] = await Promise.all([
        peakHeapMB(where, 'default'),
        peakHeapMB(where, 'policy'),
      ])
      console.log(
        `memory policy, ${where} thread: peak heap ${withDefault} MB by default, ${withPolicy} MB with it`,
      )
      // About 60 MB stay alive throughout: V8's default lets the heap reach four times that.
      expect(withPolicy).toBeGreaterThan(50)
      expect(withPolicy).toBeLessThan(withDefault * 0.75)
    })
  }
})

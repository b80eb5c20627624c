import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** A running `broadsheet serve` over its own data dir. */
export interface Preview {
  /** The URL to open, with the run's token in its fragment. */
  url: string
  dataDir: string
  /** Stops the preview; the data dir stays until `remove`. */
  stop(): Promise<void>
  remove(): Promise<void>
}

const BIN = resolve('bin/broadsheet.js')

/** Starts the built CLI's preview (`npm run build` first) on a free port of 127.0.0.1. */
export async function startPreview(dataDir?: string): Promise<Preview> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'broadsheet-e2e-')))
  const child = spawn(process.execPath, [BIN, '--data-dir', dir, 'serve', '--port', '0'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const url = await printedUrl(child)
  return {
    url,
    dataDir: dir,
    stop: () => stopChild(child),
    remove: async () => {
      await stopChild(child)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

function printedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`the preview did not start:\n${output}`)), 20_000)
    const read = (chunk: Buffer): void => {
      output += chunk.toString('utf8')
      const found = /Broadsheet preview: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output)
      if (found?.[1]) {
        clearTimeout(timer)
        resolvePromise(found[1])
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the preview exited with ${code}:\n${output}`))
    })
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((done) => {
    child.once('exit', () => done())
    child.kill('SIGTERM')
  })
}

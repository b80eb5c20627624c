/** Starts `broadsheet serve` (or the naive reader's server) as a child process and talks to its API. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { request } from 'node:http'
import { resolve } from 'node:path'

export const CLI_BIN = resolve('bin/broadsheet.js')
export const NAIVE_READER = resolve('scripts/bench/naive-reader.mjs')

export interface RunningServer {
  /** The printed URL, token included. */
  url: string
  origin: string
  token: string
  child: ChildProcess
  /** performance.now() when the process was spawned and when it printed its URL. */
  spawnedAt: number
  printedAt: number
  stop(): Promise<void>
}

/** True when `npm run build` has produced the CLI and the renderer. */
export function isBuilt(): boolean {
  return existsSync(resolve('out/main/cli.js')) && existsSync(resolve('out/renderer/index.html'))
}

/**
 * The address a server printed: the preview's `…/#token=` (the token in the fragment since the cookie went)
 * or the naive reader's `…/?token=`; null until it is there.
 */
export function printedAddress(output: string): { url: string; origin: string; token: string } | null {
  const found = /(http:\/\/127\.0\.0\.1:\d+)\/[?#]token=(\S+)/.exec(output)
  return found ? { url: found[0], origin: found[1] as string, token: found[2] as string } : null
}

/**
 * Spawns `node ARGS` and resolves once it prints a URL with its token (the preview's "Broadsheet preview:"
 * line, or the naive reader's).
 */
export function startServer(args: string[], options: { nodeArgs?: string[] } = {}): Promise<RunningServer> {
  const spawnedAt = performance.now()
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  })
  return new Promise((resolvePromise, reject) => {
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the server did not start in 120 s:\n${output}`))
    }, 120_000)
    const read = (chunk: Buffer): void => {
      output += chunk.toString('utf8')
      const found = printedAddress(output)
      if (!found) return
      clearTimeout(timer)
      child.stdout?.off('data', read)
      resolvePromise({
        ...found,
        child,
        spawnedAt,
        printedAt: performance.now(),
        stop: () => stopChild(child),
      })
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the server exited with ${code}:\n${output}`))
    })
  })
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('exit', () => {
      clearTimeout(timer)
      done()
    })
    child.kill('SIGTERM')
  })
}

/** `POST /api/<method>` with the token as a Bearer header; resolves with the parsed JSON answer. */
export function callApi<T>(
  server: { origin: string; token: string },
  method: string,
  body: unknown,
): Promise<T> {
  const payload = JSON.stringify(body ?? {})
  return new Promise((resolvePromise, reject) => {
    const req = request(
      `${server.origin}/api/${method}`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${server.token}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
        },
      },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (text += chunk))
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`${method}: HTTP ${response.statusCode} ${text}`))
          else resolvePromise(JSON.parse(text) as T)
        })
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

/** Builds the app (`npm run build`) when out/ lacks the CLI or the renderer; an existing build is used as is. */
export function ensureBuilt(): void {
  if (isBuilt()) return
  process.stderr.write('  out/ is missing the CLI or the renderer: running npm run build…\n')
  execFileSync('npm', ['run', 'build'], { stdio: ['ignore', 'inherit', 'inherit'] })
}

import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { expect } from 'vitest'
import { runCli } from '../../src/cli/program'

/** What one run of the CLI printed and how it exited. */
export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the CLI in this process with captured output, only the environment given and `stdin` as input. */
export async function runCliWith(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  stdin?: string,
): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env,
    isTTY: false,
    readStdin: stdin === undefined ? undefined : async () => stdin,
  })
  return { code, stdout, stderr }
}

/** Runs the CLI over one data dir (through `--data-dir`). */
export function cliIn(dataDir: string): (...argv: string[]) => Promise<CliRun> {
  return (...argv) => runCliWith(['--data-dir', dataDir, ...argv])
}

/** The built command (`npm run build` makes out/main/cli.js, which bin/broadsheet.js loads). */
export const BIN = resolve('bin/broadsheet.js')
export const BUILT_CLI = resolve('out/main/cli.js')

/** Runs `node bin/broadsheet.js …` as a separate process. */
export function runBuiltCli(argv: string[], env: NodeJS.ProcessEnv = {}, bin = BIN): Promise<CliRun> {
  const child = spawn(process.execPath, [bin, ...argv], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  return new Promise((done, fail) => {
    child.on('error', fail)
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }))
  })
}

/** Asserts a failed run: this exit code, nothing on stdout, one line on stderr naming the program, no stack. */
export function expectOneLineError(run: CliRun, code: number, message: string | RegExp): void {
  expect(run.code, run.stderr).toBe(code)
  expect(run.stdout).toBe('')
  const lines = run.stderr.split('\n').filter((line) => line.length > 0)
  expect(lines, run.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^broadsheet: /)
  if (typeof message === 'string') expect(lines[0]).toContain(message)
  else expect(lines[0]).toMatch(message)
  expect(run.stderr).not.toMatch(/^\s+at /m)
}

/** Asserts a successful run with nothing on stderr. */
export function expectOk(run: CliRun): void {
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
}

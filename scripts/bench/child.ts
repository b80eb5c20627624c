/** Runs benchmark work in a child process (a fresh heap and fresh caches) and reads back its result. */
import { spawn } from 'node:child_process'
import { printTable, toJson, type BenchSection } from './report'

export interface ChildOptions {
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs?: string[]
  timeoutMs?: number
  /** Where the child's stderr goes (progress lines); default: passed through. */
  quiet?: boolean
}

/**
 * Runs `script` (TypeScript, through tsx) with `args` in a fresh Node process and returns the JSON it
 * printed on the last stdout line starting with `RESULT `.
 */
export function runTsChild<T>(script: string, args: string[], options: ChildOptions = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      if (!options.quiet) process.stderr.write(chunk)
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20 * 60_000)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const line = stdout
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('RESULT '))
      if (code === 0 && line) return resolve(JSON.parse(line.slice(7)) as T)
      const last = stderr.trim().split('\n').slice(-3).join(' | ')
      reject(new Error(`${script} ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${last}`))
    })
  })
}

/** Prints a child's result for `runTsChild`. */
export function printResult(value: unknown): void {
  process.stdout.write(`RESULT ${JSON.stringify(value)}\n`)
}

/** How a section run as a script shows its figures: to the orchestrator (--result), as JSON, or a table. */
export function reportSection(section: BenchSection, args: readonly string[]): void {
  if (args.includes('--result')) printResult(section)
  else if (args.includes('--json')) process.stdout.write(`${toJson([section])}\n`)
  else printTable([section])
}

/** Ends a script run with its error (stack included: benchmarks are for developers) and exit code 1. */
export function exitOnFailure(run: Promise<unknown>): void {
  run.catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  })
}

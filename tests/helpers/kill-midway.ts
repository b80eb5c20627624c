import { spawn } from 'node:child_process'

/**
 * Runs `node --input-type=module -e SCRIPT ARGS…` and kills it with SIGKILL once it has printed more than
 * `lines` lines (or anything on stderr), looking every `everyMs`: a kill -9 at a moment that varies with
 * `lines` and `everyMs`. Returns what it printed before it died.
 */
export async function killMidway(
  script: string,
  args: readonly string[],
  lines: number,
  everyMs: number,
): Promise<{ out: string; err: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  await new Promise<void>((ready) => {
    const check = setInterval(() => {
      if (out.split('\n').length > lines || err) {
        clearInterval(check)
        ready()
      }
    }, everyMs)
  })
  child.kill('SIGKILL')
  await new Promise((exited) => child.on('close', exited))
  return { out, err }
}

import { execFile } from 'node:child_process'
import { existsSync, realpathSync } from 'node:fs'

/** Debian's epubcheck: a jar at /usr/bin/epubcheck (EPUBCHECK_JAR overrides), run with java. */
const JAR = process.env.EPUBCHECK_JAR ?? '/usr/bin/epubcheck'

/** Why epubcheck cannot run here, or null when it can. */
export function epubcheckMissing(): string | null {
  if (!existsSync(JAR)) return `no epubcheck at ${JAR} (apt-get install epubcheck, or set EPUBCHECK_JAR)`
  return null
}

/** Runs epubcheck on a book: its exit code and what it printed (errors and warnings, one per line). */
export function epubcheck(path: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // Debian installs the jar itself as the command (run through binfmt, which a container may lack).
    execFile('java', ['-jar', realpathSync(JAR), path], { timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, output: `${stdout}${stderr}` })
    })
  })
}

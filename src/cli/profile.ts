import type { CliIO } from './output'

/**
 * BROADSHEET_PROFILE=1: where a command's time goes. Each phase prints `broadsheet: profile PHASE 12.3 ms`
 * on stderr, in milliseconds since the process started (Node's start included), so that
 * `npm run bench`'s peers section can show what a cold `broadsheet search` spends its time on.
 */
export function profilePhase(io: Pick<CliIO, 'env' | 'stderr'>, phase: string): void {
  if (io.env.BROADSHEET_PROFILE !== '1') return
  io.stderr(`broadsheet: profile ${phase} ${performance.now().toFixed(1)} ms\n`)
}

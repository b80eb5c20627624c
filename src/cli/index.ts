import { applyMemoryPolicy } from '../main/core/runtime/memory-policy'
import { processIO } from './output'
import { runCli } from './program'

applyMemoryPolicy()
const io = processIO()
void runCli(process.argv.slice(2), io).then((code) => {
  // A command stopped by a signal ends with the signal's code (set by processIO), whatever it returned.
  if (!io.interrupted?.aborted) process.exitCode = code
})

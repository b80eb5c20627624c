import { applyMemoryPolicy } from '../main/core/runtime/memory-policy'
import { processIO } from './output'
import { runCli } from './program'

applyMemoryPolicy()
void runCli(process.argv.slice(2), processIO()).then((code) => {
  process.exitCode = code
})

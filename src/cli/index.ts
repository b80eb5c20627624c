import { processIO } from './output'
import { runCli } from './program'

void runCli(process.argv.slice(2), processIO()).then((code) => {
  process.exitCode = code
})

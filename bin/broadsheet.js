#!/usr/bin/env node
// The `broadsheet` command: runs the CLI that `npm run build` compiles into out/main/cli.js.
import { existsSync } from 'node:fs'
import module from 'node:module'
import { fileURLToPath } from 'node:url'

// Node 22.1 and later keep the CLI's compiled code between runs (in the temporary folder), so a fresh
// process skips most of compiling it; Node 20 has no such cache and starts as before.
module.enableCompileCache?.()

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('broadsheet: the CLI is not built yet; run `npm run build` first\n')
  process.exit(1)
}
await import(new URL('../out/main/cli.js', import.meta.url).href)

#!/usr/bin/env node
// The `broadsheet` command: runs the CLI that `npm run build` compiles into out/main/cli.js.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('broadsheet: the CLI is not built yet; run `npm run build` first\n')
  process.exit(1)
}
await import(new URL('../out/main/cli.js', import.meta.url).href)

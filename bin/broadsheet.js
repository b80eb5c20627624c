#!/usr/bin/env node
// The `broadsheet` command: runs the CLI that `npm run build` compiles into out/main/cli.js.
import { existsSync } from 'node:fs'
import module from 'node:module'
import { fileURLToPath } from 'node:url'

// Broadsheet reads pages with jsdom, which loads ES modules with require(): Node 20.19+, 22.12+ and 24+ do
// (package.json's engines). On an older Node the CLI would start and then fail in the middle of a sync
// or a save with a stack trace from inside jsdom; it says so at once instead.
if (process.features.require_module !== true) {
  process.stderr.write(
    `broadsheet: Node ${process.version} cannot require() ES modules, which Broadsheet needs: ` +
      'use Node 20.19 or later, 22.12 or later, or 24 or later\n',
  )
  process.exit(1)
}

// Node 22.1 and later keep the CLI's compiled code between runs (in the temporary folder), so a fresh
// process skips most of compiling it; Node 20 has no such cache and starts as before.
module.enableCompileCache?.()

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('broadsheet: the CLI is not built yet; run `npm run build` first\n')
  process.exit(1)
}
await import(new URL('../out/main/cli.js', import.meta.url).href)

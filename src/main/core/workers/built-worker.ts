import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * A worker entry that the build made (out/main/<name>.js, electron.vite.config.ts), found from the built
 * code asking for it: that code is out/main/<entry>.js or out/main/chunks/<chunk>.js. Null where there
 * is none: run from the TypeScript sources (vitest, tsx), there is no built worker, and whoever runs the
 * sources passes a worker file of their own (tests/helpers/worker-bundles.ts) or builds on one thread.
 */
export function builtWorkerFile(name: string, from: string = import.meta.url): URL | null {
  // The names are made at run time: a bundler must not try to resolve (or inline) the worker as an asset.
  const candidates = [`./${name}.js`, `../${name}.js`].map((path) => new URL(path, from))
  return candidates.find((url) => url.protocol === 'file:' && existsSync(fileURLToPath(url))) ?? null
}

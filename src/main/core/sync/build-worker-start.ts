import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type * as Esbuild from 'esbuild'
import { Worker } from 'node:worker_threads'

/**
 * How to start a build worker here, or null when there is none. Built (the app, the CLI), this module is
 * out/main/<entry>.js or out/main/chunks/<chunk>.js and the worker is out/main/build-worker.js. From
 * source (vitest, tsx), the worker is build-worker.ts bundled as the build would (see
 * {@link bundledFromSource}); failing that, build-worker.ts loaded through tsx's ESM hooks only: its
 * CommonJS hook would also rewrite jsdom's parser (an ES module it requires) into slower code.
 */
export function defaultBuildWorker(): (() => Worker) | null {
  // Names in variables: a bundler must not try to resolve (or inline) the worker as an asset.
  const built = ['./build-worker.js', '../build-worker.js']
    .map((name) => new URL(name, import.meta.url))
    .find((url) => url.protocol === 'file:' && existsSync(fileURLToPath(url)))
  if (built) return () => new Worker(built, { resourceLimits: WORKER_LIMITS })
  const sourceName = './build-worker.ts'
  const source = new URL(sourceName, import.meta.url)
  if (source.protocol !== 'file:' || !existsSync(fileURLToPath(source))) return null
  const bundle = bundledFromSource(fileURLToPath(source))
  if (bundle)
    return () =>
      new Worker(bundle, { execArgv: withoutLoaders(process.execArgv), resourceLimits: WORKER_LIMITS })
  const tsxApi = tsxEsmApi()
  if (!tsxApi) return null
  const code =
    `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register();` +
    ` return import(${JSON.stringify(source.href)}) })`
  return () =>
    new Worker(code, {
      eval: true,
      execArgv: withoutLoaders(process.execArgv),
      resourceLimits: WORKER_LIMITS,
    })
}

/**
 * A worker's heap, bounded: with no bound V8 sizes a worker's heap from the machine's memory and lets it
 * grow lazily (each worker then peaks near 200 MB on article-sized work); bounded, it collects as it goes
 * (near 100 MB), at no measurable cost in time — an article's garbage dies young. 1 GB is far beyond any
 * article: a page that needs more fails as that page's error instead of taking the app's memory.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 16 }

/**
 * From source, the worker bundled into one plain JavaScript file (its packages left to `import`), as the
 * build makes it: a worker that loads TypeScript through tsx compiles every module again, and runs tsx's
 * loader in a thread of its own (tens of MB each). Written under node_modules/.cache (whence its packages
 * resolve), once per process; null when esbuild (tsx's and vite's bundler) is not there or fails.
 */
let bundled: URL | null | undefined
function bundledFromSource(sourcePath: string): URL | null {
  if (bundled !== undefined) return bundled
  bundled = null
  try {
    const require = createRequire(import.meta.url)
    const esbuild = require('esbuild') as typeof Esbuild
    const folder = join(dirname(require.resolve('esbuild/package.json')), '..', '.cache', 'broadsheet')
    mkdirSync(folder, { recursive: true })
    const { outputFiles } = esbuild.buildSync({
      entryPoints: [sourcePath],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      outfile: join(folder, 'build-worker.mjs'),
      logLevel: 'silent',
    })
    const code = outputFiles?.[0]?.contents
    if (!code) return null
    // Another process may be writing it at the same time: each writes its own and renames it over.
    const path = join(folder, `build-worker-${createHashOf(code)}.mjs`)
    if (!existsSync(path)) {
      const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
      writeFileSync(temp, code)
      try {
        renameSync(temp, path)
      } catch {
        rmSync(temp, { force: true })
      }
    }
    bundled = pathToFileURL(path)
  } catch {
    bundled = null
  }
  return bundled
}

function createHashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16)
}

/** The URL of tsx's ESM API (`tsx/esm/api` as `import` resolves it), or null without tsx. */
function tsxEsmApi(): string | null {
  try {
    const manifestPath = createRequire(import.meta.url).resolve('tsx/package.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      exports?: Record<string, { import?: { default?: string } }>
    }
    const entry = manifest.exports?.['./esm/api']?.import?.default
    return entry ? new URL(entry, pathToFileURL(manifestPath)).href : null
  } catch {
    return null
  }
}

/** Node options minus module loaders (--import, --require, --loader): the worker registers its own. */
function withoutLoaders(execArgv: readonly string[]): string[] {
  const loader = /^(--import|--require|-r|--loader|--experimental-loader)$/
  const kept: string[] = []
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string
    if (loader.test(arg)) i++
    else if (!/^(--import|--require|--loader|--experimental-loader)=/.test(arg)) kept.push(arg)
  }
  return kept
}

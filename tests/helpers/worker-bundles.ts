/**
 * Worker threads for code run from the TypeScript sources (vitest, tsx scripts). The app and the CLI run
 * the workers that `npm run build` makes (out/main/build-worker.js, index-worker.js); the sources have no
 * such files, and the core only takes a worker file. This makes one the way the build does: the entry
 * bundled into one plain JavaScript file, its packages left to `import`. A worker that loaded TypeScript
 * through tsx would compile every module again and run tsx's loader in a thread of its own (tens of MB
 * each), and tsx's CommonJS hook would rewrite jsdom's parser into slower code than the app runs.
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildSync } from 'esbuild'

const ROOT = resolve(import.meta.dirname, '../..')

/** A worker entry, bundled: its file URL, made once per process and content (other processes share it). */
const bundles = new Map<string, URL>()
export function bundledWorker(entry: string): URL {
  const source = resolve(ROOT, entry)
  const known = bundles.get(source)
  if (known) return known
  // Under node_modules, whence the bundle's packages resolve as the sources' do.
  const require = createRequire(import.meta.url)
  const folder = join(dirname(require.resolve('esbuild/package.json')), '..', '.cache', 'broadsheet-workers')
  mkdirSync(folder, { recursive: true })
  const { outputFiles } = buildSync({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    outfile: join(folder, 'worker.mjs'),
    logLevel: 'silent',
  })
  const code = outputFiles[0]?.contents
  if (!code) throw new Error(`esbuild made nothing of ${entry}`)
  const name = entry.replace(/^.*[\\/]/, '').replace(/\.ts$/, '')
  const path = join(folder, `${name}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`)
  // Test files run in processes of their own, at once: each writes its copy and renames it over.
  if (!existsSync(path)) {
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
    writeFileSync(temp, code)
    try {
      renameSync(temp, path)
    } catch {
      rmSync(temp, { force: true })
    }
  }
  const url = pathToFileURL(path)
  bundles.set(source, url)
  return url
}

/** This process's Node options minus module loaders (--import tsx…): a bundled worker needs none. */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const loader = /^(--import|--require|-r|--loader|--experimental-loader)$/
  const kept: string[] = []
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string
    if (loader.test(arg)) i++
    else if (!/^(--import|--require|--loader|--experimental-loader)=/.test(arg)) kept.push(arg)
  }
  return kept
}

/** The sync's build worker from the sources, as BuildPoolOptions (`new BuildPool({ ...sourceBuildWorker() })`). */
export function sourceBuildWorker(): { worker: URL; execArgv: string[] } {
  return { worker: bundledWorker('src/main/core/sync/build-worker.ts'), execArgv: workerExecArgv() }
}

/** The store's body writer from the sources, as StartOptions' `store` (what `broadsheet sync` gives). */
export function sourceStoreWorker(): { bodyWorker: URL; execArgv: string[] } {
  return { bodyWorker: bundledWorker('src/main/core/store/store-worker.ts'), execArgv: workerExecArgv() }
}

/** The search index's worker from the sources, as SearchIndexOptions. */
export function sourceIndexWorker(): { worker: URL; workerOptions: { execArgv: string[] } } {
  return {
    worker: bundledWorker('src/main/core/search/index-worker.ts'),
    workerOptions: { execArgv: workerExecArgv() },
  }
}

/**
 * The sync thread from the sources, as SyncStartOptions (`sync: { thread: 'worker', ...sourceSyncWorker() }`):
 * its build workers bundled too, unless `inThread` (everything built on the sync thread).
 */
export function sourceSyncWorker(inThread = false): {
  syncWorker: URL
  threadSetup: { buildWorker?: string; storeWorker?: string; content?: 'in-thread'; execArgv: string[] }
} {
  const execArgv = workerExecArgv()
  return {
    syncWorker: bundledWorker('src/main/core/sync/sync-worker.ts'),
    threadSetup: inThread
      ? { content: 'in-thread', execArgv }
      : {
          buildWorker: bundledWorker('src/main/core/sync/build-worker.ts').href,
          storeWorker: bundledWorker('src/main/core/store/store-worker.ts').href,
          execArgv,
        },
  }
}

import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'

/**
 * `npm run dev` only: the dev server's page has to pass the same CSP as the built one (`script-src 'self'`,
 * from index.html and the header the app's session adds), but the React refresh plugin puts its preamble
 * in the page as an inline script, which that policy blocks (and with it hot reload). This serves each
 * inline module script the dev page gets from a URL of its own instead, so no policy needs an exception.
 */
function inlineScriptsAsFiles(): Plugin {
  const scripts: string[] = []
  const prefix = '/@broadsheet-inline-script/'
  return {
    name: 'broadsheet:inline-scripts-as-files',
    apply: 'serve',
    transformIndexHtml: {
      order: 'post',
      handler: (html) =>
        html.replace(/<script type="module">([\s\S]*?)<\/script>/g, (_, code: string) => {
          const known = scripts.indexOf(code)
          const index = known >= 0 ? known : scripts.push(code) - 1
          return `<script type="module" src="${prefix}${index}.js"></script>`
        }),
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const match = request.url?.startsWith(prefix)
          ? /^(\d+)\.js$/.exec(request.url.slice(prefix.length))
          : null
        const code = match ? scripts[Number(match[1])] : undefined
        if (code === undefined) return next()
        response.setHeader('Content-Type', 'text/javascript')
        response.end(code)
      })
    },
  }
}

/** See `externalizeDeps` below. */
const BUNDLED_DEPS = [
  'commander',
  'conf',
  'feedsmith',
  'intl-messageformat',
  'lunr',
  'proper-lockfile',
  'string-width',
  'zod',
]

export default defineConfig({
  main: {
    resolve: {
      // conf's JSON Schema validator, which Broadsheet does not use (src/main/core/store/no-ajv.ts).
      alias: [
        { find: /^ajv\/dist\/2020\.js$/, replacement: resolve('src/main/core/store/no-ajv.ts') },
        { find: /^ajv-formats$/, replacement: resolve('src/main/core/store/no-ajv.ts') },
      ],
    },
    build: {
      // Pure-JavaScript dependencies that every start of the CLI and the app loads, bundled into out/main:
      // Node 20 loads an ES module package file by file, and a cold `broadsheet search` spent half its CPU
      // resolving and reading them (scripts/bench/peers.ts profiles it). Native modules, jsdom (its files
      // are found at run time) and what only a sync or an export loads stay in node_modules.
      externalizeDeps: { exclude: BUNDLED_DEPS },
      rollupOptions: {
        // The Electron shell and the headless CLI share one build of the core.
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/cli/index.ts'),
          // Worker entries, loaded by the worker pool (core/workers/worker-pool.ts) by these names, each
          // through its default export. Search segments are built and merged off the main thread:
          'index-worker': resolve('src/main/core/search/index-worker.ts'),
          // A sync's DOM work (sanitizing, extracting) runs in a pool of these (sync/build-pool.ts).
          'build-worker': resolve('src/main/core/sync/build-worker.ts'),
          // The app's and the preview's syncs run in a thread of their own (sync/sync-thread.ts).
          'sync-worker': resolve('src/main/core/sync/sync-worker.ts'),
          // A sync's article bodies are compressed and written in this thread (store/body-writer.ts).
          'store-worker': resolve('src/main/core/store/store-worker.ts'),
        },
        output: {
          // The core's facade keeps a chunk of its own, named for it, whatever else the shell and the CLI
          // share: tests/main/core/store/two-writers.test.ts loads the built core from it in a child process.
          codeSplitting: {
            groups: [
              // What the workers share with the core (the DOM and text helpers, the index's segments and
              // analysis, a task's outcome, the store's writing of bodies): a chunk of its own, so that a
              // worker starting loads these rather than the whole core (the core's chunk takes in
              // everything it imports). Nothing here may import what a process loads only on need (the
              // sanitizer, the extractor, the feed library): the CLI loads this chunk at its start.
              {
                name: 'worker-shared',
                priority: 10,
                test: /src[\\/](main[\\/]core[\\/](content[\\/](dom|text|bounded-markup)|workers[\\/]task-outcome|search[\\/](tokenize|segment|segment-build|segment-postings)|store[\\/](body-writer|body-file|atomic-batch|atomic-write|read-only)|errors|for-each-limited)|shared[\\/](types|urls|failure-codes))\.ts$|node_modules[\\/]lunr[\\/]/,
              },
              // The feed library (feeds and OPML): loaded by the build workers and on an OPML import or
              // export, never at a process's start.
              { name: 'feedsmith', priority: 20, test: /node_modules[\\/]feedsmith[\\/]/ },
              { name: 'broadsheet', test: /src[\\/]main[\\/]core[\\/]broadsheet\.ts$/ },
            ],
          },
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // A sandboxed preload cannot load ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
      // electron-vite leaves every process unminified; the reader's bundle is parsed and compiled before
      // its first paint, and minified it is less than half the size (730 KB → about 310 KB).
      minify: true,
    },
    plugins: [react(), inlineScriptsAsFiles()],
  },
})

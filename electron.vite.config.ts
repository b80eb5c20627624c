import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The Electron shell and the headless CLI share one build of the core.
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/cli/index.ts'),
          // Search segments are built and merged off the main thread (worker_threads).
          'index-worker': resolve('src/main/core/search/index-worker.ts'),
          // A sync's DOM work (sanitizing, extracting) runs in a pool of these (sync/build-pool.ts).
          'build-worker': resolve('src/main/core/sync/build-worker.ts'),
        },
        output: {
          // The core's facade keeps a chunk of its own, named for it, whatever else the shell and the CLI
          // share: tests/main/core/store/two-writers.test.ts loads the built core from it in a child process.
          codeSplitting: {
            groups: [{ name: 'broadsheet', test: /src[\\/]main[\\/]core[\\/]broadsheet\.ts$/ }],
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
    },
    plugins: [react()],
  },
})

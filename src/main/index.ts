import { app, dialog } from 'electron'
import { builtPaths, startApp } from './app'
import { applyMemoryPolicy } from './core/runtime/memory-policy'

applyMemoryPolicy()

startApp(process.argv, builtPaths(import.meta.dirname)).catch((error: unknown) => {
  // Before a window exists there is nowhere else to say it (a data dir another process holds, say).
  const message = error instanceof Error ? error.message : String(error)
  console.error('broadsheet: could not start:', error)
  dialog.showErrorBox('Broadsheet could not start', message)
  app.exit(1)
})

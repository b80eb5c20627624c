import { app, dialog } from 'electron'
import { builtPaths, startApp } from './app'
import { applyMemoryPolicy } from './core/runtime/memory-policy'
import { resolveLocale, translate } from '../shared/i18n'

applyMemoryPolicy()

startApp(process.argv, builtPaths(import.meta.dirname)).catch((error: unknown) => {
  // Before a window exists there is nowhere else to say it (a data dir another process holds, say).
  const message = error instanceof Error ? error.message : String(error)
  console.error('broadsheet: could not start:', error)
  // In the system's language (the settings may be what could not be read).
  const locale = resolveLocale('system', app.getPreferredSystemLanguages())
  dialog.showErrorBox(translate(locale, 'startup.failed'), message)
  app.exit(1)
})

import { randomBytes } from 'node:crypto'
import { BrowserWindow, dialog, shell } from 'electron'
import type { ExportFormat } from '../shared/contract'
import { UserError } from './core/errors'
import type { ExportTarget } from './core/export/export-target'
import { translator, type ActiveLocale } from '../shared/i18n'

/** The save dialog's filter for a format, named in the interface's language. */
function filterOf(format: ExportFormat, locale: ActiveLocale): { name: string; extensions: string[] } {
  return { name: translator(locale)(`exporting.formats.${format}`), extensions: [format] }
}

/** Receipts the app keeps at most: each names one exported file to show in its folder. */
const MAX_RECEIPTS = 50

/**
 * The app's exports: written where the person chooses in the system's save dialog, never where a
 * request says — so a compromised page cannot make the core write anywhere. The renderer gets back a
 * random receipt, not the path, to ask for "Show in Folder" by.
 */
export function createExportDialog(
  parent: () => BrowserWindow | null = () => BrowserWindow.getFocusedWindow(),
  locale: () => ActiveLocale = () => 'en',
): ExportTarget {
  const saved = new Map<string, string>()
  return {
    async choose({ fileName, format }) {
      const options = {
        defaultPath: fileName,
        filters: [filterOf(format, locale())],
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      }
      const window = parent()
      const { canceled, filePath } = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options)
      return canceled || !filePath ? null : filePath
    },
    async delivered(path, { fileName }) {
      const receipt = randomBytes(16).toString('hex')
      saved.set(receipt, path)
      // The oldest go first: a long session's receipts do not pile up.
      for (const old of saved.keys()) {
        if (saved.size <= MAX_RECEIPTS) break
        saved.delete(old)
      }
      return { fileName: path.split(/[\\/]/).pop() || fileName, receipt }
    },
    async reveal(receipt) {
      const path = saved.get(receipt)
      if (!path) throw new UserError('that export is no longer known; find it where you saved it')
      shell.showItemInFolder(path)
    },
  }
}

import type { OpmlImportResult } from '../../shared/types'
import { api } from './api-client'

/**
 * Asks for an OPML file (the system's file dialog in the app, the browser's in the preview) and imports
 * it. Resolves null when nothing was chosen.
 */
export function pickAndImportOpml(): Promise<OpmlImportResult | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = '.opml,.xml,text/x-opml,application/xml,text/xml'
    input.addEventListener('cancel', () => resolve(null))
    input.addEventListener('change', () => {
      const file = input.files?.[0]
      if (!file) return resolve(null)
      file
        .text()
        .then((text) => api.importOpml({ text }))
        .then(resolve, reject)
    })
    input.click()
  })
}

/** Saves the subscriptions as an OPML file (a save dialog in the app, a download in the preview). */
export async function exportOpmlFile(): Promise<void> {
  const { text } = await api.exportOpml()
  const url = URL.createObjectURL(new Blob([text], { type: 'text/x-opml' }))
  const link = document.createElement('a')
  link.href = url
  link.download = 'broadsheet-subscriptions.opml'
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

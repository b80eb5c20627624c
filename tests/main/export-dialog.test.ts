import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createApiHandlers } from '../../src/main/core/api/handlers'
import { callApi } from '../../src/main/core/api/dispatch'
import { startServices, type Broadsheet } from '../../src/main/core/broadsheet'
import { createExportDialog } from '../../src/main/export-dialog'
import type { BroadsheetApi } from '../../src/shared/contract'
import { makeArticle } from '../helpers/make-articles'
import { useTempDirs } from '../helpers/temp-dir'
import { BrowserWindow, dialog, resetElectronMock, shell } from './electron-mock'

vi.mock('electron', () => import('./electron-mock'))

const tempDir = useTempDirs('export-dialog')
let core: Broadsheet
let api: BroadsheetApi
let out: string
let articleId: string
let window: InstanceType<typeof BrowserWindow>

beforeEach(async () => {
  resetElectronMock()
  core = await startServices({ dataDir: await tempDir() })
  out = await tempDir()
  const article = makeArticle(1, {
    title: 'The river: a flood',
    contentHtml: '<p>The river rose in the night.</p>',
    contentText: 'The river rose in the night.',
  })
  await core.articles.put([article])
  await core.highlights.add({ articleId: article.id, text: 'rose' }, { note: 'When?' })
  articleId = article.id
  window = new BrowserWindow({})
  api = createApiHandlers(core, { exportTarget: createExportDialog(() => window as never) })
})

describe('Export… in the app', () => {
  it('asks where in the save dialog (name from the source, filter by format) and writes there', async () => {
    const chosen = join(out, 'Mine.html')
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: chosen })
    const outcome = await api.exportArticles({ source: { articleIds: [articleId] }, format: 'html' })
    expect(dialog.showSaveDialog).toHaveBeenCalledTimes(1)
    const [parent, options] = dialog.showSaveDialog.mock.calls[0]!
    expect(parent).toBe(window)
    expect(options).toMatchObject({
      defaultPath: 'The river a flood.html',
      filters: [{ name: 'Web page (HTML)', extensions: ['html'] }],
    })
    expect(outcome).toMatchObject({ status: 'done', fileName: 'Mine.html', articles: 1, highlights: 1 })
    // The renderer gets a receipt, never the path.
    expect(JSON.stringify(outcome)).not.toContain(out)
    expect(readFileSync(chosen, 'utf8')).toContain('When?')
    // Show in Folder: the path the dialog gave, by the receipt.
    await api.revealExport({ receipt: (outcome as { receipt: string }).receipt })
    expect(shell.showItemInFolder).toHaveBeenCalledWith(chosen)
    await expect(api.revealExport({ receipt: 'f'.repeat(32) })).rejects.toThrow(/no longer known/)
  })

  it('names the format in the interface’s language', async () => {
    const korean = createApiHandlers(core, {
      exportTarget: createExportDialog(
        () => window as never,
        () => 'ko',
      ),
    })
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' })
    await korean.exportArticles({ source: { articleIds: [articleId] }, format: 'epub' })
    const [, options] = dialog.showSaveDialog.mock.calls.at(-1)!
    expect(options).toMatchObject({ filters: [{ name: 'EPUB 전자책', extensions: ['epub'] }] })
  })

  it('takes a cancelled save dialog as nothing done, and writes nothing', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' })
    expect(await api.exportArticles({ source: { articleIds: [articleId] }, format: 'epub' })).toEqual({
      status: 'cancelled',
    })
    expect(shell.showItemInFolder).not.toHaveBeenCalled()
  })

  it('says in one line when the chosen place cannot be written', async () => {
    const chosen = join(out, 'missing', 'book.epub')
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: chosen })
    await expect(api.exportArticles({ source: { articleIds: [articleId] }, format: 'epub' })).rejects.toThrow(
      /^cannot write .*book\.epub: its folder does not exist$/,
    )
    expect(existsSync(chosen)).toBe(false)
  })

  it('never takes a path from the request', async () => {
    await expect(
      callApi(api, 'exportArticles', {
        source: { articleIds: [articleId] },
        format: 'epub',
        path: join(out, 'x.epub'),
      }),
    ).rejects.toThrow(/invalid arguments/)
    await expect(callApi(api, 'revealExport', { receipt: '/etc/passwd' })).rejects.toThrow(/expected an id/)
    expect(dialog.showSaveDialog).not.toHaveBeenCalled()
  })
})

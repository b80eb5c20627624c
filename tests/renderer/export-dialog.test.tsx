// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { ExportOutcome } from '../../src/shared/contract'
import { withReaderPage } from './mock-api-client'
import { start } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

withReaderPage()

const done = (fileName: string): ExportOutcome => ({
  status: 'done',
  fileName,
  articles: 3,
  images: 0,
  highlights: 1,
  receipt: 'receipt1',
})

async function openListExport() {
  const page = await start()
  await page.user.click(screen.getByRole('button', { name: 'Export List…' }))
  const dialog = await screen.findByRole('dialog', { name: 'Export “All Articles”' })
  await within(dialog).findByText('3 articles')
  return { ...page, dialog }
}

describe('the export dialog', () => {
  it('exports the list in the chosen format, says how it keeps highlights, then offers Show in Folder', async () => {
    const { fake, user, dialog } = await openListExport()
    expect(fake.api.exportPreview).toHaveBeenCalledWith({ source: { list: {} }, format: 'epub' })
    expect(within(dialog).getByRole('radio', { name: 'EPUB book' })).toHaveProperty('checked', true)
    await user.click(within(dialog).getByRole('radio', { name: 'Markdown' }))
    expect(within(dialog).getByText(/==marked== text, notes as footnotes/)).toBeTruthy()
    fake.api.exportArticles.mockResolvedValueOnce(done('All Articles.md'))
    await user.click(within(dialog).getByRole('button', { name: 'Export' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(fake.api.exportArticles).toHaveBeenCalledWith({
      source: { list: {} },
      format: 'md',
      requestId: expect.stringMatching(/^r\w+$/),
    })
    expect(await screen.findByText('Exported All Articles.md.')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Show in Folder' }))
    expect(fake.api.revealExport).toHaveBeenCalledWith({ receipt: 'receipt1' })
  })

  it('shows progress by its request, and Cancel stops the export and keeps the dialog', async () => {
    const { fake, user, dialog } = await openListExport()
    fake.api.exportArticles.mockReturnValueOnce(new Promise(() => undefined))
    await user.click(within(dialog).getByRole('button', { name: 'Export' }))
    const requestId = (fake.api.exportArticles.mock.calls[0]![0] as { requestId: string }).requestId
    fake.emit('exportProgress', { requestId: 'another', done: 9, total: 9 })
    fake.emit('exportProgress', { requestId, done: 1, total: 3 })
    expect(await within(dialog).findByText('Exported 1 of 3')).toBeTruthy()
    const bar = dialog.querySelector('progress')!
    expect([bar.value, bar.max]).toEqual([1, 3])
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(fake.api.cancelRequest).toHaveBeenCalledWith({ requestId })
    expect(within(dialog).queryByText('Exported 1 of 3')).toBeNull()
    expect(within(dialog).getByRole('button', { name: 'Export' })).toHaveProperty('disabled', false)
  })

  it('says a failure in one line and keeps the choice; a closed save dialog is no failure', async () => {
    const { fake, user, dialog } = await openListExport()
    await user.click(within(dialog).getByRole('radio', { name: 'Web page (HTML)' }))
    fake.api.exportArticles.mockRejectedValueOnce(new Error('cannot write /x/All.html: permission denied'))
    await user.click(within(dialog).getByRole('button', { name: 'Export' }))
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'cannot write /x/All.html: permission denied',
    )
    expect(within(dialog).getByRole('radio', { name: 'Web page (HTML)' })).toHaveProperty('checked', true)
    fake.api.exportArticles.mockResolvedValueOnce({ status: 'cancelled' })
    await user.click(within(dialog).getByRole('button', { name: 'Export' }))
    await waitFor(() => expect(within(dialog).queryByRole('alert')).toBeNull())
    expect(screen.getByRole('dialog')).toBe(dialog)
  })

  it('refuses nothing to export before anything starts', async () => {
    const { fake, user } = await start()
    fake.api.exportPreview.mockResolvedValueOnce({ articles: 0, title: 'x', fileName: 'x.epub' })
    await user.click(screen.getByRole('button', { name: 'Export List…' }))
    const dialog = await screen.findByRole('dialog')
    expect(await within(dialog).findByText('Nothing to export: this list has no articles.')).toBeTruthy()
    expect(within(dialog).getByRole('button', { name: 'Export' })).toHaveProperty('disabled', true)
  })

  it('exports the open article by Ctrl+E', async () => {
    const { fake, user } = await start()
    await user.click(screen.getAllByRole('option')[0]!)
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Export Article…' })).toHaveProperty('disabled', false),
    )
    await user.keyboard('{Control>}e{/Control}')
    const dialog = await screen.findByRole('dialog')
    expect(fake.api.exportPreview).toHaveBeenLastCalledWith({
      source: { articleIds: [fake.articles[0]!.id] },
      format: 'epub',
    })
    expect(dialog.querySelector('h2')?.textContent).toContain(fake.articles[0]!.title)
  })
})

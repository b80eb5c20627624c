// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Dialog } from '../../src/renderer/src/components/Dialog'
import { FormDialog } from '../../src/renderer/src/components/FormDialog'
import { Reader } from '../../src/renderer/src/components/Reader'
import { SettingsDialog } from '../../src/renderer/src/components/SettingsDialog'
import { CommandProvider } from '../../src/renderer/src/commands/CommandContext'
import { createCommandRegistry } from '../../src/renderer/src/commands/registry'
import type { ArticleView } from '../../src/shared/types'
import { fakeApi, listItem, SETTINGS } from './fake-api'
import { current } from './mock-api-client'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

afterEach(() => {
  cleanup()
  current.fake = null
})

function article(overrides: Partial<ArticleView> = {}): ArticleView {
  const item = listItem(1, 'gazette')
  return {
    ...item,
    guid: item.id,
    summary: null,
    contentHtml:
      '<p>The lighthouse keeper climbed the lighthouse.</p><figure><img src="broadsheet-cache://' +
      'a'.repeat(64) +
      '" alt="tower"></figure>',
    contentText: 'The lighthouse keeper climbed the lighthouse.',
    images: [],
    ...overrides,
  }
}

function inProvider(children: React.ReactNode) {
  current.fake = fakeApi()
  return <CommandProvider registry={createCommandRegistry()}>{children}</CommandProvider>
}

describe('the reader pane', () => {
  it('shows title, feed, byline and date, the cached image, and the matched words marked', () => {
    render(
      inProvider(
        <Reader
          article={article()}
          loading={false}
          error={null}
          feedTitle="The Gazette"
          terms={['lighthouse']}
          onRetry={() => undefined}
        />,
      ),
    )
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Story 1 of gazette')
    expect(screen.getByText('The Gazette')).toBeTruthy()
    expect(screen.getByText('By Writer 1')).toBeTruthy()
    expect(screen.getByRole('img', { name: 'tower' }).getAttribute('src')).toBe(
      `broadsheet-cache://${'a'.repeat(64)}`,
    )
    expect([...document.querySelectorAll('.article-body mark')].map((m) => m.textContent)).toEqual([
      'lighthouse',
      'lighthouse',
    ])
  })

  it('puts each table in a box of its own that scrolls sideways, named by its caption, once', () => {
    const tables =
      '<p>Figures for the harbour.</p><table><caption>Tides in May</caption><tr><td>high</td></tr></table>' +
      '<table><tr><td>lighthouse</td></tr></table>'
    const reader = (terms: string[]) =>
      inProvider(
        <Reader
          article={article({ contentHtml: tables })}
          loading={false}
          error={null}
          feedTitle="The Gazette"
          terms={terms}
          onRetry={() => undefined}
        />,
      )
    const { rerender } = render(reader([]))
    const boxes = screen.getAllByRole('region')
    expect(boxes.map((box) => box.getAttribute('aria-label'))).toEqual(['Tides in May', 'Table'])
    for (const box of boxes) {
      expect(box.className).toBe('table-scroll')
      // The keyboard can reach it, so arrow keys scroll a table wider than the article.
      expect(box.tabIndex).toBe(0)
      expect(box.children).toHaveLength(1)
      expect(box.firstElementChild?.tagName).toBe('TABLE')
    }
    // Drawn again (a search's words marked in it): the same boxes, none inside another.
    rerender(reader(['lighthouse']))
    expect(document.querySelectorAll('.table-scroll')).toHaveLength(2)
    expect(document.querySelectorAll('.table-scroll .table-scroll')).toHaveLength(0)
    expect(document.querySelector('.table-scroll mark')?.textContent).toBe('lighthouse')
  })

  it('says when there is nothing open, while it loads, and when it failed (with a retry)', async () => {
    const onRetry = vi.fn()
    const { rerender } = render(
      inProvider(
        <Reader article={null} loading={false} error={null} feedTitle="" terms={[]} onRetry={onRetry} />,
      ),
    )
    expect(screen.getByText('Choose an article to read it here.')).toBeTruthy()
    rerender(
      inProvider(<Reader article={null} loading error={null} feedTitle="" terms={[]} onRetry={onRetry} />),
    )
    expect(screen.getByText('Loading article…')).toBeTruthy()
    rerender(
      inProvider(
        <Reader
          article={null}
          loading={false}
          error="no article with id x"
          feedTitle=""
          terms={[]}
          onRetry={onRetry}
        />,
      ),
    )
    expect(screen.getByRole('alert').textContent).toContain(
      'Could not open this article: no article with id x',
    )
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(onRetry).toHaveBeenCalled()
  })

  it('labels every icon button and disables the commands nobody registered', () => {
    render(
      inProvider(
        <Reader
          article={article()}
          loading={false}
          error={null}
          feedTitle=""
          terms={[]}
          onRetry={() => undefined}
        />,
      ),
    )
    const toolbar = screen.getByRole('toolbar')
    for (const button of toolbar.querySelectorAll('button')) {
      expect(button.getAttribute('aria-label')).toBeTruthy()
      expect((button as HTMLButtonElement).disabled).toBe(true)
    }
  })
})

describe('dialogs', () => {
  it('take focus, keep Tab inside, close on Escape and give focus back', async () => {
    const user = userEvent.setup()
    const outside = document.createElement('button')
    document.body.append(outside)
    outside.focus()
    const onClose = vi.fn()
    const { unmount } = render(
      <Dialog title="Test" onClose={onClose}>
        <input aria-label="first" data-autofocus="" />
        <button type="button">last</button>
      </Dialog>,
    )
    expect(document.activeElement).toBe(screen.getByLabelText('first'))
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'last' }))
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }))
    await user.keyboard('{Escape}')
    expect(onClose).toHaveBeenCalled()
    unmount()
    expect(document.activeElement).toBe(outside)
    outside.remove()
  })

  it('a form dialog shows the one-line error of a failed submit and stays open', async () => {
    const user = userEvent.setup()
    const onClose = vi.fn()
    const onSubmit = vi.fn(async () => {
      throw new Error('no feed found at https://x.test/')
    })
    render(
      <FormDialog
        title="Add a feed"
        fields={[{ name: 'url', label: 'Address', required: true }]}
        submitLabel="Subscribe"
        onSubmit={onSubmit}
        onClose={onClose}
      />,
    )
    await user.type(screen.getByLabelText('Address'), 'https://x.test/')
    await user.click(screen.getByRole('button', { name: 'Subscribe' }))
    expect((await screen.findByRole('alert')).textContent).toBe('no feed found at https://x.test/')
    expect(onSubmit).toHaveBeenCalledWith({ url: 'https://x.test/' }, expect.any(AbortSignal))
    expect(onClose).not.toHaveBeenCalled()
  })

  it('keep Escape and Tab when a click left focus on nothing (a disabled button, the body)', async () => {
    const user = userEvent.setup()
    const onClose = vi.fn()
    render(
      <Dialog title="Test" onClose={onClose}>
        <input aria-label="first" data-autofocus="" />
        <button type="button">last</button>
      </Dialog>,
    )
    ;(document.activeElement as HTMLElement).blur()
    expect(document.activeElement).toBe(document.body)
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }))
    ;(document.activeElement as HTMLElement).blur()
    await user.keyboard('{Escape}')
    expect(onClose).toHaveBeenCalledTimes(1)
  })

  it('settings draw the draft live, and closing with changes unsaved asks', async () => {
    current.fake = fakeApi()
    const user = userEvent.setup()
    const onPreview = vi.fn()
    const onClose = vi.fn()
    const { unmount } = render(
      <SettingsDialog
        settings={SETTINGS}
        accounts={[]}
        onSave={async () => undefined}
        onPreview={onPreview}
        onImported={() => undefined}
        onAccountAdded={() => undefined}
        onClose={onClose}
      />,
    )
    await user.selectOptions(screen.getByLabelText('Theme'), 'dark')
    expect(onPreview).toHaveBeenLastCalledWith({ ...SETTINGS, theme: 'dark' })
    // A size being typed (empty, then out of range) previews the saved size meanwhile.
    await user.clear(screen.getByLabelText('Text size (px)'))
    expect(onPreview).toHaveBeenLastCalledWith({ ...SETTINGS, theme: 'dark' })
    await user.type(screen.getByLabelText('Text size (px)'), '2')
    expect(onPreview).toHaveBeenLastCalledWith({ ...SETTINGS, theme: 'dark' })
    await user.type(screen.getByLabelText('Text size (px)'), '4')
    expect(onPreview).toHaveBeenLastCalledWith({ ...SETTINGS, theme: 'dark', fontSize: 24 })

    await user.keyboard('{Escape}')
    expect(onClose).not.toHaveBeenCalled()
    const ask = screen.getByRole('dialog', { name: 'Discard your changes?' })
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep Editing' }))
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog', { name: 'Discard your changes?' })).toBeNull()
    expect(onClose).not.toHaveBeenCalled()
    await user.click(screen.getAllByRole('button', { name: 'Close' }).at(-1)!)
    expect(ask).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Discard Changes' }))
    expect(onClose).toHaveBeenCalledTimes(1)
    unmount()
    expect(onPreview).toHaveBeenLastCalledWith(null)
  })

  it('settings unchanged close without asking', async () => {
    current.fake = fakeApi()
    const user = userEvent.setup()
    const onClose = vi.fn()
    render(
      <SettingsDialog
        settings={SETTINGS}
        accounts={[]}
        onSave={async () => undefined}
        onImported={() => undefined}
        onAccountAdded={() => undefined}
        onClose={onClose}
      />,
    )
    await user.keyboard('{Escape}')
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('dialog', { name: 'Discard your changes?' })).toBeNull()
  })

  it('settings save what was changed and close, or report a refusal and stay', async () => {
    current.fake = fakeApi()
    const user = userEvent.setup()
    const onSave = vi.fn(async () => undefined)
    const onClose = vi.fn()
    render(
      <SettingsDialog
        settings={SETTINGS}
        accounts={[]}
        onSave={onSave}
        onImported={() => undefined}
        onAccountAdded={() => undefined}
        onClose={onClose}
      />,
    )
    await user.selectOptions(screen.getByLabelText('Theme'), 'dark')
    await user.clear(screen.getByLabelText('Sync every (minutes)'))
    await user.type(screen.getByLabelText('Sync every (minutes)'), '15')
    await user.click(screen.getByLabelText('Mark articles read when opened'))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(onSave).toHaveBeenCalledWith({
      ...SETTINGS,
      theme: 'dark',
      syncIntervalMinutes: 15,
      markReadOnOpen: false,
    })
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1))
    onSave.mockRejectedValueOnce(new Error('syncIntervalMinutes must be at most 1440'))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Could not save: syncIntervalMinutes must be at most 1440',
      ),
    )
    expect(onClose).toHaveBeenCalledTimes(1)
  })
})

// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFocusTargets } from '../../../src/renderer/src/commands/focus-targets'
import { createReaderCommands } from '../../../src/renderer/src/commands/reader-commands'
import { createReader } from '../../../src/renderer/src/state/reader'
import { STRINGS } from '../../../src/renderer/src/strings'
import { COMMANDS } from '../../../src/shared/commands'
import { fakeApi, feedSummary } from '../fake-api'
import { current } from '../mock-api-client'

vi.mock('../../../src/renderer/src/api-client', async () =>
  (await import('../mock-api-client')).mockedClientModule(),
)

afterEach(() => {
  current.fake = null
})

describe('the reader’s commands', () => {
  it('register every action once: the menu’s with the menu’s names and keys, the row menus’ with theirs', () => {
    const registry = createReaderCommands(createReader(), createFocusTargets())
    // (register refuses an id twice: pure.test.ts covers it.)
    const ids = registry.commands.map((command) => command.id)
    for (const spec of COMMANDS) {
      expect(registry.get(spec.id), spec.id).toMatchObject({
        label: spec.label,
        key: spec.key,
        altKey: 'altKey' in spec ? spec.altKey : undefined,
      })
    }
    // The shortcuts sheet lists them in the menu's order.
    // The menu's, then the renderer's own keyed one (Shift+M moves the chosen feed).
    expect(ids.filter((id) => registry.get(id)?.key)).toEqual([
      ...COMMANDS.map((spec) => spec.id),
      'move-selected-feed',
    ])
    expect(
      Object.fromEntries(
        [
          'feed-mark-read',
          'feed-rename',
          'feed-move',
          'feed-remove',
          'feed-full-text',
          'folder-mark-read',
          'folder-rename',
          'folder-delete',
        ].map((id) => [id, registry.get(id as 'feed-rename')?.label]),
      ),
    ).toEqual({
      'feed-mark-read': STRINGS.feedMenu.markAllRead,
      'feed-rename': STRINGS.feedMenu.rename,
      'feed-move': STRINGS.feedMenu.move,
      'feed-remove': STRINGS.feedMenu.remove,
      'folder-mark-read': STRINGS.feedMenu.markAllRead,
      'folder-rename': STRINGS.feedMenu.rename,
      'feed-full-text': STRINGS.feedFullText.menu,
      'folder-delete': STRINGS.folders.delete,
    })
    // A row's command has no key: a key press has no row to act on.
    expect(registry.get('feed-remove')?.key).toBeUndefined()
  })

  it('a row menu’s command runs through the registry with its row, and opens its dialog', () => {
    current.fake = fakeApi()
    const reader = createReader()
    const registry = createReaderCommands(reader, createFocusTargets())
    const feed = feedSummary('gazette', 'The Gazette')
    expect(registry.run('feed-move', feed)).toBe(true)
    expect(reader.overlays.dialog.get()).toEqual({ kind: 'move-feed', feed })
    // Export… from a feed's or a folder's menu: that list, under its name.
    expect(registry.run('feed-export', feed)).toBe(true)
    expect(reader.overlays.dialog.get()).toEqual({
      kind: 'export',
      source: { list: { feedIds: ['gazette'] } },
      title: 'The Gazette',
    })
    const folder = { id: 'f1', title: 'Rust', path: 'Tech/Rust', parentId: null }
    expect(registry.run('folder-export', folder as never)).toBe(true)
    expect(reader.overlays.dialog.get()).toEqual({
      kind: 'export',
      source: { list: { folderId: 'f1' } },
      title: 'Tech/Rust',
    })
  })

  it('Undo from the menu (⌘Z on macOS) undoes a text field’s typing there, the reader’s last action elsewhere', () => {
    current.fake = fakeApi()
    const reader = createReader()
    const registry = createReaderCommands(reader, createFocusTargets())
    const undo = vi.spyOn(reader.overlays, 'undo')
    const execCommand = vi.fn(() => true)
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true })
    const field = document.createElement('input')
    document.body.append(field)
    field.focus()
    expect(registry.run('undo')).toBe(true)
    expect(execCommand).toHaveBeenCalledWith('undo')
    expect(undo).not.toHaveBeenCalled()
    field.remove()
    // Nothing to undo and no field: the command is off.
    expect(registry.run('undo')).toBe(false)
    expect(undo).not.toHaveBeenCalled()
    // Something to undo, focus in the reader: the reader's last action is undone, no text touched.
    const back = vi.fn(async () => undefined)
    reader.overlays.offerUndo('Marked 3 articles read.', back)
    expect(registry.run('undo')).toBe(true)
    expect(undo).toHaveBeenCalledTimes(1)
    expect(back).toHaveBeenCalledTimes(1)
    expect(execCommand).toHaveBeenCalledTimes(1)
  })
})

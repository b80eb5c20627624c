import type { MenuItemConstructorOptions } from 'electron'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { COMMANDS, isCommandId } from '../../src/shared/commands'
import { installApplicationMenu, menuTemplate } from '../../src/main/menu'
import { app, BrowserWindow, Menu, resetElectronMock } from './electron-mock'

vi.mock('electron', () => import('./electron-mock'))

beforeEach(() => resetElectronMock())

/** Every item of a template, submenus flattened. */
function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])])
}

describe('the application menu', () => {
  it('carries every reader command with its shortcut, shown but left to the renderer (Linux, Windows)', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const all = items(menuTemplate(platform, () => undefined, { developer: false }))
      for (const command of COMMANDS) {
        const item = all.find((i) => i.id === command.id)
        expect(item, command.id).toMatchObject({
          label: command.label,
          accelerator: command.key,
          registerAccelerator: false,
        })
      }
      expect(all.some((i) => i.role === 'quit')).toBe(true)
    }
    expect(COMMANDS.map((c) => c.key)).toEqual([
      'J',
      'K',
      'N',
      'P',
      'O',
      'M',
      'S',
      'V',
      'H',
      'Shift+A',
      'R',
      'A',
      'Shift+S',
      'CmdOrCtrl+,',
      '/',
      '?',
      'Space',
      'Shift+Space',
      'Escape',
      'CmdOrCtrl+B',
      'CmdOrCtrl+Z',
      'CmdOrCtrl+E',
      'CmdOrCtrl+Shift+E',
    ])
  })

  it('on macOS gives bare keys no menu equivalent (it would eat them in text fields)', () => {
    const template = menuTemplate('darwin', () => undefined, { developer: false })
    const all = items(template)
    expect(template[0]).toEqual({ role: 'appMenu' })
    for (const command of COMMANDS) {
      const item = all.find((i) => i.id === command.id)!
      expect(item.label).toBe(command.label)
      if (command.id === 'show-shortcuts') expect(item.accelerator).toBe('Command+/')
      else if (command.key.startsWith('CmdOrCtrl+')) expect(item.accelerator).toBe(command.key)
      else expect(item.accelerator, command.id).toBeUndefined()
    }
    // The edit roles text fields need, in an Edit menu whose Undo is the reader's: ⌘Z, which macOS gives
    // the menu before the page, is registered there and sent to the renderer like any command.
    const edit = template.find((item) => item.label === '&Edit')!
    expect((edit.submenu as MenuItemConstructorOptions[]).map((i) => i.role ?? i.id)).toEqual([
      'undo',
      'redo',
      undefined,
      'cut',
      'copy',
      'paste',
      'pasteAndMatchStyle',
      'delete',
      undefined,
      'selectAll',
    ])
    const undo = all.find((i) => i.id === 'undo')!
    expect(undo).toMatchObject({ accelerator: 'CmdOrCtrl+Z' })
    expect(undo.registerAccelerator).toBeUndefined()
    expect(all.some((i) => i.role === 'undo')).toBe(false)
  })

  it('offers reload and developer tools only to developers', () => {
    const roles = (developer: boolean) =>
      items(menuTemplate('linux', () => undefined, { developer })).map((i) => i.role)
    expect(roles(false)).not.toContain('toggleDevTools')
    expect(roles(false)).not.toContain('reload')
    expect(roles(true)).toContain('toggleDevTools')
  })

  it('sends a chosen command to the focused window as a command event', () => {
    app.isPackaged = true
    installApplicationMenu()
    const window = new BrowserWindow({})
    BrowserWindow.focused = window
    const template = (Menu.installed as { template: MenuItemConstructorOptions[] }).template
    const next = items(template).find((i) => i.id === 'next-article')!
    next.click!(...([] as unknown as Parameters<NonNullable<MenuItemConstructorOptions['click']>>))
    expect(window.webContents.sent).toEqual([['event:command', { command: 'next-article' }]])
    expect(items(template).map((i) => i.role)).not.toContain('toggleDevTools')
  })

  it('names commands the renderer can check', () => {
    expect(isCommandId('refresh')).toBe(true)
    expect(isCommandId('rm -rf')).toBe(false)
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length)
  })
})

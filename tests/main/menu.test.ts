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

  it('speaks Korean when asked: menus with Windows-style mnemonics, commands and standard items', () => {
    const all = items(menuTemplate('win32', () => undefined, { developer: true, locale: 'ko' }))
    expect(all.find((i) => i.id === 'mark-all-read')?.label).toBe('모두 읽음으로 표시')
    expect(all.find((i) => i.role === 'copy')?.label).toBe('복사')
    expect(all.find((i) => i.role === 'quit')?.label).toBe('Broadsheet 종료')
    const top = menuTemplate('win32', () => undefined, { developer: false, locale: 'ko' }).map((i) => i.label)
    expect(top).toEqual(['파일(&F)', '편집(&E)', '보기(&V)', '이동(&G)', '기사(&A)', '창(&W)', '도움말(&H)'])
    // macOS has no mnemonics: "파일(&F)" is "파일" there.
    const mac = menuTemplate('darwin', () => undefined, { developer: false, locale: 'ko' }).map(
      (i) => i.label,
    )
    expect(mac).toEqual([undefined, '파일', '편집', '보기', '이동', '기사', '창', '도움말'])
    // Every item a person reads has a label in the language (none left to Electron's English).
    const unnamed = all.filter((i) => i.type !== 'separator' && i.role !== 'appMenu' && !i.label)
    expect(unnamed).toEqual([])
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

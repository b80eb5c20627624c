import { app, BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron'
import { COMMANDS, type CommandId, type CommandMenu } from '../shared/commands'
import { EVENT_CHANNEL_PREFIX } from '../shared/contract'

/** Sends a chosen command to the renderer, whose command registry runs it. */
export type CommandSender = (command: CommandId) => void

/**
 * The reader's commands as menu items. The renderer binds their keys (it knows when a text field has
 * focus), so the menu shows a key without registering it. On macOS a bare-key menu equivalent would
 * swallow that letter in every text field, so only keys with Command are shown there (the shortcuts
 * sheet, Cmd+/, lists the rest).
 */
export function commandItems(
  menu: CommandMenu,
  platform: NodeJS.Platform,
  send: CommandSender,
): MenuItemConstructorOptions[] {
  return COMMANDS.filter((command) => command.menu === menu).map((command) => {
    const item: MenuItemConstructorOptions = {
      id: command.id,
      label: command.label,
      click: () => send(command.id),
    }
    if (platform === 'darwin' && command.id === 'undo') {
      // macOS gives ⌘Z to the menu before the page sees it: registered here, it still reaches the
      // renderer, which undoes the reader's last action or, in a text field, the typing.
      item.accelerator = command.key
    } else if (platform !== 'darwin' || command.key.startsWith('CmdOrCtrl+')) {
      item.accelerator = command.key
      item.registerAccelerator = false
    } else if (command.id === 'show-shortcuts') {
      item.accelerator = 'Command+/'
    }
    return item
  })
}

/** The application menu: the app's commands plus the platform's standard edit, view and window items. */
export function menuTemplate(
  platform: NodeJS.Platform,
  send: CommandSender,
  options: { developer: boolean },
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const developer: MenuItemConstructorOptions[] = options.developer
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : []
  return [
    ...(mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: '&File',
      submenu: [
        ...commandItems('file', platform, send),
        ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
      ],
    },
    // The standard edit roles (without them copy and paste do not work in text fields on macOS), but
    // Undo is the reader's command, which hands a text field's undo back to the field.
    {
      label: '&Edit',
      submenu: [
        ...commandItems('edit', platform, send),
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        ...commandItems('view', platform, send),
        { type: 'separator' },
        ...developer,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: '&Go', submenu: commandItems('go', platform, send) },
    { label: '&Article', submenu: commandItems('article', platform, send) },
    { role: 'windowMenu' },
    { role: 'help', submenu: commandItems('help', platform, send) },
  ]
}

/** Installs the menu; its commands go to the focused window (or the first one). */
export function installApplicationMenu(): void {
  const send: CommandSender = (command) => {
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
    window?.webContents.send(`${EVENT_CHANNEL_PREFIX}command`, { command })
  }
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate(process.platform, send, { developer: !app.isPackaged })),
  )
}

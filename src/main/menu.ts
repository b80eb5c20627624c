import { app, BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron'
import { COMMANDS, type CommandId, type CommandMenu } from '../shared/commands'
import { EVENT_CHANNEL_PREFIX } from '../shared/contract'
import { translator, type ActiveLocale, type MessageKey } from '../shared/i18n'

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
  locale: ActiveLocale = 'en',
): MenuItemConstructorOptions[] {
  const t = translator(locale)
  return COMMANDS.filter((command) => command.menu === menu).map((command) => {
    const item: MenuItemConstructorOptions = {
      id: command.id,
      label: t(`commands.${command.id}`),
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

/** The standard items Electron names in English: named here in the interface's language. */
type NamedRole =
  | 'quit'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'

/**
 * The application menu, in the interface's language: the app's commands plus the platform's standard
 * edit, view and window items. (macOS's own app menu is the system's, in the system's language.)
 */
export function menuTemplate(
  platform: NodeJS.Platform,
  send: CommandSender,
  options: { developer: boolean; locale?: ActiveLocale },
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const locale = options.locale ?? 'en'
  const t = translator(locale)
  // macOS has no mnemonics: a translation's "파일(&F)" is "파일" there (a bare & Electron drops itself).
  const title = (key: MessageKey): string => (mac ? t(key).replace(/\(&\w\)/g, '') : t(key))
  const role = (name: NamedRole): MenuItemConstructorOptions => ({
    role: name,
    label: t(`menu.roles.${name}`),
  })
  const items = (menu: CommandMenu): MenuItemConstructorOptions[] =>
    commandItems(menu, platform, send, locale)
  const developer: MenuItemConstructorOptions[] = options.developer
    ? [role('reload'), role('forceReload'), role('toggleDevTools'), { type: 'separator' }]
    : []
  return [
    ...(mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: title('menu.file'),
      submenu: [...items('file'), ...(mac ? [] : [{ type: 'separator' } as const, role('quit')])],
    },
    // The standard edit roles (without them copy and paste do not work in text fields on macOS), but
    // Undo is the reader's command, which hands a text field's undo back to the field.
    {
      label: title('menu.edit'),
      submenu: [
        ...items('edit'),
        role('redo'),
        { type: 'separator' },
        role('cut'),
        role('copy'),
        role('paste'),
        ...(mac ? [role('pasteAndMatchStyle')] : []),
        role('delete'),
        { type: 'separator' },
        role('selectAll'),
      ],
    },
    {
      label: title('menu.view'),
      submenu: [
        ...items('view'),
        { type: 'separator' },
        ...developer,
        role('resetZoom'),
        role('zoomIn'),
        role('zoomOut'),
        { type: 'separator' },
        role('togglefullscreen'),
      ],
    },
    { label: title('menu.go'), submenu: items('go') },
    { label: title('menu.article'), submenu: items('article') },
    { role: 'windowMenu', label: title('menu.window') },
    { role: 'help', label: title('menu.help'), submenu: items('help') },
  ]
}

/**
 * Installs the menu in a language (installed again when the language changes); its commands go to the
 * focused window (or the first one).
 */
export function installApplicationMenu(locale: ActiveLocale = 'en'): void {
  const send: CommandSender = (command) => {
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
    window?.webContents.send(`${EVENT_CHANNEL_PREFIX}command`, { command })
  }
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate(process.platform, send, { developer: !app.isPackaged, locale })),
  )
}

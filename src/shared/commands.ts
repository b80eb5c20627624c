/**
 * The reader's commands, by id: the application menu shows them (with their keys) and sends their ids to
 * the renderer, whose command registry runs them and binds the same keys. One list, so a menu item and
 * its shortcut cannot disagree.
 */

/** Where a command sits in the application menu. */
export type CommandMenu = 'file' | 'edit' | 'view' | 'go' | 'article' | 'help'

/** One command as the menu and the keyboard see it (its id aside). */
interface CommandSpec {
  id: string
  label: string
  /**
   * The key that runs it, in Electron accelerator syntax: mostly a bare key (a reader's shortcuts need no
   * modifier), else with `Shift+` or `CmdOrCtrl+`. The renderer handles the key itself; the menu only
   * shows it.
   */
  key: string
  /** Another key that runs it too, shown nowhere in the menu. */
  altKey?: string
  menu: CommandMenu
}

export const COMMANDS = [
  { id: 'next-article', label: 'Next Article', key: 'J', menu: 'go' },
  { id: 'previous-article', label: 'Previous Article', key: 'K', menu: 'go' },
  { id: 'next-feed', label: 'Next Feed', key: 'N', menu: 'go' },
  { id: 'previous-feed', label: 'Previous Feed', key: 'P', menu: 'go' },
  { id: 'open-article', label: 'Open Article', key: 'O', altKey: 'Enter', menu: 'article' },
  { id: 'toggle-read', label: 'Toggle Read', key: 'M', menu: 'article' },
  { id: 'toggle-bookmark', label: 'Toggle Bookmark', key: 'S', altKey: 'B', menu: 'article' },
  { id: 'open-original', label: 'Open Original in Browser', key: 'V', menu: 'article' },
  { id: 'highlight-selection', label: 'Highlight Selection', key: 'H', menu: 'article' },
  { id: 'mark-all-read', label: 'Mark All as Read', key: 'Shift+A', menu: 'article' },
  { id: 'refresh', label: 'Refresh All Feeds', key: 'R', menu: 'file' },
  { id: 'add-feed', label: 'Add Feed…', key: 'A', menu: 'file' },
  { id: 'save-page', label: 'Save Page by URL…', key: 'Shift+S', menu: 'file' },
  { id: 'open-settings', label: 'Settings…', key: 'CmdOrCtrl+,', menu: 'file' },
  { id: 'search', label: 'Search', key: '/', altKey: 'CmdOrCtrl+F', menu: 'view' },
  { id: 'show-shortcuts', label: 'Keyboard Shortcuts', key: '?', menu: 'help' },
  { id: 'page-down', label: 'Page Down, Then Next Unread', key: 'Space', menu: 'go' },
  { id: 'page-up', label: 'Page Up', key: 'Shift+Space', menu: 'go' },
  { id: 'back-to-list', label: 'Back to the List', key: 'Escape', menu: 'go' },
  { id: 'toggle-sidebar', label: 'Show or Hide the Sidebar', key: 'CmdOrCtrl+B', menu: 'view' },
  // The Edit menu's Undo: the reader's last action (mark all read, unsubscribe, …), or a text field's typing.
  { id: 'undo', label: 'Undo', key: 'CmdOrCtrl+Z', menu: 'edit' },
  { id: 'export-article', label: 'Export Article…', key: 'CmdOrCtrl+E', menu: 'file' },
  { id: 'export-list', label: 'Export List…', key: 'CmdOrCtrl+Shift+E', menu: 'file' },
] as const satisfies readonly CommandSpec[]

/** The id of one of the reader's commands (`next-article`, `refresh`, …). */
export type CommandId = (typeof COMMANDS)[number]['id']

/** One command as the menu and the keyboard see it. */
export type CommandInfo = CommandSpec & { id: CommandId }

/** True for a string that names a command (event payloads from outside are checked with it). */
export function isCommandId(value: unknown): value is CommandId {
  return COMMANDS.some((command) => command.id === value)
}

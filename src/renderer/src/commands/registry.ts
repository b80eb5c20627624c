import { COMMANDS, isCommandId, type CommandId } from '../../../shared/commands'
import type { FolderView, SmartFeedView } from '../../../shared/contract'
import type { FeedSummary } from '../../../shared/types'
import { isActivationTarget, isTypingTarget, matchesAccelerator } from './keys'
import { commandLabel } from '../strings'

/**
 * What each command acts on. The application menu's commands (src/shared/commands) act on the reader
 * as it is; the renderer's own act on the row whose menu ran them, or on nothing.
 */
interface CommandTargets extends Record<CommandId, void> {
  'feed-mark-read': FeedSummary
  'feed-rename': FeedSummary
  'feed-move': FeedSummary
  'feed-remove': FeedSummary
  'feed-full-text': FeedSummary
  'folder-delete': FolderView
  /** A feed dropped on a folder ("" for the top level). */
  'feed-move-to': { feed: FeedSummary; folder: string }
  'move-selected-feed': void
  undo: void
  'folder-mark-read': FolderView
  'folder-rename': FolderView
  'import-opml': void
  'feed-export': FeedSummary
  'folder-export': FolderView
  'save-search': void
  'smart-rename': SmartFeedView
  'smart-edit': SmartFeedView
  'smart-sort-newest': SmartFeedView
  'smart-sort-best': SmartFeedView
  'smart-move-up': SmartFeedView
  'smart-move-down': SmartFeedView
  'smart-remove': SmartFeedView
}

export type CommandName = keyof CommandTargets

/** The commands of a feed's menu in the sidebar, and of a folder's. */
export type FeedCommand =
  'feed-mark-read' | 'feed-rename' | 'feed-move' | 'feed-full-text' | 'feed-export' | 'feed-remove'
export type FolderCommand = 'folder-mark-read' | 'folder-rename' | 'folder-export' | 'folder-delete'
export type SmartFeedCommand =
  | 'smart-rename'
  | 'smart-edit'
  | 'smart-sort-newest'
  | 'smart-sort-best'
  | 'smart-move-up'
  | 'smart-move-down'
  | 'smart-remove'

/** A command that acts on nothing in particular: keys, the menu and buttons run these. */
export type PlainCommand = {
  [Name in CommandName]: CommandTargets[Name] extends void ? Name : never
}[CommandName]

/** Its target when a command has one: `run('feed-rename', feed)`, `run('refresh')`. */
export type TargetOf<Name extends CommandName> = CommandTargets[Name] extends void
  ? []
  : [CommandTargets[Name]]

type KeyOf<Name extends CommandName> = Name extends PlainCommand ? string : never

/** One command, registered once: its name, its keys, what it does and when it can. */
export interface Command<Name extends CommandName = CommandName> {
  id: Name
  label: string
  /**
   * The key that runs it, in Electron accelerator syntax ("J", "Shift+A", "CmdOrCtrl+F"), if any. A
   * command with a target has none: a key press has no row to act on.
   */
  key?: KeyOf<Name>
  /** Another key that runs it too (shown in the shortcuts sheet, not in the menu). */
  altKey?: KeyOf<Name>
  run(target: CommandTargets[Name]): void
  /** Whether it can run now (a disabled command's key, button and menu item do nothing). */
  enabled?(target: CommandTargets[Name]): boolean
}

/**
 * The reader's one command registry (excalidraw's register() pattern): every action is registered here
 * once, and keys, the application menu's events, buttons and the sidebar's row menus all run it through
 * the registry, so their names, keys and enabled states cannot disagree.
 */
export interface CommandRegistry {
  register<Name extends CommandName>(command: Command<Name>): void
  /** Every command, in the order registered (the shortcuts sheet lists them so). */
  readonly commands: readonly Command[]
  get(id: CommandName): Command | undefined
  isEnabled<Name extends CommandName>(id: Name, ...target: TargetOf<Name>): boolean
  /** Runs a command if it is registered and enabled; returns whether it ran. */
  run<Name extends CommandName>(id: Name, ...target: TargetOf<Name>): boolean
  /** The command a key press asks for, or null (typing in a text field asks for none). */
  commandForKey(event: KeyboardEvent): PlainCommand | null
  /** Hears whatever may change which commands are enabled. */
  subscribe(listener: () => void): () => void
}

/** A menu command's name and keys, as the application menu shows them. */
export function menuCommand<Name extends CommandId>(
  id: Name,
): Pick<Command<Name>, 'id' | 'label' | 'key' | 'altKey'> {
  const spec = COMMANDS.find((command) => command.id === id)
  if (!spec) throw new Error(`no menu command ${id}`)
  // A menu command has no target, so it may have keys (TypeScript cannot see that through `Name`).
  const keys = { key: spec.key, altKey: 'altKey' in spec ? spec.altKey : undefined } as Pick<
    Command<Name>,
    'key' | 'altKey'
  >
  return { id, label: commandLabel(id), ...keys }
}

/** Keys a text field has a use for itself: in one, they edit the text, not the reader. */
const TEXT_EDITING_KEYS = new Set(['CmdOrCtrl+Z'])

/** Commands whose keys carry a modifier work from a text field too (Ctrl+F in the search field). */
function hasModifier(accelerator: string): boolean {
  return accelerator.includes('CmdOrCtrl+') && !TEXT_EDITING_KEYS.has(accelerator)
}

/** `changes` is what the commands' `enabled` read (the reader's stores): buttons redraw when it changes. */
export function createCommandRegistry(
  changes: (listener: () => void) => () => void = () => () => undefined,
): CommandRegistry {
  const commands: Command[] = []
  const byId = new Map<CommandName, Command>()
  const target = (args: unknown[]): never => args[0] as never

  const registry: CommandRegistry = {
    commands,
    register(command) {
      if (byId.has(command.id)) throw new Error(`command ${command.id} is registered twice`)
      // A menu command's name is read in the interface's language each time it is shown.
      const id = command.id
      if (isCommandId(id))
        Object.defineProperty(command, 'label', { get: () => commandLabel(id), enumerable: true })
      byId.set(command.id, command as unknown as Command)
      commands.push(command as unknown as Command)
    },
    get: (id) => byId.get(id),
    isEnabled(id, ...args) {
      const command = byId.get(id)
      return command !== undefined && (command.enabled?.(target(args)) ?? true)
    },
    run(id, ...args) {
      if (!registry.isEnabled(id, ...args)) return false
      byId.get(id)?.run(target(args))
      return true
    },
    commandForKey(event) {
      const typing = isTypingTarget(event.target)
      const activating = event.key === ' ' && isActivationTarget(event.target)
      for (const command of commands) {
        for (const key of [command.key, command.altKey]) {
          if (!key || (typing && !hasModifier(key)) || activating) continue
          // Only a command without a target has keys (see Command.key).
          if (matchesAccelerator(event, key)) return command.id as PlainCommand
        }
      }
      return null
    },
    subscribe: changes,
  }
  return registry
}

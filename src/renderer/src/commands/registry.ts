import { COMMANDS, type CommandId, type CommandInfo } from '../../../shared/commands'
import { isTypingTarget, matchesAccelerator } from './keys'

/** What a command does now, and whether it can (a disabled command's key and button do nothing). */
export interface CommandHandler {
  run: () => void
  enabled?: boolean
}

export type CommandHandlers = Partial<Record<CommandId, CommandHandler>>

/**
 * The reader's one command registry: every command's name and keys come from src/shared/commands (which
 * the application menu also shows), and what it does from the handlers the UI registers. Shortcuts, menu
 * events and buttons all run commands through it, so they cannot disagree.
 */
export interface CommandRegistry {
  readonly commands: readonly CommandInfo[]
  setHandlers(handlers: CommandHandlers): void
  isEnabled(id: CommandId): boolean
  /** Runs a command if it is enabled; returns whether it ran. */
  run(id: CommandId): boolean
  /** The command a key press asks for, or null (typing in a text field asks for none). */
  commandForKey(event: KeyboardEvent): CommandId | null
}

/** Commands whose keys carry a modifier work from a text field too (Ctrl+F in the search field). */
function hasModifier(accelerator: string): boolean {
  return accelerator.includes('CmdOrCtrl+')
}

export function createCommandRegistry(): CommandRegistry {
  let handlers: CommandHandlers = {}
  const commands = COMMANDS as readonly CommandInfo[]
  const registry: CommandRegistry = {
    commands,
    setHandlers(next) {
      handlers = next
    },
    isEnabled(id) {
      const handler = handlers[id]
      return handler !== undefined && handler.enabled !== false
    },
    run(id) {
      if (!registry.isEnabled(id)) return false
      handlers[id]?.run()
      return true
    },
    commandForKey(event) {
      const typing = isTypingTarget(event.target)
      for (const command of commands) {
        for (const key of [command.key, command.altKey]) {
          if (!key || (typing && !hasModifier(key))) continue
          if (matchesAccelerator(event, key)) return command.id
        }
      }
      return null
    },
  }
  return registry
}

import type { ReactNode } from 'react'
import type { CommandId } from '../../../shared/commands'
import { api } from '../api-client'
import { useCommandRegistry } from './CommandContext'
import { formatAccelerator } from './keys'

interface CommandButtonProps {
  command: CommandId
  /** Overrides the command's name (a toggle says what pressing it does now). */
  label?: string
  /** An icon shown instead of the label; the label stays the accessible name. */
  icon?: ReactNode
  pressed?: boolean
  className?: string
}

/** A button that runs a registry command, named and titled with its shortcut from the same registry. */
export function CommandButton({ command, label, icon, pressed, className }: CommandButtonProps) {
  const registry = useCommandRegistry()
  const info = registry.commands.find((c) => c.id === command)
  const name = label ?? info?.label ?? command
  const shortcut = info ? formatAccelerator(info.key, api.platform) : ''
  return (
    <button
      type="button"
      className={className ?? (icon ? 'icon-button' : 'button')}
      aria-label={icon ? name : undefined}
      aria-keyshortcuts={info?.key.replace('CmdOrCtrl', 'Control')}
      aria-pressed={pressed}
      title={shortcut ? `${name} (${shortcut})` : name}
      disabled={!registry.isEnabled(command)}
      onClick={() => registry.run(command)}
    >
      {icon ?? name}
    </button>
  )
}

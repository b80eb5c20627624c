import { useSyncExternalStore, type ReactNode } from 'react'
import { api } from '../api-client'
import { useCommandRegistry } from './CommandContext'
import { formatAccelerator } from './keys'
import type { PlainCommand } from './registry'

interface CommandButtonProps {
  command: PlainCommand
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
  const info = registry.get(command)
  const enabled = useSyncExternalStore(registry.subscribe, () => registry.isEnabled(command))
  const name = label ?? info?.label ?? command
  const shortcut = info?.key ? formatAccelerator(info.key, api.platform) : ''
  return (
    <button
      type="button"
      className={className ?? (icon ? 'icon-button' : 'button')}
      aria-label={icon ? name : undefined}
      aria-keyshortcuts={info?.key?.replace('CmdOrCtrl', 'Control')}
      aria-pressed={pressed}
      title={shortcut ? `${name} (${shortcut})` : name}
      disabled={!enabled}
      onClick={() => registry.run(command)}
    >
      {icon ?? name}
    </button>
  )
}

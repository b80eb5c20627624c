import { createContext, useContext, useEffect, type ReactNode } from 'react'
import type { CommandId } from '../../../shared/commands'
import { api } from '../api-client'
import type { CommandRegistry } from './registry'

const RegistryContext = createContext<CommandRegistry | null>(null)

export function useCommandRegistry(): CommandRegistry {
  const registry = useContext(RegistryContext)
  if (!registry) throw new Error('useCommandRegistry outside CommandProvider')
  return registry
}

interface CommandProviderProps {
  registry: CommandRegistry
  /** While a dialog is open the reader's keys are its own (typing a feed's name is not "j"). */
  keysEnabled?: () => boolean
  children: ReactNode
}

/** Gives the registry to buttons and menus, and routes keys and the application menu's events to it. */
export function CommandProvider({ registry, keysEnabled, children }: CommandProviderProps) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing || keysEnabled?.() === false) return
      const id = registry.commandForKey(event)
      if (id && registry.run(id)) event.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [registry, keysEnabled])

  useEffect(
    () => api.on('command', ({ command }: { command: CommandId }) => void registry.run(command)),
    [registry],
  )

  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>
}

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import type { CommandId } from '../../../shared/commands'
import { api } from '../api-client'
import { createCommandRegistry, type CommandHandlers, type CommandRegistry } from './registry'

const RegistryContext = createContext<CommandRegistry | null>(null)

export function useCommandRegistry(): CommandRegistry {
  const registry = useContext(RegistryContext)
  if (!registry) throw new Error('useCommandRegistry outside CommandProvider')
  return registry
}

interface CommandProviderProps {
  handlers: CommandHandlers
  /** While a dialog is open the reader's keys are its own (typing a feed's name is not "j"). */
  keysEnabled: boolean
  children: ReactNode
}

/**
 * Holds the registry, gives it this render's handlers, and routes keys and menu events to it. Handlers
 * are set during render (idempotently) so buttons rendered in the same pass see their enabled state.
 */
export function CommandProvider({ handlers, keysEnabled, children }: CommandProviderProps) {
  const [registry] = useState(createCommandRegistry)
  registry.setHandlers(handlers)

  useEffect(() => {
    if (!keysEnabled) return
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return
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

import { api } from '../api-client'
import { useCommandRegistry } from '../commands/CommandContext'
import { formatAccelerator } from '../commands/keys'
import { STRINGS } from '../strings'
import { Dialog } from './Dialog'

/** Every command and its keys, read from the registry (so the sheet cannot drift from the bindings). */
export function ShortcutsSheet({ onClose }: { onClose: () => void }) {
  const registry = useCommandRegistry()
  return (
    <Dialog title={STRINGS.shortcuts.title} onClose={onClose} wide>
      <table className="shortcuts">
        <thead>
          <tr>
            <th scope="col">{STRINGS.shortcuts.key}</th>
            <th scope="col">{STRINGS.shortcuts.command}</th>
          </tr>
        </thead>
        <tbody>
          {registry.commands.map((command) => (
            <tr key={command.id}>
              <td>
                <kbd>{formatAccelerator(command.key, api.platform)}</kbd>
                {command.altKey && (
                  <>
                    {' '}
                    <kbd>{formatAccelerator(command.altKey, api.platform)}</kbd>
                  </>
                )}
              </td>
              <td>{command.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  )
}

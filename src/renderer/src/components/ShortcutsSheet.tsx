import { api } from '../api-client'
import { useCommandRegistry } from '../commands/CommandContext'
import { formatAccelerator } from '../commands/keys'
import { STRINGS } from '../strings'
import { Dialog } from './Dialog'

/** Every command that has keys, read from the registry (so the sheet cannot drift from the bindings). */
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
          {registry.commands.map(({ id, key, altKey, label }) =>
            // The row menus' commands have no keys: they are not shortcuts.
            key ? (
              <tr key={id}>
                <td>
                  <kbd>{formatAccelerator(key, api.platform)}</kbd>
                  {altKey && (
                    <>
                      {' '}
                      <kbd>{formatAccelerator(altKey, api.platform)}</kbd>
                    </>
                  )}
                </td>
                <td>{label}</td>
              </tr>
            ) : null,
          )}
        </tbody>
      </table>
    </Dialog>
  )
}

import { RowMenu } from '../components/RowMenu'
import { useCommandRegistry } from './CommandContext'
import type { CommandName, FeedCommand, FolderCommand, SmartFeedCommand, TargetOf } from './registry'
import type { FolderView, SmartFeedView } from '../../../shared/contract'
import type { FeedSummary } from '../../../shared/types'

/** One item of a row's menu: a registered command, drawn as dangerous when it deletes something. */
export interface MenuEntry<Name extends CommandName> {
  command: Name
  danger?: boolean
}

type CommandMenuProps =
  | { label: string; entries: readonly MenuEntry<FeedCommand>[]; target: FeedSummary }
  | { label: string; entries: readonly MenuEntry<FolderCommand>[]; target: FolderView }
  | { label: string; entries: readonly MenuEntry<SmartFeedCommand>[]; target: SmartFeedView }

/** A row's "⋯" menu whose items are registered commands: their names and what they do come from the registry. */
export function CommandMenu({ label, entries, target }: CommandMenuProps) {
  const registry = useCommandRegistry()
  const items = entries
    .filter(({ command }) => registry.get(command))
    .map(({ command, danger }) => ({
      label: registry.get(command)!.label,
      // The props tie each entry's command to its target's kind.
      run: () => void registry.run(command, ...([target] as TargetOf<typeof command>)),
      danger,
    }))
  return <RowMenu label={label} items={items} />
}

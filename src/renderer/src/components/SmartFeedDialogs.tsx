import { isQueryProblem, type FailureCode } from '../../../shared/failure-codes'
import { api } from '../api-client'
import type { SmartFeedDialogState } from '../state/overlays'
import { useReader } from '../state/reader-context'
import { nameOfQuery } from '../state/saved-search'
import { STRINGS } from '../strings'
import { FormDialog } from './FormDialog'

/**
 * A query the core refuses, in the words the search field uses for it (one line); nothing was kept.
 * Other failures keep their own message.
 */
async function worded<T>(request: Promise<T>): Promise<T> {
  try {
    return await request
  } catch (failure) {
    const { code, params } = failure as Error & Partial<FailureCode>
    if (isQueryProblem(code)) throw new Error(STRINGS.search.problem(code, params))
    throw failure
  }
}

/** The smart feeds' dialogs: save a search, rename, edit the search, remove. */
export function SmartFeedDialog({ dialog }: { dialog: SmartFeedDialogState }) {
  const { overlays, smart, actions, navigation, sync } = useReader()
  const close = overlays.close
  const queryField = (initial: string) => ({
    name: 'query',
    label: STRINGS.smartFeeds.query,
    hint: STRINGS.smartFeeds.queryHint,
    initial,
    required: true,
  })
  const isOpen = (id: string): boolean => {
    const { selection } = navigation.state.get()
    return selection.kind === 'smart' && selection.smartId === id
  }
  switch (dialog.kind) {
    case 'save-search':
      return (
        <FormDialog
          title={STRINGS.smartFeeds.saveTitle}
          fields={[
            {
              name: 'name',
              label: STRINGS.smartFeeds.name,
              initial: nameOfQuery(dialog.query),
              required: true,
            },
            queryField(dialog.query),
          ]}
          submitLabel={STRINGS.smartFeeds.save}
          onSubmit={async ({ name, query }) => {
            const feed = await worded(api.addSmartFeed({ name: name!.trim(), query: query!.trim() }))
            await smart.reload()
            actions.choose({ kind: 'smart', smartId: feed.id })
            overlays.notify(STRINGS.smartFeeds.saved(feed.name))
          }}
          onClose={close}
        />
      )
    case 'rename-smart':
      return (
        <FormDialog
          title={STRINGS.smartFeeds.renameTitle}
          fields={[
            { name: 'name', label: STRINGS.smartFeeds.name, initial: dialog.feed.name, required: true },
          ]}
          submitLabel={STRINGS.actions.save}
          onSubmit={async ({ name }) => {
            await api.updateSmartFeed({ id: dialog.feed.id, name: name!.trim() })
            await smart.reload()
          }}
          onClose={close}
        />
      )
    case 'edit-smart':
      return (
        <FormDialog
          title={STRINGS.smartFeeds.editTitle}
          fields={[
            { name: 'name', label: STRINGS.smartFeeds.name, initial: dialog.feed.name, required: true },
            queryField(dialog.feed.query),
          ]}
          submitLabel={STRINGS.actions.save}
          onSubmit={async ({ name, query }) => {
            await worded(
              api.updateSmartFeed({ id: dialog.feed.id, name: name!.trim(), query: query!.trim() }),
            )
            await smart.reload()
            // Its list shows what the new search finds.
            if (isOpen(dialog.feed.id)) sync.changed()
          }}
          onClose={close}
        />
      )
    case 'remove-smart':
      return (
        <FormDialog
          title={STRINGS.smartFeeds.removeTitle}
          message={STRINGS.smartFeeds.removeConfirm(dialog.feed.name)}
          fields={[]}
          submitLabel={STRINGS.smartFeeds.removeSubmit}
          danger
          onSubmit={async () => {
            const { undo } = await api.removeSmartFeed({ id: dialog.feed.id })
            if (isOpen(dialog.feed.id)) actions.choose({ kind: 'all' })
            await smart.reload()
            overlays.offerUndo(STRINGS.smartFeeds.removed(dialog.feed.name), async () => {
              await api.undo({ token: undo })
              await smart.reload()
            })
          }}
          onClose={close}
        />
      )
  }
}

import { api } from '../api-client'
import { accountName } from '../format'
import { newRequestId } from '../request-id'
import { ExportDialog } from './ExportDialog'
import { useReader } from '../state/reader-context'
import { useStore } from '../state/store'
import { STRINGS } from '../strings'
import { FormDialog } from './FormDialog'
import { SettingsDialog } from './SettingsDialog'
import { focusMarkWhenDrawn } from './Highlights'
import { HighlightsView } from './HighlightsView'
import { ShortcutsSheet } from './ShortcutsSheet'
import { SmartFeedDialog } from './SmartFeedDialogs'

/** The dialog the reader state asks for, wired to the API. */
export function ReaderDialogs() {
  const { overlays, library, sync, settings: settingsStore, navigation, actions, article } = useReader()
  const dialog = useStore(overlays.dialog)
  const settings = useStore(settingsStore.state)
  const folders = useStore(library.state, (state) => state.folders)
  const accounts = useStore(library.state, (state) => state.accounts)
  const close = overlays.close
  const folderPaths = folders.map((folder) => folder.path)

  /** Adds the feed (`anyway`: even if it cannot be fetched now); cancelling stops the request in the core. */
  const subscribe = async (
    { url, folder, account }: Record<string, string>,
    signal: AbortSignal,
    anyway: boolean,
  ): Promise<void> => {
    const feed = await cancellableRequest(signal, (requestId) =>
      api.addFeed({
        url: url!.trim(),
        folder: folder?.trim() || undefined,
        account: account || undefined,
        ...(anyway ? { anyway } : {}),
        requestId,
      }),
    )
    sync.changed()
    actions.choose({ kind: 'feed', feedId: feed.id })
    overlays.notify((feed.lastError ? STRINGS.addFeed.addedAnyway : STRINGS.addFeed.added)(feed.title))
    // Fetch it now rather than at the next interval; progress shows in the sidebar.
    sync.refresh()
  }
  switch (dialog?.kind) {
    case undefined:
      return null
    case 'shortcuts':
      return <ShortcutsSheet onClose={close} />
    case 'save-search':
    case 'rename-smart':
    case 'edit-smart':
    case 'remove-smart':
      return <SmartFeedDialog dialog={dialog} />
    case 'highlights':
      return (
        <HighlightsView
          onClose={close}
          onOpen={(highlight) => {
            close()
            // The article, wherever it is listed; then its highlight, once it is drawn.
            article.open(highlight.articleId)
            if (!highlight.orphaned) focusMarkWhenDrawn(highlight.id)
          }}
        />
      )
    case 'settings':
      return settings ? (
        <SettingsDialog
          settings={settings}
          accounts={accounts}
          onSave={async (patch) => {
            await settingsStore.update(patch)
            overlays.notify(STRINGS.settings.saved)
          }}
          onPreview={settingsStore.preview}
          onImported={sync.changed}
          // Fetch its subscriptions now, as a feed added is; progress shows in the sidebar.
          onAccountAdded={sync.refresh}
          onClose={close}
        />
      ) : null
    case 'add-feed':
      return (
        <FormDialog
          title={STRINGS.addFeed.title}
          fields={[
            {
              name: 'url',
              label: STRINGS.addFeed.url,
              hint: STRINGS.addFeed.urlHint,
              type: 'url',
              required: true,
            },
            { name: 'folder', label: STRINGS.addFeed.folder, suggestions: folderPaths },
            // With server accounts: where to subscribe (an account's server fetches the feed).
            ...(accounts.length > 0
              ? [
                  {
                    name: 'account',
                    label: STRINGS.addFeed.account,
                    options: [
                      { value: '', label: STRINGS.accounts.local },
                      ...accounts.map((account) => ({
                        value: account.id,
                        label: accountName(account),
                      })),
                    ],
                  },
                ]
              : []),
          ]}
          submitLabel={STRINGS.addFeed.submit}
          workingLabel={STRINGS.addFeed.working}
          progress={({ url }) => STRINGS.addFeed.progress(url!.trim())}
          onSubmit={(values, signal) => subscribe(values, signal, false)}
          alternative={{
            label: STRINGS.addFeed.anyway,
            code: 'feed-unreachable',
            run: (values, signal) => subscribe(values, signal, true),
          }}
          onClose={close}
        />
      )
    case 'save-page':
      return (
        <FormDialog
          title={STRINGS.savePage.title}
          fields={[
            {
              name: 'url',
              label: STRINGS.savePage.url,
              hint: STRINGS.savePage.hint,
              type: 'url',
              required: true,
            },
          ]}
          submitLabel={STRINGS.savePage.submit}
          workingLabel={STRINGS.savePage.working}
          progress={({ url }) => STRINGS.savePage.progress(url!.trim())}
          onSubmit={async ({ url }, signal) => {
            const saved = await cancellableRequest(signal, (requestId) =>
              api.saveUrl({ url: url!.trim(), requestId }),
            )
            actions.choose({ kind: 'saved' })
            sync.changed()
            actions.select(saved.id)
          }}
          onClose={close}
        />
      )
    case 'rename-feed':
      return (
        <FormDialog
          title={STRINGS.rename.title}
          fields={[{ name: 'title', label: STRINGS.rename.name, initial: dialog.feed.title, required: true }]}
          submitLabel={STRINGS.actions.save}
          onSubmit={async ({ title }) => {
            await api.renameFeed({ feedId: dialog.feed.id, title: title!.trim() })
            await library.reload()
          }}
          onClose={close}
        />
      )
    case 'rename-folder':
      return (
        <FormDialog
          title={STRINGS.rename.folderTitle}
          fields={[
            { name: 'title', label: STRINGS.rename.name, initial: dialog.folder.title, required: true },
          ]}
          submitLabel={STRINGS.actions.save}
          onSubmit={async ({ title }) => {
            await api.renameFolder({ folderId: dialog.folder.id, title: title!.trim() })
            await library.reload()
          }}
          onClose={close}
        />
      )
    case 'move-feed':
      return (
        <FormDialog
          title={STRINGS.move.title}
          fields={[
            {
              name: 'folder',
              label: STRINGS.move.folder,
              initial: dialog.feed.folder,
              suggestions: folderPaths,
            },
          ]}
          submitLabel={STRINGS.actions.save}
          onSubmit={async ({ folder }) => {
            const to = folder?.trim() ?? ''
            await api.moveFeed({ feedId: dialog.feed.id, folder: to })
            await library.reload()
            if (to === dialog.feed.folder) return
            overlays.offerUndo(STRINGS.folders.moved(dialog.feed.title, to), async () => {
              await api.moveFeed({ feedId: dialog.feed.id, folder: dialog.feed.folder })
              sync.changed()
            })
          }}
          onClose={close}
        />
      )
    case 'feed-full-text': {
      const global = settings ? STRINGS.settings.fullTextModes[settings.fullTextMode] : ''
      return (
        <FormDialog
          title={STRINGS.feedFullText.title(dialog.feed.title)}
          fields={[
            {
              name: 'mode',
              label: STRINGS.feedFullText.label,
              initial: dialog.feed.settings.fullText ?? '',
              options: [
                { value: '', label: STRINGS.feedFullText.global(global) },
                ...(['auto', 'always', 'never'] as const).map((mode) => ({
                  value: mode,
                  label: STRINGS.settings.fullTextModes[mode],
                })),
              ],
            },
          ]}
          submitLabel={STRINGS.actions.save}
          onSubmit={async ({ mode }) => {
            const fullText = mode === 'auto' || mode === 'always' || mode === 'never' ? mode : null
            await api.updateFeedSettings({ feedId: dialog.feed.id, settings: { fullText } })
            await library.reload()
            overlays.notify(STRINGS.feedFullText.changed(dialog.feed.title))
          }}
          onClose={close}
        />
      )
    }
    case 'export':
      return (
        <ExportDialog
          source={dialog.source}
          title={dialog.title}
          onClose={close}
          onDone={(outcome) => {
            if (outcome.download) overlays.notify(STRINGS.exporting.downloaded(outcome.fileName))
            else if (outcome.receipt) {
              const receipt = outcome.receipt
              overlays.notifyWithAction(STRINGS.exporting.done(outcome.fileName), {
                label: STRINGS.exporting.showInFolder,
                run: () => void api.revealExport({ receipt }).catch(overlays.fail),
              })
            } else overlays.notify(STRINGS.exporting.done(outcome.fileName))
          }}
        />
      )
    case 'remove-feed':
      return (
        <FormDialog
          title={STRINGS.remove.title}
          message={STRINGS.remove.confirm(dialog.feed.title)}
          fields={[]}
          submitLabel={STRINGS.remove.submit}
          danger
          onSubmit={async () => {
            const { undo } = await api.removeFeed({ feedId: dialog.feed.id })
            const { selection } = navigation.state.get()
            if (selection.kind === 'feed' && selection.feedId === dialog.feed.id) {
              actions.choose({ kind: 'all' })
            }
            sync.changed()
            if (undo) {
              overlays.offerUndo(STRINGS.undo.unsubscribed(dialog.feed.title), async () => {
                await api.undo({ token: undo })
                sync.changed()
              })
            }
          }}
          onClose={close}
        />
      )
  }
}

/** Sends a request the core can cancel: aborting `signal` asks the core to stop it. */
async function cancellableRequest<T>(
  signal: AbortSignal,
  send: (requestId: string) => Promise<T>,
): Promise<T> {
  const requestId = newRequestId()
  const stop = (): void => void api.cancelRequest({ requestId }).catch(() => undefined)
  signal.addEventListener('abort', stop, { once: true })
  try {
    return await send(requestId)
  } finally {
    signal.removeEventListener('abort', stop)
  }
}

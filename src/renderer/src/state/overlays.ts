import type { FolderView } from '../../../shared/contract'
import type { FeedSummary } from '../../../shared/types'
import { createStore, type Readable } from './store'

/** The dialog on screen, if any. */
type DialogState =
  | { kind: 'add-feed' }
  | { kind: 'save-page' }
  | { kind: 'settings' }
  | { kind: 'shortcuts' }
  | { kind: 'rename-feed'; feed: FeedSummary }
  | { kind: 'move-feed'; feed: FeedSummary }
  | { kind: 'remove-feed'; feed: FeedSummary }
  | { kind: 'rename-folder'; folder: FolderView }
  | null

/** What sits over the reader: a dialog, and a one-line notice that fades. */
export interface Overlays {
  dialog: Readable<DialogState>
  notice: Readable<string | null>
  open(dialog: NonNullable<DialogState>): void
  close(): void
  notify(message: string): void
  /** Says why something failed, as a notice. */
  fail(failure: unknown): void
}

/** A notice says one thing once; it fades so the next one is heard. */
const NOTICE_MS = 6000

export function createOverlays(): Overlays {
  const dialog = createStore<DialogState>(null)
  const notice = createStore<string | null>(null)
  let fading: ReturnType<typeof setTimeout> | undefined
  const notify = (message: string): void => {
    if (message === notice.get()) return
    clearTimeout(fading)
    notice.set(message)
    fading = setTimeout(() => notice.set(null), NOTICE_MS)
  }
  return {
    dialog,
    notice,
    open: (next) => dialog.set(next),
    close: () => dialog.set(null),
    notify,
    fail: (failure) => notify((failure as Error).message),
  }
}

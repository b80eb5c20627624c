import type { ExportSourceArgs, FolderView, SmartFeedView } from '../../../shared/contract'
import type { FeedSummary } from '../../../shared/types'
import { STRINGS } from '../strings'
import { createStore, type Readable } from './store'
import { failureText } from '../locale'

/** The smart feeds' dialogs: save a search, rename, edit the search, remove. */
export type SmartFeedDialogState =
  | { kind: 'save-search'; query: string }
  | { kind: 'rename-smart'; feed: SmartFeedView }
  | { kind: 'edit-smart'; feed: SmartFeedView }
  | { kind: 'remove-smart'; feed: SmartFeedView }

/** The dialog on screen, if any. */
type DialogState =
  | { kind: 'add-feed' }
  | { kind: 'save-page' }
  | { kind: 'settings' }
  | { kind: 'shortcuts' }
  | { kind: 'highlights' }
  | { kind: 'rename-feed'; feed: FeedSummary }
  | { kind: 'move-feed'; feed: FeedSummary }
  | { kind: 'remove-feed'; feed: FeedSummary }
  | { kind: 'feed-full-text'; feed: FeedSummary }
  | { kind: 'rename-folder'; folder: FolderView }
  /** `title`: what is exported, as the list or the article names it. */
  | { kind: 'export'; source: ExportSourceArgs; title: string }
  | SmartFeedDialogState
  | null

/** The one-line notice, and whether its Undo button undoes what it says. */
export interface NoticeState {
  text: string
  undo: boolean
  /** A button that does something with what was done ("Show in Folder"). */
  action?: { label: string; run: () => void }
}

/** What sits over the reader: a dialog, and a one-line notice that fades (with Undo, after some actions). */
export interface Overlays {
  dialog: Readable<DialogState>
  notice: Readable<NoticeState | null>
  /** Whether there is an action to undo (Ctrl+Z, ⌘Z, or the notice's Undo button). */
  undoable: Readable<boolean>
  open(dialog: NonNullable<DialogState>): void
  close(): void
  notify(message: string): void
  /** Says what was done, with a button that does something with it ("Show in Folder"). */
  notifyWithAction(message: string, action: { label: string; run: () => void }): void
  /** Says why something failed, as a notice. */
  fail(failure: unknown): void
  /**
   * Says what was done, with an Undo button that runs `undo`; the last action offered is the one undone
   * (by the button, or by Ctrl+Z while no later action was offered).
   */
  offerUndo(message: string, undo: () => Promise<void>): void
  /** Undoes the last action offered, once; says so, or why it could not. */
  undo(): void
  /** Keeps the notice while the pointer or focus is on it (true), and lets it fade again (false). */
  hold(holding: boolean): void
}

/** A notice says one thing once; it fades so the next one is heard. */
const NOTICE_MS = 6000
/** A notice with Undo stays longer: time to read it, and to reach the button. */
export const UNDO_NOTICE_MS = 10_000

export function createOverlays(): Overlays {
  const dialog = createStore<DialogState>(null)
  const notice = createStore<NoticeState | null>(null)
  const undoable = createStore(false)
  let lastUndo: (() => Promise<void>) | null = null
  let fading: ReturnType<typeof setTimeout> | undefined
  let held = false
  let lasts = NOTICE_MS
  const fadeLater = (): void => {
    clearTimeout(fading)
    if (!held) fading = setTimeout(() => notice.set(null), lasts)
  }
  const show = (next: NoticeState, ms: number): void => {
    notice.set(next)
    lasts = ms
    fadeLater()
  }
  const notify = (message: string): void => {
    const now = notice.get()
    if (now && message === now.text && !now.undo) return
    show({ text: message, undo: false }, NOTICE_MS)
  }
  const fail = (failure: unknown): void => notify(failureText(failure))
  return {
    dialog,
    notice,
    undoable,
    open: (next) => dialog.set(next),
    close: () => dialog.set(null),
    notify,
    notifyWithAction: (message, action) => show({ text: message, undo: false, action }, UNDO_NOTICE_MS),
    fail,
    offerUndo(message, undo) {
      lastUndo = undo
      undoable.set(true)
      show({ text: message, undo: true }, UNDO_NOTICE_MS)
    },
    undo() {
      const run = lastUndo
      if (!run) return
      lastUndo = null
      undoable.set(false)
      run().then(() => notify(STRINGS.undo.done), fail)
    },
    hold(holding) {
      held = holding
      fadeLater()
    },
  }
}

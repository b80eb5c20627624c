import { UserError } from '../errors'
import { newId } from '../store/ids'

/** How long an action can be undone: the reader offers it for seconds; a slow click still makes it. */
export const UNDO_WINDOW_MS = 10 * 60_000
/** How many ways back are kept at once (an unsubscription's holds the feed's articles): the newest. */
export const UNDO_KEPT = 20

/**
 * The ways back from the reader's undoable actions (mark all read, unsubscribe, delete folder): each is
 * kept under a token the action's answer carries, and `undo(token)` runs it once. The services make the
 * ways back (Flags.markAllReadUndoably, Subscriptions.unsubscribe with `undoable`,
 * Subscriptions.deleteFolder); this only holds them, in this process, for {@link UNDO_WINDOW_MS}, the
 * newest {@link UNDO_KEPT}.
 */
export class UndoJournal {
  readonly #entries = new Map<string, { run: () => Promise<unknown>; until: number }>()

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps a way back; returns its token. */
  keep(run: () => Promise<unknown>): string {
    this.#forgetExpired()
    const token = newId()
    this.#entries.set(token, { run, until: this.now() + UNDO_WINDOW_MS })
    // A Map keeps insertion order: the first is the oldest.
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= UNDO_KEPT) break
      this.#entries.delete(oldest)
    }
    return token
  }

  /** Runs the way back of a token once; an unknown or expired token is a UserError. */
  async undo(token: string): Promise<void> {
    this.#forgetExpired()
    const entry = this.#entries.get(token)
    if (!entry) throw new UserError('nothing to undo: it was undone already, or too long ago')
    this.#entries.delete(token)
    await entry.run()
  }

  #forgetExpired(): void {
    const now = this.now()
    for (const [token, entry] of this.#entries) if (entry.until < now) this.#entries.delete(token)
  }
}

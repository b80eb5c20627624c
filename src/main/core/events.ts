import type { BroadsheetEvent, BroadsheetEvents, EventName } from '../../shared/contract'

/** Receives every event of the contract (a window, an SSE stream). */
export type EventListener = (event: BroadsheetEvent) => void

/**
 * Where core's events (sync progress, new articles, online) go out to whoever shows them: the shell
 * forwards them to its windows over IPC, the preview to its server-sent-event streams.
 */
export class EventHub {
  readonly #listeners = new Set<EventListener>()

  emit<E extends EventName>(name: E, payload: BroadsheetEvents[E]): void {
    const event = { name, payload } as BroadsheetEvent
    for (const listener of [...this.#listeners]) {
      try {
        listener(event)
      } catch (error) {
        // One broken listener (a window being destroyed) must not keep the event from the others.
        console.error(`broadsheet: an ${name} listener failed:`, error)
      }
    }
  }

  /** Adds a listener; returns its removal. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}

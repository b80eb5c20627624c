/**
 * What crosses from a pool's worker back to the pool for each task. A task's own error comes back as
 * data, not as a thrown error: the structured clone keeps an error's message but not its class or its
 * fields (a FeedParseError would arrive as a plain Error without `isHtml`), and it lets the pool tell a
 * task that failed from a worker that was lost while running it.
 */
export type TaskOutcome<R> = { ok: true; value: R } | { ok: false; error: SerializedError }

/** An error as it crosses threads: enough to throw the same error (and message) on the other side. */
export interface SerializedError {
  name: string
  message: string
  /** The error's own fields that are plain values (FeedParseError's `isHtml`). */
  fields: Record<string, string | number | boolean | null>
}

/** Sent instead of a task to start a worker and hear back once it has loaded; never given to a task. */
export const WARM_UP = 'broadsheet:warm-up'

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} }
  const fields: SerializedError['fields'] = {}
  for (const [key, value] of Object.entries(error)) {
    if (key === 'name' || key === 'message') continue
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      fields[key] = value as string | number | boolean | null
  }
  return { name: error.name, message: error.message, fields }
}

/** The error a task threw in a worker, with its name and message (for errors no pool knows better). */
export function rebuildError(error: SerializedError): Error {
  const rebuilt = new Error(error.message)
  rebuilt.name = error.name
  return rebuilt
}

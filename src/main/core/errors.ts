import type { FailureCode } from '../../shared/contract'

/**
 * Failures people cause or meet and can act on: an unknown id, a bad URL, a file that is not OPML, a
 * feed that cannot be fetched, a data dir another process holds, a full disk. They are reported as their
 * one-line message; anything else is a bug, reported the same way but logged with its stack.
 */
export class ExpectedError extends Error {
  /**
   * Read by {@link describeFailure} rather than `instanceof`: a module loaded on first need (the sync
   * engine, the accounts' client) must be classified the same even where it got its own copy of this class.
   */
  readonly expected = true
}

/** A request the user made that cannot be carried out (unknown id, duplicate); its message is for people. */
export class UserError extends ExpectedError {
  constructor(message: string) {
    super(message)
    this.name = 'UserError'
  }
}

/**
 * A feed that could not be fetched while subscribing (the server is busy, did not answer, refused the
 * connection, answered with an error): not a verdict that the address is no feed. `subscribe(…, {anyway})`
 * subscribes to `url` all the same, with this as its last error, and the next sync tries again.
 */
export class FeedUnreachableError extends UserError {
  readonly failureCode: FailureCode = 'feed-unreachable'
  constructor(
    message: string,
    /** The address that was tried (a bare address's http one when https could not connect). */
    readonly url: string,
  ) {
    super(message)
    this.name = 'FeedUnreachableError'
  }
}

/** The stable codes of failures a UI acts on (beyond showing the message), as the contract names them. */
export type { FailureCode } from '../../shared/contract'

/** A failure as every transport reports it: one line, and whether it is expected or a bug. */
export interface Failure {
  message: string
  /** True for failures people cause and can act on (see {@link ExpectedError}); false for bugs. */
  expected: boolean
  /** What a UI can offer beyond the message ("Subscribe anyway" for `feed-unreachable`). */
  code?: FailureCode
}

/** The one classification of errors, for the IPC layer, the preview and the CLI alike. */
export function describeFailure(error: unknown): Failure {
  const text = error instanceof Error ? error.message : String(error)
  const line = text.split('\n')[0]?.trim().slice(0, 500)
  const expected = (error as { expected?: unknown } | null)?.expected === true
  const code = (error as { failureCode?: unknown } | null)?.failureCode
  const failure: Failure = { message: line || 'the request failed', expected }
  if (expected && code === 'feed-unreachable') failure.code = code
  return failure
}

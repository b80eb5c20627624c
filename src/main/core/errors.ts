import { FEED_UNREACHABLE, type FailureCode } from '../../shared/failure-codes'

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

/**
 * A request the user made that cannot be carried out (unknown id, duplicate); its message is for people.
 * One a person commonly meets in the app also carries a code and parameters (shared/failure-codes.ts),
 * which the UI words in its own language; the CLI shows the English message.
 */
export class UserError extends ExpectedError {
  declare code?: string
  declare params?: Record<string, string | number>
  constructor(message: string, coded?: FailureCode) {
    super(message)
    this.name = 'UserError'
    if (coded) Object.assign(this, { code: coded.code, params: coded.params ?? {} })
  }
}

/**
 * A feed that could not be fetched while subscribing (the server is busy, did not answer, refused the
 * connection, answered with an error): not a verdict that the address is no feed. `subscribe(…, {anyway})`
 * subscribes to `url` all the same, with this as its last error, and the next sync tries again.
 */
export class FeedUnreachableError extends UserError {
  /** Its code for a UI (shared/failure-codes.ts): "Subscribe anyway" may be offered. */
  declare readonly code: typeof FEED_UNREACHABLE
  constructor(
    message: string,
    /** The address that was tried (a bare address's http one when https could not connect). */
    readonly url: string,
    /** Why, as a code the UI words (see fetchFailureParams). */
    reason: Record<string, string | number> = {},
  ) {
    super(message, { code: FEED_UNREACHABLE, params: { url, ...reason } })
    this.name = 'FeedUnreachableError'
  }
}

/** A failure as every transport reports it: one line, and whether it is expected or a bug. */
export interface Failure {
  message: string
  /** True for failures people cause and can act on (see {@link ExpectedError}); false for bugs. */
  expected: boolean
  /** An expected failure's stable code, for a UI that words it itself (see shared/failure-codes.ts). */
  code?: string
  params?: Record<string, string | number>
}

/** The one classification of errors, for the IPC layer, the preview and the CLI alike. */
export function describeFailure(error: unknown): Failure {
  const text = error instanceof Error ? error.message : String(error)
  const line = text.split('\n')[0]?.trim().slice(0, 500)
  const expected = (error as { expected?: unknown } | null)?.expected === true
  const failure: Failure = { message: line || 'the request failed', expected }
  const { code, params } = (error ?? {}) as { code?: unknown; params?: unknown }
  if (expected && typeof code === 'string') {
    failure.code = code
    if (params && typeof params === 'object') failure.params = plainParams(params)
  }
  return failure
}

/** A code's parameters as JSON-safe strings and numbers, each string one bounded line. */
function plainParams(params: object): Record<string, string | number> {
  const plain: Record<string, string | number> = {}
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'number' && Number.isFinite(value)) plain[key] = value
    else if (typeof value === 'string') plain[key] = value.split('\n')[0]!.slice(0, 200)
  }
  return plain
}

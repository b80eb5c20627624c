import { isApiMethod, type BroadsheetApi } from '../../../shared/contract'
import { ApiArgumentError, parseApiArgs } from './schemas'
import { UserError } from '../store/library'
import { FetchError } from '../net/http-fetch'
import { OpmlError } from '../subscriptions/opml'
import { DataDirBusyError } from '../store/write-lock'

/**
 * Runs one request as a transport received it: the method name and argument are untrusted, so the name
 * must be a contract method and the argument must pass its schema before the handler sees either.
 */
export async function callApi(handlers: BroadsheetApi, method: string, input: unknown): Promise<unknown> {
  if (!isApiMethod(method)) throw new ApiArgumentError(`no such request: ${method.slice(0, 64)}`)
  const args = parseApiArgs(method, input)
  return (handlers[method] as (args: unknown) => Promise<unknown>)(args)
}

/** A failure as the renderer sees it: one line, and whether it is the request's fault (or a bug). */
export interface ApiFailure {
  message: string
  /** True for failures people cause and can act on (unknown id, bad URL, offline); false for bugs. */
  expected: boolean
}

export function describeFailure(error: unknown): ApiFailure {
  const expected =
    error instanceof UserError ||
    error instanceof OpmlError ||
    error instanceof DataDirBusyError ||
    error instanceof FetchError
  const text = error instanceof Error ? error.message : String(error)
  const line = text.split('\n')[0]?.trim().slice(0, 500)
  return { message: line || 'the request failed', expected }
}

import { isApiMethod, type BroadsheetApi } from '../../../shared/contract'
import { ApiArgumentError, parseApiArgs } from './schemas'

/**
 * Runs one request as a transport received it: the method name and argument are untrusted, so the name
 * must be a contract method and the argument must pass its schema before the handler sees either.
 */
export async function callApi(handlers: BroadsheetApi, method: string, input: unknown): Promise<unknown> {
  if (!isApiMethod(method)) throw new ApiArgumentError(`no such request: ${method.slice(0, 64)}`)
  const args = parseApiArgs(method, input)
  return (handlers[method] as (args: unknown) => Promise<unknown>)(args)
}

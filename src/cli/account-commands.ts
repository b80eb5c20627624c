import type { Broadsheet } from '../main/core/broadsheet'
import { UserError } from '../main/core/errors'
import { type CliIO, clip, dateAndAge, printJson, printTable, terminalSafe } from './output'

export interface AccountAddOptions {
  user: string
  passwordStdin?: boolean
  json?: boolean
}

/**
 * `account add greader URL --user NAME [--password-stdin]`: logs in first (nothing is stored when that
 * fails) and keeps only the token the server returns. The password comes from stdin, else
 * BROADSHEET_PASSWORD, else a prompt on a terminal; it is never printed or stored.
 */
export async function accountAddCommand(
  core: Broadsheet,
  io: CliIO,
  kind: string,
  url: string,
  options: AccountAddOptions,
) {
  if (kind !== 'greader')
    throw new UserError(`unknown account kind "${kind}": Broadsheet speaks greader (FreshRSS, Miniflux, …)`)
  const password = await passwordOf(io, options)
  const account = await core.accounts.add({ url, user: options.user, password })
  if (options.json) {
    printJson(io, { id: account.id, kind: account.kind, url: account.url, user: account.user })
    return
  }
  io.stdout(terminalSafe(`Added account ${account.id}: ${account.user} at ${account.url}\n`))
  io.stdout('Run `broadsheet sync` to fetch its subscriptions and articles.\n')
}

async function passwordOf(io: CliIO, options: AccountAddOptions): Promise<string> {
  let password: string | undefined
  if (options.passwordStdin) {
    if (!io.readStdin) throw new UserError('--password-stdin: there is no standard input to read')
    password = (await io.readStdin()).replace(/\r?\n$/, '')
  } else if (io.env.BROADSHEET_PASSWORD) {
    password = io.env.BROADSHEET_PASSWORD
  } else if (io.askSecret) {
    password = await io.askSecret(`Password for ${options.user}: `)
  }
  if (!password)
    throw new UserError('no password: give it on stdin with --password-stdin, or in BROADSHEET_PASSWORD')
  return password
}

/** `account list`: each account, its last sync and error, its feeds and its unsent changes. */
export async function accountListCommand(core: Broadsheet, io: CliIO, options: { json?: boolean }) {
  const accounts = await core.accounts.summaries()
  const now = Date.now()
  if (options.json) {
    // summaries() gives exactly the account's public part, its feeds, unsent changes and credential store.
    printJson(io, accounts)
    return
  }
  if (accounts.length === 0) {
    io.stdout('No server accounts. Add one with `broadsheet account add greader URL --user NAME`.\n')
    return
  }
  printTable(
    io,
    ['ID', 'USER', 'SERVER', 'FEEDS', 'UNSENT', 'SIGN-IN KEPT IN', 'LAST SYNC', 'STATUS'],
    accounts.map((a) => [
      a.id,
      clip(a.user, 20),
      clip(a.url, 40),
      String(a.feeds),
      String(a.pending),
      a.credential === 'keychain' ? 'system keychain' : 'file (0600)',
      dateAndAge(a.lastSync, now),
      a.lastError ? `error: ${clip(a.lastError, 60)}` : 'ok',
    ]),
  )
}

/** `account remove ID`: forgets the account and its sign-in; its articles go, bookmarked ones stay. */
export async function accountRemoveCommand(core: Broadsheet, io: CliIO, input: string) {
  const id = core.accounts.resolveId(input)
  const account = core.accounts.require(id)
  await core.accounts.remove(id)
  io.stdout(terminalSafe(`Removed account ${account.user} at ${account.url}; its bookmarked articles stay\n`))
}

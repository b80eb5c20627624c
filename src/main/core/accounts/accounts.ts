import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { AccountView } from '../../../shared/contract'
import type { Account, ArticleMeta, Feed } from '../../../shared/types'
import { UserError } from '../errors'
import { resolveIdPrefix } from '../id-prefix'
import type { RemoteFlags, RemoteState } from '../flags/flags'
import { typedWebUrls } from '../net/web-url'
import type { ConfigFile } from '../store/config-file'
import type { StoredAccount } from '../store/config-schema'
import type { DamageNotice } from '../../../shared/contract'
import { newId } from '../store/ids'
import type { WriteLock } from '../store/write-lock'
import type { RemoteSubscriptions, ServerSubscription } from '../subscriptions/account-mirror'
import type { Subscriptions } from '../subscriptions/subscriptions'
import { ChangeQueue, type QueuedChange } from './change-queue'
import type { CredentialStore } from './credentials'
import type { GReaderClient } from './greader-client'
import { AccountError, STREAMS, type ServerTransport } from './greader-http'

export interface AccountsDeps {
  dataDir: string
  lock: WriteLock
  damage: DamageNotice[]
  config: ConfigFile
  subscriptions: Subscriptions
  credentials: CredentialStore
  /** How requests reach servers (tests: recorded answers). */
  transport?: ServerTransport
  /** After a change to a server article, send the account's queue this soon (ms); null: at the next sync. */
  pushDelayMs?: number | null
}

/**
 * How soon the app and the preview send a change to a server account's article: soon enough to reach a
 * phone in seconds, late enough that a run of changes (j, j, j) goes in one request.
 */
export const INTERACTIVE_PUSH_DELAY_MS = 2_000

/**
 * The accounts service: server accounts (Google Reader API: FreshRSS, Miniflux, …) — adding one (after
 * logging in), listing, removing — and what goes to their servers: subscription changes, and read and
 * starred changes, queued durably and sent before anything is pulled.
 */
export class Accounts implements RemoteFlags, RemoteSubscriptions {
  readonly #deps: AccountsDeps
  readonly #queues = new Map<string, ChangeQueue>()
  readonly #pushTimers = new Map<string, ReturnType<typeof setTimeout>>()
  readonly #pushing = new Map<string, Promise<number>>()

  constructor(deps: AccountsDeps) {
    this.#deps = deps
  }

  /** Every server account (shared: do not change it). */
  list(): readonly StoredAccount[] {
    return this.#deps.config.read().accounts
  }

  /** The account, or a UserError naming the id. */
  require(id: string): StoredAccount {
    const account = this.list().find((candidate) => candidate.id === id)
    if (!account) throw new UserError(`no account with id ${id}`)
    return account
  }

  /** The account an id or a unique start of one (6+ characters) names (see resolveIdPrefix). */
  resolveId(input: string): string {
    return resolveIdPrefix(
      'account',
      input,
      this.list().map((account) => ({ id: account.id, label: `${account.user} at ${account.url}` })),
    )
  }

  /** Accounts as lists show them: with their subscriptions, unsent changes and where the token is kept. */
  async summaries(): Promise<AccountView[]> {
    const feeds = this.#deps.subscriptions.feeds()
    return Promise.all(
      this.list().map(async (account) => ({
        ...publicPart(account),
        feeds: feeds.filter((feed) => feed.account === account.id).length,
        pending: (await this.queue(account.id).pending()).length,
        credential: account.credential,
      })),
    )
  }

  /**
   * Adds a Google Reader API account: logs in with the password first (nothing is stored when that
   * fails), then keeps only the token the server gave (see CredentialStore), never the password.
   */
  async add(input: { url: string; user: string; password: string }): Promise<Account> {
    const user = input.user.trim()
    if (!user) throw new UserError('an account needs a user name')
    const { url, token } = await this.#signIn(input.url, user, input.password)
    const id = newId()
    const credential = await this.#deps.credentials.set(id, token)
    const account: StoredAccount = {
      id,
      kind: 'greader',
      url,
      user,
      lastSync: null,
      lastError: null,
      credential,
    }
    await this.#deps.config.update((data) => void data.accounts.push(account))
    return publicPart(account)
  }

  /** Signs in without keeping anything: whether the address, user and password work. */
  async test(input: { url: string; user: string; password: string }): Promise<void> {
    await this.#signIn(input.url, input.user.trim(), input.password)
  }

  /**
   * Logs in at the address typed: a bare one ("rss.example.com/api/greader.php") over https, then over
   * http should https not connect (a server that answers, even to refuse, is not tried again).
   */
  async #signIn(typed: string, user: string, password: string): Promise<{ url: string; token: string }> {
    const urls = typedWebUrls(typed).map((url) => url.replace(/\/+$/, ''))
    const client = await loadClient()
    for (let index = 0; ; index++) {
      const url = urls[index]!
      try {
        return { url, token: await client.login(url, user, password, this.#deps.transport) }
      } catch (error) {
        const unreachable = (error as { kind?: unknown }).kind === 'network'
        if (index === urls.length - 1 || !unreachable) throw error
      }
    }
  }

  /** Forgets an account and its token; its articles go, bookmarked ones stay as this computer's. */
  async remove(id: string): Promise<void> {
    this.require(id)
    clearTimeout(this.#pushTimers.get(id))
    await this.#deps.subscriptions.mirror(id, [])
    await this.#deps.config.update((data) => {
      data.accounts = data.accounts.filter((account) => account.id !== id)
    })
    await this.#deps.credentials.delete(id)
    await rm(join(this.#deps.dataDir, 'accounts', id), { recursive: true, force: true })
    this.#queues.delete(id)
  }

  /** A client signed in as the account (its kept token). */
  async client(id: string): Promise<GReaderClient> {
    const account = this.require(id)
    const token = await this.#deps.credentials.get(id, account.credential)
    if (!token)
      throw new AccountError(
        `the sign-in of ${account.user} at ${account.url} is gone; remove the account and add it again`,
        'auth',
      )
    return new (await loadClient())(account.url, token, this.#deps.transport)
  }

  queue(id: string): ChangeQueue {
    let queue = this.#queues.get(id)
    if (!queue) {
      queue = new ChangeQueue(this.#deps.dataDir, id, this.#deps.lock, this.#deps.damage)
      this.#queues.set(id, queue)
    }
    return queue
  }

  /** Records what a sync learned of an account: when it reached the server, its error, where it got to. */
  async record(
    id: string,
    patch: Partial<Pick<StoredAccount, 'lastSync' | 'lastError' | 'lastErrorCode' | 'itemsUpToUsec'>>,
  ): Promise<void> {
    await this.#deps.config.update((data) => {
      const account = data.accounts.find((candidate) => candidate.id === id)
      if (account) Object.assign(account, patch)
    })
  }

  /** Queues changes to server articles (before they are made here); see RemoteFlags. */
  async beforeChange(
    articles: readonly Pick<ArticleMeta, 'feedId' | 'remoteId'>[],
    state: RemoteState,
    value: boolean,
  ): Promise<void> {
    const accountOf = new Map(this.#deps.subscriptions.feeds().map((feed) => [feed.id, feed.account]))
    const byAccount = new Map<string, QueuedChange[]>()
    for (const article of articles) {
      const account = accountOf.get(article.feedId)
      if (!account || !article.remoteId) continue
      let changes = byAccount.get(account)
      if (!changes) byAccount.set(account, (changes = []))
      changes.push({ item: article.remoteId, state, value })
    }
    for (const [account, changes] of byAccount) {
      await this.queue(account).add(changes)
      this.#schedulePush(account)
    }
  }

  /** Sends the account's queued changes, oldest state first; returns how many went. */
  push(id: string): Promise<number> {
    const running = this.#pushing.get(id)
    if (running) return running.then(() => this.push(id))
    const push = this.#push(id).finally(() => this.#pushing.delete(id))
    this.#pushing.set(id, push)
    return push
  }

  async #push(id: string): Promise<number> {
    const queue = this.queue(id)
    const pending = await queue.pending()
    if (pending.length === 0) return 0
    const client = await this.client(id)
    for (const state of ['read', 'starred'] as const) {
      for (const value of [true, false]) {
        const items = pending.filter((change) => change.state === state && change.value === value)
        if (items.length === 0) continue
        const tag = STREAMS[state]
        await client.editTag(
          items.map((change) => change.item),
          value ? { add: tag } : { remove: tag },
        )
        await queue.remove(items)
      }
    }
    return pending.length
  }

  #schedulePush(id: string): void {
    const delay = this.#deps.pushDelayMs
    if (delay === null || delay === undefined) return
    clearTimeout(this.#pushTimers.get(id))
    const timer = setTimeout(() => {
      this.#pushTimers.delete(id)
      // Offline or refused: the changes stay queued for the next sync.
      void this.push(id).catch(() => undefined)
    }, delay)
    timer.unref?.()
    this.#pushTimers.set(id, timer)
  }

  async subscribe(accountId: string, url: string, label: string | null): Promise<ServerSubscription[]> {
    const client = await this.client(accountId)
    await client.subscribe(url, label)
    return client.subscriptions()
  }

  async unsubscribe(feed: Feed): Promise<void> {
    await (await this.client(feed.account as string)).unsubscribe(feed.remoteId as string)
  }

  async edit(
    feed: Feed,
    change: { title?: string; from?: string | null; to?: string | null },
  ): Promise<void> {
    await (await this.client(feed.account as string)).editSubscription(feed.remoteId as string, change)
  }

  /** Stops pending pushes (they stay queued) and waits for one running. */
  async close(): Promise<void> {
    for (const timer of this.#pushTimers.values()) clearTimeout(timer)
    this.#pushTimers.clear()
    await Promise.allSettled(this.#pushing.values())
  }
}

/** What the UI and JSON output may show of an account: never where or what its credential is. */
function publicPart(account: StoredAccount): Account {
  const { id, kind, url, user, lastSync, lastError, lastErrorCode } = account
  const coded = lastError && lastErrorCode ? { lastErrorCode } : {}
  return { id, kind, url, user, lastSync: lastSync ?? null, lastError: lastError ?? null, ...coded }
}

/** The client, loaded on first need (with its schemas): reading needs no server. */
async function loadClient(): Promise<typeof GReaderClient> {
  return (await import('./greader-client')).GReaderClient
}

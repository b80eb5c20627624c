import type { z } from 'zod'
import { hostOf } from '../../../shared/urls'
import { AccountError, fetchTransport, type ServerAnswer, type ServerTransport } from './greader-http'
import {
  itemContentsSchema,
  itemIdsSchema,
  itemSchema,
  subscriptionListSchema,
  type ServerItem,
} from './greader-schemas'
import type { ServerSubscription } from '../subscriptions/account-mirror'
import { longItemId } from './item-ids'

/** Ids per `stream/items/ids` page and per `stream/items/contents` or `edit-tag` request. */
const IDS_PAGE = 1000
const CONTENTS_BATCH = 100
const EDIT_BATCH = 250

/**
 * A small typed client of the Google Reader API as FreshRSS and Miniflux serve it. `baseUrl` is the API
 * endpoint (FreshRSS: https://host/api/greader.php; Miniflux: https://host). Every call carries
 * `Authorization: GoogleLogin auth=…`; every POST carries the action token `T` in its body (Miniflux
 * requires it there), fetched once and again after a 401. Every answer is checked against a schema.
 */
export class GReaderClient {
  readonly #base: string
  readonly #auth: string
  readonly #send: ServerTransport
  #token: string | null = null

  constructor(baseUrl: string, auth: string, transport: ServerTransport = fetchTransport()) {
    this.#base = baseUrl.replace(/\/+$/, '')
    this.#auth = auth
    this.#send = transport
  }

  /**
   * Logs in with the user's password and returns the server's `Auth` token: the only credential kept.
   * A refused password is an AccountError of kind `auth`.
   */
  static async login(
    baseUrl: string,
    user: string,
    password: string,
    transport: ServerTransport = fetchTransport(),
  ): Promise<string> {
    const base = baseUrl.replace(/\/+$/, '')
    const answer = await transport({
      method: 'POST',
      url: `${base}/accounts/ClientLogin`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Email: user, Passwd: password }).toString(),
    })
    if (answer.status === 401 || answer.status === 403)
      throw new AccountError(
        `authentication failed at ${hostOf(base)}: check the user name and the API password`,
        'auth',
        { code: 'account-wrong-password', params: { host: hostOf(base) } },
      )
    expectOk(answer, base)
    const auth = /^Auth=(.+)$/m.exec(answer.text)?.[1]?.trim()
    if (!auth)
      throw new AccountError(`${hostOf(base)} did not answer like a Google Reader API server`, 'server', {
        code: 'account-not-greader',
        params: { host: hostOf(base) },
      })
    return auth
  }

  /** The subscriptions, each with the label it sits under. */
  async subscriptions(): Promise<ServerSubscription[]> {
    const list = await this.#getJson('subscription/list', {}, subscriptionListSchema)
    return list.subscriptions.map((entry) => {
      const category = entry.categories?.[0]
      return {
        streamId: entry.id,
        title: entry.title?.trim() || entry.url || entry.id,
        url: entry.url ?? null,
        siteUrl: entry.htmlUrl || null,
        label: category ? category.label?.trim() || labelOf(category.id) : null,
      }
    })
  }

  /**
   * The ids (long form) of a stream's items, following continuations: `exclude` leaves out a state
   * (read), `sinceSeconds` keeps items the server took in since then, `max` bounds the list. Also the
   * newest item's time as the server gave it (µs), for the next `sinceSeconds`.
   */
  async itemIds(query: {
    stream: string
    exclude?: string
    sinceSeconds?: number
    max: number
  }): Promise<{ ids: string[]; newestUsec: number }> {
    const ids: string[] = []
    let newestUsec = 0
    let continuation: string | undefined
    do {
      const params: Record<string, string> = {
        s: query.stream,
        n: String(Math.min(IDS_PAGE, query.max - ids.length)),
      }
      if (query.exclude) params.xt = query.exclude
      if (query.sinceSeconds !== undefined) params.ot = String(Math.max(0, Math.floor(query.sinceSeconds)))
      if (continuation) params.c = continuation
      const page = await this.#getJson('stream/items/ids', params, itemIdsSchema)
      for (const ref of page.itemRefs ?? []) {
        const id = longItemId(String(ref.id))
        if (id) ids.push(id)
        newestUsec = Math.max(newestUsec, Number(ref.timestampUsec ?? 0) || 0)
      }
      const next = page.continuation ? String(page.continuation) : undefined
      continuation = next && next !== continuation && (page.itemRefs?.length ?? 0) > 0 ? next : undefined
    } while (continuation && ids.length < query.max)
    return { ids, newestUsec }
  }

  /**
   * The items of these ids, a batch per request. An item the schema refuses is left out (and counted):
   * one bad item never costs the others.
   */
  async items(ids: readonly string[]): Promise<{ items: ServerItem[]; refused: number }> {
    const items: ServerItem[] = []
    let refused = 0
    for (let at = 0; at < ids.length; at += CONTENTS_BATCH) {
      const form = new URLSearchParams()
      for (const id of ids.slice(at, at + CONTENTS_BATCH)) form.append('i', id)
      const answer = await this.#postJson('stream/items/contents', form, itemContentsSchema)
      for (const raw of answer.items ?? []) {
        const parsed = itemSchema.safeParse(raw)
        if (parsed.success) items.push(parsed.data)
        else refused += 1
      }
    }
    return { items, refused }
  }

  /** Adds and removes a state (read, starred) on items, a batch per request. */
  async editTag(ids: readonly string[], change: { add?: string; remove?: string }): Promise<void> {
    for (let at = 0; at < ids.length; at += EDIT_BATCH) {
      const form = new URLSearchParams()
      for (const id of ids.slice(at, at + EDIT_BATCH)) form.append('i', id)
      if (change.add) form.append('a', change.add)
      if (change.remove) form.append('r', change.remove)
      await this.#post('edit-tag', form)
    }
  }

  /** Subscribes to a feed URL, in a label when given; the server fetches it. */
  async subscribe(url: string, label: string | null): Promise<void> {
    const form = new URLSearchParams({ ac: 'subscribe', s: `feed/${url}` })
    if (label) form.append('a', `user/-/label/${label}`)
    await this.#post('subscription/edit', form)
  }

  async unsubscribe(streamId: string): Promise<void> {
    await this.#post('subscription/edit', new URLSearchParams({ ac: 'unsubscribe', s: streamId }))
  }

  /** Renames a subscription and moves it between labels (null: none). */
  async editSubscription(
    streamId: string,
    change: { title?: string; from?: string | null; to?: string | null },
  ): Promise<void> {
    const form = new URLSearchParams({ ac: 'edit', s: streamId })
    if (change.title !== undefined) form.append('t', change.title)
    if (change.to) form.append('a', `user/-/label/${change.to}`)
    if (change.from && change.from !== change.to) form.append('r', `user/-/label/${change.from}`)
    await this.#post('subscription/edit', form)
  }

  async #getJson<T>(path: string, params: Record<string, string>, schema: z.ZodType<T>): Promise<T> {
    const query = new URLSearchParams({ ...params, output: 'json' })
    const answer = await this.#send({
      method: 'GET',
      url: `${this.#base}/reader/api/0/${path}?${query}`,
      headers: this.#headers(),
    })
    return parseJson(answer, schema, this.#base)
  }

  async #postJson<T>(path: string, form: URLSearchParams, schema: z.ZodType<T>): Promise<T> {
    return parseJson(await this.#post(`${path}?output=json`, form), schema, this.#base)
  }

  /** A POST with the action token in its body; a 401 fetches a new token and tries once more. */
  async #post(path: string, form: URLSearchParams): Promise<ServerAnswer> {
    for (let attempt = 0; ; attempt++) {
      const body = new URLSearchParams(form)
      body.set('T', await this.#actionToken(attempt > 0))
      const answer = await this.#send({
        method: 'POST',
        url: `${this.#base}/reader/api/0/${path}`,
        headers: { ...this.#headers(), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      })
      if (answer.status === 401 && attempt === 0) continue
      expectOk(answer, this.#base)
      return answer
    }
  }

  async #actionToken(renew: boolean): Promise<string> {
    if (this.#token && !renew) return this.#token
    const answer = await this.#send({
      method: 'GET',
      url: `${this.#base}/reader/api/0/token`,
      headers: this.#headers(),
    })
    expectOk(answer, this.#base)
    const token = answer.text.trim()
    if (!token || token.length > 1024 || /\s/.test(token))
      throw new AccountError(`${hostOf(this.#base)} sent no usable action token`, 'server')
    this.#token = token
    return token
  }

  #headers(): Record<string, string> {
    return { Authorization: `GoogleLogin auth=${this.#auth}` }
  }
}

function expectOk(answer: ServerAnswer, base: string): void {
  if (answer.status === 401 || answer.status === 403)
    throw new AccountError(
      `authentication failed at ${hostOf(base)}: the server no longer accepts Broadsheet's sign-in; add the account again`,
      'auth',
      { code: 'account-signin-refused', params: { host: hostOf(base) } },
    )
  if (answer.status < 200 || answer.status >= 300)
    throw new AccountError(`${hostOf(base)} answered ${answer.status}`, 'server', {
      code: 'account-http',
      params: { host: hostOf(base), status: answer.status },
    })
}

function parseJson<T>(answer: ServerAnswer, schema: z.ZodType<T>, base: string): T {
  expectOk(answer, base)
  let value: unknown
  try {
    value = JSON.parse(answer.text)
  } catch {
    throw new AccountError(
      `${hostOf(base)} answered something that is not JSON (is this the API's address?)`,
      'server',
      { code: 'account-not-greader', params: { host: hostOf(base) } },
    )
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success)
    throw new AccountError(`${hostOf(base)} answered in a shape Broadsheet does not know`, 'server')
  return parsed.data
}

/** `user/-/label/Tech` → `Tech` (Miniflux writes `user/1/label/Tech`). */
function labelOf(categoryId: string): string | null {
  const match = /^user\/[^/]+\/label\/(.+)$/.exec(categoryId)
  return match?.[1]?.trim() || null
}

import {
  AccountError,
  type ServerAnswer,
  type ServerRequest,
  type ServerTransport,
} from '../../src/main/core/accounts/greader-http'

/** An item the fake server holds. */
export interface FakeItem {
  /** Decimal, as FreshRSS numbers its items. */
  id: string
  feed: string
  title: string
  html: string
  url: string
  read?: boolean
  starred?: boolean
}

/**
 * A Google Reader API server in memory, answering as FreshRSS does, for account tests that must run where
 * PHP is not: subscriptions with labels, items, the read and starred states, edit-tag, subscription/edit.
 * `down` makes every request fail as an unreachable server does; `answer` overrides one path's answer.
 */
export function fakeGReader(options: { password?: string } = {}) {
  const password = options.password ?? 'pw'
  const state = {
    subscriptions: [] as { id: string; title: string; url: string; label: string | null }[],
    items: [] as FakeItem[],
    down: false,
    overrides: new Map<string, () => ServerAnswer>(),
    requests: [] as ServerRequest[],
  }
  const json = (value: unknown): ServerAnswer => ({
    status: 200,
    contentType: 'application/json',
    text: JSON.stringify(value),
  })
  const long = (id: string) => `tag:google.com,2005:reader/item/${BigInt(id).toString(16).padStart(16, '0')}`
  const byLong = (id: string) => state.items.find((item) => long(item.id) === id || item.id === id)

  const transport: ServerTransport = async (request) => {
    state.requests.push(request)
    if (state.down) {
      // As fetchTransport throws it, code and all.
      throw new AccountError('news.example could not be reached: ECONNREFUSED', 'network', {
        code: 'account-unreachable',
        params: { host: 'news.example' },
      })
    }
    const url = new URL(request.url)
    const path = url.pathname.replace(/^.*\/(accounts|reader\/api\/0)\//, '')
    const override = state.overrides.get(path)
    if (override) return override()
    const form = new URLSearchParams(request.body ?? '')
    if (path === 'ClientLogin')
      return form.get('Passwd') === password
        ? { status: 200, contentType: 'text/plain', text: 'SID=x\nLSID=null\nAuth=alice/token\n' }
        : { status: 401, contentType: 'text/plain', text: 'Unauthorized' }
    if (request.headers.Authorization !== 'GoogleLogin auth=alice/token')
      return { status: 401, contentType: 'text/plain', text: 'Unauthorized' }
    const query = url.searchParams
    switch (path) {
      case 'token':
        return { status: 200, contentType: 'text/plain', text: 'TOKEN\n' }
      case 'subscription/list':
        return json({
          subscriptions: state.subscriptions.map((sub) => ({
            id: sub.id,
            title: sub.title,
            url: sub.url,
            htmlUrl: '',
            categories: sub.label ? [{ id: `user/-/label/${sub.label}`, label: sub.label }] : [],
          })),
        })
      case 'stream/items/ids': {
        const stream = query.get('s')
        const exclude = query.get('xt')
        const list = state.items.filter(
          (item) =>
            (stream !== 'user/-/state/com.google/starred' || item.starred) &&
            !(exclude === 'user/-/state/com.google/read' && item.read),
        )
        return json({ itemRefs: list.map((item) => ({ id: item.id, timestampUsec: item.id })) })
      }
      case 'stream/items/contents':
        return json({
          items: form.getAll('i').flatMap((id) => {
            const item = byLong(id)
            if (!item) return []
            return [
              {
                id: long(item.id),
                title: item.title,
                published: 1_764_000_000,
                canonical: [{ href: item.url }],
                summary: { content: item.html },
                origin: { streamId: item.feed },
              },
            ]
          }),
        })
      case 'edit-tag': {
        const tag = form.get('a') ?? form.get('r')
        for (const id of form.getAll('i')) {
          const item = byLong(id)
          if (!item) continue
          if (tag === 'user/-/state/com.google/read') item.read = form.has('a')
          if (tag === 'user/-/state/com.google/starred') item.starred = form.has('a')
        }
        return { status: 200, contentType: 'text/plain', text: 'OK' }
      }
      case 'subscription/edit':
        return { status: 200, contentType: 'text/plain', text: 'OK' }
      default:
        return { status: 404, contentType: 'text/plain', text: 'not found' }
    }
  }
  return { state, transport }
}

import { describe, expect, it } from 'vitest'
import { GReaderClient } from '../../../../src/main/core/accounts/greader-client'
import {
  AccountError,
  type ServerAnswer,
  type ServerRequest,
} from '../../../../src/main/core/accounts/greader-http'
import { longItemId } from '../../../../src/main/core/accounts/item-ids'

/*
 * The Google Reader API client against recorded answers, in FreshRSS's and Miniflux's spellings (Miniflux:
 * https://miniflux.app/docs/google_reader.html; labels as user/<id>/label/NAME, the action token required
 * in the POST body, no GET stream/contents).
 */

type Route = (request: ServerRequest) => ServerAnswer | undefined

/** A server of recorded answers; every request is kept for the test to look at. */
function recorded(...routes: Route[]) {
  const requests: ServerRequest[] = []
  const transport = async (request: ServerRequest): Promise<ServerAnswer> => {
    requests.push(request)
    for (const route of routes) {
      const answer = route(request)
      if (answer) return answer
    }
    return { status: 404, contentType: 'text/plain', text: 'not found' }
  }
  return { transport, requests }
}

const json = (value: unknown): ServerAnswer => ({
  status: 200,
  contentType: 'application/json',
  text: JSON.stringify(value),
})
const on =
  (path: string, answer: ServerAnswer | ((request: ServerRequest) => ServerAnswer)): Route =>
  (request) =>
    new URL(request.url).pathname.endsWith(path)
      ? typeof answer === 'function'
        ? answer(request)
        : answer
      : undefined
const token: Route = on('/reader/api/0/token', { status: 200, contentType: 'text/plain', text: 'T0K3N\n' })
const BASE = 'https://news.example/api/greader.php'
const SECRET = 'Alice/8d4e1f0c9b'

describe('item ids', () => {
  it('are kept in the long form, from either spelling, 64-bit and negative included', () => {
    expect(longItemId('tag:google.com,2005:reader/item/00000000148b9369')).toBe(
      'tag:google.com,2005:reader/item/00000000148b9369',
    )
    expect(longItemId('344691561')).toBe('tag:google.com,2005:reader/item/00000000148b9369')
    expect(longItemId('1733918215123456')).toBe(
      `tag:google.com,2005:reader/item/${(1733918215123456).toString(16).padStart(16, '0')}`,
    )
    expect(longItemId('-1')).toBe('tag:google.com,2005:reader/item/ffffffffffffffff')
    expect(longItemId('18446744073709551615')).toBe('tag:google.com,2005:reader/item/ffffffffffffffff')
    expect(longItemId('tag:google.com,2005:reader/item/5A5B1E4C2D3F4A5B6C7D8E9F')).toBe(
      'tag:google.com,2005:reader/item/5a5b1e4c2d3f4a5b6c7d8e9f',
    )
    for (const bad of ['', 'abc', '12.5', 'tag:google.com,2005:reader/item/xyz', '1'.repeat(30)])
      expect(longItemId(bad), bad).toBeNull()
  })
})

describe('the Google Reader API client', () => {
  it('logs in with the password and keeps the Auth token the server returns', async () => {
    const server = recorded(
      on('/accounts/ClientLogin', {
        status: 200,
        contentType: 'text/plain',
        text: `SID=${SECRET}\nLSID=null\nAuth=${SECRET}\n`,
      }),
    )
    expect(await GReaderClient.login(BASE, 'alice', 'pw', server.transport)).toBe(SECRET)
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: `${BASE}/accounts/ClientLogin` })
    expect(new URLSearchParams(server.requests[0]?.body)).toEqual(
      new URLSearchParams({ Email: 'alice', Passwd: 'pw' }),
    )
  })

  it('says in one line that a wrong password failed, and that a page that is no API is not one', async () => {
    const refused = recorded(
      on('/accounts/ClientLogin', { status: 401, contentType: 'text/plain', text: 'Unauthorized' }),
    )
    await expect(GReaderClient.login(BASE, 'alice', 'wrong', refused.transport)).rejects.toThrow(
      'authentication failed at news.example: check the user name and the API password',
    )
    const html = recorded(
      on('/accounts/ClientLogin', { status: 200, contentType: 'text/html', text: '<html>login</html>' }),
    )
    await expect(GReaderClient.login(BASE, 'alice', 'pw', html.transport)).rejects.toThrow(
      'news.example did not answer like a Google Reader API server',
    )
  })

  it('lists subscriptions with their labels, in FreshRSS’s and Miniflux’s spellings', async () => {
    const server = recorded(
      on(
        '/subscription/list',
        json({
          subscriptions: [
            {
              id: 'feed/1',
              title: 'Ice Desk',
              categories: [{ id: 'user/-/label/Science', label: 'Science' }],
              url: 'https://ice.example/feed',
              htmlUrl: 'https://ice.example/',
              iconUrl: '',
            },
            {
              id: 'feed/2',
              title: 'Harbour',
              categories: [{ id: 'user/1/label/Local News' }],
              url: 'https://harbour.example/rss',
            },
            { id: 'feed/3', title: '', categories: [], url: 'https://bare.example/atom' },
          ],
        }),
      ),
    )
    const client = new GReaderClient(BASE, SECRET, server.transport)
    expect(await client.subscriptions()).toEqual([
      {
        streamId: 'feed/1',
        title: 'Ice Desk',
        url: 'https://ice.example/feed',
        siteUrl: 'https://ice.example/',
        label: 'Science',
      },
      {
        streamId: 'feed/2',
        title: 'Harbour',
        url: 'https://harbour.example/rss',
        siteUrl: null,
        label: 'Local News',
      },
      {
        streamId: 'feed/3',
        title: 'https://bare.example/atom',
        url: 'https://bare.example/atom',
        siteUrl: null,
        label: null,
      },
    ])
    expect(server.requests[0]?.headers).toEqual({ Authorization: `GoogleLogin auth=${SECRET}` })
    expect(server.requests[0]?.url).toContain('output=json')
  })

  it('follows continuations for item ids and stops at the bound', async () => {
    const pages = [
      {
        itemRefs: [
          { id: '1', timestampUsec: '1700000000000000' },
          { id: '2', timestampUsec: '1700000001000000' },
        ],
        continuation: 'page2',
      },
      { itemRefs: [{ id: '3', timestampUsec: '1700000002000000' }], continuation: 'page3' },
      { itemRefs: [] },
    ]
    const server = recorded(
      on('/stream/items/ids', (request) =>
        json(pages[request.url.includes('c=page3') ? 2 : request.url.includes('c=page2') ? 1 : 0]),
      ),
    )
    const client = new GReaderClient(BASE, SECRET, server.transport)
    const { ids, newestUsec } = await client.itemIds({
      stream: 'user/-/state/com.google/reading-list',
      exclude: 'user/-/state/com.google/read',
      sinceSeconds: 1699999999,
      max: 10,
    })
    expect(ids).toEqual(['1', '2', '3'].map((id) => longItemId(id)))
    expect(newestUsec).toBe(1700000002000000)
    const first = new URL(server.requests[0]!.url).searchParams
    expect(Object.fromEntries(first)).toMatchObject({
      s: 'user/-/state/com.google/reading-list',
      xt: 'user/-/state/com.google/read',
      ot: '1699999999',
      n: '10',
    })
    expect(server.requests).toHaveLength(3)
    const bounded = await new GReaderClient(
      BASE,
      SECRET,
      recorded(on('/stream/items/ids', json(pages[0]))).transport,
    ).itemIds({ stream: 's', max: 2 })
    expect(bounded.ids).toHaveLength(2)
  })

  it('posts item contents with the action token in the body, and keeps the good items of a bad batch', async () => {
    const server = recorded(
      token,
      on(
        '/stream/items/contents',
        json({
          items: [
            {
              id: 'tag:google.com,2005:reader/item/0000000000000001',
              title: 'Fine',
              published: 1700000000,
              canonical: [{ href: 'https://x.example/1' }],
              summary: { content: '<p>hi</p>' },
              origin: { streamId: 'feed/1' },
            },
            { title: 'no id at all' },
            'garbage',
          ],
        }),
      ),
    )
    const client = new GReaderClient(BASE, SECRET, server.transport)
    const { items, refused } = await client.items([
      'tag:google.com,2005:reader/item/0000000000000001',
      'tag:google.com,2005:reader/item/0000000000000002',
    ])
    expect(items.map((item) => item.title)).toEqual(['Fine'])
    expect(refused).toBe(2)
    const post = server.requests.find((request) => request.method === 'POST')!
    const body = new URLSearchParams(post.body)
    expect(body.get('T')).toBe('T0K3N')
    expect(body.getAll('i')).toHaveLength(2)
    expect(post.headers['Content-Type']).toBe('application/x-www-form-urlencoded')
  })

  it('gets a new action token after a 401 and tries once more', async () => {
    let tokens = 0
    let edits = 0
    const server = recorded(
      on('/reader/api/0/token', () => ({ status: 200, contentType: 'text/plain', text: `T${++tokens}` })),
      on('/edit-tag', (request) => {
        edits += 1
        return new URLSearchParams(request.body).get('T') === 'T2'
          ? { status: 200, contentType: 'text/plain', text: 'OK' }
          : { status: 401, contentType: 'text/plain', text: 'Unauthorized' }
      }),
    )
    const client = new GReaderClient(BASE, SECRET, server.transport)
    await client.editTag(['tag:google.com,2005:reader/item/0000000000000001'], {
      add: 'user/-/state/com.google/read',
    })
    expect([tokens, edits]).toEqual([2, 2])
    const always401 = recorded(token, on('/edit-tag', { status: 401, contentType: 'text/plain', text: 'no' }))
    const refused = new GReaderClient(BASE, SECRET, always401.transport).editTag(['x'], { add: 'a' })
    await expect(refused).rejects.toBeInstanceOf(AccountError)
    await expect(refused).rejects.toThrow(/^authentication failed at news\.example/)
  })

  it('batches edit-tag and subscription changes as the protocol spells them', async () => {
    const server = recorded(
      token,
      on('/edit-tag', { status: 200, contentType: 'text/plain', text: 'OK' }),
      on('/subscription/edit', { status: 200, contentType: 'text/plain', text: 'OK' }),
    )
    const client = new GReaderClient(BASE, SECRET, server.transport)
    const many = Array.from({ length: 600 }, (_, n) => longItemId(String(n + 1))!)
    await client.editTag(many, { remove: 'user/-/state/com.google/starred' })
    const edits = server.requests.filter((request) => request.url.endsWith('/edit-tag'))
    expect(edits.map((request) => new URLSearchParams(request.body).getAll('i').length)).toEqual([
      250, 250, 100,
    ])
    expect(new URLSearchParams(edits[0]?.body).get('r')).toBe('user/-/state/com.google/starred')
    await client.subscribe('https://new.example/feed', 'Tech')
    await client.editSubscription('feed/9', { title: 'Renamed', from: 'Tech', to: 'News' })
    await client.unsubscribe('feed/9')
    const changes = server.requests
      .filter((request) => request.url.endsWith('/subscription/edit'))
      .map((request) =>
        Object.fromEntries([...new URLSearchParams(request.body)].filter(([key]) => key !== 'T')),
      )
    expect(changes).toEqual([
      { ac: 'subscribe', s: 'feed/https://new.example/feed', a: 'user/-/label/Tech' },
      { ac: 'edit', s: 'feed/9', t: 'Renamed', a: 'user/-/label/News', r: 'user/-/label/Tech' },
      { ac: 'unsubscribe', s: 'feed/9' },
    ])
  })

  it('turns HTML, garbage, the wrong shape and 5xx into one-line errors without the credential', async () => {
    const answers: ServerAnswer[] = [
      { status: 200, contentType: 'text/html', text: '<!doctype html><title>Login</title>' },
      { status: 200, contentType: 'application/json', text: '{"subscriptions": "nope"}' },
      { status: 502, contentType: 'text/html', text: 'Bad Gateway' },
    ]
    const messages: string[] = []
    for (const answer of answers) {
      const client = new GReaderClient(BASE, SECRET, recorded(on('/subscription/list', answer)).transport)
      const error = await client.subscriptions().catch((caught: unknown) => caught as Error)
      expect(error).toBeInstanceOf(AccountError)
      messages.push((error as Error).message)
    }
    expect(messages).toEqual([
      "news.example answered something that is not JSON (is this the API's address?)",
      'news.example answered in a shape Broadsheet does not know',
      'news.example answered 502',
    ])
    for (const message of messages) expect(message).not.toContain(SECRET)
  })
})

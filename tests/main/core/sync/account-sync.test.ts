import { describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { reconcileAccount } from '../../../../src/main/core/sync/account-sync'
import { fakeGReader } from '../../../helpers/fake-greader'
import { longArticle } from '../../../helpers/feeds'
import { useTempDirs } from '../../../helpers/temp-dir'

/*
 * A server account's sync against an in-memory Google Reader API server (tests/helpers/fake-greader.ts):
 * what must hold whatever the server sends, here where PHP is not needed. The real FreshRSS runs the whole
 * flow in tests/main/core/accounts/freshrss.test.ts.
 */
const tempDir = useTempDirs('account-sync')
const BASE = 'https://news.example/api/greader.php'

async function setUp(): Promise<{
  core: Broadsheet
  server: ReturnType<typeof fakeGReader>
  accountId: string
}> {
  const server = fakeGReader()
  server.state.subscriptions.push(
    { id: 'feed/1', title: 'Ice Desk', url: 'https://ice.example/feed', label: 'Science' },
    { id: 'feed/2', title: 'Harbour', url: 'https://harbour.example/feed', label: null },
  )
  server.state.items.push(
    {
      id: '1000001',
      feed: 'feed/1',
      title: 'Glacier',
      html: longArticle('glacier'),
      url: 'https://ice.example/1',
    },
    {
      id: '1000002',
      feed: 'feed/2',
      title: 'Tides',
      html: longArticle('tides'),
      url: 'https://harbour.example/2',
      read: true,
    },
    {
      id: '1000003',
      feed: 'feed/1',
      title: 'Snow',
      html: longArticle('snow'),
      url: 'https://ice.example/3',
      starred: true,
    },
  )
  const core = await startServices({
    dataDir: await tempDir(),
    accounts: { transport: server.transport, credentials: 'file' },
    sync: { content: 'in-thread' },
  })
  const { id } = await core.accounts.add({ url: BASE, user: 'alice', password: 'pw' })
  return { core, server, accountId: id }
}

const byTitle = async (core: Broadsheet) =>
  new Map((await core.articles.list({ limit: 100 })).map((item) => [item.title, item]))

describe('a server account’s sync', () => {
  it('mirrors subscriptions and labels, stores the items, and takes the server’s read and starred', async () => {
    const { core, accountId } = await setUp()
    const result = await core.sync.run()
    expect(result.accounts).toEqual([{ id: accountId, newArticles: 3, pushed: 0, error: null }])
    const feeds = await core.subscriptions.summaries()
    expect(feeds.map((feed) => [feed.title, feed.folder, feed.account, feed.remoteId])).toEqual([
      ['Ice Desk', 'Science', accountId, 'feed/1'],
      ['Harbour', '', accountId, 'feed/2'],
    ])
    const articles = await byTitle(core)
    expect([...articles.keys()].sort()).toEqual(['Glacier', 'Snow', 'Tides'])
    expect(articles.get('Tides')).toMatchObject({ read: true })
    expect(articles.get('Snow')).toMatchObject({ read: false, bookmarked: true })
    expect(articles.get('Glacier')?.remoteId).toBe('tag:google.com,2005:reader/item/00000000000f4241')
    expect(core.accounts.list()[0]).toMatchObject({ lastError: null, itemsUpToUsec: 1000003 })
  })

  it('sanitizes a server item’s hostile HTML as a feed’s, and keeps the good items of a bad batch', async () => {
    const { core, server } = await setUp()
    server.state.items.push({
      id: '1000004',
      feed: 'feed/1',
      title: 'Hostile <script>alert(1)</script>',
      html: `${longArticle('hostile')}<img src="x" onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">x</a>`,
      url: 'https://ice.example/4',
    })
    // An item of a feed the server does not list, and one whose id is no item id.
    server.state.items.push({
      id: '1000005',
      feed: 'feed/99',
      title: 'Orphan',
      html: 'x',
      url: 'https://x.example/',
    })
    await core.sync.run()
    const articles = await byTitle(core)
    expect(articles.has('Orphan')).toBe(false)
    const hostile = [...articles.values()].find((item) => item.title.startsWith('Hostile'))!
    const view = await core.articles.open(hostile.id)
    expect(view.title).not.toMatch(/<script/)
    expect(view.contentHtml).not.toMatch(/<script|onerror|javascript:/i)
    expect(articles.size).toBe(4)
  })

  it('sends local changes before pulling, and a change still queued wins over the server', async () => {
    const { core, server } = await setUp()
    await core.sync.run()
    const glacier = (await byTitle(core)).get('Glacier')!
    const tides = (await byTitle(core)).get('Tides')!
    await core.flags.setRead([glacier.id], true)
    await core.flags.setRead([tides.id], false)
    expect((await core.accounts.summaries())[0]?.pending).toBe(2)
    // The server changes Glacier's state meanwhile: the queued local change still wins, and is sent.
    server.state.items[0]!.starred = true
    const result = await core.sync.run()
    expect(result.accounts[0]).toMatchObject({ pushed: 2, error: null })
    expect(server.state.items.map((item) => [item.title, Boolean(item.read)])).toEqual([
      ['Glacier', true],
      ['Tides', false],
      ['Snow', false],
    ])
    expect(core.flags.of(glacier)).toMatchObject({ read: true, bookmarked: true })
    expect((await core.accounts.summaries())[0]?.pending).toBe(0)
    const posts = server.state.requests.filter(
      (request) => request.method === 'POST' && request.url.endsWith('edit-tag'),
    )
    expect(posts.map((post) => new URLSearchParams(post.body).get('T'))).toEqual(['TOKEN', 'TOKEN'])
  })

  it("takes the server's state when reconciling, except where a local change is still queued", async () => {
    const { core, server, accountId } = await setUp()
    await core.sync.run()
    const titles = await byTitle(core)
    const glacier = titles.get('Glacier')!
    const snow = titles.get('Snow')!
    // Glacier read here, not sent yet; the server then stars it, reads Snow and leaves Glacier unread.
    await core.flags.setRead([glacier.id], true)
    expect((await core.accounts.summaries())[0]?.pending).toBe(1)
    server.state.items[0]!.starred = true
    server.state.items[2]!.read = true
    await reconcileAccount(accountId, core)
    // The queued read wins over the server's unread; the server's star (nothing queued) is taken.
    expect(core.flags.of(glacier)).toMatchObject({ read: true, bookmarked: true })
    expect(core.flags.of(snow)).toMatchObject({ read: true })
    expect((await core.accounts.summaries())[0]?.pending).toBe(1)
  })

  it('while the server is down: the account’s error, the local state and queue kept, local feeds sync on', async () => {
    const { core, server, accountId } = await setUp()
    await core.sync.run()
    const snow = (await byTitle(core)).get('Snow')!
    server.state.down = true
    await core.flags.setBookmarked(snow.id, false)
    const result = await core.sync.run()
    expect(result.accounts).toEqual([
      { id: accountId, newArticles: 0, pushed: 0, error: 'news.example could not be reached: ECONNREFUSED' },
    ])
    expect(core.flags.of(snow).bookmarked).toBe(false)
    expect((await core.accounts.summaries())[0]).toMatchObject({
      pending: 1,
      lastError: 'news.example could not be reached: ECONNREFUSED',
      // Coded too, for the UI to word in its language.
      lastErrorCode: { code: 'account-unreachable', params: { host: 'news.example' } },
    })
    expect(core.subscriptions.feeds()).toHaveLength(2)
    server.state.down = false
    expect((await core.sync.run()).accounts[0]).toMatchObject({ pushed: 1, error: null })
    expect((await core.accounts.summaries())[0]).not.toHaveProperty('lastErrorCode')
    expect(server.state.items.find((item) => item.title === 'Snow')?.starred).toBe(false)
  })

  it('a server answering garbage, HTML or 500 is the account’s one-line error; nothing is lost', async () => {
    const { core, server } = await setUp()
    await core.sync.run()
    const before = (await core.articles.list({ limit: 100 })).map((item) => item.id).sort()
    for (const answer of [
      { status: 200, contentType: 'text/html', text: '<html>maintenance</html>' },
      { status: 500, contentType: 'text/plain', text: 'oops' },
      { status: 200, contentType: 'application/json', text: '{"subscriptions": 7}' },
    ]) {
      server.state.overrides.set('subscription/list', () => answer)
      const [result] = (await core.sync.run()).accounts
      expect(result?.error).toMatch(/^news\.example answered /)
      expect(result?.error?.split('\n')).toHaveLength(1)
      expect((await core.articles.list({ limit: 100 })).map((item) => item.id).sort()).toEqual(before)
    }
  })

  it('an account whose sign-in the server no longer takes says so', async () => {
    const { core, server } = await setUp()
    server.state.overrides.set('subscription/list', () => ({
      status: 401,
      contentType: 'text/plain',
      text: 'no',
    }))
    const [result] = (await core.sync.run()).accounts
    expect(result?.error).toMatch(/^authentication failed at news\.example/)
    expect((await core.accounts.summaries())[0]?.lastErrorCode).toEqual({
      code: 'account-signin-refused',
      params: { host: 'news.example' },
    })
  })
})

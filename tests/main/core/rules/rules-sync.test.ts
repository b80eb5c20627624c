import { afterEach, describe, expect, it } from 'vitest'
import type { BroadsheetEvent, BroadsheetEvents } from '../../../../src/shared/contract'
import { startServices } from '../../../../src/main/core/broadsheet'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { fakeGReader } from '../../../helpers/fake-greader'
import { longArticle, rss2, type TestItem } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { subscribeTo } from '../../../helpers/subscribe'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('rules-sync')
let server: FixtureServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

describe('rules during a sync', () => {
  it('act on the articles the sync brings, not on those cached or read by hand, before the notice counts them', async () => {
    server = await startFixtureServer()
    const fixture = server
    const item = (id: string, title: string): TestItem => ({
      id,
      title,
      link: fixture.url(`/s/${id}`),
      content: `<p>${title}.</p>${longArticle(id)}`,
    })
    const serve = (items: TestItem[]) =>
      fixture.serve('/feed.xml', {
        headers: { 'Content-Type': 'application/rss+xml' },
        body: rss2('River News', fixture.url('/'), items),
      })
    const core = await startServices({
      dataDir: await tempDir(),
      sync: { downloader: new Downloader({ timeoutMs: 3000 }), content: 'in-thread' },
    })
    const feed = await subscribeTo(core, server.url('/feed.xml'))
    serve([item('a', 'Flood warning upstream'), item('b', 'Flood defences hold')])
    await core.sync.run()
    const byTitle = async () =>
      new Map(
        (await core.search.search({ query: 'flood', limit: 50 })).results.map((hit) => [hit.title, hit]),
      )
    const cached = await byTitle()
    await core.flags.setRead([cached.get('Flood warning upstream')!.id], true)
    await core.rules.add({ query: 'flood', action: 'hide' })
    await core.rules.add({ query: 'harvest is:unread', action: 'read' })
    const events: BroadsheetEvent[] = []
    core.events.subscribe((event) => events.push(event))
    serve([
      item('a', 'Flood warning upstream'),
      item('b', 'Flood defences hold'),
      item('c', 'Flood reaches the town'),
      item('d', 'Harvest festival'),
      item('e', 'Bridge reopens'),
    ])
    await core.sync.request()
    // The new flood story is hidden; the cached ones are not (one read by hand stays read, unhidden).
    const hidden = await core.articles.list({ hidden: true })
    expect(hidden.map((a) => a.title)).toEqual(['Flood reaches the town'])
    const listed = new Map((await core.articles.list()).map((a) => [a.title, a]))
    expect(listed.get('Flood warning upstream')).toMatchObject({ read: true })
    expect(listed.get('Flood warning upstream')?.hidden).toBeUndefined()
    expect(listed.get('Flood defences hold')).toMatchObject({ read: false })
    expect(listed.get('Harvest festival')).toMatchObject({ read: true })
    expect(listed.has('Flood reaches the town')).toBe(false)
    // Three new articles, one left new and unread: the notice counts that one.
    const notice = events.find((e) => e.name === 'newArticles')?.payload as BroadsheetEvents['newArticles']
    expect(notice).toEqual({ total: 1, feeds: [{ id: feed.id, title: 'River News', count: 1 }] })
    expect((await core.rules.list()).map((r) => r.matched)).toEqual([1, 1])
    expect((await core.subscriptions.summaries())[0]).toMatchObject({ total: 4, unread: 2 })
    await core.close()
  })

  it('act on a server account’s new articles too; hiding stays here, marking read reaches the server', async () => {
    const greader = fakeGReader()
    greader.state.subscriptions.push({
      id: 'feed/1',
      title: 'Ice Desk',
      url: 'https://ice.example/feed',
      label: null,
    })
    greader.state.items.push(
      {
        id: '1000001',
        feed: 'feed/1',
        title: 'Glacier',
        html: longArticle('glacier'),
        url: 'https://ice.example/1',
      },
      {
        id: '1000002',
        feed: 'feed/1',
        title: 'Snow',
        html: longArticle('snow'),
        url: 'https://ice.example/2',
      },
    )
    const core = await startServices({
      dataDir: await tempDir(),
      accounts: { transport: greader.transport, credentials: 'file' },
      sync: { content: 'in-thread' },
    })
    const { id: accountId } = await core.accounts.add({
      url: 'https://news.example/api/greader.php',
      user: 'alice',
      password: 'pw',
    })
    await core.rules.add({ query: 'title:glacier', action: 'hide' })
    await core.rules.add({ query: 'title:snow', action: 'read' })
    await core.sync.run()
    expect((await core.articles.list({ hidden: true })).map((a) => a.title)).toEqual(['Glacier'])
    expect((await core.articles.list()).map((a) => [a.title, a.read])).toEqual([['Snow', true]])
    const queued = await core.accounts.queue(accountId).pending()
    expect(queued.map((change) => change.state)).toEqual(['read'])
    // The next sync sends it; the hidden article stays hidden (the server never hears of it).
    await core.sync.run()
    expect(greader.state.items.find((i) => i.id === '1000002')?.read).toBe(true)
    expect(greader.state.items.find((i) => i.id === '1000001')?.read).toBeFalsy()
    expect((await core.articles.list({ hidden: true })).map((a) => a.title)).toEqual(['Glacier'])
    await core.close()
  })
})

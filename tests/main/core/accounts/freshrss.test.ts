import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { longArticle, png, rss2, type TestItem } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import {
  FRESHRSS_API_PASSWORD,
  FRESHRSS_USER,
  freshRssMissing,
  startFreshRss,
  type FreshRss,
} from '../../../helpers/freshrss'
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir'

/*
 * The whole flow against a real FreshRSS: subscriptions with folders, summary-only items getting their
 * full text and images, read and starred both ways (changes made on the server too), a change made while
 * the server is down and sent once it is back, a wrong password, subscribing through Broadsheet.
 */
const missing = freshRssMissing()
if (missing) console.log(`FreshRSS account tests skipped: ${missing}`)

const READ = 'user/-/state/com.google/read'
const STARRED = 'user/-/state/com.google/starred'

describe.skipIf(missing !== null)('a FreshRSS account', { timeout: 120_000 }, () => {
  let site: FixtureServer
  let server: FreshRss
  let serverDir: string
  let dataDir: string
  let core: Broadsheet
  let accountId: string

  const ids = async (stream: string, exclude?: string): Promise<string[]> => {
    const query = new URLSearchParams({
      s: stream,
      n: '1000',
      output: 'json',
      ...(exclude ? { xt: exclude } : {}),
    })
    const answer = JSON.parse(await server.call(`stream/items/ids?${query}`)) as {
      itemRefs?: { id: string }[]
    }
    return (answer.itemRefs ?? []).map((ref) => BigInt(ref.id).toString(16).padStart(16, '0'))
  }
  const hexOf = (remoteId: string | undefined) => remoteId?.split('/').pop() ?? ''
  const articleTitled = async (title: string) => {
    const found = (await core.articles.list({ limit: 1000 })).find((item) => item.title === title)
    expect(found, `an article titled ${title}`).toBeDefined()
    return found!
  }

  beforeAll(async () => {
    site = await startFixtureServer()
    site.serve('/img/a.png', { headers: { 'Content-Type': 'image/png' }, body: png(3) })
    const full: TestItem[] = [1, 2].map((n) => ({
      id: `full-${n}`,
      title: `Glacier report ${n}`,
      link: site.url(`/full/${n}`),
      content: `${longArticle(`glacier ${n}`)}<p><img src="${site.url('/img/a.png')}" alt="ice"></p>`,
    }))
    site.serve('/full.xml', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('Ice Desk', site.url('/'), full),
    })
    // Only a line in the feed; the story is on its page.
    site.serve('/short.xml', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('Harbour Notes', site.url('/'), [
        { id: 'short-1', title: 'Harbour dredging begins', link: site.url('/story/1'), summary: 'Dredging…' },
      ]),
    })
    site.serve('/story/1', {
      headers: { 'Content-Type': 'text/html' },
      body: `<!doctype html><html><head><title>Harbour dredging begins</title></head><body><nav>menu</nav><article><h1>Harbour dredging begins</h1>${longArticle('harbour dredging')}</article></body></html>`,
    })
    site.serve('/later.xml', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('Late Paper', site.url('/'), [
        {
          id: 'late-1',
          title: 'Lighthouse relit',
          link: site.url('/late/1'),
          content: longArticle('lighthouse'),
        },
      ]),
    })
    serverDir = await makeTempDir('freshrss')
    server = startFreshRss(serverDir)
    await server.call('subscription/edit', {
      ac: 'subscribe',
      s: `feed/${site.url('/full.xml')}`,
      a: 'user/-/label/Science',
    })
    await server.call('subscription/edit', {
      ac: 'subscribe',
      s: `feed/${site.url('/short.xml')}`,
      a: 'user/-/label/Local',
    })
    server.actualize()
    dataDir = await makeTempDir('freshrss-data')
    core = await startServices({ dataDir, accounts: { credentials: 'file' } })
  })

  afterAll(async () => {
    await core?.close()
    server?.stop()
    await site?.close()
    await removeTempDir(serverDir)
    await removeTempDir(dataDir)
  })

  it('refuses a wrong password in one line and stores nothing', async () => {
    await expect(
      core.accounts.add({ url: server.api, user: FRESHRSS_USER, password: 'not-the-password' }),
    ).rejects.toThrow(/^authentication failed at 127\.0\.0\.1:\d+: check the user name and the API password$/)
    expect(core.accounts.list()).toEqual([])
  })

  it('adds the account and keeps only the token, readable by the user alone', async () => {
    const account = await core.accounts.add({
      url: server.api,
      user: FRESHRSS_USER,
      password: FRESHRSS_API_PASSWORD,
    })
    accountId = account.id
    expect(account).toEqual({
      id: accountId,
      kind: 'greader',
      url: server.api,
      user: FRESHRSS_USER,
      lastSync: null,
      lastError: null,
    })
    const config = readFileSync(join(dataDir, 'config.json'), 'utf8')
    const credentials = join(dataDir, 'credentials.json')
    expect(config).not.toContain(FRESHRSS_API_PASSWORD)
    expect(readFileSync(credentials, 'utf8')).not.toContain(FRESHRSS_API_PASSWORD)
    expect(config).not.toContain(JSON.parse(readFileSync(credentials, 'utf8'))[accountId])
    expect(statSync(credentials).mode & 0o777).toBe(0o600)
  })

  it('mirrors the subscriptions in their folders, and stores every item with full text and images', async () => {
    const result = await core.sync.run()
    expect(result.accounts).toEqual([{ id: accountId, newArticles: 3, pushed: 0, error: null }])
    const feeds = await core.subscriptions.summaries()
    expect(feeds.map((feed) => [feed.title, feed.folder, feed.account]).sort()).toEqual([
      ['Harbour Notes', 'Local', accountId],
      ['Ice Desk', 'Science', accountId],
    ])
    const story = await core.articles.open((await articleTitled('Harbour dredging begins')).id)
    expect(story.fullTextFrom).toBe('page')
    expect(story.contentText).toMatch(/harbour dredging/i)
    const glacier = await core.articles.open((await articleTitled('Glacier report 1')).id)
    expect(glacier.images[0]?.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(await core.blobs.has(glacier.images[0]!.hash!)).toBe(true)
    expect((await core.search.search({ query: 'dredging' })).results.map((hit) => hit.title)).toContain(
      'Harbour dredging begins',
    )
    expect((await core.sync.run()).accounts[0]).toMatchObject({ newArticles: 0, error: null })
  })

  it('sends read and starred to the server, and takes the server’s changes', async () => {
    const one = await articleTitled('Glacier report 1')
    const two = await articleTitled('Glacier report 2')
    await core.flags.setRead([one.id], true)
    await core.flags.setBookmarked(two.id, true)
    expect((await core.accounts.summaries())[0]?.pending).toBe(2)
    expect((await core.sync.run()).accounts[0]).toMatchObject({ pushed: 2, error: null })
    expect(await ids('user/-/state/com.google/reading-list', READ)).not.toContain(hexOf(one.remoteId))
    expect(await ids(STARRED)).toContain(hexOf(two.remoteId))
    // Changed on the server (the web UI, a phone): arrives with the next sync.
    await server.call('edit-tag', { i: one.remoteId!, r: READ })
    await server.call('edit-tag', { i: two.remoteId!, r: STARRED })
    await core.sync.run()
    expect(core.flags.of(one)).toMatchObject({ read: false })
    expect(core.flags.of(two)).toMatchObject({ bookmarked: false })
  })

  it('keeps a change made while the server is down, and sends it once it is back', async () => {
    const story = await articleTitled('Harbour dredging begins')
    server.stop()
    await core.flags.setRead([story.id], true)
    const offline = await core.sync.run()
    expect(offline.accounts[0]?.error).toMatch(/could not be reached/)
    expect(core.flags.of(story).read).toBe(true)
    const [summary] = await core.accounts.summaries()
    expect(summary).toMatchObject({ pending: 1 })
    expect(summary?.lastError).toMatch(/could not be reached/)
    server.start()
    expect((await core.sync.run()).accounts[0]).toMatchObject({ pushed: 1, error: null })
    expect(await ids('user/-/state/com.google/reading-list', READ)).not.toContain(hexOf(story.remoteId))
    expect(core.flags.of(story).read).toBe(true)
    expect((await core.accounts.summaries())[0]).toMatchObject({ pending: 0, lastError: null })
  })

  it('subscribes on the server, in a folder, and the server fetches the feed', async () => {
    const feed = await core.subscriptions.subscribe(site.url('/later.xml'), {
      account: accountId,
      folder: 'News',
    })
    expect(feed).toMatchObject({ account: accountId, title: 'Late Paper' })
    expect(core.subscriptions.folderPath(feed.folderId)).toBe('News')
    const listed = JSON.parse(await server.call('subscription/list?output=json')) as {
      subscriptions: { url: string }[]
    }
    expect(listed.subscriptions.map((entry) => entry.url)).toContain(site.url('/later.xml'))
    await core.sync.run()
    expect((await articleTitled('Lighthouse relit')).feedId).toBe(feed.id)
  })

  it('renames and moves a feed on the server', async () => {
    const feed = core.subscriptions.feeds().find((candidate) => candidate.title === 'Late Paper')!
    await core.subscriptions.rename(feed.id, 'Evening Paper')
    const moved = await core.subscriptions.move(feed.id, 'Archive')
    expect(core.subscriptions.folderPath(moved.folderId)).toBe('Archive')
    const listed = JSON.parse(await server.call('subscription/list?output=json')) as {
      subscriptions: { id: string; title: string; categories: { label: string }[] }[]
    }
    const there = listed.subscriptions.find((entry) => entry.id === feed.remoteId)
    expect(there?.title).toBe('Evening Paper')
    expect(there?.categories.map((category) => category.label)).toEqual(['Archive'])
    // The next sync keeps what the server now says.
    await core.sync.run()
    const after = core.subscriptions.feed(feed.id)
    expect([after?.title, core.subscriptions.folderPath(after?.folderId ?? null)]).toEqual([
      'Evening Paper',
      'Archive',
    ])
  })

  it('unsubscribing on the server drops the feed here; bookmarked articles stay', async () => {
    const kept = await articleTitled('Lighthouse relit')
    await core.flags.setBookmarked(kept.id, true)
    await core.sync.run()
    const feed = core.subscriptions.feeds().find((candidate) => candidate.title === 'Evening Paper')!
    await server.call('subscription/edit', { ac: 'unsubscribe', s: feed.remoteId! })
    await core.sync.run()
    expect(core.subscriptions.feeds().map((candidate) => candidate.title)).not.toContain('Evening Paper')
    expect((await core.articles.open(kept.id)).title).toBe('Lighthouse relit')
  })

  it('removes the account: its sign-in and articles go, bookmarked ones stay', async () => {
    const kept = await articleTitled('Lighthouse relit')
    await core.accounts.remove(accountId)
    expect(core.accounts.list()).toEqual([])
    expect(core.subscriptions.feeds()).toEqual([])
    expect(JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8'))).toEqual({})
    expect((await core.articles.list({ limit: 100 })).map((item) => item.id)).toEqual([kept.id])
  })
})

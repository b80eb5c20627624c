import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import type { Article } from '../../../../src/shared/types'
import { fakeGReader } from '../../../helpers/fake-greader'
import { longArticle, png, rss2, type TestItem } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { startPrivateTrap, type PrivateTrap } from '../../../helpers/private-trap'
import { asPublic } from '../../../helpers/public-addresses'
import { subscribeTo } from '../../../helpers/subscribe'
import { useTempDirs } from '../../../helpers/temp-dir'

/*
 * A feed from a public address must not make Broadsheet fetch the user's network. Every server here is on
 * 127.0.0.1: `site` and `other` play public servers (the classifier seam, asPublic), `local` and `trap`
 * are what 127.0.0.1 really is, private — `local` the user's own server, subscribed to; `trap` another
 * machine of the network (a router, a metadata service) that counts every connection.
 */
const tempDir = useTempDirs('ssrf-private')
let site: FixtureServer
let other: FixtureServer
let local: FixtureServer
let trap: PrivateTrap
let core: Broadsheet

beforeEach(async () => {
  ;[site, other, local, trap] = await Promise.all([
    startFixtureServer(),
    startFixtureServer(),
    startFixtureServer(),
    startPrivateTrap(),
  ])
  core = await startServices({
    dataDir: await tempDir(),
    sync: {
      downloader: new Downloader({ timeoutMs: 3000, classifyAddress: asPublic(site, other) }),
      content: 'in-thread',
    },
  })
})
afterEach(async () => {
  await Promise.all([site.close(), other.close(), local.close(), trap.close()])
})

const img = (url: string) => `<p><img src="${url}" alt=""></p>`
const rss = (server: FixtureServer, path: string, items: TestItem[]) =>
  server.serve(path, {
    headers: { 'Content-Type': 'application/rss+xml' },
    body: rss2('Feed', server.origin, items),
  })
const redirect = (server: FixtureServer, path: string, to: string) =>
  server.serve(path, { status: 302, headers: { Location: to } })
const image = (server: FixtureServer, path: string, seed: number) =>
  server.serve(path, { headers: { 'Content-Type': 'image/png' }, body: png(seed) })
const storyPage = (server: FixtureServer, path: string, extra: string) =>
  server.serve(path, {
    headers: { 'Content-Type': 'text/html' },
    body: `<!doctype html><title>Story</title><article><h1>Story</h1>${longArticle('the page')}${extra}</article>`,
  })

async function articlesOf(feedId: string): Promise<Map<string, Article>> {
  const metas = await core.articles.list({ feedIds: [feedId] })
  const articles = await Promise.all(metas.map((meta) => core.articles.open(meta.id)))
  return new Map(articles.map((article) => [article.guid, article]))
}

async function dataDirText(): Promise<string> {
  const entries = await readdir(core.dataDir, { recursive: true, withFileTypes: true })
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
  return (await Promise.all(files.map((file) => readFile(file, 'latin1')))).join('\n')
}

const REFUSED =
  /^not fetched: \S+ is (at )?an? [a-z -]+ address.*, and only the sites you added may be at one$/

describe('a feed from a public address reaches public addresses only', () => {
  it('refuses its item links, images and redirects into the network, and keeps the feed’s content', async () => {
    const port = trap.port
    redirect(site, '/story/moved', trap.url('/story'))
    redirect(site, '/img/to-private.png', `http://0x7f000001:${port}/redirected.png`)
    image(site, '/img/fine.png', 1)
    storyPage(site, '/story/public', img(trap.url('/in-page.png')))
    rss(site, '/feed.xml', [
      { id: 'link', title: 'Link', link: trap.url('/story'), summary: 'The feed’s own summary.' },
      { id: 'moved', title: 'Moved', link: site.url('/story/moved'), summary: 'Moved summary.' },
      { id: 'page', title: 'Page', link: site.url('/story/public'), summary: 'Public summary.' },
      {
        id: 'images',
        title: 'Images',
        link: site.url('/story/images'),
        content:
          longArticle('images') +
          [
            trap.url('/a.png'),
            `http://127.1:${port}/b.png`,
            `http://2130706433:${port}/c.png`,
            `http://localhost:${port}/d.png`,
            `http://[::ffff:127.0.0.1]:${port}/e.png`,
            site.url('/img/to-private.png'),
            site.url('/img/fine.png'),
          ]
            .map(img)
            .join(''),
      },
    ])
    rss(other, '/feed.xml', [{ id: 'o', title: 'Other', link: other.url('/o'), content: longArticle('o') }])
    redirect(other, '/moved.xml', trap.url('/feed.xml'))
    const feed = await subscribeTo(core, site.url('/feed.xml'))
    const fine = await subscribeTo(core, other.url('/feed.xml'))
    const moved = await subscribeTo(core, other.url('/moved.xml'))

    const first = await core.sync.run()
    // A second sync retries what failed (pages, images): refused again, still without a connection.
    await core.sync.run()

    expect(trap.connections).toBe(0)
    expect(await dataDirText()).not.toContain(trap.secret)
    const byId = new Map(first.feeds.map((result) => [result.id, result]))
    expect(byId.get(feed.id)).toMatchObject({ error: null, newArticles: 4 })
    expect(byId.get(fine.id)).toMatchObject({ error: null, newArticles: 1 })
    expect(byId.get(moved.id)?.error).toMatch(REFUSED)

    const articles = await articlesOf(feed.id)
    for (const guid of ['link', 'moved']) {
      const article = articles.get(guid)!
      expect(article.fullTextFrom, guid).toBe('feed')
      expect(article.fullTextError, guid).toMatch(REFUSED)
      expect(article.contentText, guid).toContain('summary')
    }
    expect(articles.get('link')!.fullTextError).toBe(
      `not fetched: 127.0.0.1:${port} is a loopback address, and only the sites you added may be at one`,
    )
    // The public page is read; the private image it shows is not.
    const page = articles.get('page')!
    expect(page.fullTextFrom).toBe('page')
    expect(page.images).toEqual([{ url: trap.url('/in-page.png'), hash: null }])
    const images = articles.get('images')!
    expect(images.contentText).toContain('Paragraph 6 about images')
    expect(images.images.filter((each) => each.hash).map((each) => each.url)).toEqual([
      site.url('/img/fine.png'),
    ])
    expect(images.images).toHaveLength(7)
  })

  it('finds no feed a public page names in the network; what the user saves may be local', async () => {
    site.serve('/home', {
      headers: { 'Content-Type': 'text/html' },
      body: `<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="${trap.url('/feed.xml')}"></head><body>home</body></html>`,
    })
    await expect(core.subscriptions.subscribe(site.url('/home'))).rejects.toThrow(/no feed found/)
    expect(trap.connections).toBe(0)

    // A public page saved keeps its private images out.
    storyPage(site, '/story/saved', img(trap.url('/saved.png')))
    const saved = await core.sync.save(site.url('/story/saved'))
    expect(saved.images).toEqual([{ url: trap.url('/saved.png'), hash: null }])
    expect(trap.connections).toBe(0)

    // A page at a private address the user typed is the user's own: saved, its own images with it.
    storyPage(local, '/notes', img(local.url('/img/chart.png')))
    image(local, '/img/chart.png', 5)
    const notes = await core.sync.save(local.url('/notes'))
    expect(notes.fullTextFrom).toBe('page')
    expect(notes.images[0]?.hash).toEqual(expect.any(String))
  })
})

describe('a feed the user subscribed to at a private address', () => {
  it('keeps its same-host pages, images and redirects; another host of the network stays out', async () => {
    image(local, '/img/own.png', 2)
    image(local, '/img/final.png', 3)
    image(local, '/img/in-page.png', 4)
    redirect(local, '/img/moved.png', local.url('/img/final.png'))
    storyPage(local, '/story', img(local.url('/img/in-page.png')))
    rss(local, '/feed.xml', [
      {
        id: 'full',
        title: 'Full',
        link: local.url('/full'),
        content: longArticle('local') + img(local.url('/img/own.png')) + img(local.url('/img/moved.png')),
      },
      { id: 'summary', title: 'Summary', link: local.url('/story'), summary: 'Short.' },
      {
        id: 'elsewhere',
        title: 'Elsewhere',
        link: trap.url('/story'),
        summary: 'Short.',
        content: longArticle('x') + img(trap.url('/router.png')),
      },
    ])
    const feed = await subscribeTo(core, local.url('/feed.xml'))
    expect((await core.sync.run()).feeds[0]).toMatchObject({ error: null, newArticles: 3 })
    const articles = await articlesOf(feed.id)
    expect(articles.get('full')!.images.every((each) => each.hash)).toBe(true)
    expect(articles.get('full')!.images).toHaveLength(2)
    expect(articles.get('summary')).toMatchObject({ fullTextFrom: 'page', fullTextError: null })
    expect(articles.get('summary')!.images[0]?.hash).toEqual(expect.any(String))
    expect(articles.get('elsewhere')!.images).toEqual([{ url: trap.url('/router.png'), hash: null }])
    expect(trap.connections).toBe(0)
  })
})

describe('a server account’s items', () => {
  it('reach the account’s own server and public addresses, not the rest of the network', async () => {
    const server = fakeGReader()
    server.state.subscriptions.push({
      id: 'feed/1',
      title: 'Ice',
      url: 'https://ice.example/feed',
      label: null,
    })
    server.state.items.push({
      id: '1000001',
      feed: 'feed/1',
      title: 'Glacier',
      html: longArticle('glacier') + img(local.url('/proxy/glacier.png')) + img(trap.url('/meta.png')),
      url: 'https://ice.example/1',
    })
    image(local, '/proxy/glacier.png', 6)
    const accountCore = await startServices({
      dataDir: await tempDir(),
      accounts: { transport: server.transport, credentials: 'file' },
      sync: { downloader: new Downloader({ timeoutMs: 3000 }), content: 'in-thread' },
    })
    await accountCore.accounts.add({ url: local.url('/api/greader.php'), user: 'alice', password: 'pw' })
    const result = await accountCore.sync.run()
    expect(result.accounts[0]).toMatchObject({ error: null, newArticles: 1 })
    const [meta] = await accountCore.articles.list({ limit: 10 })
    const article = await accountCore.articles.open(meta!.id)
    expect(article.images).toEqual([
      { url: local.url('/proxy/glacier.png'), hash: expect.any(String) },
      { url: trap.url('/meta.png'), hash: null },
    ])
    expect(trap.connections).toBe(0)
  })
})

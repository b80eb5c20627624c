import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../../src/main/core/api/handlers'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { describeFailure, FeedUnreachableError } from '../../../../src/main/core/errors'
import { typedWebUrls } from '../../../../src/main/core/net/web-url'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { atom, longArticle } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('add-feed-failures')
let server: FixtureServer
let core: Broadsheet
const hanging = new Set<Server>()

beforeEach(async () => {
  server = await startFixtureServer()
  core = await startServices({
    dataDir: await tempDir(),
    sync: { downloader: new Downloader({ timeoutMs: 1500 }), content: 'in-thread' },
  })
})
afterEach(async () => {
  await core.close()
  await server.close()
  for (const other of hanging) other.closeAllConnections()
  await Promise.all([...hanging].map((other) => new Promise((done) => other.close(done))))
  hanging.clear()
})

const feedBody = () =>
  atom('Kh News', server.url('/'), [
    { id: 'one', title: 'One', link: server.url('/s/one'), content: longArticle('one') },
  ])
const serveFeed = (path: string) =>
  server.serve(path, { headers: { 'Content-Type': 'application/atom+xml' }, body: feedBody() })

/** A port on 127.0.0.1 where nothing listens (a server opened there and closed). */
async function deadPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done))
  const { port } = probe.address() as AddressInfo
  await new Promise((done) => probe.close(done))
  return port
}

/** A server that takes requests and never answers them. */
async function silentServer(): Promise<string> {
  const silent = createServer(() => undefined)
  hanging.add(silent)
  await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done))
  return `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
}

describe('a typed address', () => {
  it('is https when bare, http next; a scheme given stays; nothing else is taken for one', () => {
    expect(typedWebUrls('example.com/blog')).toEqual(['https://example.com/blog', 'http://example.com/blog'])
    expect(typedWebUrls(' 127.0.0.1:4000/kh/ ')).toEqual([
      'https://127.0.0.1:4000/kh/',
      'http://127.0.0.1:4000/kh/',
    ])
    expect(typedWebUrls('localhost:4000')).toEqual(['https://localhost:4000/', 'http://localhost:4000/'])
    expect(typedWebUrls('//example.com')).toEqual(['https://example.com/', 'http://example.com/'])
    expect(typedWebUrls('http://example.com/feed')).toEqual(['http://example.com/feed'])
    expect(() => typedWebUrls('mailto:me@example.com')).toThrow(/only http and https/)
    expect(() => typedWebUrls('javascript:alert(1)')).toThrow(/only http and https/)
    expect(() => typedWebUrls('two words')).toThrow(/not a URL/)
    expect(() => typedWebUrls('/just/a/path')).toThrow(/not a URL/)
    expect(() => typedWebUrls('')).toThrow(/not a URL/)
  })

  it('subscribes with a bare address: https cannot connect to the plain-http port, so http is used', async () => {
    serveFeed('/kh/feed.xml')
    const bare = server.url('/kh/feed.xml').replace('http://', '')
    const feed = await core.subscriptions.subscribe(bare)
    expect(feed.url).toBe(server.url('/kh/feed.xml'))
    expect(feed.title).toBe('Kh News')
  })

  it('saves a page from a bare address', async () => {
    server.serve('/post', {
      headers: { 'Content-Type': 'text/html' },
      body: `<html><head><title>A post</title></head><body><article>${longArticle('post')}</article></body></html>`,
    })
    const saved = await core.sync.save(server.url('/post').replace('http://', ''))
    expect(saved.url).toBe(server.url('/post'))
  })

  it('does not fall back to http when https answered with an error (only a failed connection does)', async () => {
    server.serve('/missing.xml', { status: 404, body: 'no' })
    const error = await core.subscriptions
      .subscribe(server.url('/missing.xml').replace('http://', ''))
      .catch((e: Error) => e)
    // http answered 404: the address is wrong, not the server away; no "Subscribe anyway".
    expect(error).not.toBeInstanceOf(FeedUnreachableError)
    expect((error as Error).message).toMatch(/is not a feed: the server answered 404/)
  })
})

describe('a feed that cannot be fetched while adding it', () => {
  it('says the server is busy on 429, and "anyway" subscribes it with that error, retried at the next sync', async () => {
    let busy = true
    server.route('/feed.xml', (_request, response) => {
      if (busy) response.writeHead(429, { 'Retry-After': '120' }).end('slow down')
      else response.writeHead(200, { 'Content-Type': 'application/atom+xml' }).end(feedBody())
    })
    const url = server.url('/feed.xml')
    const error = await core.subscriptions.subscribe(url).catch((e: Error) => e)
    expect(error).toBeInstanceOf(FeedUnreachableError)
    expect((error as Error).message).toBe(
      `could not fetch ${url}: the server is busy (it answered 429 Too Many Requests)`,
    )
    expect((error as Error).message).not.toMatch(/not a feed/)
    expect(describeFailure(error)).toMatchObject({ expected: true, code: 'feed-unreachable' })
    expect(core.subscriptions.feeds()).toHaveLength(0)

    const feed = await core.subscriptions.subscribe(url, { anyway: true, folder: 'News' })
    expect(feed).toMatchObject({
      url,
      lastError: (error as Error).message,
      title: '127.0.0.1:' + new URL(url).port,
    })
    expect(core.subscriptions.folderPath(feed.folderId)).toBe('News')

    busy = false
    const result = await core.sync.run()
    expect(result.feeds).toEqual([expect.objectContaining({ id: feed.id, error: null, newArticles: 1 })])
    expect(core.subscriptions.feed(feed.id)).toMatchObject({ lastError: null, title: 'Kh News' })
  })

  it('says a feed the site links to is busy, rather than that the site has no feed', async () => {
    server.serve('/', {
      headers: { 'Content-Type': 'text/html' },
      body: '<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body>Hi</body></html>',
    })
    server.serve('/rss', { status: 503, body: 'later' })
    const error = await core.subscriptions.subscribe(server.url('/')).catch((e: Error) => e)
    expect(error).toBeInstanceOf(FeedUnreachableError)
    expect((error as Error).message).toBe(
      `could not fetch ${server.url('/rss')}: the server is busy (it answered 503 Service Unavailable)`,
    )
    const feed = await core.subscriptions.subscribe(server.url('/'), { anyway: true })
    expect(feed.url).toBe(server.url('/rss'))
  })

  it('says the server refused the connection', async () => {
    const url = `http://127.0.0.1:${await deadPort()}/feed.xml`
    const error = await core.subscriptions.subscribe(url).catch((e: Error) => e)
    expect(error).toBeInstanceOf(FeedUnreachableError)
    expect((error as Error).message).toMatch(/^could not fetch .*: the server refused the connection/)
    const feed = await core.subscriptions.subscribe(url, { anyway: true })
    expect(feed.url).toBe(url)
    expect(feed.lastError).toMatch(/refused the connection/)
  })

  it('says the server did not answer', async () => {
    const url = `${await silentServer()}/feed.xml`
    const error = await core.subscriptions.subscribe(url).catch((e: Error) => e)
    expect(error).toBeInstanceOf(FeedUnreachableError)
    expect((error as Error).message).toMatch(/: the server did not answer \(timed out after/)
  })

  it('says the server is busy on 503 when saving a page too', async () => {
    server.serve('/page', { status: 503, body: 'later' })
    await expect(core.sync.save(server.url('/page'))).rejects.toThrow(
      /could not save .*: the server is busy \(it answered 503 Service Unavailable\)/,
    )
  })

  it('names an existing feed by its title, not its id, when it is added again', async () => {
    serveFeed('/feed.xml')
    const feed = await core.subscriptions.subscribe(server.url('/feed.xml'))
    const again = core.subscriptions.subscribe(server.url('/feed.xml/'))
    await expect(again).rejects.toThrow(`already subscribed to ${server.url('/feed.xml')}/ as “Kh News”`)
    await expect(again).rejects.not.toThrow(feed.id)
  })

  it('is cancelled through the contract: the request stops and nothing is added', async () => {
    const url = `${await silentServer()}/feed.xml`
    const api = createApiHandlers(core)
    const adding = api.addFeed({ url, requestId: 'add-1' }).catch((e: Error) => e)
    await new Promise((done) => setTimeout(done, 200))
    const started = Date.now()
    await api.cancelRequest({ requestId: 'add-1' })
    const error = await adding
    expect(Date.now() - started).toBeLessThan(1000)
    expect((error as Error).message).toBe('cancelled')
    expect(core.subscriptions.feeds()).toHaveLength(0)
  })
})

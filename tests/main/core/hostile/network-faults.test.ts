import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { FetchError, fetchResource } from '../../../../src/main/core/net/http-fetch'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { loopbackAsPublic } from '../../../helpers/public-addresses'
import {
  drip,
  responseHead,
  startFaultServer,
  writeChunked,
  writeForever,
  writeResponse,
  type FaultHandler,
  type FaultServer,
} from '../../../helpers/fault-server'
import { longArticle, png, rss2, type TestItem } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { useTempDirs } from '../../../helpers/temp-dir'
import { subscribeTo } from '../../../helpers/subscribe'

const MB = 1024 * 1024
/** Small, so that faults which can only end by timing out end quickly. */
const TIMEOUT_MS = 1000
/** The feed size cap for these syncs: a bomb or endless body must stop here. */
const CAP = 2 * MB
/** How much longer than the timeout a faulty sync may take on a busy 2-core machine. */
const SLACK_MS = 2500
const WEEK_MS = 7 * 24 * 3600_000

/** What a fault may need: the well-formed feed its server answered with before. */
interface FaultContext {
  /** The faulty feed's document as it was served while good (its articles are in the store). */
  feedXml: Buffer
}

interface Fault {
  name: string
  /** Answers every connection to the faulty feed's server once the fault is on. */
  answer: (context: FaultContext) => FaultHandler
  /** Answer as soon as the TCP connection opens, without reading the request. */
  onConnect?: boolean
  /** The feed's error must say this. */
  error: RegExp
  /** For bodies that could fill memory: peak RSS growth during the sync must stay under 200 MB. */
  watchMemory?: boolean
  /** Checks of the faulty feed's state beyond the shared ones. */
  check?: (core: Broadsheet, feedId: string, syncStarted: number) => void
}

/** How the faulty feed's server answers until the fault is switched on: with the feed, well formed. */
function whenGood(context: FaultContext): FaultHandler {
  return (socket) =>
    writeResponse(socket, {
      status: 200,
      headers: { 'Content-Type': 'application/rss+xml' },
      body: context.feedXml,
    })
}

function gzipped(context: FaultContext, keep: (compressed: Buffer) => Buffer, chunked = false): FaultHandler {
  const body = keep(gzipSync(context.feedXml))
  const headers = { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'gzip' }
  return (socket) =>
    chunked ? writeChunked(socket, 200, headers, body) : writeResponse(socket, { status: 200, headers, body })
}

function redirectTo(target: string): FaultHandler {
  return (socket) => writeResponse(socket, { status: 302, headers: { Location: target }, body: 'moved' })
}

function status(code: number, headers: Record<string, string> = {}): FaultHandler {
  return (socket) =>
    writeResponse(socket, {
      status: code,
      headers: { 'Content-Type': 'text/html', ...headers },
      body: `<html><body><h1>${code}</h1></body></html>`,
    })
}

/** Checks that a 503's wait was honoured but bounded: at most a week, whatever the server asked. */
function waitsAtMostAWeek(core: Broadsheet, feedId: string, syncStarted: number): void {
  const feed = core.subscriptions.feed(feedId)!
  const wait = Date.parse(feed.retryAfter ?? '') - syncStarted
  expect(wait).toBeGreaterThan(0)
  expect(wait).toBeLessThanOrEqual(WEEK_MS + SLACK_MS)
}

/** A TLS 1.2 ServerHello record (type 0x16, version 0x0303) as an https server would start. */
const SERVER_HELLO = Buffer.concat([
  Buffer.from([0x16, 0x03, 0x03, 0x00, 0x4a, 0x02, 0x00, 0x00, 0x46, 0x03, 0x03]),
  randomBytes(32),
  Buffer.from([0x20]),
  randomBytes(32),
  Buffer.from([0xc0, 0x2f, 0x00]),
])

const FAULTS: Fault[] = [
  {
    name: 'connection reset mid-body',
    answer: (context) => (socket) => {
      socket.write(responseHead(200, { 'Content-Length': String(context.feedXml.length) }))
      socket.write(context.feedXml.subarray(0, context.feedXml.length >> 1))
      setTimeout(() => socket.resetAndDestroy(), 20)
    },
    error: /stopped sending data/,
  },
  {
    // What fetch's lenient gunzip turned into the whole document with no error: only the trailer is gone.
    name: 'gzip missing its trailer, Content-Length matching',
    answer: (context) => gzipped(context, (body) => body.subarray(0, body.length - 8)),
    error: /compressed data is cut short/,
  },
  {
    name: 'gzip cut mid-stream, Content-Length matching',
    answer: (context) => gzipped(context, (body) => body.subarray(0, body.length >> 1)),
    error: /compressed data is cut short/,
  },
  {
    name: 'gzip cut mid-stream, chunked and properly terminated',
    answer: (context) => gzipped(context, (body) => body.subarray(0, body.length >> 1), true),
    error: /compressed data is cut short/,
  },
  {
    // Concatenated gzip members are one valid gzip stream: endless zeros at ~1000:1.
    name: 'gzip bomb (8 MB of zeros per 8 KB, without end)',
    answer: () => {
      const member = gzipSync(Buffer.alloc(8 * MB))
      return (socket) => {
        socket.write(responseHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'gzip' }))
        writeForever(socket, member)
      }
    },
    error: /larger than 2 MB/,
    watchMemory: true,
  },
  {
    name: 'endless body',
    answer: () => (socket) => {
      socket.write(responseHead(200, { 'Content-Type': 'application/rss+xml' }))
      writeForever(socket, Buffer.from('<item><title>more</title></item>'.repeat(2000)))
    },
    error: /larger than 2 MB/,
    watchMemory: true,
  },
  {
    name: 'accepts the connection and never reads or answers',
    answer: () => () => undefined,
    onConnect: true,
    error: /timed out after 1 s/,
  },
  {
    name: 'slow drip of the whole response, one byte per 100 ms',
    answer: (context) => (socket) =>
      drip(socket, Buffer.concat([responseHead(200, {}), context.feedXml]), 100),
    error: /timed out after 1 s/,
  },
  {
    name: 'slow drip of the body, one byte per 100 ms',
    answer: (context) => (socket) => {
      socket.write(responseHead(200, { 'Content-Length': String(context.feedXml.length) }))
      drip(socket, context.feedXml, 100)
    },
    error: /timed out after 1 s/,
  },
  {
    name: 'redirect loop',
    answer: () => (socket, request) =>
      redirectTo(request?.path === '/feed' ? '/feed-b' : '/feed')(socket, request),
    error: /redirect loop back to http:\/\/127\.0\.0\.1:\d+\/feed$/,
  },
  ...[
    'file:///etc/passwd',
    'data:application/rss+xml,<rss/>',
    'javascript:alert(1)',
    'ftp://127.0.0.1/feed',
  ].map((target): Fault => ({
    name: `redirect to ${target.split(':')[0]}:`,
    answer: () => redirectTo(target),
    error: new RegExp(`redirected to an address Broadsheet does not fetch \\(${target.split(':')[0]}:\\)`),
  })),
  {
    name: 'random bytes instead of HTTP',
    answer: () => (socket) => socket.end(randomBytes(600)),
    error: /answered with .* that is not HTTP/,
  },
  {
    name: 'a TLS ServerHello instead of HTTP',
    answer: () => (socket) => socket.end(SERVER_HELLO),
    error: /answered with encrypted \(TLS\) data that is not HTTP/,
  },
  {
    name: '5xx storm: 500',
    answer: () => status(500),
    error: /^the server answered 500 Internal Server Error$/,
  },
  { name: '5xx storm: 502', answer: () => status(502), error: /^the server answered 502 Bad Gateway$/ },
  {
    name: '5xx storm: 503',
    answer: () => status(503),
    error: /^the server is busy \(it answered 503 Service Unavailable\)$/,
    check: waitsAtMostAWeek,
  },
  {
    name: 'Retry-After an HTTP-date in the year 2100',
    answer: () =>
      status(503, { Date: new Date().toUTCString(), 'Retry-After': 'Fri, 01 Jan 2100 00:00:00 GMT' }),
    error: /503/,
    check: (core, feedId, started) => {
      waitsAtMostAWeek(core, feedId, started)
      // The cap, not the backoff: the server's far-off date was read, then bounded.
      expect(Date.parse(core.subscriptions.feed(feedId)!.retryAfter!) - started).toBeGreaterThan(
        WEEK_MS - 60_000,
      )
    },
  },
  {
    name: 'Retry-After of 1000 years in seconds',
    answer: () => status(503, { 'Retry-After': String(1000 * 365 * 24 * 3600) }),
    error: /503/,
    check: waitsAtMostAWeek,
  },
  {
    name: 'Retry-After with more digits than any number',
    answer: () => status(503, { 'Retry-After': '9'.repeat(400) }),
    error: /503/,
    check: waitsAtMostAWeek,
  },
  {
    name: '200 with an HTML error page instead of the feed',
    answer: () => (socket) =>
      writeResponse(socket, {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        body: '<!doctype html><html><head><title>Error</title></head><body><h1>Something went wrong</h1></body></html>',
      }),
    error: /web page, not a feed/,
  },
]

const tempDir = useTempDirs('network-faults')
let fixture: FixtureServer
let faulty: FaultServer
const tally = { injected: 0, errors: 0, articlesLost: 0, seen: [] as string[] }

beforeEach(async () => {
  fixture = await startFixtureServer()
  faulty = await startFaultServer()
})
afterEach(async () => {
  await Promise.all([fixture.close(), faulty.close()])
})
afterAll(() => {
  console.log(
    `network faults injected: ${tally.injected}; per-feed errors reported: ${tally.errors}; ` +
      `articles lost or changed: ${tally.articlesLost}\n${tally.seen.join('\n')}`,
  )
})

/** A good feed on the fixture server whose items can grow between syncs. */
function serveGoodFeed(path: string, items: TestItem[]): void {
  fixture.route(path, (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss2(path, fixture.origin, items))
  })
}

function item(id: string, image?: string): TestItem {
  const picture = image ? `<p><img src="${fixture.url(image)}" alt="picture"></p>` : ''
  return {
    id,
    title: `Story ${id}`,
    link: fixture.url(`/story/${id}`),
    content: `${longArticle(id)}${picture}`,
  }
}

/** What the store holds of one article: its file as written, its flags, its images' bytes. */
interface StoredArticle {
  file: string
  read: boolean
  bookmarked: boolean
  images: Array<string | null>
}

async function snapshot(core: Broadsheet, feedId: string): Promise<Map<string, StoredArticle>> {
  const stored = new Map<string, StoredArticle>()
  for (const meta of await core.articles.list({ feedIds: [feedId], limit: 1000 })) {
    const path = join(core.dataDir, 'articles', 'bodies', meta.id.slice(0, 2), `${meta.id}.json`)
    const article = await core.articles.open(meta.id)
    const images = await Promise.all(
      article.images.map(
        async (image) => (await core.blobs.get(image.hash ?? ''))?.bytes.toString('base64') ?? null,
      ),
    )
    stored.set(meta.id, {
      file: await readFile(path, 'utf8'),
      read: meta.read,
      bookmarked: meta.bookmarked,
      images,
    })
  }
  return stored
}

/** A message fit for one line of the UI: no stack, no serialised object, nothing undefined. */
function expectOneLine(message: string | null): void {
  expect(message).toEqual(expect.any(String))
  expect(message).not.toMatch(/\n|\[object |undefined|^\w*Error:|\s+at \S+ \(|\s+at .+:\d+:\d+/)
  expect(message!.length).toBeLessThan(200)
}

describe('a network fault stays with its feed: a one-line error, the others synced, nothing lost', () => {
  test.each(FAULTS.map((fault) => [fault.name, fault] as const))('%s', async (_name, fault) => {
    const core = await startServices({
      dataDir: await tempDir(),
      sync: {
        downloader: new Downloader({
          timeoutMs: TIMEOUT_MS,
          maxBytes: { feed: CAP, page: CAP, image: CAP },
          classifyAddress: loopbackAsPublic,
        }),
      },
    })
    fixture.serve('/img/1.png', { headers: { 'Content-Type': 'image/png' }, body: png(1) })
    const goodA = [item('a1')]
    const goodB = [item('b1')]
    serveGoodFeed('/a.xml', goodA)
    serveGoodFeed('/b.xml', goodB)
    const context: FaultContext = {
      feedXml: Buffer.from(rss2('Faulty', faulty.origin, [item('f1', '/img/1.png'), item('f2')])),
    }
    faulty.handle(whenGood(context))
    const a = await subscribeTo(core, fixture.url('/a.xml'))
    const bad = await subscribeTo(core, faulty.url('/feed'))
    const c = await subscribeTo(core, fixture.url('/b.xml'))

    // First the faulty feed is good: its articles are stored, one read, one bookmarked.
    const first = await core.sync.run()
    expect(first.feeds.map((feed) => [feed.error, feed.newArticles])).toEqual([
      [null, 1],
      [null, 2],
      [null, 1],
    ])
    const [f1, f2] = await core.articles.list({ feedIds: [bad.id] })
    await core.flags.setRead([f1!.id], true)
    await core.flags.setBookmarked(f2!.id, true)
    const before = await snapshot(core, bad.id)
    const stored = [...before.values()]
    expect(stored.map((article) => [article.read, article.bookmarked]).sort()).toEqual([
      [false, true],
      [true, false],
    ])
    expect(stored.flatMap((article) => article.images)).toEqual([expect.stringMatching(/^iVBOR/)])
    const feedBefore = core.subscriptions.feed(bad.id)!

    // Then it turns faulty while the others gain a story each.
    goodA.push(item('a2'))
    goodB.push(item('b2'))
    const handler = fault.answer(context)
    if (fault.onConnect) faulty.handleOnConnect(handler)
    else faulty.handle(handler)
    const requestsBefore = faulty.requests.length
    const rssBefore = process.memoryUsage().rss
    let rssPeak = rssBefore
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5)
    const started = Date.now()
    const second = await core.sync.run().finally(() => clearInterval(sampler))
    const elapsed = Date.now() - started
    tally.injected += 1

    // The fault was met, and ended within the timeout.
    expect(faulty.requests.length).toBeGreaterThan(requestsBefore)
    expect(elapsed).toBeLessThan(TIMEOUT_MS + SLACK_MS)
    if (fault.watchMemory) expect(rssPeak - rssBefore).toBeLessThan(200 * MB)

    // One plain line for the faulty feed, saying what happened; stored as its lastError too.
    const result = second.feeds.find((feed) => feed.id === bad.id)!
    expectOneLine(result.error)
    expect(result.error).toMatch(fault.error)
    expect(result.newArticles).toBe(0)
    tally.errors += 1
    tally.seen.push(`  ${fault.name} → "${result.error}" (${elapsed} ms)`)
    const feedAfter = core.subscriptions.feed(bad.id)!
    expect(feedAfter.lastError).toBe(result.error)
    expect(feedAfter.errorCount).toBe(1)
    expect({ title: feedAfter.title, siteUrl: feedAfter.siteUrl }).toEqual({
      title: feedBefore.title,
      siteUrl: feedBefore.siteUrl,
    })
    fault.check?.(core, bad.id, started)

    // The other feeds are untouched by it: their new stories are stored.
    for (const [feed, title] of [
      [a, 'Story a2'],
      [c, 'Story b2'],
    ] as const) {
      expect(second.feeds.find((f) => f.id === feed.id)).toMatchObject({ error: null, newArticles: 1 })
      const titles = (await core.articles.list({ feedIds: [feed.id] })).map((meta) => meta.title)
      expect(titles).toContain(title)
    }

    // And nothing the faulty feed had stored changed: files, flags and images byte for byte.
    const after = await snapshot(core, bad.id)
    const lost = [...before].filter(
      ([id, article]) => JSON.stringify(after.get(id)) !== JSON.stringify(article),
    ).length
    tally.articlesLost += lost
    expect(lost).toBe(0)
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
  })
})

describe('strict decompression (fetchResource over a complete HTTP response)', () => {
  const document = Buffer.from(`<rss>${'<item>words and more words</item>'.repeat(2000)}</rss>`)

  function serveEncoded(encoding: string, body: Uint8Array): string {
    faulty.handle((socket) =>
      writeResponse(socket, { status: 200, headers: { 'Content-Encoding': encoding }, body }),
    )
    return faulty.url('/doc')
  }

  function get(url: string) {
    return fetchResource(url, { version: '1', kind: 'feed', maxBytes: MB, timeoutMs: 3000 })
  }

  async function failure(url: string): Promise<FetchError> {
    const error = await get(url).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(FetchError)
    return error as FetchError
  }

  test.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('%s cut short is an error, not a shorter body', async (encoding, compress) => {
    const whole = compress(document)
    for (const cut of [4, whole.length >> 1]) {
      const error = await failure(serveEncoded(encoding, whole.subarray(0, whole.length - cut)))
      expect(error.kind).toBe('network')
      expect(error.message).toBe('the response is damaged (its compressed data is cut short)')
    }
    const ok = await get(serveEncoded(encoding, whole))
    expect(ok.status === 'ok' && Buffer.from(ok.bytes).equals(document)).toBe(true)
  })

  test('raw deflate (as some servers send "deflate") still reads', async () => {
    const ok = await get(serveEncoded('deflate', deflateRawSync(document)))
    expect(ok.status === 'ok' && Buffer.from(ok.bytes).equals(document)).toBe(true)
  })

  test('an empty body labelled gzip is an empty body', async () => {
    const ok = await get(serveEncoded('gzip', new Uint8Array(0)))
    expect(ok.status === 'ok' && ok.bytes.byteLength).toBe(0)
  })

  test('a port browsers refuse (SMTP) is refused without connecting', async () => {
    const error = await failure('http://127.0.0.1:25/feed')
    expect(error.kind).toBe('unsupported-url')
    expect(error.message).toBe('Broadsheet does not connect to port 25')
  })

  test('a redirect to a refused port is refused too', async () => {
    faulty.handle(redirectTo('http://127.0.0.1:6667/irc'))
    const error = await failure(faulty.url('/doc'))
    expect(error.message).toBe('Broadsheet does not connect to port 6667')
  })
})

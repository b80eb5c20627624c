import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { once } from 'node:events'
import { ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  FetchError,
  fetchResource,
  parseRetryAfter,
  type FetchOptions,
} from '../../../../src/main/core/net/http-fetch'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'

const MB = 1024 * 1024
let server: FixtureServer

beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(async () => {
  await server.close()
})

function get(path: string, options: Partial<FetchOptions> = {}) {
  return fetchResource(server.url(path), {
    version: '1.2.3',
    kind: 'feed',
    maxBytes: MB,
    timeoutMs: 5000,
    ...options,
  })
}

/** The FetchError a fetch fails with; fails the test if it succeeds or fails otherwise. */
async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(FetchError)
  return error as FetchError
}

function text(result: Awaited<ReturnType<typeof fetchResource>>): string {
  if (result.status !== 'ok') throw new Error(`expected a body, got ${result.status}`)
  return Buffer.from(result.bytes).toString('utf8')
}

/** Writes `chunk` `times` times as fast as the client reads, stopping early if the client goes away. */
async function writeRepeatedly(
  response: ServerResponse,
  chunk: Uint8Array,
  times: number,
  onWrite = () => {},
) {
  let gone = false
  response.once('close', () => (gone = true))
  for (let i = 0; i < times && !gone; i++) {
    onWrite()
    if (!response.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          response.off('drain', done).off('close', done)
          resolve()
        }
        response.on('drain', done).on('close', done)
      })
    }
  }
  response.end()
}

/** Resolves when the server sees the client's side of the request go away. */
function closed(request: IncomingMessage): Promise<unknown> {
  return request.socket.destroyed ? Promise.resolve() : once(request.socket, 'close')
}

describe('a successful fetch', () => {
  test('returns the body and metadata, and identifies Broadsheet', async () => {
    server.serve('/ok', {
      headers: {
        'Content-Type': 'application/rss+xml; charset=utf-8',
        ETag: '"v1"',
        'Last-Modified': 'Wed, 21 Oct 2015 07:28:00 GMT',
      },
      body: '<rss/>',
    })
    const result = await get('/ok', { referer: 'https://example.org/page' })
    expect(result).toEqual({
      status: 'ok',
      url: server.url('/ok'),
      bytes: new Uint8Array(Buffer.from('<rss/>')),
      contentType: 'application/rss+xml; charset=utf-8',
      etag: '"v1"',
      lastModified: 'Wed, 21 Oct 2015 07:28:00 GMT',
    })
    const { headers } = server.hits('/ok')
    expect(headers?.['user-agent']).toBe(
      'Broadsheet/1.2.3 (+https://github.com/broadsheet-reader/broadsheet)',
    )
    expect(headers?.['accept']).toMatch(/^application\/rss\+xml, application\/atom\+xml/)
    expect(headers?.['accept-encoding']).toBe('gzip, deflate, br')
    expect(headers?.['referer']).toBe('https://example.org/page')
    expect(headers?.['if-none-match']).toBeUndefined()
    expect(headers?.['if-modified-since']).toBeUndefined()
  })

  test('asks for what the kind of resource needs', async () => {
    server.serve('/kind', { body: 'x' })
    await get('/kind', { kind: 'page' })
    expect(server.hits('/kind').headers?.['accept']).toMatch(/^text\/html/)
    await get('/kind', { kind: 'image' })
    expect(server.hits('/kind').headers?.['accept']).toMatch(/^image\/avif/)
    expect(server.hits('/kind').headers?.['referer']).toBeUndefined()
  })

  test('returns not-modified for a 304 to a conditional GET', async () => {
    server.route('/conditional', (request, response) => {
      const fresh = request.headers['if-none-match'] === '"v2"'
      response.writeHead(fresh ? 304 : 200, { ETag: '"v2"' }).end(fresh ? undefined : 'body')
    })
    const result = await get('/conditional', { etag: '"v2"', lastModified: 'Wed, 21 Oct 2015 07:28:00 GMT' })
    expect(result).toEqual({ status: 'not-modified', url: server.url('/conditional') })
    const { headers } = server.hits('/conditional')
    expect(headers?.['if-none-match']).toBe('"v2"')
    expect(headers?.['if-modified-since']).toBe('Wed, 21 Oct 2015 07:28:00 GMT')
    expect(text(await get('/conditional', { etag: '"v1"' }))).toBe('body')
  })

  const original = 'The quick brown fox jumps over the lazy dog. '.repeat(5000)
  test.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('decompresses a %s body', async (encoding, compress) => {
    const body = compress(Buffer.from(original))
    expect(body.length).toBeLessThan(original.length / 10)
    server.serve(`/${encoding}`, { headers: { 'Content-Encoding': encoding }, body })
    expect(text(await get(`/${encoding}`))).toBe(original)
  })
})

describe('the size cap', () => {
  test('rejects a body whose Content-Length is over the cap without reading it', async () => {
    let request: IncomingMessage | undefined
    server.route('/declared-large', (req, response) => {
      request = req
      // Only the header says 5 MB; the body never comes, so only an early refusal ends this quickly.
      response.writeHead(200, { 'Content-Length': 5 * MB }).write('x')
    })
    const error = await failure(get('/declared-large', { timeoutMs: 3000 }))
    expect(error.kind).toBe('too-large')
    expect(error.message).toBe('the response is larger than 1 MB')
    await closed(request!)
  })

  test('stops reading a body with no Content-Length once it passes the cap', async () => {
    let written = 0
    let request: IncomingMessage | undefined
    server.route('/streamed-large', async (req, response) => {
      request = req
      response.writeHead(200, { 'Content-Type': 'text/plain' })
      const chunk = Buffer.alloc(64 * 1024, 'a')
      await writeRepeatedly(response, chunk, 1600, () => (written += chunk.length))
    })
    const error = await failure(get('/streamed-large', { maxBytes: 2 * MB }))
    expect(error.kind).toBe('too-large')
    expect(error.message).toBe('the response is larger than 2 MB')
    // Socket buffers hold a few MB; the rest of the 100 MB must never have been sent.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(written).toBeLessThan(30 * MB)
    await closed(request!)
  })

  test('counts decompressed bytes: a gzip bomb is refused quickly, in bounded memory', async () => {
    // Concatenated gzip members are one valid gzip stream: 1000 × 8 MB of zeros = 8 GB from 8 MB.
    const member = gzipSync(Buffer.alloc(8 * MB))
    expect(member.length).toBeLessThan(16 * 1024)
    server.route('/bomb', async (_request, response) => {
      response.writeHead(200, { 'Content-Encoding': 'gzip' })
      await writeRepeatedly(response, member, 1000)
    })
    const before = process.memoryUsage().rss
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
    const started = Date.now()
    try {
      const error = await failure(get('/bomb', { maxBytes: 10 * MB, timeoutMs: 15_000 }))
      expect(error.kind).toBe('too-large')
      expect(error.message).toBe('the response is larger than 10 MB')
    } finally {
      clearInterval(sampler)
    }
    expect(Date.now() - started).toBeLessThan(3000)
    expect(peak - before).toBeLessThan(200 * MB)
  })
})

describe('the timeout', () => {
  test('ends a request the server never answers', async () => {
    let request: IncomingMessage | undefined
    server.route('/silent', (req) => void (request = req))
    const started = Date.now()
    const error = await failure(get('/silent', { timeoutMs: 300 }))
    expect(error.kind).toBe('timeout')
    expect(error.message).toBe('timed out after 300 ms')
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
    expect(Date.now() - started).toBeLessThan(2000)
    await closed(request!)
  })

  test('covers the body: a body dripping in byte by byte is cut off', async () => {
    let request: IncomingMessage | undefined
    server.route('/drip', (req, response) => {
      request = req
      response.writeHead(200, { 'Content-Type': 'text/plain' })
      const timer = setInterval(() => response.write('.'), 30)
      req.socket.on('close', () => clearInterval(timer))
    })
    const started = Date.now()
    const error = await failure(get('/drip', { timeoutMs: 300 }))
    expect(error.kind).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(2000)
    await closed(request!)
  })

  test('says seconds for the default-sized timeouts', async () => {
    server.route('/silent-2', () => undefined)
    const error = await failure(get('/silent-2', { timeoutMs: 1000 }))
    expect(error.message).toBe('timed out after 1 s')
  })

  test("the caller's signal cancels with its own reason, not a FetchError", async () => {
    let request: IncomingMessage | undefined
    server.route('/cancelled', (req) => void (request = req))
    const controller = new AbortController()
    const reason = new Error('sync cancelled')
    setTimeout(() => controller.abort(reason), 100)
    await expect(get('/cancelled', { signal: controller.signal })).rejects.toBe(reason)
    await closed(request!)
    const hits = server.hits('/cancelled').count
    await expect(get('/cancelled', { signal: controller.signal })).rejects.toBe(reason)
    expect(server.hits('/cancelled').count).toBe(hits)
  })
})

describe('broken connections', () => {
  test('a connection reset mid-body is a network error', async () => {
    server.route('/reset', (request, response) => {
      response.writeHead(200, { 'Content-Length': 1000 }).write('a'.repeat(100))
      setTimeout(() => request.socket.resetAndDestroy(), 30)
    })
    const error = await failure(get('/reset'))
    expect(error.kind).toBe('network')
    expect(error.message).toBe('the server stopped sending data')
  })

  test('a gzip body cut off mid-stream is a network error', async () => {
    const body = gzipSync(Buffer.from('many words '.repeat(20_000)))
    server.route('/truncated-gzip', (request, response) => {
      response.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': body.length })
      response.write(body.subarray(0, body.length >> 1))
      setTimeout(() => request.socket.destroy(), 30)
    })
    const error = await failure(get('/truncated-gzip'))
    expect(error.kind).toBe('network')
    expect(error.message).toBe('the server stopped sending data')
  })

  test('a corrupt gzip body is a network error', async () => {
    const body = gzipSync(Buffer.from('many words '.repeat(20_000)))
    for (let i = 20; i < body.length; i += 7) body[i] = body[i]! ^ 0x5a
    server.serve('/corrupt-gzip', { headers: { 'Content-Encoding': 'gzip' }, body })
    const error = await failure(get('/corrupt-gzip'))
    expect(error.kind).toBe('network')
    expect(error.message).toBe('the response is damaged (its compressed data is invalid)')
  })

  test('a refused connection names the address', async () => {
    const closedServer = await startFixtureServer()
    const url = closedServer.url('/x')
    await closedServer.close()
    const error = await failure(fetchResource(url, { version: '1', kind: 'page', maxBytes: MB }))
    expect(error.kind).toBe('network')
    expect(error.message).toBe(`could not connect to ${new URL(url).host} (connection refused)`)
  })
})

describe('redirects', () => {
  function redirect(from: string, to: string, status = 302): void {
    server.route(from, (_request, response) => void response.writeHead(status, { Location: to }).end('moved'))
  }

  test('follows a chain of 3 (absolute, root-relative, relative) and reports the final URL', async () => {
    redirect('/chain/1', server.url('/chain/2'), 301)
    redirect('/chain/2', '/chain/3', 307)
    redirect('/chain/3', 'final?x=1', 308)
    server.serve('/chain/final', { body: 'arrived' })
    const result = await get('/chain/1', { etag: '"e"' })
    expect(text(result)).toBe('arrived')
    expect(result.url).toBe(server.url('/chain/final?x=1'))
    expect(server.hits('/chain/final').headers?.['user-agent']).toMatch(/^Broadsheet\/1\.2\.3 /)
  })

  test('reads a Location sent as raw UTF-8 the way browsers do', async () => {
    // node:http writes header strings one byte per char, so this sends the UTF-8 bytes of "café".
    redirect('/utf8', Buffer.from('/café', 'utf8').toString('latin1'))
    server.serve('/caf%C3%A9', { body: 'coffee' })
    const result = await get('/utf8')
    expect(result.url).toBe(server.url('/caf%C3%A9'))
    expect(text(result)).toBe('coffee')
  })

  test('follows 5 redirects but not 6', async () => {
    for (let i = 0; i < 6; i++) redirect(`/hops/${i}`, `/hops/${i + 1}`)
    server.serve('/hops/6', { body: 'end' })
    expect(text(await get('/hops/1'))).toBe('end')
    const error = await failure(get('/hops/0'))
    expect(error.kind).toBe('redirect')
    expect(error.message).toBe('too many redirects (more than 5)')
    expect(server.hits('/hops/6').count).toBe(1)
  })

  test('detects a loop', async () => {
    redirect('/loop/a', '/loop/b')
    redirect('/loop/b', '/loop/a')
    const error = await failure(get('/loop/a'))
    expect(error.kind).toBe('redirect')
    expect(error.message).toBe(`redirect loop back to ${server.url('/loop/a')}`)
  })

  test.each(['file:///etc/passwd', 'data:text/plain,hello', 'ftp://127.0.0.1/x', 'javascript:alert(1)'])(
    'refuses a redirect to %s',
    async (target) => {
      const path = `/to-${target.slice(0, 4)}`
      redirect(path, target)
      const error = await failure(get(path))
      expect(error.kind).toBe('unsupported-url')
      expect(error.message).toMatch(
        /^the server redirected to an address Broadsheet does not fetch \(\w+:\)$/,
      )
    },
  )
})

describe('addresses', () => {
  test.each([
    'file:///etc/passwd',
    'data:text/plain,hi',
    'ftp://127.0.0.1/',
    'not a url',
    'http://user:pw@127.0.0.1/',
  ])('refuses %s without a request', async (url) => {
    const error = await failure(fetchResource(url, { version: '1', kind: 'feed', maxBytes: MB }))
    expect(error.kind).toBe('unsupported-url')
  })
})

describe('HTTP errors', () => {
  function answer(path: string, status: number, headers: Record<string, string> = {}): void {
    server.route(path, (_request: IncomingMessage, response: ServerResponse) => {
      response.writeHead(status, headers).end('error page')
    })
  }

  test('404 says what the server answered', async () => {
    answer('/missing', 404)
    const error = await failure(get('/missing'))
    expect(error).toMatchObject({
      kind: 'http',
      status: 404,
      gone: false,
      message: 'the server answered 404 Not Found',
    })
    expect(error.retryAfterMs).toBeUndefined()
  })

  test('410 is gone', async () => {
    answer('/gone', 410)
    const error = await failure(get('/gone'))
    expect(error).toMatchObject({
      kind: 'http',
      status: 410,
      gone: true,
      message: 'the server answered 410 Gone',
    })
  })

  test('429 with Retry-After in seconds', async () => {
    answer('/busy', 429, { 'Retry-After': '120' })
    const error = await failure(get('/busy'))
    expect(error).toMatchObject({ kind: 'http', status: 429, retryAfterMs: 120_000, gone: false })
    expect(error.message).toBe('the server answered 429 Too Many Requests')
  })

  test("503 with Retry-After as an HTTP-date, measured from the server's clock", async () => {
    answer('/down', 503, {
      Date: 'Wed, 21 Oct 2015 07:28:00 GMT',
      'Retry-After': 'Wed, 21 Oct 2015 07:30:00 GMT',
    })
    const error = await failure(get('/down'))
    expect(error).toMatchObject({ kind: 'http', status: 503, retryAfterMs: 120_000 })
    expect(error.message).toBe('the server answered 503 Service Unavailable')
  })

  test('Retry-After on other statuses is ignored', async () => {
    answer('/teapot', 500, { 'Retry-After': '120' })
    expect((await failure(get('/teapot'))).retryAfterMs).toBeUndefined()
  })

  test('a failure closes its request without aborting it after the fact (no AbortError built)', async () => {
    // A sync's icon lookups fail by the thousand (404s); aborting a request that is closing anyway had
    // Node build an AbortError, stack and all, for each. The request still closes: the server sees it go.
    const destroyedWith: string[] = []
    const destroy = ClientRequest.prototype.destroy
    ClientRequest.prototype.destroy = function (this: ClientRequest, error?: Error) {
      destroyedWith.push(error?.name ?? 'nothing')
      return destroy.call(this, error)
    }
    try {
      let gone: Promise<unknown> = Promise.resolve()
      server.route('/missing-page', (request: IncomingMessage, response: ServerResponse) => {
        gone = closed(request)
        response.writeHead(404).write('not here')
      })
      expect((await failure(get('/missing-page'))).status).toBe(404)
      await gone
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(destroyedWith).not.toContain('AbortError')
    } finally {
      ClientRequest.prototype.destroy = destroy
    }
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2015-10-21T07:28:00Z')
  test.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Wed, 21 Oct 2015 07:29:30 GMT', 90_000],
    ['Wednesday, 21-Oct-15 07:29:30 GMT', 90_000],
    ['Wed Oct 21 07:29:30 2015', 90_000],
    ['Tue, 20 Oct 2015 07:28:00 GMT', 0],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected)
  })
})

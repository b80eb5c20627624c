import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { AccountError, fetchTransport } from '../../../../src/main/core/accounts/greader-http'

/* The transport to a server account over real HTTP on 127.0.0.1: its size cap, its timeout, a refused port. */
const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))))
})

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('the transport to a server account', () => {
  it('refuses an answer over its size cap, as a feed’s is refused', async () => {
    const base = await serve((_, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      const chunk = Buffer.alloc(64 * 1024, 'x')
      let sent = 0
      const more = (): void => {
        while (sent < 40 && response.write(chunk)) sent += 1
        if (sent < 40) response.once('drain', more)
        else response.end()
      }
      more()
    })
    const request = fetchTransport({ maxBytes: 1024 * 1024 })({
      method: 'GET',
      url: `${base}/x`,
      headers: {},
    })
    await expect(request).rejects.toBeInstanceOf(AccountError)
    await expect(request).rejects.toThrow("the server's answer is over 1 MB")
  })

  it('gives up on a server that does not answer, in one line', async () => {
    const base = await serve(() => undefined)
    await expect(
      fetchTransport({ timeoutMs: 300 })({ method: 'GET', url: `${base}/x`, headers: {} }),
    ).rejects.toThrow(/^127\.0\.0\.1:\d+ could not be reached: no answer within 0\.3 s$/)
  })

  it('says a closed port could not be reached', async () => {
    const base = await serve(() => undefined)
    await new Promise((done) => servers.pop()!.close(done))
    await expect(fetchTransport()({ method: 'GET', url: `${base}/x`, headers: {} })).rejects.toThrow(
      /^127\.0\.0\.1:\d+ could not be reached: ECONNREFUSED$/,
    )
  })

  it('carries the status, type and body of an answer', async () => {
    const base = await serve((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk))
      request.on('end', () => {
        response.writeHead(201, { 'Content-Type': 'text/plain' })
        response.end(`${request.method} ${request.headers.authorization} ${body}`)
      })
    })
    const answer = await fetchTransport()({
      method: 'POST',
      url: `${base}/x`,
      headers: { Authorization: 'GoogleLogin auth=t' },
      body: 'a=1',
    })
    expect(answer).toEqual({ status: 201, contentType: 'text/plain', text: 'POST GoogleLogin auth=t a=1' })
  })
})

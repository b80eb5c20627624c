import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { png } from './feeds'

/**
 * A server on 127.0.0.1 playing one on the user's network (a router, a NAS, a cloud metadata service):
 * it counts every connection and request, and answers anything with a page or an image carrying a
 * secret, so a test can check both that nothing reached it and that nothing of it was stored.
 */
export interface PrivateTrap {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  readonly port: number
  /** Marks every answer: its presence in the data dir means the trap was read. */
  readonly secret: string
  url(path: string): string
  connections: number
  requests: string[]
  close(): Promise<void>
}

export async function startPrivateTrap(): Promise<PrivateTrap> {
  const secret = `PRIVATE-${randomBytes(8).toString('hex')}`
  const server = createServer((request, response) => {
    trap.requests.push(request.url ?? '')
    if (/\.(png|jpe?g|gif)$/.test(new URL(request.url ?? '/', 'http://trap').pathname)) {
      response
        .writeHead(200, { 'Content-Type': 'image/png' })
        .end(Buffer.concat([png(42), Buffer.from(secret)]))
      return
    }
    const paragraphs = Array.from({ length: 8 }, (_, n) => `<p>${secret} paragraph ${n} of the inside.</p>`)
    response
      .writeHead(200, { 'Content-Type': 'text/html' })
      .end(
        `<!doctype html><title>${secret}</title><article><h1>${secret}</h1>${paragraphs.join('')}</article>`,
      )
  })
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    trap.connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`
  const trap: PrivateTrap = {
    origin,
    port,
    secret,
    url: (path) => new URL(path, origin).href,
    connections: 0,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
  return trap
}

import { createServer, type AddressInfo, type Socket } from 'node:net'

/** The request line and headers a raw connection sent (only what fault handlers need). */
export interface RawRequest {
  method: string
  path: string
  headers: Record<string, string>
}

/**
 * Answers one connection by writing whatever bytes it likes on the socket: a well-formed response, half
 * of one, garbage, or nothing at all. `request` is null when the handler wants to answer before the
 * request arrives (see {@link FaultServer.handleOnConnect}).
 */
export type FaultHandler = (socket: Socket, request: RawRequest | null) => void

/**
 * A TCP server on 127.0.0.1 that speaks HTTP only as far as each test wants it to: for faults that a
 * node:http server cannot produce (broken framing, non-HTTP bytes, silence before the request is read).
 */
export interface FaultServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  url(path: string): string
  /** Replaces how connections are answered from now on. */
  handle(handler: FaultHandler): void
  /** Like `handle`, but answers as soon as a connection opens, reading nothing. */
  handleOnConnect(handler: FaultHandler): void
  /** Every request seen (or, for `handleOnConnect`, every connection), oldest first. */
  readonly requests: ReadonlyArray<RawRequest | null>
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>
}

/** The most request head a fault server reads before giving up on a connection. */
const MAX_HEAD = 64 * 1024

/** Starts a {@link FaultServer} on a free port of 127.0.0.1. */
export async function startFaultServer(): Promise<FaultServer> {
  let handler: FaultHandler = (socket) => writeResponse(socket, { status: 404, body: 'not found' })
  let onConnect = false
  const requests: Array<RawRequest | null> = []
  const sockets = new Set<Socket>()

  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    // A client going away mid-fault is expected; it must not crash the test process.
    socket.on('error', () => undefined)
    if (onConnect) {
      requests.push(null)
      handler(socket, null)
      return
    }
    let head = ''
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1')
      const end = head.indexOf('\r\n\r\n')
      if (end === -1) {
        if (head.length > MAX_HEAD) socket.destroy()
        return
      }
      socket.off('data', onData)
      // Stop reading: handlers that never answer must also leave the request unread.
      socket.pause()
      const request = parseHead(head.slice(0, end))
      requests.push(request)
      handler(socket, request)
    }
    socket.on('data', onData)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    url: (path) => new URL(path, origin).href,
    handle: (next) => {
      handler = next
      onConnect = false
    },
    handleOnConnect: (next) => {
      handler = next
      onConnect = true
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}

function parseHead(head: string): RawRequest {
  const [requestLine = '', ...lines] = head.split('\r\n')
  const [method = '', path = ''] = requestLine.split(' ')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { method, path, headers }
}

/** A complete HTTP/1.1 response on a connection that then closes. */
export interface RawResponse {
  status: number
  headers?: Record<string, string>
  body?: string | Uint8Array
}

/** The status line and headers of a response, as bytes to write. */
export function responseHead(status: number, headers: Record<string, string>): Buffer {
  const lines = [`HTTP/1.1 ${status} ${REASONS[status] ?? 'Status'}`, 'Connection: close']
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`)
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1')
}

/** Writes a whole response with an exact Content-Length (unless the headers give one) and closes. */
export function writeResponse(socket: Socket, response: RawResponse): void {
  const body =
    typeof response.body === 'string' ? Buffer.from(response.body) : (response.body ?? Buffer.alloc(0))
  const headers = { 'Content-Length': String(body.byteLength), ...response.headers }
  socket.end(Buffer.concat([responseHead(response.status, headers), body]))
}

/** Writes a body in chunked transfer coding, properly terminated, and closes. */
export function writeChunked(
  socket: Socket,
  status: number,
  headers: Record<string, string>,
  body: Uint8Array,
): void {
  const chunks = [responseHead(status, { ...headers, 'Transfer-Encoding': 'chunked' })]
  for (let offset = 0; offset < body.byteLength; offset += 1000) {
    const piece = body.subarray(offset, offset + 1000)
    chunks.push(Buffer.from(`${piece.byteLength.toString(16)}\r\n`), Buffer.from(piece), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from('0\r\n\r\n'))
  socket.end(Buffer.concat(chunks))
}

/**
 * Writes `chunk` over and over for as long as the client reads, honouring backpressure so that the
 * server, not the client, never buffers more than a socket's worth; stops when the client goes away.
 */
export function writeForever(socket: Socket, chunk: Uint8Array): void {
  const pump = (): void => {
    while (!socket.destroyed && socket.write(chunk));
    if (!socket.destroyed) socket.once('drain', pump)
  }
  pump()
}

/** Writes `bytes` one byte every `intervalMs`, until they run out or the client goes away. */
export function drip(socket: Socket, bytes: Uint8Array, intervalMs: number): void {
  let index = 0
  const timer = setInterval(() => {
    if (socket.destroyed || index >= bytes.byteLength) {
      clearInterval(timer)
      if (!socket.destroyed) socket.end()
      return
    }
    socket.write(bytes.subarray(index, ++index))
  }, intervalMs)
  socket.once('close', () => clearInterval(timer))
}

const REASONS: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  302: 'Found',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

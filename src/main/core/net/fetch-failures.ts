import { FetchError } from './fetch-error'

/** The first `code` along an error's cause chain (some errors wrap the socket's own). */
function errorCode(error: unknown): { code: string | undefined; message: string } {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const { code } = current as NodeJS.ErrnoException
    if (typeof code === 'string') return { code, message: current.message }
    if (!(current.cause instanceof Error)) return { code: undefined, message: current.message }
    current = current.cause
  }
  return { code: undefined, message: String(current) }
}

/** A request that failed before any answer arrived, in words naming the host. */
export function connectionFailure(error: unknown, url: URL): FetchError {
  const { code, message } = errorCode(error)
  const host = url.host
  const network = (text: string): FetchError => new FetchError(text, 'network', { cause: error, code })
  switch (code) {
    case 'ECONNREFUSED':
      return network(`could not connect to ${host} (connection refused)`)
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return network(`could not find the server ${url.hostname}`)
    case 'ETIMEDOUT':
      return network(`could not connect to ${host} (no answer)`)
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return network(`could not connect to ${host} (network unreachable)`)
    case 'ECONNRESET':
    case 'EPIPE':
      return network(`${host} closed the connection without answering`)
    case 'HPE_HEADER_OVERFLOW':
      return network(`${host} answered with headers too large to read`)
  }
  if (code?.startsWith('HPE_')) {
    // A TLS record starts 0x16 0x03: an https server, or something posing as one, on an http: address.
    const raw = (error as { rawPacket?: Uint8Array }).rawPacket
    const tls = raw?.[0] === 0x16 && raw[1] === 0x03
    return network(`${host} answered with ${tls ? 'encrypted (TLS) data' : 'something'} that is not HTTP`)
  }
  if (code && (code === 'EPROTO' || /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO/.test(code))) {
    // OpenSSL's own words ("write EPROTO 80BC…:error:0A00010B:SSL routines:…") say nothing to people.
    if (/wrong version number|packet length too long|http request/i.test(message))
      return network(`the secure connection to ${host} failed (the server does not speak https there)`)
    return network(`the secure connection to ${host} failed (${firstLine(message)})`)
  }
  return network(`could not fetch from ${host} (${firstLine(message)})`)
}

/** A body that failed while it was being read: cut off, damaged, or not HTTP. */
export function bodyFailure(error: unknown): FetchError {
  if (error instanceof FetchError) return error
  const { code, message } = errorCode(error)
  if (code === 'Z_BUF_ERROR' && /unexpected end/i.test(message)) {
    return new FetchError('the response is damaged (its compressed data is cut short)', 'network', {
      cause: error,
    })
  }
  if (code && (code.startsWith('Z_') || code.includes('BROTLI') || code.startsWith('ERR__ERROR'))) {
    return new FetchError('the response is damaged (its compressed data is invalid)', 'network', {
      cause: error,
    })
  }
  if (code?.startsWith('HPE_')) {
    return new FetchError('the response is damaged (it is not valid HTTP)', 'network', { cause: error })
  }
  return new FetchError('the server stopped sending data', 'network', { cause: error })
}

/** Node's messages are one line, but a message is shown to the user: make sure. */
function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 200)
}

/**
 * What happened to a fetch, said so that people can tell a busy or absent server from a wrong address:
 * "the server is busy (it answered 429 Too Many Requests)", "the server did not answer (timed out after
 * 20 s)", "the server refused the connection"; other failures as the fetch put them.
 */
export function explainFetchFailure(error: FetchError): string {
  if (error.status === 429 || error.status === 503) return `the server is busy (${answered(error)})`
  if (error.kind === 'timeout') return `the server did not answer (${error.message})`
  if (error.code === 'ETIMEDOUT') return 'the server did not answer'
  if (error.code === 'ECONNREFUSED') return 'the server refused the connection'
  return error.message
}

/** "it answered 429 Too Many Requests" from "the server answered 429 Too Many Requests". */
function answered(error: FetchError): string {
  return error.message.replace(/^the server answered/, 'it answered')
}

/**
 * The same, as a code and parameters for a UI that words it in its own language: `reason` is busy,
 * timeout, refused, no-host, http, tls, too-large or network; `status` and `host` where they apply.
 */
export function fetchFailureParams(error: FetchError): Record<string, string | number> {
  const status = error.status
  if (status === 429 || status === 503) return { reason: 'busy', status }
  if (error.kind === 'timeout' || error.code === 'ETIMEDOUT') return { reason: 'timeout' }
  if (error.code === 'ECONNREFUSED') return { reason: 'refused' }
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' || error.code === 'EAI_NONAME') {
    return { reason: 'no-host' }
  }
  if (status !== undefined) return { reason: 'http', status }
  if (error.kind === 'too-large') return { reason: 'too-large' }
  if (/secure connection/.test(error.message)) return { reason: 'tls' }
  return { reason: 'network' }
}

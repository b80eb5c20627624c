/**
 * Server-sent events read over fetch. EventSource cannot send a header, so it could only be authorized by
 * something ambient (a cookie) or by a credential in its URL; fetch sends the preview's token in the
 * Authorization header like every other request.
 */

/** One event of a text/event-stream. */
export interface StreamedEvent {
  name: string
  data: string
}

export interface EventStreamOptions {
  url: string
  headers: Record<string, string>
  onEvent(event: StreamedEvent): void
}

/** The wait before reconnecting, as EventSource's default; the server's `retry:` field replaces it. */
const DEFAULT_RETRY_MS = 3000

/**
 * Splits the complete events out of `buffer` (text received so far, with `\n` line ends: the preview
 * writes no lone `\r`); `rest` is the unfinished tail to keep for the next chunk. Follows the format's
 * rules for the fields this server sends: `event`, `data` (lines joined with `\n`), `retry`; comments
 * (`:`) are skipped, and a block without data dispatches nothing.
 */
export function parseEventStream(buffer: string): {
  events: StreamedEvent[]
  rest: string
  retryMs: number | null
} {
  const events: StreamedEvent[] = []
  let retryMs: number | null = null
  const blocks = buffer.split('\n\n')
  const rest = blocks.pop() ?? ''
  for (const block of blocks) {
    let name = 'message'
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon === -1 ? line : line.slice(0, colon)
      let value = colon === -1 ? '' : line.slice(colon + 1)
      if (value.startsWith(' ')) value = value.slice(1)
      if (field === 'event') name = value
      else if (field === 'data') data.push(value)
      else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value)
    }
    if (data.length > 0) events.push({ name, data: data.join('\n') })
  }
  return { events, rest, retryMs }
}

/**
 * Follows the stream at `url` for the life of the page: events go to `onEvent` as they arrive, and a
 * dropped connection is reopened after the retry delay, as EventSource would. A refused credential
 * (401 or 403) stops it, as retrying could not succeed: the promise resolves then, with that status.
 */
export function followEventStream(options: EventStreamOptions): Promise<number> {
  let retryMs = DEFAULT_RETRY_MS
  let refused: (status: number) => void = () => undefined
  const stopped = new Promise<number>((resolve) => (refused = resolve))
  const connect = async (): Promise<void> => {
    try {
      const response = await fetch(options.url, {
        headers: { Accept: 'text/event-stream', ...options.headers },
        credentials: 'omit',
        cache: 'no-store',
      })
      if (response.status === 401 || response.status === 403) {
        refused(response.status)
        return
      }
      if (response.ok && response.body) {
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
        let buffer = ''
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          const parsed = parseEventStream((buffer + value).replace(/\r\n/g, '\n'))
          buffer = parsed.rest
          if (parsed.retryMs !== null) retryMs = parsed.retryMs
          for (const event of parsed.events) options.onEvent(event)
        }
      }
    } catch {
      // The server went away or the network dropped: reconnect below, as EventSource does.
    }
    setTimeout(() => void connect(), retryMs)
  }
  void connect()
  return stopped
}

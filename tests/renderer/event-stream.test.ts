import { afterEach, describe, expect, it, vi } from 'vitest'
import { followEventStream, parseEventStream, type StreamedEvent } from '../../src/renderer/src/event-stream'

afterEach(() => {
  vi.unstubAllGlobals()
})

/** A fetch answer whose body arrives in the given chunks. */
function streamed(chunks: string[], status = 200): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk))
      controller.close()
    },
  })
  return new Response(body, { status, headers: { 'Content-Type': 'text/event-stream' } })
}

describe('the event stream', () => {
  it('parses named events, joins data lines, skips comments, and keeps an unfinished tail', () => {
    const parsed = parseEventStream(
      'retry: 3000\n\n: keepalive\n\nevent: syncProgress\ndata: {"done":1}\n\nevent: a\ndata: x\ndata:y\n\nevent: half\nda',
    )
    expect(parsed.events).toEqual([
      { name: 'syncProgress', data: '{"done":1}' },
      { name: 'a', data: 'x\ny' },
    ])
    expect(parsed.rest).toBe('event: half\nda')
    expect(parsed.retryMs).toBe(3000)
    expect(parseEventStream('data: plain\n\n').events).toEqual([{ name: 'message', data: 'plain' }])
  })

  it('sends its headers, delivers events split across chunks, and reconnects when the stream ends', async () => {
    const fetches: RequestInit[] = []
    const answers = [
      streamed(['retry: 5\n\nevent: one\nda', 'ta: 1\r\n\r', '\nevent: two\ndata: 2\n\n']),
      streamed(['event: three\ndata: 3\n\n']),
    ]
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        fetches.push(init)
        return answers.shift() ?? new Promise<Response>(() => undefined)
      }),
    )
    const events: StreamedEvent[] = []
    followEventStream({
      url: '/events',
      headers: { Authorization: 'Bearer t' },
      onEvent: (event) => events.push(event),
    })
    await vi.waitFor(() => expect(events.map((event) => event.name)).toEqual(['one', 'two', 'three']))
    expect(events[0]).toEqual({ name: 'one', data: '1' })
    expect(fetches[0]?.headers).toMatchObject({ Authorization: 'Bearer t' })
    // Nothing ambient: the stream is authorized by its header alone.
    expect(fetches[0]?.credentials).toBe('omit')
    // It reconnects again after the second stream ends (to an answer that never comes): waited for here,
    // so that no reconnect of this test's stream reaches the next test's fetch.
    await vi.waitFor(() => expect(fetches).toHaveLength(3))
  })

  it('stops, and says with which status, when the server refuses the credential', async () => {
    const fetcher = vi.fn(async () => new Response('{"error":"wrong token"}', { status: 403 }))
    vi.stubGlobal('fetch', fetcher)
    const stopped = followEventStream({ url: '/events', headers: {}, onEvent: () => undefined })
    expect(await stopped).toBe(403)
    await new Promise((done) => setTimeout(done, 50))
    expect(fetcher).toHaveBeenCalledTimes(1)
  })
})

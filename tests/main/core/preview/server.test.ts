import { get, type IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../../src/shared/csp'
import { PREVIEW_HOST } from '../../../../src/main/core/preview/server'
import { resolveStaticPath } from '../../../../src/main/core/preview/static-files'
import { usePreviews } from './preview-fixture'
import { subscribeTo } from '../../../helpers/subscribe'

const startPreview = usePreviews()
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])

describe('the browser preview', () => {
  it('listens on 127.0.0.1 only and prints a URL with the token', async () => {
    const { preview } = await startPreview()
    expect(preview.server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' })
    expect(PREVIEW_HOST).toBe('127.0.0.1')
    expect(preview.url).toBe(`http://127.0.0.1:${preview.port}/?token=${preview.token}`)
    expect(preview.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const other = await startPreview()
    expect(other.preview.token).not.toBe(preview.token)
  })

  it('answers nothing without the token, and nothing with a wrong one', async () => {
    const { raw, preview } = await startPreview()
    const wrong = preview.token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))
    for (const path of ['/', '/index.html', '/assets/app.js', '/events', `/cache/${'a'.repeat(64)}`]) {
      expect((await raw(path)).status, path).toBe(401)
      expect((await raw(`${path}?token=${wrong}`)).status, path).toBe(403)
      expect(
        (await raw(path, { headers: { Cookie: `broadsheet-preview-${preview.port}=${wrong}` } })).status,
      ).toBe(403)
      expect((await raw(path, { headers: { Authorization: `Bearer ${wrong}` } })).status).toBe(403)
    }
    const api = await raw('/api/listFeeds', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(api.status).toBe(401)
    expect(JSON.parse(api.body)).toEqual({ error: expect.stringContaining('token') })
    // A token in the query of a POST does not count: only the page load may carry it.
    const posted = await raw(`/api/listFeeds?token=${preview.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(posted.status).toBe(401)
  })

  it('trades the token in the URL for an HttpOnly, SameSite=Strict cookie, then serves the UI with it', async () => {
    const { raw, preview } = await startPreview()
    const opened = await raw(`/?token=${preview.token}`)
    expect(opened.status).toBe(303)
    expect(opened.headers.location).toBe('/')
    const cookie = opened.headers['set-cookie']?.[0] ?? ''
    expect(cookie).toMatch(new RegExp(`^broadsheet-preview-${preview.port}=${preview.token};`))
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const headers = { Cookie: cookie.split(';')[0]! }
    const page = await raw('/', { headers })
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY_HEADER)
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect(page.body).toContain('<div id="root">')
    const script = await raw('/assets/app.js', { headers })
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect((await raw('/assets/app.css', { headers })).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    )
    // The token in a later page's query is dropped from the URL it redirects to; other parameters stay.
    expect((await raw(`/index.html?a=1&token=${preview.token}`)).headers.location).toBe('/index.html?a=1')
  })

  it('refuses a Host it does not answer to (DNS rebinding) and cross-origin API calls', async () => {
    const { raw, preview, auth } = await startPreview()
    expect((await raw('/', { headers: { ...auth, Host: `evil.example:${preview.port}` } })).status).toBe(403)
    expect((await raw('/', { headers: { ...auth, Host: `localhost:${preview.port}` } })).status).toBe(200)
    const crossOrigin = await raw('/api/listFeeds', {
      method: 'POST',
      headers: { ...auth, Origin: 'https://evil.example' },
    })
    expect(crossOrigin.status).toBe(403)
    const form = await raw('/api/listFeeds', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'text/plain' },
      body: '{}',
    })
    expect(form.status).toBe(415)
  })

  it('serves the contract: results as JSON, bad arguments and failures as a one-line 400', async () => {
    const { call, core, raw, auth } = await startPreview()
    await subscribeTo(core, 'https://news.test/feed.xml', { folder: 'Tech' })
    const feeds = await call('listFeeds')
    expect(feeds.status).toBe(200)
    expect(feeds.body).toMatchObject([{ url: 'https://news.test/feed.xml', folder: 'Tech', unread: 0 }])
    expect(await call('getArticle', { id: 'missing' })).toEqual({
      status: 400,
      body: { error: 'no article with id missing' },
    })
    const bad = await call('getArticle', { id: 42 })
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({ error: expect.stringMatching(/^invalid arguments for getArticle: id: /) })
    expect((await call('nonsense', {})).status).toBe(404)
    expect((await call('constructor', {})).status).toBe(404)
    expect((await raw('/api/listFeeds', { headers: auth })).status).toBe(405)
    const notJson = await raw('/api/listFeeds', { method: 'POST', headers: auth, body: '{nope' })
    expect(notJson).toMatchObject({ status: 400 })
    expect((await call('setRead', { ids: [], read: true })).body).toBeNull()
  })

  it('serves cached images with their type, and 404 for unknown hashes and any traversal', async () => {
    const { raw, core, auth } = await startPreview()
    const hash = await core.blobs.put(png, 'image/png')
    const image = await raw(`/cache/${hash}`, { headers: auth })
    expect(image.status).toBe(200)
    expect(image.headers['content-type']).toBe('image/png')
    expect(image.headers['x-content-type-options']).toBe('nosniff')
    expect(image.headers['content-security-policy']).toMatch(/^default-src 'none'/)
    for (const path of [
      `/cache/${'0'.repeat(64)}`,
      '/cache/../../etc/passwd',
      '/cache/..%2f..%2fetc%2fpasswd',
      '/cache/%2e%2e/%2e%2e/outside.txt',
      `/cache/${hash}/../../outside.txt`,
      `/cache/${hash.toUpperCase()}`,
      `/cache/${hash}.json`,
      '/cache/',
    ]) {
      const response = await raw(path, { headers: auth })
      expect(response.status, path).toBe(404)
      expect(response.body).not.toMatch(/root:|outside the renderer/)
    }
  })

  it('serves no file outside the built UI, and no dotfile', async () => {
    const { raw, auth } = await startPreview()
    for (const path of [
      '/../outside.txt',
      '/assets/../../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/%2e%2e%2f%2e%2e%2foutside.txt',
      '/..%5coutside.txt',
      '/.env',
      '/%00',
      '/etc/passwd',
      '/%E0%A4%A',
    ]) {
      const response = await raw(path, { headers: auth })
      expect(response.status, path).toBe(404)
      expect(response.body).not.toMatch(/outside the renderer|SECRET/)
    }
    expect(resolveStaticPath('/srv/ui', '/assets/../index.html')).toBeNull()
    expect(resolveStaticPath('/srv/ui', '/')).toBe('/srv/ui/index.html')
  })

  it('streams events: a sync’s progress arrives over server-sent events', async () => {
    const { preview, call } = await startPreview()
    const received: { name: string; data: unknown }[] = []
    const stream = await new Promise<IncomingMessage>((resolve, reject) => {
      get(`${preview.origin}/events`, { headers: { Authorization: `Bearer ${preview.token}` } }, resolve).on(
        'error',
        reject,
      )
    })
    expect(stream.statusCode).toBe(200)
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    let buffer = ''
    const finished = new Promise<void>((resolve) => {
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const name = /^event: (.+)$/m.exec(block)?.[1]
          const data = /^data: (.+)$/m.exec(block)?.[1]
          if (name && data) received.push({ name, data: JSON.parse(data) })
          if (name === 'syncFinished') resolve()
        }
      })
    })
    const synced = await call('syncNow', {})
    expect(synced.status).toBe(200)
    await finished
    expect(received.map((event) => event.name)).toEqual(['syncStarted', 'syncProgress', 'syncFinished'])
    expect(received[1]!.data).toEqual({ done: 0, total: 0, feed: null })
    stream.destroy()
  })
})

import { get, type IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../../src/shared/csp'
import { PREVIEW_HOST } from '../../../../src/main/core/preview/server'
import { resolveStaticPath } from '../../../../src/main/core/preview/static-files'
import { previewImageKey } from '../../../../src/main/core/preview/token'
import { usePreviews } from './preview-fixture'
import { subscribeTo } from '../../../helpers/subscribe'

const startPreview = usePreviews()
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])

describe('the browser preview', () => {
  it('listens on 127.0.0.1 only and prints a URL with the token in its fragment', async () => {
    const { preview } = await startPreview()
    expect(preview.server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' })
    expect(PREVIEW_HOST).toBe('127.0.0.1')
    // A fragment is never sent to a server: the token reaches no request the page does not make.
    expect(preview.url).toBe(`http://127.0.0.1:${preview.port}/#token=${preview.token}`)
    expect(preview.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const other = await startPreview()
    expect(other.preview.token).not.toBe(preview.token)
  })

  it('answers the API and the events to the token in the Authorization header alone', async () => {
    const { raw, preview, auth } = await startPreview()
    const wrong = preview.token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))
    const json = { 'Content-Type': 'application/json' }
    for (const [path, method] of [
      ['/api/listFeeds', 'POST'],
      ['/events', 'GET'],
    ] as const) {
      expect((await raw(path, { method, headers: json })).status, path).toBe(401)
      const wrongBearer = { ...json, Authorization: `Bearer ${wrong}` }
      expect((await raw(path, { method, headers: wrongBearer })).status, path).toBe(403)
      // What the browser sends by itself, and so what another origin could make it send (or receive
      // and replay): a cookie, the token in the query. Neither counts.
      for (const cookie of [
        `broadsheet-preview-${preview.port}=${preview.token}`,
        `token=${preview.token}`,
      ]) {
        expect((await raw(path, { method, headers: { ...json, Cookie: cookie } })).status, path).toBe(401)
      }
      expect((await raw(`${path}?token=${preview.token}`, { method, headers: json })).status, path).toBe(401)
      // The image key opens images only.
      const imageKey = { ...json, Authorization: `Bearer ${previewImageKey(preview.token)}` }
      expect((await raw(path, { method, headers: imageKey })).status, path).toBe(403)
    }
    const api = await raw('/api/listFeeds', { method: 'POST', headers: json })
    expect(JSON.parse(api.body)).toEqual({ error: expect.stringContaining('token') })
    expect((await raw('/api/listFeeds', { method: 'POST', headers: auth })).status).toBe(200)
  })

  it('sets no cookie, and serves the UI’s own files (the same for everyone) without the token', async () => {
    const { raw, preview, auth } = await startPreview()
    for (const path of ['/', `/?token=${preview.token}`, '/index.html', '/assets/app.js', '/nothing-here']) {
      const response = await raw(path)
      expect(response.headers['set-cookie'], path).toBeUndefined()
      expect(response.headers['cross-origin-resource-policy'], path).toBe('same-origin')
    }
    const answered = await raw('/api/listFeeds', { method: 'POST', headers: auth })
    expect(answered.headers['set-cookie']).toBeUndefined()
    const page = await raw('/')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY_HEADER)
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.body).toContain('<div id="root">')
    expect(page.body).not.toContain(preview.token)
    const script = await raw('/assets/app.js')
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect((await raw('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8')
    // A token in the query is neither needed nor traded for anything: no redirect, no cookie.
    expect((await raw(`/?token=${preview.token}`)).status).toBe(200)
    expect((await raw('/', { method: 'POST' })).status).toBe(405)
  })

  it('refuses what another local origin (another port of 127.0.0.1) can make the browser send', async () => {
    const { raw, core, preview } = await startPreview()
    const hash = await core.blobs.put(png, 'image/png')
    // The old cookie, as a server on another port would have received it, and that port's page.
    const stolen = { Cookie: `broadsheet-preview-${preview.port}=${preview.token}` }
    const otherOrigin = { Origin: 'http://127.0.0.1:8000', 'Sec-Fetch-Site': 'same-site' }
    // A form post or a no-cors fetch: a simple content type, and no header it could not set.
    const form = await raw('/api/unsubscribe', {
      method: 'POST',
      headers: { ...stolen, ...otherOrigin, 'Content-Type': 'text/plain' },
      body: '{"feedId":"x"}',
    })
    expect(form.status).toBe(401)
    // A CORS preflight never carries credentials, and is granted nothing.
    const preflight = await raw('/api/listFeeds', {
      method: 'OPTIONS',
      headers: { ...otherOrigin, 'Access-Control-Request-Headers': 'authorization,content-type' },
    })
    expect(preflight.status).toBe(401)
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
    expect((await raw('/events', { headers: { ...stolen, ...otherOrigin } })).status).toBe(401)
    // An image probe by content hash (the page may know a picture, and so its hash): the same 404
    // whether the user has the picture or not; and the browser keeps it from another origin anyway.
    const cached = await raw(`/cache/${hash}`, { headers: { ...stolen, ...otherOrigin } })
    const uncached = await raw(`/cache/${'0'.repeat(64)}`, { headers: { ...stolen, ...otherOrigin } })
    expect([cached.status, uncached.status]).toEqual([404, 404])
    expect(cached.body).toBe(uncached.body)
    expect(cached.headers['cross-origin-resource-policy']).toBe('same-origin')
    // Even the right token is refused from another origin.
    const crossOrigin = await raw('/api/listFeeds', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${preview.token}`,
        'Content-Type': 'application/json',
        ...otherOrigin,
      },
    })
    expect(crossOrigin.status).toBe(403)
  })

  it('refuses a Host it does not answer to (DNS rebinding) and cross-origin API calls', async () => {
    const { raw, preview, auth, core } = await startPreview()
    const rebound = { ...auth, Host: `evil.example:${preview.port}` }
    const image = `/cache/${previewImageKey(preview.token)}/${await core.blobs.put(png, 'image/png')}`
    for (const path of ['/', '/events', image]) {
      expect((await raw(path, { headers: rebound })).status, path).toBe(403)
    }
    for (const path of ['/', image]) {
      expect((await raw(path, { headers: { ...auth, Host: `localhost:${preview.port}` } })).status).toBe(200)
    }
    expect((await raw('/api/listFeeds', { method: 'POST', headers: rebound })).status).toBe(403)
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
    // A search typed halfway carries its code, so the page can tell it from a failure.
    expect(await call('search', { query: 'climate "north' })).toEqual({
      status: 400,
      body: {
        error: expect.stringContaining('a quote is never closed'),
        code: 'query-unclosed-quote',
        params: {},
      },
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

  it('serves cached images under the run’s image key; 404 for a wrong key, an unknown hash, a traversal', async () => {
    const { raw, core, preview } = await startPreview()
    const hash = await core.blobs.put(png, 'image/png')
    const key = previewImageKey(preview.token)
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    // The page derives the same key (tests/renderer/preview-session.test.ts checks this vector too).
    expect(previewImageKey('test-token')).toBe(
      'e4ba046ca10324add77005d7197a5f2d24d2a1228d668e0234cca08b9e1e360b',
    )
    // An <img> sends no header: the key in the path is all it needs.
    const image = await raw(`/cache/${key}/${hash}`)
    expect(image.status).toBe(200)
    expect(image.headers['content-type']).toBe('image/png')
    expect(image.headers['x-content-type-options']).toBe('nosniff')
    expect(image.headers['content-security-policy']).toMatch(/^default-src 'none'/)
    expect(image.headers['cross-origin-resource-policy']).toBe('same-origin')
    const wrongKey = key.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))
    const bearer = { Authorization: `Bearer ${preview.token}` }
    for (const [path, headers] of [
      [`/cache/${hash}`, bearer],
      [`/cache/${wrongKey}/${hash}`, {}],
      [`/cache/${preview.token}/${hash}`, {}],
      [`/cache/${key}/${'0'.repeat(64)}`, {}],
      ['/cache/../../etc/passwd', {}],
      ['/cache/..%2f..%2fetc%2fpasswd', {}],
      ['/cache/%2e%2e/%2e%2e/outside.txt', {}],
      [`/cache/${key}/${hash}/../../outside.txt`, {}],
      [`/cache/${key}/../${hash}`, {}],
      [`/cache/${key}/${hash.toUpperCase()}`, {}],
      [`/cache/${key}/${hash}.json`, {}],
      [`/cache/${key}/`, {}],
      ['/cache/', {}],
    ] as const) {
      const response = await raw(path, { headers })
      expect(response.status, path).toBe(404)
      expect(response.body).not.toMatch(/root:|outside the renderer/)
    }
  })

  it('serves no file outside the built UI, and no dotfile', async () => {
    const { raw } = await startPreview()
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
      const response = await raw(path)
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

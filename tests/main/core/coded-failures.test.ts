import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../src/main/core/broadsheet'
import { describeFailure } from '../../../src/main/core/errors'
import { GReaderClient } from '../../../src/main/core/accounts/greader-client'
import { fetchTransport } from '../../../src/main/core/accounts/greader-http'
import { Downloader } from '../../../src/main/core/sync/downloader'
import { translate, type MessageKey } from '../../../src/shared/i18n'
import { rss2 } from '../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../helpers/fixture-server'
import { useTempDirs } from '../../helpers/temp-dir'

/**
 * The failures a person commonly meets in the app carry a code and parameters (the UI words them in
 * its language), while their English message stays as it was for the CLI.
 */

const tempDir = useTempDirs('coded-failures')
let server: FixtureServer
let core: Broadsheet

beforeEach(async () => {
  server = await startFixtureServer()
  core = await startServices({
    dataDir: await tempDir(),
    sync: { downloader: new Downloader({ timeoutMs: 3000 }) },
  })
})
afterEach(async () => {
  await server.close()
  await core.close()
})

/** The failure as the IPC layer and the preview send it. */
async function failureOf(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return describeFailure(error)
  }
  throw new Error('expected a failure')
}

/** Worded in Korean as the renderer does (reason first). */
function korean(failure: { code?: string; params?: Record<string, string | number> }): string {
  const params = { ...failure.params }
  if (params.reason) params.reason = translate('ko', `errors.reason.${params.reason}` as MessageKey, params)
  return translate('ko', `errors.${failure.code}` as MessageKey, params)
}

describe('coded failures', () => {
  it('adding a feed: busy, not a feed (404), no feed on the page, already subscribed, not a URL', async () => {
    server.serve('/busy', { status: 503, body: 'busy' })
    const busy = await failureOf(core.subscriptions.subscribe(server.url('/busy')))
    expect(busy).toMatchObject({
      code: 'feed-unreachable',
      params: { url: server.url('/busy'), reason: 'busy', status: 503 },
    })
    expect(busy.message).toMatch(/^could not fetch .*: the server is busy/)
    expect(korean(busy)).toBe(`피드를 가져오지 못했습니다: ${server.url('/busy')} (서버 혼잡, 응답 503)`)

    const missing = await failureOf(core.subscriptions.subscribe(server.url('/missing')))
    expect(missing).toMatchObject({ code: 'feed-not-a-feed', params: { reason: 'http', status: 404 } })
    expect(korean(missing)).toBe(`피드가 아닙니다: ${server.url('/missing')} (서버 응답 404)`)

    server.serve('/plain', {
      headers: { 'Content-Type': 'text/html' },
      body: '<!doctype html><html><head><title>x</title></head><body><p>Hello</p></body></html>',
    })
    const plain = await failureOf(core.subscriptions.subscribe(server.url('/plain')))
    expect(plain).toMatchObject({ code: 'feed-none-found', params: { url: server.url('/plain') } })
    expect(plain.message).toMatch(/^no feed found at/)

    server.serve('/feed', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('The Gazette', server.url('/'), []),
    })
    await core.subscriptions.subscribe(server.url('/feed'))
    const again = await failureOf(core.subscriptions.subscribe(server.url('/feed')))
    expect(again).toMatchObject({ code: 'already-subscribed', params: { title: 'The Gazette' } })
    expect(korean(again)).toBe(`이미 구독 중입니다: “The Gazette” (${server.url('/feed')})`)

    const typo = await failureOf(core.subscriptions.subscribe('not a url'))
    expect(typo).toMatchObject({ code: 'not-a-url', params: { input: 'not a url' } })
  })

  it('saving a page: not a web page, unreachable', async () => {
    server.serve('/image.png', { headers: { 'Content-Type': 'image/png' }, body: 'x' })
    const image = await failureOf(core.sync.save(server.url('/image.png')))
    expect(image).toMatchObject({ code: 'page-not-html', params: { type: 'image/png' } })
    expect(image.message).toMatch(/^could not save .*: it is not a web page \(image\/png\)$/)
    server.serve('/gone', { status: 500, body: 'oops' })
    const gone = await failureOf(core.sync.save(server.url('/gone')))
    expect(gone).toMatchObject({ code: 'page-unreachable', params: { reason: 'http', status: 500 } })
    expect(korean(gone)).toBe(`페이지를 저장하지 못했습니다: ${server.url('/gone')} (서버 응답 500)`)
  })

  it('signing in to an account: a wrong password, a server out of reach', async () => {
    const refused = await failureOf(
      GReaderClient.login('https://news.example/api/greader.php', 'ada', 'hunter2-secret', async () => ({
        status: 401,
        contentType: 'text/plain',
        text: 'Error=BadAuthentication',
      })),
    )
    expect(refused).toMatchObject({ code: 'account-wrong-password', params: { host: 'news.example' } })
    expect(korean(refused)).toBe(
      'news.example에 로그인하지 못했습니다. 사용자 이름과 API 비밀번호를 확인하세요.',
    )
    expect(JSON.stringify(refused)).not.toContain('hunter2') // the password never reaches a failure

    const closed = server.url('/').replace(/:\d+\/$/, ':9/') // the discard port: nothing listens
    const away = await failureOf(
      GReaderClient.login(closed, 'ada', 'secret', fetchTransport({ timeoutMs: 2000 })),
    )
    expect(away).toMatchObject({ code: 'account-unreachable', params: { host: '127.0.0.1:9' } })
  })

  it('a feed’s sync failure: coded beside its words, cleared by the next good sync; subscribed anyway too', async () => {
    let busy = true
    server.route('/feed', (_request, response) => {
      if (busy) response.writeHead(500).end('down')
      else {
        response
          .writeHead(200, { 'Content-Type': 'application/rss+xml' })
          .end(rss2('The Gazette', server.url('/'), []))
      }
    })
    const feed = await core.subscriptions.subscribe(server.url('/feed'), { anyway: true })
    expect(feed.lastErrorCode).toMatchObject({
      code: 'feed-unreachable',
      params: { reason: 'http', status: 500 },
    })
    await core.sync.run({ feedIds: [feed.id] })
    const failed = core.subscriptions.feeds().find((f) => f.id === feed.id)!
    expect(failed.lastError).toMatch(/^the server answered 500/)
    expect(failed.lastErrorCode).toEqual({ code: 'sync-fetch', params: { reason: 'http', status: 500 } })
    expect(korean(failed.lastErrorCode!)).toBe('서버 응답 500')

    busy = false
    await core.sync.run({ feedIds: [feed.id] })
    const fine = core.subscriptions.feeds().find((f) => f.id === feed.id)!
    expect(fine.lastError).toBeNull()
    expect(fine.lastErrorCode).toBeNull()
  })
})

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { atom, longArticle } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { subscribeTo } from '../../../helpers/subscribe'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('one-dead-site')
let server: FixtureServer
let core: Broadsheet
let silent: Server

beforeEach(async () => {
  server = await startFixtureServer()
  silent = createServer(() => undefined)
  await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done))
  core = await startServices({
    dataDir: await tempDir(),
    sync: { downloader: new Downloader({ timeoutMs: 4000 }), content: 'in-thread' },
  })
})
afterEach(async () => {
  await core.close()
  await server.close()
  silent.closeAllConnections()
  await new Promise((done) => silent.close(done))
})

async function deadPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done))
  const { port } = probe.address() as AddressInfo
  await new Promise((done) => probe.close(done))
  return port
}

describe('one unreachable site', () => {
  it('marks only its own feeds failed: the others on a shared host sync clean', async () => {
    const good = []
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      server.serve(`/${name}.xml`, {
        headers: { 'Content-Type': 'application/atom+xml' },
        body: atom(`Feed ${name}`, server.url('/'), [
          {
            id: `${name}1`,
            title: `${name} one`,
            link: server.url(`/s/${name}1`),
            content: longArticle(name),
          },
        ]),
      })
      good.push(await subscribeTo(core, server.url(`/${name}.xml`)))
    }
    const refused = await subscribeTo(core, `http://127.0.0.1:${await deadPort()}/feed.xml`)
    const noAnswer = await subscribeTo(
      core,
      `http://127.0.0.1:${(silent.address() as AddressInfo).port}/feed.xml`,
    )
    await core.sync.run()
    for (const feed of good) expect(core.subscriptions.feed(feed.id)).toMatchObject({ lastError: null })
    expect(core.subscriptions.feed(refused.id)?.lastError).toMatch(/refused the connection/)
    expect(core.subscriptions.feed(noAnswer.id)?.lastError).toMatch(/did not answer/)
    const summaries = await core.subscriptions.summaries()
    expect(
      summaries
        .filter((feed) => feed.lastError)
        .map((feed) => feed.id)
        .sort(),
    ).toEqual([refused.id, noAnswer.id].sort())
  })
  it('marks no feed failed when their images and pages sit on a site that does not answer', async () => {
    const away = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
    const feeds = []
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      server.serve(`/${name}.xml`, {
        headers: { 'Content-Type': 'application/rss+xml' },
        body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${name}</title><link>${server.url('/')}</link>
<item><guid>${name}1</guid><title>${name} one</title><link>${away}/story/${name}</link>
<description>Short &lt;img src="${away}/img/${name}.png"&gt; read more…</description></item></channel></rss>`,
      })
      feeds.push(await subscribeTo(core, server.url(`/${name}.xml`)))
    }
    const result = await core.sync.run()
    expect(result.feeds.map((feed) => feed.error)).toEqual(feeds.map(() => null))
    for (const feed of feeds) expect(core.subscriptions.feed(feed.id)).toMatchObject({ lastError: null })
  }, 60_000)
})

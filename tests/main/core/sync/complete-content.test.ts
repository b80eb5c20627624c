import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { atom, longArticle, rss2, type TestItem } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { subscribeTo } from '../../../helpers/subscribe'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('complete-content')
let server: FixtureServer
let core: Broadsheet

beforeEach(async () => {
  server = await startFixtureServer()
  core = await startServices({
    dataDir: await tempDir(),
    sync: { downloader: new Downloader({ timeoutMs: 3000 }), content: 'in-thread' },
  })
})
afterEach(async () => {
  await core.close()
  await server.close()
})

// A whole short Korean story: some 250 letters, complete, carried in Atom <content>.
const KOREAN_STORY =
  '<p>서울시는 4일 한강 공원에 새 자전거 길을 열었다고 밝혔다. 새 길은 여의도에서 잠실까지 이어지며 길이는 약 20킬로미터다.</p>' +
  '<p>시는 이번 공사로 출퇴근 시간에 자전거를 타는 시민이 늘어날 것으로 내다봤다. 길에는 쉼터 열두 곳과 공기 주입기가 마련됐다.</p>' +
  '<p>시 관계자는 "안전 시설을 더 늘리고 야간 조명도 보강하겠다"고 말했다. 개통 행사는 주말에 열린다.</p>'

async function syncOne(path: string, type: string, body: string) {
  server.serve(path, { headers: { 'Content-Type': type }, body })
  await subscribeTo(core, server.url(path))
  await core.sync.run()
  const [listed] = await core.articles.list()
  return core.articles.open(listed!.id)
}

const story = (extra: Partial<TestItem>): TestItem => ({
  id: 'k1',
  title: '한강 자전거 길 개통',
  link: server.url('/news/1.html'),
  ...extra,
})

describe('complete feed content is not taken for a summary', () => {
  it('keeps a short Korean Atom <content> as the article: no page fetch, no "feed’s summary" notice', async () => {
    // The story's page is gone: fetching it would 404.
    const article = await syncOne(
      '/ko.atom',
      'application/atom+xml',
      atom('한국 뉴스', server.url('/'), [story({ content: KOREAN_STORY, summary: '한강 자전거 길 개통' })]),
    )
    expect(server.hits('/news/1.html').count).toBe(0)
    expect(article.fullTextError ?? null).toBeNull()
    expect(article.fullTextFrom).toBe('feed')
    expect(article.contentText).toContain('개통 행사는 주말에 열린다.')
  })

  it('keeps a short RSS <content:encoded> as the article', async () => {
    const article = await syncOne(
      '/ko.rss',
      'application/rss+xml',
      rss2('한국 뉴스', server.url('/'), [story({ content: KOREAN_STORY, summary: '요약' })]),
    )
    expect(server.hits('/news/1.html').count).toBe(0)
    expect(article.fullTextError ?? null).toBeNull()
  })

  it('still fetches the page for content cut off with "…" or "Read more", and for a short description alone', async () => {
    server.serve('/news/1.html', {
      headers: { 'Content-Type': 'text/html' },
      body: `<html><body><article>${longArticle('page', 8)}</article></body></html>`,
    })
    const cut = await syncOne(
      '/cut.atom',
      'application/atom+xml',
      atom('Cut', server.url('/'), [
        story({ content: '<p>서울시는 4일 한강 공원에 새 자전거 길을 열었다고 밝혔다…</p>' }),
      ]),
    )
    expect(server.hits('/news/1.html').count).toBe(1)
    expect(cut.fullTextFrom).toBe('page')

    const readMore = await core.subscriptions.add([{ url: server.url('/more.rss') }])
    server.serve('/more.rss', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('More', server.url('/'), [
        {
          id: 'm1',
          title: 'm',
          link: server.url('/news/1.html'),
          content: '<p>The start of a story. <a href="x">Read more</a></p>',
        },
        { id: 'm2', title: 'd', link: server.url('/news/1.html?d'), summary: 'A short description.' },
      ]),
    })
    server.serve('/news/1.html?d', {
      headers: { 'Content-Type': 'text/html' },
      body: `<html><body><article>${longArticle('page', 8)}</article></body></html>`,
    })
    await core.sync.run({ feedIds: [readMore.added[0]!.id] })
    expect(server.hits('/news/1.html').count).toBe(3)
  })

  it('says nothing about a summary when the page fails for a feed set to "always" that carries the whole text', async () => {
    server.serve('/always.atom', {
      headers: { 'Content-Type': 'application/atom+xml' },
      body: atom('Always', server.url('/'), [story({ content: KOREAN_STORY })]),
    })
    const feed = await subscribeTo(core, server.url('/always.atom'))
    await core.subscriptions.updateFeedSettings(feed.id, { fullText: 'always' })
    await core.sync.run()
    const [listed] = await core.articles.list()
    const article = await core.articles.open(listed!.id)
    expect(server.hits('/news/1.html').count).toBe(1)
    expect(article.fullTextError ?? null).toBeNull()
    expect(article.contentText).toContain('개통 행사는 주말에 열린다.')
  })
})

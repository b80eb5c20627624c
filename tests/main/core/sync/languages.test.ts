import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { parseFeedDocument } from '../../../../src/main/core/sync/feed-parse'
import { atom, jsonFeed, longArticle, rss2 } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { subscribeTo } from '../../../helpers/subscribe'
import { useTempDirs } from '../../../helpers/temp-dir'

const BASE = 'http://127.0.0.1/'
const item = { id: 'i1', title: 'Hello', link: 'http://127.0.0.1/1', content: '<p>Hi</p>' }

describe('feed languages: what each format declares', () => {
  it('reads RSS <language> (ko_KR written as ko-KR), Atom xml:lang of the feed and of an entry, JSON Feed', () => {
    const rss = rss2('R', BASE, [item]).replace('<channel>', '<channel><language>ko_KR</language>')
    expect(parseFeedDocument(rss, BASE).language).toBe('ko-KR')
    const feedAtom = atom('A', BASE, [item, { ...item, id: 'i2' }])
      .replace(
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
      )
      .replace('<entry>', '<entry xml:lang="ko">')
    const parsedAtom = parseFeedDocument(feedAtom, BASE)
    expect(parsedAtom.language).toBe('en')
    expect(parsedAtom.items.map((entry) => entry.language)).toEqual(['ko', undefined])
    const json = JSON.parse(jsonFeed('J', BASE, [item])) as Record<string, unknown>
    const parsedJson = parseFeedDocument(JSON.stringify({ ...json, language: 'ko' }), BASE)
    expect(parsedJson.language).toBe('ko')
  })

  it('takes none when none is declared, or when the declaration is not a language tag', () => {
    expect(parseFeedDocument(rss2('R', BASE, [item]), BASE).language).toBeNull()
    const junk = rss2('R', BASE, [item]).replace('<channel>', '<channel><language>&lt;b&gt;ko</language>')
    expect(parseFeedDocument(junk, BASE).language).toBeNull()
    // An item without a language has no `language` key: its fingerprint is what it was before.
    expect(Object.keys(parseFeedDocument(rss2('R', BASE, [item]), BASE).items[0]!)).not.toContain('language')
  })
})

describe('feed languages: stored by a sync', () => {
  const tempDir = useTempDirs('languages')
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
  })

  it("keeps the feed's language on the feed, an entry's own on its article and in the list", async () => {
    const entries = [
      { id: 'e1', title: '회의 일정', link: server.url('/1'), content: longArticle('one') },
      { id: 'e2', title: 'Plain', link: server.url('/2'), content: longArticle('two') },
    ]
    const body = atom('Mixed', server.url('/'), entries)
      .replace(
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
      )
      .replace('<entry>', '<entry xml:lang="ko">')
    server.serve('/feed', { headers: { 'Content-Type': 'application/atom+xml' }, body })
    const feed = await subscribeTo(core, server.url('/feed'))
    await core.sync.run()
    expect(core.subscriptions.feed(feed.id)?.language).toBe('en-GB')
    const listed = await core.articles.list({ feedIds: [feed.id] })
    const byTitle = new Map(listed.map((article) => [article.title, article]))
    expect(byTitle.get('회의 일정')?.language).toBe('ko')
    // The feed's language is looked up where it is shown, not copied onto every article.
    expect(byTitle.get('Plain')?.language).toBeUndefined()
    expect((await core.articles.open(byTitle.get('회의 일정')!.id)).language).toBe('ko')
  })

  it("takes a story page's <html lang> when the article's text came from the page", async () => {
    server.serve('/story', {
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body: `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>기사</title></head><body>
<article><h1>기사</h1>${Array.from({ length: 8 }, () => '<p>서울시는 내년부터 지하철 요금을 조정한다고 밝혔다. 시민들은 요금이 오르면 부담이 커진다고 말했다.</p>').join('')}</article></body></html>`,
    })
    server.serve('/feed', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('Summaries', server.url('/'), [
        { id: 's1', title: '기사', link: server.url('/story'), summary: '요약' },
      ]),
    })
    await subscribeTo(core, server.url('/feed'))
    await core.sync.run()
    const [listed] = await core.articles.list()
    const article = await core.articles.open(listed!.id)
    expect(article.fullTextFrom).toBe('page')
    expect(article.language).toBe('ko')
  })
})

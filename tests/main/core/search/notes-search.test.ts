import { beforeEach, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { makeArticle } from '../../../helpers/make-articles'
import { subscribeTo } from '../../../helpers/subscribe'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('notes-search')
let core: Broadsheet
let ids: { river: string; bridge: string; seoul: string; plain: string }

const article = (index: number, feedId: string, text: string, title = `Story ${index}`) =>
  makeArticle(index, { feedId, title, contentHtml: `<p>${text}</p>`, contentText: text })

beforeEach(async () => {
  core = await startServices({ dataDir: await tempDir() })
  const feed = await subscribeTo(core, 'https://news.test/feed', { title: 'News' })
  const stories = [
    article(1, feed.id, 'The river rose in the night and the town slept.', 'River news'),
    article(2, feed.id, 'The old bridge was closed for repairs on Tuesday.', 'Bridge news'),
    article(3, feed.id, '서울시는 지하철 요금을 조정한다고 밝혔다.', '서울 소식'),
    article(4, feed.id, 'Nothing happened in the market today.', 'Market'),
  ]
  await core.articles.put(stories)
  ids = { river: stories[0]!.id, bridge: stories[1]!.id, seoul: stories[2]!.id, plain: stories[3]!.id }
  await core.highlights.add(
    { articleId: ids.river, text: 'river rose' },
    { note: 'Flooding near the bridge again' },
  )
  await core.highlights.add(
    { articleId: ids.seoul, text: '지하철 요금' },
    { note: '홍수 때문에 요금이 바뀌나?' },
  )
  await core.highlights.add({ articleId: ids.plain, text: 'market' }, { note: '' })
})

const found = async (query: string, extra: object = {}) =>
  (await core.search.search({ query, ...extra })).results.map((hit) => hit.id)

describe('searching notes', () => {
  it('finds articles by what their notes say with note:, analyzed like the index (flood finds flooding)', async () => {
    expect(await found('note:flood')).toEqual([ids.river])
    expect(await found('note:"near the bridge"')).toEqual([ids.river])
    expect(await found('note:홍수')).toEqual([ids.seoul])
    expect(await found('note:tuesday')).toEqual([])
  })

  it('lets plain words reach notes: an article whose notes hold them, though its text does not', async () => {
    // "bridge" is in article 2's text and only in article 1's note: both, the note's first.
    const hits = await core.search.search({ query: 'bridge' })
    expect(hits.results.map((hit) => hit.id)).toEqual([ids.river, ids.bridge])
    expect(hits.total).toBe(2)
    expect(hits.results[0]!.snippet).toBe('Flooding near the bridge again')
    // Found by its text already: listed once, by the index.
    expect(await found('river')).toEqual([ids.river])
    // A field asks for the article's own field, never a note.
    expect(await found('title:bridge')).toEqual([ids.bridge])
  })

  it('combines note: with words of the text, -note: excludes, and the filters hold', async () => {
    expect(await found('town note:flooding')).toEqual([ids.river])
    expect(await found('night note:bridge')).toEqual([ids.river])
    expect(await found('river -note:flooding')).toEqual([])
    await core.flags.setRead([ids.river], true)
    expect(await found('note:flood', { unread: true })).toEqual([])
    expect(await found('bridge', { unread: true })).toEqual([ids.bridge])
  })

  it('pages across note answers and index answers without losing or repeating one', async () => {
    const first = await core.search.search({ query: 'bridge', limit: 1 })
    const second = await core.search.search({ query: 'bridge', limit: 1, offset: 1 })
    expect([...first.results, ...second.results].map((hit) => hit.id)).toEqual([ids.river, ids.bridge])
    expect(first.total).toBe(2)
  })

  it('explains a note: with nothing after it in one line, like any malformed query', async () => {
    await expect(core.search.search({ query: 'note:' })).rejects.toThrow(
      '"note:" must be followed by a word or a "quoted phrase", as in note:flood',
    )
    await expect(core.search.search({ query: 'note:"unclosed' })).rejects.toThrow(/a quote is never closed/)
    await expect(core.search.search({ query: '' })).rejects.toThrow(/type a word/)
  })
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { BroadsheetEvent } from '../../../../src/shared/contract'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { makeArticle } from '../../../helpers/make-articles'
import { subscribeTo } from '../../../helpers/subscribe'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('rules')
let core: Broadsheet
let dataDir: string
let feedId: string
let otherId: string

const TEXTS = [
  'A flood report from the river.',
  'Market news and prices.',
  'Flooding closes the coast road.',
  '서울에서 홍수 경보가 내려졌다.',
  'Quiet weather all week.',
]

/** Articles 0–4 of the feed in the folder World, and 5 of another feed, with the texts above. */
async function putArticles(indexes: number[]) {
  const articles = indexes.map((i) => {
    const text = TEXTS[i % TEXTS.length]!
    return makeArticle(i, {
      feedId: i < 5 ? feedId : otherId,
      title: `Story ${i}`,
      contentHtml: `<p>${text}</p>`,
      contentText: text,
    })
  })
  await core.articles.put(articles)
  return articles.map((a) => a.id)
}

beforeEach(async () => {
  dataDir = await tempDir()
  core = await startServices({ dataDir })
  feedId = (await subscribeTo(core, 'https://news.test/world.xml', { folder: 'World' })).id
  otherId = (await subscribeTo(core, 'https://news.test/other.xml')).id
})

describe('rules', () => {
  it('run in their listed order: a rule that marks read comes before one that notifies on is:unread', async () => {
    const ids = await putArticles([0, 1, 2])
    const events: BroadsheetEvent[] = []
    core.events.subscribe((event) => events.push(event))
    const read = await core.rules.add({ query: 'flood', action: 'read' })
    const notify = await core.rules.add({ query: 'flood is:unread', action: 'notify' })
    expect((await core.rules.runOnNew(ids)).notices).toEqual([])
    expect((await core.articles.list()).filter((a) => a.read).map((a) => a.title)).toEqual([
      'Story 2',
      'Story 0',
    ])
    expect(events).toEqual([])
    // The other way round, the notice comes first (on two new articles).
    await core.rules.move(notify.id, 0)
    const more = await putArticles([5, 7])
    const { notices } = await core.rules.runOnNew(more)
    expect(notices.map((n) => n.title).sort()).toEqual(['Story 5', 'Story 7'])
    expect(events.map((e) => e.name)).toEqual(['ruleNotice', 'ruleNotice'])
    const rules = await core.rules.list()
    expect(rules.map((r) => [r.id, r.matched])).toEqual([
      [notify.id, 2],
      [read.id, 4],
    ])
  })

  it('leave an article a rule hid out of the rules after it (a muted article notifies no one)', async () => {
    const ids = await putArticles([0, 1, 2])
    await core.rules.add({ query: 'flood', action: 'hide' })
    await core.rules.add({ query: 'flood OR market', action: 'notify' })
    await core.rules.add({ query: 'is:hidden', action: 'bookmark' })
    const { notices } = await core.rules.runOnNew(ids)
    expect(notices.map((n) => n.title)).toEqual(['Story 1'])
    expect([...core.flags.hiddenIds()].sort()).toEqual([ids[0], ids[2]].sort())
    // A rule that reads the flags sees what the rules before it did.
    expect([...core.flags.bookmarkedIds()].sort()).toEqual([ids[0], ids[2]].sort())
  })

  it('refuse a malformed query with the search’s own explanation, and keep nothing', async () => {
    const searchError = await core.search.search({ query: '"flood' }).catch((e: Error) => e.message)
    await expect(core.rules.add({ query: '"flood', action: 'hide' })).rejects.toThrow(searchError as string)
    await expect(core.rules.add({ query: 'is:nonsense', action: 'hide' })).rejects.toThrow(/is not a filter/)
    await expect(core.rules.add({ query: 'flood', action: 'hide', folder: 'Nowhere' })).rejects.toThrow(
      'there is no folder named "Nowhere"',
    )
    await expect(core.rules.add({ query: 'flood', action: 'hide', feed: 'nope' })).rejects.toThrow(
      'no feed with id nope',
    )
    expect(await core.rules.list()).toEqual([])
  })

  it('name a folder by its path or by a title only it has; a title two folders come to share stops the rule', async () => {
    await subscribeTo(core, 'https://news.test/europe.xml', { folder: 'Europe/Daily' })
    const byTitle = await core.rules.add({ query: 'flood', action: 'hide', folder: 'daily' })
    expect((await core.rules.list()).map((r) => r.active)).toEqual([true])
    await subscribeTo(core, 'https://news.test/asia.xml', { folder: 'Asia/Daily' })
    await expect(core.rules.add({ query: 'flood', action: 'hide', folder: 'Daily' })).rejects.toThrow(
      'more than one folder is named "Daily": give its path (Europe/Daily, Asia/Daily)',
    )
    expect(await core.rules.list()).toMatchObject([
      {
        id: byTitle.id,
        active: false,
        inactive: 'more than one folder is named "daily": give its path (Europe/Daily, Asia/Daily)',
      },
    ])
    const byPath = await core.rules.add({ query: 'flood', action: 'hide', folder: 'asia/daily' })
    expect((await core.rules.list()).find((r) => r.id === byPath.id)?.active).toBe(true)
  })

  it('whose feed or folder is removed are listed as inactive, do nothing, and are not dropped', async () => {
    const inFolder = await core.rules.add({ query: 'flood', action: 'hide', folder: 'world' })
    const inFeed = await core.rules.add({ query: 'market', action: 'bookmark', feed: otherId })
    expect((await core.rules.list()).map((r) => r.active)).toEqual([true, true])
    const folder = core.subscriptions.folders().find((f) => f.title === 'World')!
    await core.subscriptions.deleteFolder(folder.id)
    await core.subscriptions.unsubscribe(otherId)
    const ids = await putArticles([0, 1])
    expect((await core.rules.runOnNew(ids)).acted).toBe(0)
    expect(await core.rules.list()).toMatchObject([
      { id: inFolder.id, active: false, inactive: 'there is no folder named "world" any more', matched: 0 },
      { id: inFeed.id, active: false, inactive: 'its feed was removed', matched: 0 },
    ])
    expect(core.flags.hiddenIds().size).toBe(0)
    await expect(core.rules.apply(inFolder.id)).rejects.toThrow(/the rule is inactive/)
  })

  it('keep to their feed or folder', async () => {
    await core.rules.add({ query: 'flood', action: 'bookmark', folder: 'World' })
    const ids = await putArticles([0, 5])
    await core.rules.runOnNew(ids)
    expect([...core.flags.bookmarkedIds()]).toEqual([ids[0]])
  })

  it('match what the search matches, stemming and Korean included', async () => {
    const ids = await putArticles([0, 1, 2, 3, 4])
    for (const query of ['flooding', '홍수', 'river OR road', '-flood weather', 'title:story is:unread']) {
      const searched = (await core.search.search({ query, limit: 200 })).results.map((hit) => hit.id)
      const matched = await core.search.matchingIds({ query }, new Set(ids))
      expect(matched.sort(), query).toEqual(searched.sort())
      expect(matched.length, query).toBeGreaterThan(0)
    }
  })

  it('are tested against the cache (count and a few titles) and applied once to what is cached', async () => {
    await putArticles([0, 1, 2, 3])
    const rule = await core.rules.add({ query: 'flood', action: 'hide' })
    expect(await core.rules.test({ query: 'flood' })).toEqual({
      count: 2,
      exact: true,
      samples: [expect.objectContaining({ title: 'Story 2' }), expect.objectContaining({ title: 'Story 0' })],
    })
    await expect(core.rules.test({ query: 'flood "river' })).rejects.toThrow(/a quote is never closed/)
    expect(await core.rules.apply(rule.id)).toBe(2)
    expect((await core.articles.list()).map((a) => a.title)).toEqual(['Story 3', 'Story 1'])
    expect((await core.rules.list())[0]!.matched).toBe(2)
    const file = JSON.parse(readFileSync(join(dataDir, 'rules.json'), 'utf8')) as { rules: unknown[] }
    expect(file.rules).toMatchObject([{ id: rule.id, query: 'flood', action: 'hide', matched: 2 }])
  })
})

describe('hidden articles', () => {
  it('leave lists, counts and search, are found with is:hidden, and can be unhidden', async () => {
    const ids = await putArticles([0, 1, 2, 5])
    await core.flags.setRead([ids[2]!], true)
    await core.flags.setHidden([ids[0]!, ids[2]!], true)
    const titles = async (query = {}) => (await core.articles.list(query)).map((a) => a.title)
    expect(await titles()).toEqual(['Story 5', 'Story 1'])
    expect(await titles({ folderId: core.subscriptions.folders()[0]!.id })).toEqual(['Story 1'])
    expect(await titles({ hidden: true })).toEqual(['Story 2', 'Story 0'])
    const world = (await core.subscriptions.summaries()).find((f) => f.id === feedId)
    expect(world).toMatchObject({ total: 1, unread: 1 })
    const flood = await core.search.search({ query: 'flood' })
    expect(flood.results.map((hit) => hit.title)).toEqual(['Story 5'])
    expect(flood.total).toBe(1)
    expect((await core.search.search({ query: 'is:unread' })).total).toBe(2)
    const found = await core.search.search({ query: 'flood is:hidden' })
    expect(found.results.map((hit) => [hit.title, hit.hidden]).sort()).toEqual([
      ['Story 0', true],
      ['Story 2', true],
    ])
    expect((await core.search.search({ query: 'is:hidden is:unread' })).total).toBe(1)
    // A smart feed counts through the search: hidden ones are not in its counts either.
    await core.smart.add('Floods', 'flood')
    expect((await core.smart.list())[0]).toMatchObject({ total: 1, unread: 1 })
    expect((await core.articles.open(ids[0]!)).hidden).toBe(true)
    await core.flags.setHidden([ids[0]!], false)
    expect(await titles()).toEqual(['Story 5', 'Story 1', 'Story 0'])
    expect((await core.subscriptions.summaries()).find((f) => f.id === feedId)).toMatchObject({
      total: 2,
      unread: 2,
    })
    expect((await core.articles.open(ids[0]!)).hidden).toBeUndefined()
    await expect(core.flags.setHidden(['nope'], true)).rejects.toThrow('no article with id nope')
  })
})

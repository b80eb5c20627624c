import { beforeEach, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { splitFilters } from '../../../../src/main/core/search/query-filters'
import { SAVED_FEED_ID } from '../../../../src/shared/types'
import { makeArticle } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 11, 4, 12)

describe('the filters of a query', () => {
  it('come out of the query, leaving its words', () => {
    expect(
      splitFilters(
        'flood is:unread folder:"World News" feed:"The Verge" -feed:bbc after:2026-11-01 before:7d river',
        NOW,
      ),
    ).toEqual({
      rest: 'flood river',
      filters: {
        read: false,
        folders: ['World News'],
        feeds: ['The Verge'],
        notFeeds: ['bbc'],
        after: Date.parse('2026-11-01'),
        before: NOW - 7 * DAY,
      },
    })
    expect(splitFilters('IS:Bookmarked is:saved after:2w', NOW).filters).toEqual({
      bookmarked: true,
      saved: true,
      folders: [],
      feeds: [],
      notFeeds: [],
      after: NOW - 14 * DAY,
    })
    expect(splitFilters('flood is:Hidden', NOW)).toEqual({
      rest: 'flood',
      filters: { hidden: true, folders: [], feeds: [], notFeeds: [] },
    })
    expect(() => splitFilters('is:hid', NOW)).toThrow('"is:hid" is not finished')
    // Not a filter name: left as words (a time, a URL).
    expect(splitFilters('at 10:30 https://x.test', NOW).rest).toBe('at 10:30 https://x.test')
  })

  it('say in one line what is wrong, and tell one still being typed from a wrong one', () => {
    const problem = (query: string) => {
      try {
        splitFilters(query, NOW)
        return null
      } catch (error) {
        return (error as { code: string; message: string }).code
      }
    }
    expect(problem('is:')).toBe('query-lone-field')
    expect(problem('is:unr')).toBe('query-partial-filter')
    expect(problem('after:2026-1')).toBe('query-partial-filter')
    expect(problem('is:purple')).toBe('query-unknown-filter')
    expect(problem('after:yesterday')).toBe('query-bad-date')
    expect(problem('is:read is:unread')).toBe('query-conflicting-filters')
    expect(() => splitFilters('is:purple', NOW)).toThrow(
      '"is:purple" is not a filter: use is:unread, is:read, is:bookmarked, is:saved or is:hidden',
    )
  })
})

describe('searching with filters', () => {
  const tempDir = useTempDirs('query-filters')
  let core: Broadsheet
  let ids: Record<string, string>

  beforeEach(async () => {
    core = await startServices({ dataDir: await tempDir() })
    await core.subscriptions.add([
      { url: 'https://world.test/feed', title: 'World', folder: 'News/World' },
      { url: 'https://tech.test/feed', title: 'Tech', folder: 'Tech' },
      { url: 'https://verge.test/feed', title: 'The Verge' },
    ])
    const feeds = await core.subscriptions.summaries()
    const world = feeds.find((f) => f.title === 'World')!.id
    const tech = feeds.find((f) => f.title === 'Tech')!.id
    const day = (n: number) => Date.UTC(2026, 10, n)
    const story = (i: number, feedId: string, when: number, text: string) =>
      makeArticle(i, { feedId, publishedMs: when, contentHtml: `<p>${text}</p>`, contentText: text })
    const articles = {
      oldFlood: story(1, world, day(1), 'A flood in the north.'),
      newFlood: story(2, world, day(20), 'Another flood in the south.'),
      techFlood: story(3, tech, day(21), 'A flood of new phones.'),
      saved: story(4, SAVED_FEED_ID, day(22), 'A saved page about a flood.'),
    }
    await core.articles.put(Object.values(articles))
    ids = Object.fromEntries(Object.entries(articles).map(([k, a]) => [k, a.id]))
    await core.flags.setRead([ids.oldFlood!], true)
    await core.flags.setBookmarked(ids.techFlood!, true)
  })

  const found = async (query: string) =>
    (await core.search.search({ query, limit: 50 })).results.map((hit) => hit.id).sort()

  it('narrows a search by read state, bookmarks, saved pages, folder (with subfolders) and dates', async () => {
    expect(await found('flood')).toHaveLength(4)
    expect(await found('flood is:unread')).toEqual([ids.newFlood, ids.techFlood, ids.saved].sort())
    expect(await found('flood is:read')).toEqual([ids.oldFlood])
    expect(await found('flood is:bookmarked')).toEqual([ids.techFlood])
    expect(await found('flood is:saved')).toEqual([ids.saved])
    expect(await found('flood folder:News')).toEqual([ids.oldFlood, ids.newFlood].sort())
    expect(await found('flood folder:news/world')).toEqual([ids.oldFlood, ids.newFlood].sort())
    expect(await found('flood after:2026-11-15')).toEqual([ids.newFlood, ids.techFlood, ids.saved].sort())
    expect(await found('flood after:2026-11-15 before:2026-11-21')).toEqual([ids.newFlood])
  })

  it('lists every article the filters let through, newest first, when there are no words', async () => {
    const page = await core.search.search({ query: 'is:unread folder:News' })
    expect(page.results.map((hit) => hit.id)).toEqual([ids.newFlood])
    expect(page.total).toBe(1)
    const all = await core.search.search({ query: 'after:2026-11-10', limit: 2 })
    expect(all.total).toBe(3)
    expect(all.results.map((hit) => hit.id)).toEqual([ids.saved, ids.techFlood])
    expect(all.results[1]).toMatchObject({ bookmarked: true, read: false })
  })

  it('refuses a folder it does not know, and waits for one still being typed', async () => {
    await expect(core.search.search({ query: 'flood folder:Sport' })).rejects.toThrow(
      'there is no folder named "Sport"',
    )
    await expect(core.search.search({ query: 'flood folder:Ne' })).rejects.toMatchObject({
      code: 'query-partial-filter',
    })
  })

  it('finds a feed by its title now (feed:NAME), refuses a name no feed has, waits for one being typed', async () => {
    expect(await found('flood feed:world')).toEqual([ids.oldFlood, ids.newFlood].sort())
    expect(await found('feed:"World" is:unread')).toEqual([ids.newFlood])
    expect(await found('flood feed:WORLD')).toEqual([ids.oldFlood, ids.newFlood].sort())
    expect(await found('flood feed:wor*')).toEqual([ids.oldFlood, ids.newFlood].sort())
    // A feed with no articles yet is known, and lists nothing.
    expect(await found('feed:"the verge"')).toEqual([])
    await expect(core.search.search({ query: 'flood feed:sport' })).rejects.toMatchObject({
      code: 'query-unknown-feed',
      message: 'there is no feed named "sport"',
    })
    await expect(core.search.search({ query: 'feed:"The Sport"' })).rejects.toMatchObject({
      code: 'query-unknown-feed',
    })
    await expect(core.search.search({ query: 'flood feed:wo' })).rejects.toMatchObject({
      code: 'query-partial-filter',
      params: { filter: 'feed:wo' },
    })
    await expect(core.search.search({ query: 'feed:"the ver"' })).rejects.toMatchObject({
      code: 'query-partial-filter',
    })
    // Leaving out a feed that is not there leaves out nothing.
    expect(await found('flood -feed:sport')).toHaveLength(4)
    // Renamed: found by the new name at once, the old one is unknown.
    const world = (await core.subscriptions.summaries()).find((f) => f.title === 'World')!
    await core.subscriptions.rename(world.id, 'Planet')
    expect(await found('flood feed:planet')).toEqual([ids.oldFlood, ids.newFlood].sort())
    await expect(core.search.search({ query: 'flood feed:world' })).rejects.toMatchObject({
      code: 'query-unknown-feed',
    })
  })
})

import { beforeAll, describe, expect, it } from 'vitest'
import { Broadsheet } from '../../../../src/main/core/broadsheet'
import { openLibrarySearch, searchLibrary } from '../../../../src/main/core/search/library-search'
import type { SearchIndex } from '../../../../src/main/core/search/search-index'
import { SAVED_FEED_ID, type Article } from '../../../../src/shared/types'
import { occupyLibuvThreads } from '../../../helpers/busy-threads'
import { makeArticle } from '../../../helpers/make-articles'
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir'

const DAY_MS = 86_400_000
const T0 = Date.UTC(2025, 2, 3)

describe('searching the library with the article list’s filters', () => {
  let core: Broadsheet
  let index: SearchIndex
  let dir: string
  const byFeed: Record<string, Article[]> = {}

  beforeAll(async () => {
    dir = await makeTempDir('search-library')
    core = await Broadsheet.open({ dataDir: dir })
    const rust = await core.subscribe('https://rust.test/feed', { title: 'Rust Weekly', folder: 'Tech/Rust' })
    const tech = await core.subscribe('https://tech.test/feed', { title: 'Tech Daily', folder: 'Tech' })
    const news = await core.subscribe('https://news.test/feed', { title: 'World News', folder: 'News' })
    let n = 0
    for (const feed of [rust, tech, news, { id: SAVED_FEED_ID }]) {
      byFeed[feed.id] = Array.from({ length: 4 }, () =>
        makeArticle(n++, {
          feedId: feed.id,
          publishedMs: T0 + n * DAY_MS,
          title: `Volcano report ${n}`,
          contentText: `The volcano erupted again, report number ${n}.`,
        }),
      )
    }
    await core.articles.put(Object.values(byFeed).flat())
    index = await openLibrarySearch(core, { autoMerge: false })
    await index.repair()
    await core.setRead([byFeed[rust.id]?.[0]?.id as string, byFeed[news.id]?.[1]?.id as string], true)
    await core.setBookmarked(byFeed[tech.id]?.[2]?.id as string, true)
    return async () => {
      await index.close()
      await removeTempDir(dir)
    }
  })

  const feedId = (title: string): string =>
    core.library.feeds().find((feed) => feed.title === title)?.id as string
  const ids = async (options: Parameters<typeof searchLibrary>[3]): Promise<string[]> =>
    (await searchLibrary(core, index, 'volcano', { limit: 50, ...options })).results
      .map((hit) => hit.id)
      .sort()
  const idsOf = (...articles: (Article | undefined)[]): string[] =>
    articles.map((a) => a?.id as string).sort()

  it('finds every article without filters', async () => {
    expect(await ids({})).toHaveLength(16)
  })

  it('reads the page’s snippets without waiting for the file threads a sync keeps busy', async () => {
    await searchLibrary(core, index, 'volcano', { limit: 10 })
    const order: string[] = []
    const busy = occupyLibuvThreads(order)
    const page = searchLibrary(core, index, 'erupted', { limit: 10 }).then((found) => {
      order.push('searched')
      return found
    })
    await Promise.all([...busy, page])
    expect(order[0]).toBe('searched')
    expect((await page).results[0]?.snippet).toMatch(/erupted/)
  })

  it('filters by feed and by folder (with its subfolders)', async () => {
    expect(await ids({ feedIds: [feedId('World News')] })).toEqual(
      idsOf(...(byFeed[feedId('World News')] ?? [])),
    )
    const tech = await ids({
      folderId: core.library.feeds().find((f) => f.title === 'Tech Daily')?.folderId as string,
    })
    expect(tech).toEqual(
      idsOf(...(byFeed[feedId('Tech Daily')] ?? []), ...(byFeed[feedId('Rust Weekly')] ?? [])),
    )
  })

  it('filters unread, bookmarked and saved', async () => {
    const unread = await ids({ unread: true })
    expect(unread).toHaveLength(14)
    expect(unread).not.toContain(byFeed[feedId('Rust Weekly')]?.[0]?.id)
    expect(await ids({ bookmarked: true })).toEqual(idsOf(byFeed[feedId('Tech Daily')]?.[2]))
    expect(await ids({ saved: true })).toEqual(idsOf(...(byFeed[SAVED_FEED_ID] ?? [])))
    expect(await ids({ saved: true, feedIds: [feedId('World News')] })).toEqual([])
  })

  it('filters by date range and combines filters', async () => {
    const news = byFeed[feedId('World News')] ?? []
    const since = Date.parse(news[1]?.published as string)
    const until = Date.parse(news[3]?.published as string)
    expect(await ids({ feedIds: [feedId('World News')], since, until })).toEqual(idsOf(news[1], news[2]))
    expect(await ids({ feedIds: [feedId('World News')], since, until, unread: true })).toEqual(idsOf(news[2]))
  })
})

import { describe, expect, it } from 'vitest'
import { SearchIndex } from '../../../../src/main/core/search/search-index'
import { makeArticle } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'
import { memorySource } from './search-fixtures'

const tempDir = useTempDirs('search-feed-field')

/** An index whose feed titles come from a map the test changes, as renaming a feed changes the library. */
async function indexWithTitles(titles: Map<string, string>) {
  const articles = [
    makeArticle(1, {
      feedId: 'feed-x',
      title: 'Harvest report',
      contentText: 'Farmers brought in the grain.',
    }),
    makeArticle(2, { feedId: 'feed-y', title: 'Port report', contentText: 'Ships arrived with grain.' }),
  ]
  const index = await SearchIndex.open(await tempDir(), {
    articles: memorySource(articles),
    feedTitles: () => titles,
    autoMerge: false,
  })
  await index.add(articles)
  const ids = async (query: string): Promise<string[]> =>
    (await index.search(query, { limit: 50 })).results.map((hit) => hit.id).sort()
  return { index, ids, articles }
}

describe('the feed field is the feed’s title now, not when the article was indexed', () => {
  it('finds a renamed feed’s articles by the new name, not the old one', async () => {
    const titles = new Map([
      ['feed-x', 'Old Name'],
      ['feed-y', 'Harbour Courier'],
    ])
    const { index, ids, articles } = await indexWithTitles(titles)
    const x = articles[0]?.id as string
    expect(await ids('feed:old')).toEqual([x])
    titles.set('feed-x', 'New Name')
    expect(await ids('feed:new')).toEqual([x])
    expect(await ids('feed:old')).toEqual([])
    // A word of the title alone searches every field, the feed's title among them.
    expect(await ids('new')).toEqual([x])
    expect(await ids('feed:"new name"')).toEqual([x])
    expect(await ids('feed:"old name"')).toEqual([])
    expect(await ids('feed:ne*')).toEqual([x])
    expect(await ids('grain -feed:new')).toEqual([articles[1]?.id as string])
    await index.close()
  })

  it('matches no feed when the index is given no titles, and a feed missing from them', async () => {
    const titles = new Map([['feed-y', 'Harbour Courier']])
    const { index, ids, articles } = await indexWithTitles(titles)
    expect(await ids('feed:harbour')).toEqual([articles[1]?.id as string])
    expect(await ids('grain')).toHaveLength(2)
    titles.clear()
    expect(await ids('feed:harbour')).toEqual([])
    expect(await ids('grain')).toHaveLength(2)
    await index.close()
  })
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import { countingWrites } from '../../../helpers/counting-conf'
import { makeArticle } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('mirror')

describe('a server account’s subscriptions gone from its server', () => {
  it('drop their articles in one pass: one change of flags for 60 feeds, bookmarks stay', async () => {
    const { factory, writes } = countingWrites()
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir, confFactory: factory })
    const list = Array.from({ length: 60 }, (_, n) => ({
      streamId: `feed/${n}`,
      title: `Feed ${n}`,
      url: `https://feeds.test/${n}.xml`,
      siteUrl: null,
      label: n % 2 ? 'Odd' : null,
    }))
    const { added } = await core.subscriptions.mirror('acct', list)
    const articles = added.flatMap((feed, n) => [
      makeArticle(n * 2, { feedId: feed.id }),
      makeArticle(n * 2 + 1, { feedId: feed.id }),
    ])
    await core.articles.put(articles)
    await core.flags.setRead([articles[0]!.id, articles[2]!.id], true)
    await core.flags.setBookmarked(articles[1]!.id, true)

    writes.clear()
    const lines = () => readFileSync(join(dir, 'flags.log'), 'utf8').split('\n').length
    const before = lines()
    const { removed } = await core.subscriptions.mirror('acct', [])
    expect(removed).toHaveLength(60)
    // One line of flags.log, flags.json not rewritten.
    expect(lines()).toBe(before + 1)
    expect(writes.get('flags.json')).toBeUndefined()
    expect((await core.articles.list({ limit: 500 })).map((a) => a.id)).toEqual([articles[1]!.id])
    expect(core.flags.readIds().size).toBe(0)
  })
})

import { describe, expect, it } from 'vitest'
import type { Article } from '../../../../src/shared/types'
import type { PutResult } from '../../../../src/main/core/store/article-store'
import type { SyncContext } from '../../../../src/main/core/sync/sync-context'
import { WriteBatcher } from '../../../../src/main/core/sync/write-batcher'
import { makeArticle } from '../../../helpers/make-articles'

/** A store that cannot write one feed's articles (say, a file it may not replace), and records the rest. */
function contextRefusing(badFeed: string) {
  const stored: string[] = []
  const recorded: string[] = []
  const context = {
    articles: {
      put: async (articles: Article[]): Promise<PutResult> => {
        if (articles.some((a) => a.feedId === badFeed)) throw new Error(`cannot write ${badFeed}`)
        stored.push(...articles.map((a) => a.id))
        return { added: articles.map((a) => a.id), updated: [], unchanged: [] }
      },
    },
    subscriptions: {
      recordFetches: async (patches: Map<string, unknown>) => void recorded.push(...patches.keys()),
    },
  } as unknown as SyncContext
  return { context, stored, recorded }
}

describe('batched sync writes', () => {
  it('fail only the feed whose write fails, not every feed written with it', async () => {
    const { context, stored, recorded } = contextRefusing('bad')
    const batcher = new WriteBatcher(context, 400, 10_000)
    const good = [makeArticle(1, { feedId: 'a' }), makeArticle(2, { feedId: 'a' })]
    const other = [makeArticle(3, { feedId: 'c' })]
    const results = [
      batcher.submit(good, 'a', { lastError: null }),
      batcher.submit([makeArticle(4, { feedId: 'bad' })], 'bad', { lastError: null }),
      batcher.submit(other, 'c', { lastError: null }),
    ].map((p) =>
      p.then(
        (value) => ({ value }),
        (error: Error) => ({ error: error.message }),
      ),
    )
    await batcher.flush()
    expect(await Promise.all(results)).toEqual([
      { value: { added: good.map((a) => a.id), updated: [], unchanged: [] } },
      { error: 'cannot write bad' },
      { value: { added: other.map((a) => a.id), updated: [], unchanged: [] } },
    ])
    expect(stored.sort()).toEqual([...good, ...other].map((a) => a.id).sort())
    expect(recorded.sort()).toEqual(['a', 'c'])
  })
})

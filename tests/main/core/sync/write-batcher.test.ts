import { describe, expect, it, vi } from 'vitest'
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

describe('batches in a row', () => {
  it('start the next batch once the one before is stored, while its listeners still run, and flush waits for all', async () => {
    const events: string[] = []
    const listeners: Array<() => void> = []
    const context = {
      articles: {
        put: async (articles: Article[], options: { onStored?: () => void } = {}): Promise<PutResult> => {
          const batch = articles[0]!.feedId
          events.push(`store ${batch}`)
          await new Promise((resolve) => setTimeout(resolve, 5))
          events.push(`stored ${batch}`)
          options.onStored?.()
          // The listeners (the search index) take their time: this batch's put is not over yet.
          await new Promise<void>((resolve) => listeners.push(resolve))
          events.push(`indexed ${batch}`)
          return { added: articles.map((a) => a.id), updated: [], unchanged: [] }
        },
      },
      subscriptions: { recordFetches: async () => undefined },
    } as unknown as SyncContext
    const batcher = new WriteBatcher(context, 1, 10_000)
    const first = batcher.submit([makeArticle(1, { feedId: 'a' })], 'a', null)
    const second = batcher.submit([makeArticle(2, { feedId: 'b' })], 'b', null)
    let flushed = false
    const flush = batcher.flush().then(() => (flushed = true))
    // The second batch is stored while the first one's listeners have not finished.
    await vi.waitFor(() => expect(listeners).toHaveLength(2))
    expect(events).toEqual(['store a', 'stored a', 'store b', 'stored b'])
    expect(flushed).toBe(false)
    listeners[1]!()
    await second
    expect(flushed).toBe(false)
    listeners[0]!()
    await Promise.all([first, flush])
    expect(flushed).toBe(true)
    expect(events.slice(4).sort()).toEqual(['indexed a', 'indexed b'])
  })
})

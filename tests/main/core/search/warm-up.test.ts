import { afterEach, describe, expect, it, vi } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { makeArticle } from '../../../helpers/make-articles'
import { subscribeTo } from '../../../helpers/subscribe'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('search-warm-up')
const opened: Broadsheet[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((core) => core.close()))
})

/** A library of three articles, written by a process that has closed. */
async function library(): Promise<{ dir: string }> {
  const dir = await tempDir()
  const core = await startServices({ dataDir: dir })
  const feed = await subscribeTo(core, 'https://volcano.test/feed', { title: 'Volcano Watch' })
  const titles = [
    'Volcano erupts near Keflavik',
    'Ash cloud grounds flights',
    'After the eruption, lava reaches the sea',
  ]
  await core.articles.put(
    titles.map((title, n) =>
      makeArticle(n, { feedId: feed.id, title, publishedMs: Date.UTC(2026, 0, 1 + n), contentText: title }),
    ),
  )
  await core.close()
  return { dir }
}

describe('the search warm-up of a long-running process', () => {
  it('searches a few words of the newest titles, unseen, a moment after it starts', async () => {
    const { dir } = await library()
    const core = await startServices({ dataDir: dir, search: { background: true } })
    opened.push(core)
    const searched = vi.spyOn(core.search, 'search')
    await vi.waitFor(() => expect(searched.mock.calls.length).toBeGreaterThanOrEqual(4), {
      timeout: 10_000,
      interval: 100,
    })
    // Four words of four letters or more, from the newest title down, each once; past a stop word,
    // which is no search at all.
    expect(searched.mock.calls.map(([args]) => [args.query, args.limit])).toEqual(
      ['After', 'eruption', 'lava', 'reaches'].map((word) => [word, 10]),
    )
    await expect(core.search.search({ query: 'After', limit: 10 })).rejects.toThrow()
    // A person's search afterwards answers as ever.
    expect((await core.search.search({ query: 'keflavik', limit: 10 })).total).toBe(1)
  })

  it('searches nothing once the process is closing', async () => {
    const { dir } = await library()
    const core = await startServices({ dataDir: dir, search: { background: true } })
    const searched = vi.spyOn(core.search, 'search')
    await core.close()
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    expect(searched).not.toHaveBeenCalled()
  })
})

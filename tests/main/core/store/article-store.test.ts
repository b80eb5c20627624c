import { existsSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { partitionOf } from '../../../../src/main/core/store/article-catalog'
import { metaOf } from '../../../../src/main/core/store/article-meta'
import { ArticleStore } from '../../../../src/main/core/store/article-store'
import { startServices } from '../../../../src/main/core/broadsheet'
import type { DamageNotice } from '../../../../src/shared/contract'
import { WriteLock } from '../../../../src/main/core/store/write-lock'
import type { ArticleMeta } from '../../../../src/shared/types'
import { occupyLibuvThreads } from '../../../helpers/busy-threads'
import { makeArticle, makeArticles } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('store')
const DAY_MS = 86_400_000

async function openStore(dir: string, reports: DamageNotice[] = []): Promise<ArticleStore> {
  return ArticleStore.open(dir, new WriteLock(dir), reports)
}

const ids = (metas: ArticleMeta[]) => metas.map((meta) => meta.id)

describe('partitionOf', () => {
  it('names the UTC Monday that starts the week', () => {
    expect(partitionOf(Date.UTC(2026, 10, 27, 21, 4))).toBe('2026-11-23') // a Friday
    expect(partitionOf(Date.UTC(2026, 10, 23))).toBe('2026-11-23') // Monday, midnight
    expect(partitionOf(Date.UTC(2026, 10, 22, 23, 59, 59, 999))).toBe('2026-11-16') // Sunday night
    expect(partitionOf(Date.UTC(1969, 11, 31))).toBe('1969-12-29') // before the epoch
  })
})

describe('ArticleStore', () => {
  it('stores an article and gives it back whole', async () => {
    const store = await openStore(await tempDir())
    const article = makeArticle(1, { images: [{ url: 'https://img.test/a.png', hash: null }] })
    expect(await store.put([article])).toEqual({ added: [article.id], updated: [], unchanged: [] })
    expect(await store.get(article.id)).toEqual(article)
    expect(await store.get('0000000000000000dead')).toBeNull()
    expect(await store.total()).toBe(1)
  })

  it('writes nothing for an unchanged article and keeps the first fetch time', async () => {
    const dir = await tempDir()
    const store = await openStore(dir)
    const article = makeArticle(1)
    await store.put([article])
    const catalog = join(dir, 'articles', 'catalog', `${partitionOf(Date.parse(article.published!))}.json`)
    const before = await readFile(catalog, 'utf8')
    const refetched = { ...article, fetchedAt: '2030-01-01T00:00:00.000Z' }
    expect(await store.put([refetched])).toEqual({ added: [], updated: [], unchanged: [article.id] })
    expect((await store.get(article.id))?.fetchedAt).toBe(article.fetchedAt)
    expect(await readFile(catalog, 'utf8')).toBe(before)
  })

  it('takes a listed article given back as the store gave it for unchanged without reading it again', async () => {
    const dir = await tempDir()
    const store = await openStore(dir)
    const [kept, unlisted] = makeArticles(2)
    await store.put([kept!])
    const asRead = (await store.get(kept!.id))!
    // The body is replaced behind the store's back: a put that read it would see a change and write.
    const bodyDir = join(dir, 'articles', 'bodies', kept!.id.slice(0, 2))
    const changed = { ...asRead, title: 'Changed by someone else' }
    await writeFile(join(bodyDir, `${kept!.id}.json`), JSON.stringify(changed))
    expect(await store.put([asRead], { asStored: new Set([asRead]) })).toEqual({
      added: [],
      updated: [],
      unchanged: [kept!.id],
    })
    expect((await store.get(kept!.id))?.title).toBe('Changed by someone else')
    // Without the hint it is read and compared, as before.
    expect(await store.put([asRead])).toEqual({ added: [], updated: [kept!.id], unchanged: [] })
    // An article the catalog does not list is stored whatever the hint says.
    expect(await store.put([unlisted!], { asStored: new Set([unlisted!]) })).toEqual({
      added: [unlisted!.id],
      updated: [],
      unchanged: [],
    })
    expect(ids(await store.list({ limit: 10 })).sort()).toEqual([kept!.id, unlisted!.id].sort())
  })

  it('replaces a changed article in place, listed once, keeping its first fetch time', async () => {
    const store = await openStore(await tempDir())
    const article = makeArticle(1)
    await store.put([article, makeArticle(2)])
    const changed = { ...article, title: 'A corrected title', fetchedAt: '2030-01-01T00:00:00.000Z' }
    expect(await store.put([changed])).toEqual({ added: [], updated: [article.id], unchanged: [] })
    const stored = await store.get(article.id)
    expect(stored).toEqual({ ...changed, fetchedAt: article.fetchedAt })
    const listed = await store.list({ limit: 10 })
    expect(listed.filter((meta) => meta.id === article.id)).toEqual([metaOf(stored!)])
    expect(await store.total()).toBe(2)
  })

  it('moves an article whose date changed to its new week', async () => {
    const dir = await tempDir()
    const store = await openStore(dir)
    const start = Date.UTC(2025, 2, 5)
    const article = makeArticle(1, { publishedMs: start })
    const other = makeArticle(2, { publishedMs: start + 2 * 60_000 })
    await store.put([article, other])
    // The publisher corrected the date a month back (later dates clamp to the first fetch).
    const moved = makeArticle(1, { publishedMs: start - 30 * DAY_MS })
    expect((await store.put([moved])).updated).toEqual([article.id])
    const listed = await store.list({ limit: 10 })
    expect(ids(listed)).toEqual([other.id, moved.id])
    expect(listed[1]?.published).toBe(moved.published)
    expect(await store.total()).toBe(2)
    expect(await readdir(join(dir, 'articles', 'catalog'))).toHaveLength(2)
  })

  it('takes the last copy when one put carries the same id twice', async () => {
    const store = await openStore(await tempDir())
    const first = makeArticle(1)
    const second = { ...first, title: 'second copy' }
    expect((await store.put([first, second])).added).toEqual([first.id])
    expect((await store.get(first.id))?.title).toBe('second copy')
    expect(await store.total()).toBe(1)
  })

  it('lists newest first across weeks, and pages with `before` without gaps or repeats', async () => {
    const store = await openStore(await tempDir())
    // 60 articles, 20 hours apart: about seven weeks.
    const articles = makeArticles(60, { stepMs: 20 * 3_600_000 })
    await store.put(articles.slice(30))
    await store.put(articles.slice(0, 30))
    const expected = articles.map((article) => article.id).reverse()
    expect(ids(await store.list({ limit: 1000 }))).toEqual(expected)

    const pages: string[][] = []
    let before: number | undefined
    for (;;) {
      const page = await store.list({ limit: 7, before })
      if (page.length === 0) break
      pages.push(ids(page))
      before = page.at(-1)!.sortTime
    }
    expect(pages.flat()).toEqual(expected)
    expect(pages.slice(0, -1).every((page) => page.length === 7)).toBe(true)
  })

  it('orders articles with the same time by id, the same way every time', async () => {
    const dir = await tempDir()
    const store = await openStore(dir)
    const when = Date.UTC(2025, 5, 1, 12)
    const same = [5, 3, 9, 1].map((i) => makeArticle(i, { publishedMs: when }))
    await store.put(same)
    const sorted = same.map((article) => article.id).sort()
    expect(ids(await store.list({ limit: 10 }))).toEqual(sorted)
    expect(ids(await (await openStore(dir)).list({ limit: 10 }))).toEqual(sorted)
  })

  it('sorts an article dated in the future by when it was fetched', async () => {
    const store = await openStore(await tempDir())
    const fetched = Date.UTC(2025, 0, 10)
    const fromTheFuture = makeArticle(1, {
      published: '2099-01-01T00:00:00.000Z',
      fetchedAt: new Date(fetched).toISOString(),
    })
    const older = makeArticle(2, { publishedMs: fetched - DAY_MS })
    const undated = makeArticle(3, {
      published: null,
      fetchedAt: new Date(fetched - 2 * DAY_MS).toISOString(),
    })
    await store.put([fromTheFuture, older, undated])
    const listed = await store.list({ limit: 10 })
    expect(ids(listed)).toEqual([fromTheFuture.id, older.id, undated.id])
    expect(listed[0]?.sortTime).toBe(fetched)
  })

  it('filters by feed, by predicate and by time together', async () => {
    const store = await openStore(await tempDir())
    const articles = makeArticles(90, {
      stepMs: 6 * 3_600_000,
      // feed-c only in the first two weeks, so the rest of its listing skips weeks.
      feedId: (i) => (i < 40 && i % 5 === 0 ? 'feed-c' : i % 2 ? 'feed-a' : 'feed-b'),
    })
    await store.put(articles)
    const newestFirst = [...articles].reverse()
    const only = (feeds: string[]) => newestFirst.filter((a) => feeds.includes(a.feedId)).map((a) => a.id)

    expect(ids(await store.list({ limit: 1000, feedIds: new Set(['feed-c']) }))).toEqual(only(['feed-c']))
    expect(ids(await store.list({ limit: 1000, feedIds: new Set(['feed-a', 'feed-c']) }))).toEqual(
      only(['feed-a', 'feed-c']),
    )
    expect(await store.list({ limit: 10, feedIds: new Set(['nobody']) })).toEqual([])
    const cut = articles[50]!
    const filtered = await store.list({
      limit: 3,
      feedIds: new Set(['feed-b']),
      before: Date.parse(cut.published!),
      filter: (meta) => !meta.title.includes('4'),
    })
    expect(ids(filtered)).toEqual(
      newestFirst
        .filter((a) => a.feedId === 'feed-b' && Date.parse(a.published!) < Date.parse(cut.published!))
        .filter((a) => !a.title.includes('4'))
        .slice(0, 3)
        .map((a) => a.id),
    )
    const counts = new Map<string, number>()
    for (const a of articles) counts.set(a.feedId, (counts.get(a.feedId) ?? 0) + 1)
    expect(counts.get('feed-c')).toBe(8)
    expect(await store.feedCounts()).toEqual(counts)
  })

  it('removes what removeWhere selects, bodies and emptied weeks included', async () => {
    const dir = await tempDir()
    const store = await openStore(dir)
    const articles = makeArticles(40, { stepMs: DAY_MS, feedId: (i) => (i < 14 ? 'old' : i % 2 ? 'a' : 'b') })
    await store.put(articles)
    const weeksBefore = (await readdir(join(dir, 'articles', 'catalog'))).length

    const removed = await store.removeWhere((meta) => meta.feedId === 'old', new Set(['old']))
    expect(new Set(ids(removed))).toEqual(new Set(articles.slice(0, 14).map((a) => a.id)))
    expect(await store.get(articles[0]!.id)).toBeNull()
    expect(
      existsSync(join(dir, 'articles', 'bodies', articles[0]!.id.slice(0, 2), `${articles[0]!.id}.json`)),
    ).toBe(false)
    expect(await store.total()).toBe(26)
    expect((await store.feedCounts()).has('old')).toBe(false)
    expect((await readdir(join(dir, 'articles', 'catalog'))).length).toBeLessThan(weeksBefore)
    expect(ids(await store.list({ limit: 100 }))).toEqual(
      articles
        .slice(14)
        .map((a) => a.id)
        .reverse(),
    )
    expect(await store.removeWhere(() => false)).toEqual([])
  })

  it('reads bodies for metas() newest first and skips unknown ids', async () => {
    const store = await openStore(await tempDir())
    const articles = makeArticles(5)
    await store.put(articles)
    const metas = await store.metas([articles[1]!.id, 'ffffffffffffffffffff', articles[3]!.id])
    expect(ids(metas)).toEqual([articles[3]!.id, articles[1]!.id])
  })

  it('names nothing with an id that is not a plain name', async () => {
    const dir = await tempDir()
    const store = await openStore(dir)
    await store.put([makeArticle(1)])
    for (const id of ['../config', '../../etc/passwd', '', 'a/b', 'x'.repeat(65)]) {
      expect(await store.get(id)).toBeNull()
      expect(store.getNow(id)).toBeNull()
    }
  })

  it('gives the reader the same article at once (getNow) as get does', async () => {
    const store = await openStore(await tempDir())
    const articles = makeArticles(3)
    await store.put(articles)
    for (const article of articles) expect(store.getNow(article.id)).toEqual(await store.get(article.id))
    expect(store.getNow('0000000000000000dead')).toBeNull()
  })

  it('opens an article for the reader without waiting for the file threads a sync keeps busy', async () => {
    const core = await startServices({ dataDir: await tempDir() })
    const [article] = makeArticles(1)
    await core.articles.put([article!])
    const order: string[] = []
    const busy = occupyLibuvThreads(order)
    const opened = core.articles.open(article!.id).then((view) => order.push(`opened ${view.title}`))
    await Promise.all([...busy, opened])
    expect(order[0]).toBe(`opened ${article!.title}`)
  })

  it('keeps everything for a fresh instance, and each instance sees the other’s writes', async () => {
    const dir = await tempDir()
    const first = await openStore(dir)
    const articles = makeArticles(30, { stepMs: DAY_MS, feedId: (i) => (i % 3 ? 'a' : 'b') })
    await first.put(articles.slice(0, 20))

    const second = await openStore(dir)
    expect(ids(await second.list({ limit: 100 }))).toEqual(ids(await first.list({ limit: 100 })))
    expect(await second.feedCounts()).toEqual(await first.feedCounts())
    expect(await second.get(articles[3]!.id)).toEqual(articles[3])

    await second.put(articles.slice(20))
    await first.removeWhere((meta) => meta.id === articles[0]!.id)
    const expected = articles
      .slice(1)
      .map((a) => a.id)
      .reverse()
    expect(ids(await first.list({ limit: 100 }))).toEqual(expected)
    expect(ids(await second.list({ limit: 100 }))).toEqual(expected)
    expect(await second.total()).toBe(29)
    expect(ids(await (await openStore(dir)).list({ limit: 100 }))).toEqual(expected)
  })
})

describe('articles per feed', () => {
  it('are summed once while the catalog is unchanged, and follow every change, this process’s or another’s', async () => {
    const dir = await tempDir()
    const store = await ArticleStore.open(dir, new WriteLock(dir), [])
    const articles = makeArticles(12, { stepMs: 86_400_000, feedId: (n) => `feed-${n % 3}` })
    await store.put(articles.slice(0, 9))
    expect(Object.fromEntries(await store.feedCounts())).toEqual({ 'feed-0': 3, 'feed-1': 3, 'feed-2': 3 })
    // Asked again with nothing changed: no week's summary is read again.
    const entries = vi.spyOn(Object, 'entries')
    const again = await store.feedCounts()
    const summed = entries.mock.calls.length
    entries.mockRestore()
    expect(summed).toBe(0)
    // A caller's copy is its own.
    again.set('feed-0', 99)
    expect((await store.feedCounts()).get('feed-0')).toBe(3)
    await store.put(articles.slice(9, 10))
    expect((await store.feedCounts()).get('feed-0')).toBe(4)
    const other = await ArticleStore.open(dir, new WriteLock(dir), [])
    await other.put(articles.slice(10))
    expect(Object.fromEntries(await store.feedCounts())).toEqual({ 'feed-0': 4, 'feed-1': 4, 'feed-2': 4 })
    await store.removeWhere((meta) => meta.feedId === 'feed-1')
    expect((await store.feedCounts()).get('feed-1')).toBeUndefined()
  })
})

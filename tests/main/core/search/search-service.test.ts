import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { ArticleStore } from '../../../../src/main/core/store/article-store'
import { WriteLock } from '../../../../src/main/core/store/write-lock'
import type { SearchArgs } from '../../../../src/shared/contract'
import { SAVED_FEED_ID, type Article } from '../../../../src/shared/types'
import { occupyLibuvThreads } from '../../../helpers/busy-threads'
import { makeArticle, makeArticles } from '../../../helpers/make-articles'
import { cliIn } from '../../../helpers/run-cli'
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir'
import { englishArticles } from './search-fixtures'
import { subscribeTo } from '../../../helpers/subscribe'

const DAY_MS = 86_400_000
const T0 = Date.UTC(2025, 2, 3)

describe('searching the library with the article list’s filters', () => {
  let core: Broadsheet
  let dir: string
  const byFeed: Record<string, Article[]> = {}

  beforeAll(async () => {
    dir = await makeTempDir('search-library')
    core = await startServices({ dataDir: dir })
    const rust = await subscribeTo(core, 'https://rust.test/feed', {
      title: 'Rust Weekly',
      folder: 'Tech/Rust',
    })
    const tech = await subscribeTo(core, 'https://tech.test/feed', { title: 'Tech Daily', folder: 'Tech' })
    const news = await subscribeTo(core, 'https://news.test/feed', { title: 'World News', folder: 'News' })
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
    await core.search.repair()
    await core.flags.setRead([byFeed[rust.id]?.[0]?.id as string, byFeed[news.id]?.[1]?.id as string], true)
    await core.flags.setBookmarked(byFeed[tech.id]?.[2]?.id as string, true)
    return async () => {
      await core.close()
      await removeTempDir(dir)
    }
  })

  const feedId = (title: string): string =>
    core.subscriptions.feeds().find((feed) => feed.title === title)?.id as string
  const ids = async (options: Omit<SearchArgs, 'query'>): Promise<string[]> =>
    (await core.search.search({ query: 'volcano', limit: 50, ...options })).results
      .map((hit) => hit.id)
      .sort()
  const idsOf = (...articles: (Article | undefined)[]): string[] =>
    articles.map((a) => a?.id as string).sort()

  it('finds every article without filters', async () => {
    expect(await ids({})).toHaveLength(16)
  })

  it('reads the page’s snippets without waiting for the file threads a sync keeps busy', async () => {
    await core.search.search({ query: 'volcano', limit: 10 })
    const order: string[] = []
    const busy = occupyLibuvThreads(order)
    const page = core.search.search({ query: 'erupted', limit: 10 }).then((found) => {
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
      folderId: core.subscriptions.feeds().find((f) => f.title === 'Tech Daily')?.folderId as string,
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
    const since = news[1]?.published as string
    const until = news[3]?.published as string
    expect(await ids({ feedIds: [feedId('World News')], since, until })).toEqual(idsOf(news[1], news[2]))
    expect(await ids({ feedIds: [feedId('World News')], since, until, unread: true })).toEqual(idsOf(news[2]))
  })
})

describe('the index and the store', () => {
  it('repairs a crash between the store and the index: indexes what is missing, drops what is gone', async () => {
    const dir = await makeTempDir('search-repair')
    const core = await startServices({ dataDir: dir })
    const feed = await subscribeTo(core, 'https://a.test/feed', { title: 'Feed A' })
    const articles = englishArticles(60, 22).map((a) => ({ ...a, feedId: feed.id }))
    await core.articles.put(articles.slice(0, 40))
    await core.close()
    // The store moves on without the index (a crash before the index heard of it).
    const bare = await ArticleStore.open(dir, new WriteLock(dir), [])
    await bare.put(articles.slice(40))
    const gone = await bare.removeWhere((meta) => meta.id === articles[0]?.id)
    const reopened = await startServices({ dataDir: dir })
    const progress: number[] = []
    const result = await reopened.search.repair(({ done }) => progress.push(done))
    expect(result).toEqual({ added: 20, removed: 1, indexed: 59, checked: true })
    expect(progress.at(-1)).toBe(20)
    expect((await reopened.search.index()).stats().articles).toBe(59)
    const all = await reopened.search.search({ query: 'climate', limit: 200 })
    expect(all.results.map((h) => h.id)).not.toContain(gone[0]?.id)
    expect((await reopened.search.search({ query: 'feed:"feed a"', limit: 200 })).total).toBe(59)
    await reopened.close()
    await removeTempDir(dir)
  })

  it("checks the index against the catalog's ids files, never parsing a week's records (a fresh CLI search)", async () => {
    const dir = await makeTempDir('search-repair-ids')
    const core = await startServices({ dataDir: dir })
    const articles = makeArticles(30, { stepMs: DAY_MS })
    await core.articles.put(articles)
    await core.close()
    // Each week file keeps its revision (its first bytes) and loses its records: a repair that parsed the
    // records would find every week damaged, set it aside and report it.
    const catalog = join(dir, 'articles', 'catalog')
    for (const name of readdirSync(catalog)) {
      const text = readFileSync(join(catalog, name), 'utf8')
      writeFileSync(join(catalog, name), `${text.slice(0, 40)}<spoiled>`)
    }
    const fresh = await startServices({ dataDir: dir })
    expect(await fresh.search.repair()).toEqual({ added: 0, removed: 0, indexed: 30, checked: true })
    expect(fresh.damage).toEqual([])
    expect(readdirSync(dir)).not.toContain('quarantine')
    await fresh.close()
    await removeTempDir(dir)
  })

  it('keeps step with every store change, from the moment the services start', async () => {
    const dir = await makeTempDir('search-step')
    const core = await startServices({ dataDir: dir })
    const articles = englishArticles(30, 23)
    await core.articles.put(articles)
    const index = await core.search.index()
    expect(index.stats().articles).toBe(30)
    // An unchanged re-put stores nothing new and indexes nothing again.
    await core.articles.put(articles)
    expect(index.stats()).toMatchObject({ articles: 30, tombstones: 0 })
    await core.articles.removeWhere((meta) => meta.feedId === 'feed-a')
    expect(index.stats().articles).toBe(20)
    await core.close()
    await removeTempDir(dir)
  })

  it('repairs before answering when a segment turns out damaged or missing: the first search has its hits', async () => {
    const dir = await makeTempDir('search-damaged')
    const core = await startServices({ dataDir: dir })
    const feed = await subscribeTo(core, 'https://a.test/feed', { title: 'Feed A' })
    const articles = makeArticles(40, { feedId: feed.id })
    await core.articles.put(articles.slice(0, 20))
    await core.articles.put(articles.slice(20))
    await core.close()
    const segments = join(dir, 'search', 'segments')
    const [damaged, missing] = readdirSync(segments).filter((name) => name.endsWith('.seg'))
    writeFileSync(join(segments, damaged as string), 'not a segment')
    rmSync(join(segments, missing as string))

    const reopened = await startServices({ dataDir: dir })
    const first = await reopened.search.search({ query: 'article', limit: 50 })
    expect(first.total).toBe(40)
    expect(first.results.map((hit) => hit.id).sort()).toEqual(articles.map((a) => a.id).sort())
    expect(reopened.damage.map((notice) => notice.file).sort()).toEqual(
      [join(segments, damaged as string), join(segments, missing as string)].sort(),
    )
    expect((await reopened.search.index()).rebuildReason).toBeNull()
    await reopened.close()
    // And through the CLI, whose own repair runs before the segments are read.
    writeFileSync(join(segments, readdirSync(segments)[0] as string), 'damaged again')
    const run = await cliIn(dir)('search', 'article', '--json', '--limit', '50')
    expect(JSON.parse(run.stdout)).toHaveLength(40)
    expect(run.stderr).toMatch(/^broadsheet: warning: .*\.seg was damaged/)
    await removeTempDir(dir)
  })

  it('says how many articles a lost segment costs the index, one in the singular', async () => {
    const dir = await makeTempDir('search-damaged-one')
    const core = await startServices({ dataDir: dir })
    const feed = await subscribeTo(core, 'https://a.test/feed', { title: 'Feed A' })
    const [first, second] = makeArticles(2, { feedId: feed.id })
    await core.articles.put([first!])
    await core.articles.put([second!])
    await core.close()
    const segments = join(dir, 'search', 'segments')
    const [damaged] = readdirSync(segments).filter((name) => name.endsWith('.seg'))
    writeFileSync(join(segments, damaged as string), 'not a segment')
    const reopened = await startServices({ dataDir: dir })
    expect((await reopened.search.search({ query: 'article', limit: 5 })).total).toBe(2)
    expect(reopened.damage.map((notice) => notice.action)).toEqual([
      'its 1 article is indexed again from the store',
    ])
    await reopened.close()
    await removeTempDir(dir)
  })
})

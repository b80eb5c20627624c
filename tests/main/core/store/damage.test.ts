import { existsSync } from 'node:fs'
import { readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { partitionOf } from '../../../../src/main/core/store/article-catalog'
import { startServices } from '../../../../src/main/core/broadsheet'
import type { Article } from '../../../../src/shared/types'
import { makeArticles } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'
import { subscribeTo } from '../../../helpers/subscribe'

const tempDir = useTempDirs('damage')
const DAY_MS = 86_400_000

/** Cuts a file to half its length, as a crash in the middle of a plain write would. */
async function cutShort(file: string): Promise<string> {
  const text = await readFile(file, 'utf8')
  await truncate(file, Math.floor(Buffer.byteLength(text) / 2))
  return readFile(file, 'utf8')
}

async function quarantined(dir: string): Promise<string[]> {
  return existsSync(join(dir, 'quarantine')) ? readdir(join(dir, 'quarantine')) : []
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** A library with three feeds (one in a nested folder) and articles of two of them over three weeks. */
async function seed(dir: string): Promise<{ feedIds: string[]; articles: Article[] }> {
  const core = await startServices({ dataDir: dir })
  const a = await subscribeTo(core, 'https://a.test/feed')
  const b = await subscribeTo(core, 'https://b.test/feed', { folder: 'News/한국 뉴스' })
  const c = await subscribeTo(core, 'https://c.test/feed')
  const articles = makeArticles(21, { stepMs: DAY_MS, feedId: (i) => (i % 2 ? a.id : b.id) })
  await core.articles.put(articles)
  return { feedIds: [a.id, b.id, c.id], articles }
}

describe('a damaged config.json', () => {
  it('is quarantined, reported, and the latest subscriptions come back from backups/', async () => {
    const dir = await tempDir()
    const { feedIds } = await seed(dir)
    const cut = await cutShort(join(dir, 'config.json'))

    const core = await startServices({ dataDir: dir })
    expect(core.subscriptions.feeds().map((feed) => feed.id)).toEqual(feedIds)
    expect((await core.subscriptions.summaries()).map((feed) => feed.folder)).toEqual([
      '',
      'News/한국 뉴스',
      '',
    ])
    expect(core.damage).toHaveLength(1)
    const [report] = core.damage
    expect(report?.file).toBe(join(dir, 'config.json'))
    expect(report?.action).toMatch(/restored the last good copy/)
    expect(report?.keptAt.startsWith(join(dir, 'quarantine'))).toBe(true)
    expect(await readFile(report!.keptAt, 'utf8')).toBe(cut)
    expect(isJson(await readFile(join(dir, 'config.json'), 'utf8'))).toBe(true)
  })

  it('keeps every other file as it was', async () => {
    const dir = await tempDir()
    const { articles } = await seed(dir)
    const core0 = await startServices({ dataDir: dir })
    await core0.flags.setRead([articles[0]!.id], true)
    const flagsBefore = await readFile(join(dir, 'flags.json'), 'utf8')
    await cutShort(join(dir, 'config.json'))

    const core = await startServices({ dataDir: dir })
    expect(await readFile(join(dir, 'flags.json'), 'utf8')).toBe(flagsBefore)
    expect(await core.articles.total()).toBe(articles.length)
    expect((await core.articles.open(articles[0]!.id)).read).toBe(true)
  })

  it('that breaks the schema is set aside too', async () => {
    const dir = await tempDir()
    const { feedIds } = await seed(dir)
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>
    await writeFile(join(dir, 'config.json'), JSON.stringify({ ...config, feeds: 'not a list' }))

    const core = await startServices({ dataDir: dir })
    expect(core.subscriptions.feeds().map((feed) => feed.id)).toEqual(feedIds)
    expect(core.damage).toHaveLength(1)
    expect(await quarantined(dir)).toHaveLength(1)
  })

  it('without a backup is reported as started afresh, never silently', async () => {
    const dir = await tempDir()
    await seed(dir)
    await rm(join(dir, 'backups'), { recursive: true })
    const cut = await cutShort(join(dir, 'config.json'))

    const core = await startServices({ dataDir: dir })
    expect(core.subscriptions.feeds()).toEqual([])
    expect(core.damage).toHaveLength(1)
    expect(core.damage[0]?.action).toMatch(/no good copy/)
    expect(await readFile(core.damage[0]!.keptAt, 'utf8')).toBe(cut)
  })
})

describe('a damaged flags.json', () => {
  it('is quarantined, reported, and read and bookmark flags come back from backups/', async () => {
    const dir = await tempDir()
    const { articles } = await seed(dir)
    const before = await startServices({ dataDir: dir })
    await before.flags.setRead([articles[0]!.id, articles[1]!.id, articles[2]!.id], true)
    await before.flags.setBookmarked(articles[4]!.id, true)
    const cut = await cutShort(join(dir, 'flags.json'))

    const core = await startServices({ dataDir: dir })
    expect(core.damage.map((report) => report.file)).toEqual([join(dir, 'flags.json')])
    expect(await readFile(core.damage[0]!.keptAt, 'utf8')).toBe(cut)
    expect(core.flags.readIds()).toEqual(new Set([articles[0]!.id, articles[1]!.id, articles[2]!.id]))
    expect(core.flags.bookmarkedIds()).toEqual(new Set([articles[4]!.id]))
    expect(core.subscriptions.feeds()).toHaveLength(3)
  })
})

describe('a damaged article catalog', () => {
  it('rebuilds a cut-short week from the article files, quarantines and reports it', async () => {
    const dir = await tempDir()
    const { articles } = await seed(dir)
    const week = partitionOf(Date.parse(articles[10]!.published!))
    const weekFile = join(dir, 'articles', 'catalog', `${week}.json`)
    const cut = await cutShort(weekFile)

    const core = await startServices({ dataDir: dir })
    const listed = await core.articles.list({ limit: 100 })
    expect(listed.map((item) => item.id)).toEqual(articles.map((article) => article.id).reverse())
    const report = core.damage.find((r) => r.file === weekFile)
    expect(report?.action).toMatch(/rebuilt the week from \d+ article files/)
    expect(await readFile(report!.keptAt, 'utf8')).toBe(cut)
    expect(isJson(await readFile(weekFile, 'utf8'))).toBe(true)
    expect(await quarantined(dir)).toHaveLength(1)
  })

  it('rebuilds a cut-short manifest from the week files', async () => {
    const dir = await tempDir()
    const { articles, feedIds } = await seed(dir)
    const manifest = join(dir, 'articles', 'manifest.json')
    await cutShort(manifest)

    const core = await startServices({ dataDir: dir })
    expect(core.damage.map((report) => report.file)).toEqual([manifest])
    expect(await core.articles.total()).toBe(articles.length)
    expect((await core.subscriptions.summaries()).map((feed) => feed.unread)).toEqual([10, 11, 0])
    expect((await core.articles.list({ limit: 5 })).map((item) => item.id)).toEqual(
      articles
        .slice(-5)
        .map((article) => article.id)
        .reverse(),
    )
    expect(isJson(await readFile(manifest, 'utf8'))).toBe(true)
    expect(feedIds).toHaveLength(3)
  })

  it('treats a manifest or week file of the wrong shape as damaged, not as a crash', async () => {
    const dir = await tempDir()
    const { articles } = await seed(dir)
    const manifest = join(dir, 'articles', 'manifest.json')
    const week = partitionOf(Date.parse(articles[0]!.published!))
    const weekFile = join(dir, 'articles', 'catalog', `${week}.json`)
    await writeFile(manifest, '{"version":1}')
    await writeFile(weekFile, '[null, {"id": 3}]')

    const core = await startServices({ dataDir: dir })
    expect((await core.articles.list({ limit: 100 })).map((item) => item.id)).toEqual(
      articles.map((article) => article.id).reverse(),
    )
    expect(core.damage.map((report) => report.file).sort()).toEqual([manifest, weekFile].sort())
    expect(await quarantined(dir)).toHaveLength(2)
  })

  it('quarantines a damaged article file; that article is gone, the others are fine', async () => {
    const dir = await tempDir()
    const { articles } = await seed(dir)
    const victim = articles[5]!
    const body = join(dir, 'articles', 'bodies', victim.id.slice(0, 2), `${victim.id}.json`)
    const cut = await cutShort(body)

    const core = await startServices({ dataDir: dir })
    await expect(core.articles.open(victim.id)).rejects.toThrow(`no article with id ${victim.id}`)
    expect(core.damage.map((report) => report.file)).toEqual([body])
    expect(await readFile(core.damage[0]!.keptAt, 'utf8')).toBe(cut)
    expect(existsSync(body)).toBe(false)
    for (const other of [articles[4]!, articles[6]!])
      expect((await core.articles.open(other.id)).title).toBe(other.title)
    // The next sync brings it back: a put of the same article stores it again.
    await core.articles.put([victim])
    expect((await core.articles.open(victim.id)).title).toBe(victim.title)
  })
})

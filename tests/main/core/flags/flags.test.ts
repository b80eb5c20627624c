import fs from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { random } from '../../../helpers/generated-text'
import { makeArticles } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('flags')

afterEach(() => {
  vi.restoreAllMocks()
})

/** What a process that opens the data dir now reads: the flags as flags.json holds them. */
async function flagsOnDisk(dir: string) {
  const fresh = await startServices({ dataDir: dir })
  return {
    read: [...fresh.flags.readIds()].sort(),
    counts: Object.fromEntries([...fresh.flags.readCounts()].sort()),
    bookmarked: [...fresh.flags.bookmarkedIds()].sort(),
  }
}

function flagsIn(core: Broadsheet) {
  return {
    read: [...core.flags.readIds()].sort(),
    counts: Object.fromEntries([...core.flags.readCounts()].sort()),
    bookmarked: [...core.flags.bookmarkedIds()].sort(),
  }
}

/** The flags a model of the changes says the reader should see, counts per feed included. */
function expected(
  model: { read: Set<string>; bookmarked: Set<string> },
  articles: { id: string; feedId: string }[],
) {
  const counts: Record<string, number> = {}
  for (const article of articles)
    if (model.read.has(article.id)) counts[article.feedId] = (counts[article.feedId] ?? 0) + 1
  return {
    read: [...model.read].sort(),
    counts: Object.fromEntries(Object.entries(counts).sort()),
    bookmarked: [...model.bookmarked].sort(),
  }
}

async function seeded() {
  const dir = await tempDir()
  const core = await startServices({ dataDir: dir })
  const articles = makeArticles(60, { feedId: (i) => `feed-${i % 4}` })
  await core.articles.put(articles)
  return { dir, core, articles }
}

describe('read and bookmark flags', () => {
  it('keep the sets and counts the reader sees equal to the file through a random run of changes', async () => {
    const { dir, core, articles } = await seeded()
    const next = random(7)
    const pick = () => articles[Math.floor(next() * articles.length)]!
    // Ask for the sets first, so every change below brings cached sets up to date instead of rebuilding.
    expect(core.flags.readIds().size).toBe(0)
    const model = { read: new Set<string>(), bookmarked: new Set<string>() }
    for (let step = 0; step < 120; step++) {
      const roll = next()
      if (roll < 0.45) {
        const batch = [pick(), pick(), pick()]
        const read = next() < 0.7
        await core.flags.setRead(
          batch.map((article) => article.id),
          read,
        )
        for (const article of batch) {
          if (read) model.read.add(article.id)
          else model.read.delete(article.id)
        }
      } else if (roll < 0.8) {
        const article = pick()
        const on = next() < 0.6
        await core.flags.setBookmarked(article.id, on)
        if (on) model.bookmarked.add(article.id)
        else model.bookmarked.delete(article.id)
      } else if (roll < 0.9) {
        const feedId = `feed-${Math.floor(next() * 4)}`
        await core.flags.markAllRead(new Set([feedId]))
        for (const article of articles) if (article.feedId === feedId) model.read.add(article.id)
      } else {
        expect(flagsIn(core)).toEqual(await flagsOnDisk(dir))
      }
      expect(flagsIn(core)).toEqual(expected(model, articles))
      for (const article of [pick(), pick()]) {
        expect(core.flags.of(article)).toMatchObject({
          read: model.read.has(article.id),
          bookmarked: model.bookmarked.has(article.id),
        })
      }
    }
    expect(flagsIn(core)).toEqual(await flagsOnDisk(dir))
  })

  it("see another process's change, and keep it when they write next", async () => {
    const { dir, core, articles } = await seeded()
    const [a, b, c] = articles as [(typeof articles)[0], (typeof articles)[0], (typeof articles)[0]]
    await core.flags.setRead([a.id], true)
    expect(core.flags.readIds().has(a.id)).toBe(true)
    // Another process (its own conf instance and caches) writes flags.json.
    const other = await startServices({ dataDir: dir })
    await other.flags.setRead([b.id], true)
    await other.flags.setBookmarked(c.id, true)
    expect(core.flags.of(b).read).toBe(true)
    expect(core.flags.of(c).bookmarked).toBe(true)
    expect(core.flags.readCounts().get(b.feedId)).toBe(a.feedId === b.feedId ? 2 : 1)
    // This process's next write starts from the other's version of the file.
    await core.flags.setRead([a.id], false)
    expect(await flagsOnDisk(dir)).toMatchObject({ read: [b.id], bookmarked: [c.id] })
    expect(flagsIn(core)).toEqual(await flagsOnDisk(dir))
  })

  it('mark many articles at once, and none of them when one id names no article', async () => {
    const { dir, core, articles } = await seeded()
    const ids = articles.map((article) => article.id)
    await expect(core.flags.setRead([...ids.slice(0, 10), 'ffffffffffffffffffff'], true)).rejects.toThrow(
      /^no article with id ffffffffffffffffffff$/,
    )
    expect((await flagsOnDisk(dir)).read).toEqual([])
    await core.flags.setRead([...ids, ids[0]!], true)
    expect(flagsIn(core).read).toEqual([...ids].sort())
    expect(flagsIn(core)).toEqual(await flagsOnDisk(dir))
  })

  it('are forgotten with their articles', async () => {
    const { dir, core, articles } = await seeded()
    const [a, b] = articles as [(typeof articles)[0], (typeof articles)[0]]
    await core.flags.setRead([a.id, b.id], true)
    await core.flags.setBookmarked(a.id, true)
    expect(core.flags.readIds().size).toBe(2)
    await core.flags.forget([a])
    expect(flagsIn(core)).toMatchObject({ read: [b.id], bookmarked: [] })
    expect(flagsIn(core)).toEqual(await flagsOnDisk(dir))
  })

  it('are read from flags.json in few passes when a fresh process opens the data dir', async () => {
    const { dir, core, articles } = await seeded()
    await core.flags.setRead(
      articles.map((article) => article.id),
      true,
    )
    await core.flags.compact()
    const flagsFile = join(dir, 'flags.json')
    // Every pass parses the whole file (8 MB at 500,000 articles): conf's own load (which finds damage
    // too) and the flags' read. conf's migrations would add three more, a check before conf one more.
    const reads = vi.spyOn(fs, 'readFileSync')
    const fresh = await startServices({ dataDir: dir })
    expect(fresh.flags.readIds().size).toBe(articles.length)
    const ofFlags = reads.mock.calls.filter(([path]) => String(path) === flagsFile)
    expect(ofFlags.length).toBeLessThanOrEqual(2)
  })

  it('are changed without reading flags.json back', async () => {
    const { dir, core, articles } = await seeded()
    const flagsFile = join(dir, 'flags.json')
    await core.flags.setRead([articles[0]!.id], true)
    // A change, once this process has read the file, reads nothing of it: it is appended to flags.log.
    const reads = vi.spyOn(fs, 'readFileSync')
    await core.flags.setRead([articles[1]!.id], true)
    await core.flags.setBookmarked(articles[2]!.id, true)
    const ofFlags = reads.mock.calls.filter(([path]) => String(path) === flagsFile)
    expect(ofFlags).toEqual([])
    expect(await flagsOnDisk(dir)).toMatchObject({
      read: [articles[0]!.id, articles[1]!.id].sort(),
      bookmarked: [articles[2]!.id],
    })
  })
})

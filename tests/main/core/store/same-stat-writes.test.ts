import { linkSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { partitionOf } from '../../../../src/main/core/store/article-catalog'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { SearchIndex } from '../../../../src/main/core/search/search-index'
import { WriteLock } from '../../../../src/main/core/store/write-lock'
import { makeArticle } from '../../../helpers/make-articles'
import { subscribeTo } from '../../../helpers/subscribe'
import { useTempDirs } from '../../../helpers/temp-dir'

/*
 * Two processes (two instances, each with its own write lock, as the app and a CLI) share a data dir. One
 * of them rewrites a file so that it looks unchanged to stat: its old inode (an atomic rename frees the old
 * file's inode, and the next file may get it) and its old modification time (a coarse clock: HFS+, FAT,
 * network drives give every write in one second the same time), the size kept by construction. The other
 * must still see that write, and must build its own next write on it rather than on its old copy.
 */

const tempDir = useTempDirs('same-stat')

/** Whole seconds, as a coarse clock gives. */
const TICK = 1_800_000_000

function freezeClock(paths: string[]): void {
  for (const path of paths) utimesSync(path, TICK, TICK)
}

/**
 * Runs `write` (the other process writing `paths`), then gives each file its old inode and modification
 * time back: the new content is copied into a hard link kept to the old file, which is renamed into
 * place. Checks that stat now tells nothing apart.
 */
async function writeBehindSameStat(paths: string[], write: () => Promise<unknown>): Promise<void> {
  freezeClock(paths)
  const before = paths.map((path) => {
    const keep = `${path}.old-inode`
    linkSync(path, keep)
    return { path, keep, stat: statSync(path) }
  })
  await write()
  for (const { path, keep, stat } of before) {
    expect(statSync(path).ino, `${path} was replaced by a rename`).not.toBe(stat.ino)
    writeFileSync(keep, readFileSync(path))
    renameSync(keep, path)
    freezeClock([path])
    const now = statSync(path)
    expect([now.ino, now.size, now.mtimeMs], path).toEqual([stat.ino, stat.size, stat.mtimeMs])
  }
}

describe('a write by another process that leaves the file looking unchanged to stat', () => {
  it('config.json: the rename is seen, and the next change keeps it', async () => {
    const dir = await tempDir()
    const app = await startServices({ dataDir: dir })
    const first = await subscribeTo(app, 'http://127.0.0.1:9/a.xml', { title: 'Feed AAAA' })
    const second = await subscribeTo(app, 'http://127.0.0.1:9/b.xml', { title: 'Feed XXXX' })
    const config = join(dir, 'config.json')
    freezeClock([config])
    const cli = await startServices({ dataDir: dir })
    const titles = (core: Broadsheet) => core.subscriptions.feeds().map((feed) => feed.title)
    expect(titles(app)).toEqual(['Feed AAAA', 'Feed XXXX'])

    await writeBehindSameStat([config], () => cli.subscriptions.rename(first.id, 'Feed BBBB'))
    expect(titles(app)).toEqual(['Feed BBBB', 'Feed XXXX'])

    await app.subscriptions.rename(second.id, 'Feed YYYY')
    expect(titles(await startServices({ dataDir: dir }))).toEqual(['Feed BBBB', 'Feed YYYY'])
  })

  it('flags.json: the marks are seen, and the next change keeps them', async () => {
    const dir = await tempDir()
    const [one, two, three] = [1, 2, 3].map((n) => makeArticle(n))
    const app = await startServices({ dataDir: dir })
    await app.articles.put([one!, two!, three!])
    await app.flags.setRead([one!.id], true)
    // Marks go to flags.log: write them into flags.json whole, as once the log is long.
    await app.flags.compact()
    const flags = join(dir, 'flags.json')
    freezeClock([flags])
    const cli = await startServices({ dataDir: dir })
    expect(app.flags.readIds()).toEqual(new Set([one!.id]))

    // Same feed, ids of one length: the file keeps its size.
    await writeBehindSameStat([flags], async () => {
      await cli.flags.setRead([one!.id], false)
      await cli.flags.setRead([two!.id], true)
      await cli.flags.compact()
    })
    expect(app.flags.readIds()).toEqual(new Set([two!.id]))

    await app.flags.setBookmarked(three!.id, true)
    const fresh = await startServices({ dataDir: dir })
    expect(fresh.flags.readIds()).toEqual(new Set([two!.id]))
    expect(fresh.flags.bookmarkedIds()).toEqual(new Set([three!.id]))
  })

  // The manifest alone looking unchanged too is the harder case; the week file alone is what a catalog
  // that records its weeks' stats in the manifest got wrong.
  it.each([['the week file'], ['the week file and the manifest']])(
    'the article catalog (%s behind an unchanged stat): the swap is seen, and the next put keeps it',
    async (which) => {
      const dir = await tempDir()
      const publishedMs = Date.UTC(2026, 0, 5, 12)
      const [one, two, three] = [1, 2, 3].map((n) => makeArticle(n, { publishedMs: publishedMs + n }))
      const app = await startServices({ dataDir: dir })
      await app.articles.put([one!])
      const week = join(dir, 'articles', 'catalog', `${partitionOf(publishedMs)}.json`)
      const manifest = join(dir, 'articles', 'manifest.json')
      const disguised = which.includes('manifest') ? [week, manifest] : [week]
      freezeClock(disguised)
      const cli = await startServices({ dataDir: dir })
      const ids = async (core: Broadsheet) => (await core.articles.list({ limit: 10 })).map((m) => m.id)
      expect(await ids(app)).toEqual([one!.id])

      // Another article of the same shape in its place: the files keep their sizes.
      await writeBehindSameStat(disguised, async () => {
        await cli.articles.put([two!])
        await cli.articles.removeWhere((meta) => meta.id === one!.id)
      })
      expect(await ids(app)).toEqual([two!.id])

      await app.articles.put([three!])
      expect(await ids(await startServices({ dataDir: dir }))).toEqual([three!.id, two!.id])
    },
  )

  it('the search manifest: the swap is seen, and the next add keeps it', async () => {
    const dir = await tempDir()
    const manifest = join(dir, 'search', 'manifest.json')
    const story = (index: number, word: string) =>
      makeArticle(index, { title: `Story ${word}`, publishedMs: Date.UTC(2026, 0, 5) })
    const writer = await SearchIndex.open(dir, { lock: new WriteLock(dir), autoMerge: false })
    await writer.add([story(1, 'aaaa')])
    freezeClock([manifest])
    const reader = await SearchIndex.open(dir, { lock: new WriteLock(dir), autoMerge: false })
    const found = async (index: SearchIndex, word: string) =>
      (await index.search(word, { snippets: false })).total
    expect(await found(reader, 'aaaa')).toBe(1)

    // The writer swaps the story for another: same shape, so the same size.
    await writeBehindSameStat([manifest], async () => {
      await writer.add([story(2, 'bbbb')])
      await writer.remove([story(1, 'aaaa').id])
    })
    expect({ aaaa: await found(reader, 'aaaa'), bbbb: await found(reader, 'bbbb') }).toEqual({
      aaaa: 0,
      bbbb: 1,
    })

    // The reader now adds a story of its own: it must build on the manifest on disk, not its old copy.
    await reader.add([story(3, 'cccc')])
    await Promise.all([writer.close(), reader.close()])
    const fresh = await SearchIndex.open(dir, { autoMerge: false })
    const words = ['aaaa', 'bbbb', 'cccc']
    expect(await Promise.all(words.map((word) => found(fresh, word)))).toEqual([0, 1, 1])
    expect(fresh.rebuildReason).toBeNull()
    await fresh.close()
  })
})

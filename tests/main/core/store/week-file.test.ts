import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ArticleStore } from '../../../../src/main/core/store/article-store'
import { metaOf } from '../../../../src/main/core/store/article-meta'
import { sortNewestFirst } from '../../../../src/main/core/store/article-catalog'
import { readWeekFile, readWeekFileOf, weekFileText } from '../../../../src/main/core/store/week-file'
import { WriteLock } from '../../../../src/main/core/store/write-lock'
import { makeArticles } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('week-file')
const REVISION = '0123456789abcdef'

function metas(count: number) {
  return sortNewestFirst(
    makeArticles(count, { feedId: (n) => `feed-${n % 3}` }).map((article) => ({
      ...metaOf(article),
      // Titles that would fool a reader looking for lines or keys in the text.
      title: `line\nbreak "feedId":"feed-0" },\n{"id":"x"} ${article.title}`,
    })),
  )
}

describe('a week file, one record a line', () => {
  it('parses whole as before, and in part gives exactly the records of the feeds asked', async () => {
    const dir = await tempDir()
    const path = join(dir, 'week.json')
    const all = metas(30)
    writeFileSync(path, weekFileText(all, REVISION))
    expect(JSON.parse(weekFileText(all, REVISION))).toEqual({ revision: REVISION, articles: all })
    expect(await readWeekFile(path)).toEqual({ metas: all, revision: REVISION })
    const feeds = new Set(['feed-0', 'feed-2'])
    expect(await readWeekFileOf(path, feeds)).toEqual({
      metas: all.filter((meta) => feeds.has(meta.feedId)),
      revision: REVISION,
    })
    expect(await readWeekFileOf(path, new Set(['none']))).toEqual({ metas: [], revision: REVISION })
  })

  it('read in part, finds a feed whose id needs escaping in JSON or is not ASCII', async () => {
    const dir = await tempDir()
    const path = join(dir, 'week.json')
    const odd = metas(4).map((meta, n) => (n % 2 ? { ...meta, feedId: 'a "quoted" feed' } : meta))
    writeFileSync(path, weekFileText(odd, REVISION))
    expect((await readWeekFileOf(path, new Set(['a "quoted" feed'])))?.metas).toHaveLength(2)
    const accented = metas(4).map((meta, n) => (n % 2 ? { ...meta, feedId: 'café-한국' } : meta))
    writeFileSync(path, weekFileText(accented, REVISION))
    expect((await readWeekFileOf(path, new Set(['café-한국'])))?.metas).toHaveLength(2)
  })

  it('read in part, gives up (null: read it whole) on a file written before, cut short or spoilt', async () => {
    const dir = await tempDir()
    const path = join(dir, 'week.json')
    const all = metas(10)
    const text = weekFileText(all, REVISION)
    const feeds = new Set(['feed-1'])
    writeFileSync(path, JSON.stringify({ revision: REVISION, articles: all }))
    expect(await readWeekFileOf(path, feeds)).toBeNull()
    writeFileSync(path, text.slice(0, text.length - 40))
    expect(await readWeekFileOf(path, feeds)).toBeNull()
    writeFileSync(path, text.replace('{"id":', '{"id":<spoilt>'))
    expect(await readWeekFileOf(path, feeds)).toBeNull()
    writeFileSync(path, weekFileText([], REVISION))
    expect(await readWeekFile(path)).toEqual({ metas: [], revision: REVISION })
    expect(await readWeekFileOf(join(dir, 'missing.json'), feeds)).toBeNull()
  })

  it("lists a folder in a fresh store from its feeds' lines with the week's log applied, as read whole", async () => {
    const dir = await tempDir()
    const writer = await ArticleStore.open(dir, new WriteLock(dir), [])
    const articles = makeArticles(40, { feedId: (n) => `feed-${n % 4}` })
    await writer.put(articles.slice(0, 30))
    // Small batches after the first go to the week's log.
    await writer.put(articles.slice(30))
    await writer.put([{ ...articles[1]!, title: 'Changed since' }])
    expect(readdirSync(join(dir, 'articles', 'week-logs')).length).toBeGreaterThan(0)
    const feeds = new Set(['feed-1', 'feed-2'])
    const fresh = await ArticleStore.open(dir, new WriteLock(dir), [])
    const inPart = await fresh.list({ feedIds: feeds, limit: 100 })
    const whole = await fresh.list({ feedIds: feeds, limit: 100 })
    expect(inPart).toEqual(whole)
    expect(inPart).toHaveLength(20)
    const all = await (await ArticleStore.open(dir, new WriteLock(dir), [])).list({ limit: 100 })
    expect(inPart).toEqual(all.filter((meta) => feeds.has(meta.feedId)))
    expect(articles[1]!.feedId).toBe('feed-1')
    expect(inPart.find((meta) => meta.id === articles[1]!.id)?.title).toBe('Changed since')
  })
})

import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../../src/main/core/api/handlers'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { makeArticle } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('smart-feeds')
let core: Broadsheet
let dataDir: string

beforeEach(async () => {
  dataDir = await tempDir()
  core = await startServices({ dataDir })
  const text = (i: number) => (i % 2 ? `A flood report ${i}.` : `Market news ${i}.`)
  await core.articles.put(
    [0, 1, 2, 3].map((i) => makeArticle(i, { contentHtml: `<p>${text(i)}</p>`, contentText: text(i) })),
  )
})

/** Each query's counts in one pass are what two searches count (the total, the unread). */
async function countsAsSearches(queries: readonly string[], when: string): Promise<void> {
  for (const query of queries) {
    const [all, unread] = await Promise.all([
      core.search.search({ query, limit: 1 }),
      core.search.search({ query, limit: 1, unread: true }),
    ])
    expect(await core.search.counts(query), `${query}, ${when}`).toEqual({
      total: all.total,
      unread: unread.total,
    })
  }
}

describe('smart feeds', () => {
  it('are renamed, re-queried (checked first), reordered and sorted by best match on request', async () => {
    const floods = await core.smart.add('Floods', 'flood')
    const market = await core.smart.add('Market', 'market')
    await core.smart.move(market.id, 0)
    expect((await core.smart.list()).map((f) => f.name)).toEqual(['Market', 'Floods'])
    await expect(core.smart.update(floods.id, { query: '"flood' })).rejects.toThrow(/a quote is never closed/)
    expect((await core.smart.list()).find((f) => f.id === floods.id)?.query).toBe('flood')
    await core.smart.update(floods.id, { name: '  Flood   watch ', query: 'flood report', sort: 'best' })
    const [, renamed] = await core.smart.list()
    expect(renamed).toMatchObject({
      name: 'Flood watch',
      query: 'flood report',
      sort: 'best',
      total: 2,
      unread: 2,
    })
    expect((await core.smart.articles(floods.id)).results).toHaveLength(2)
    await expect(core.smart.add('  ', 'flood')).rejects.toThrow('a smart feed needs a name')
  })

  it('count in one pass what two searches count, for words, filters, phrases and both', async () => {
    const more = Array.from({ length: 30 }, (_, i) =>
      makeArticle(10 + i, {
        contentHtml: `<p>River flood ${i % 3 ? 'warning' : 'report'} number ${i}.</p>`,
        contentText: `River flood ${i % 3 ? 'warning' : 'report'} number ${i}.`,
        publishedMs: Date.UTC(2026, 10, 1 + (i % 28), i),
      }),
    )
    await core.articles.put(more)
    await core.flags.setRead(
      more.filter((_, i) => i % 4 === 0).map((a) => a.id),
      true,
    )
    await core.flags.setBookmarked(more[1]!.id, true)
    const queries = [
      'flood',
      'river -warning',
      '"flood warning"',
      'flood is:unread',
      'is:read',
      'is:bookmarked',
      'after:2026-11-15',
      'flood before:2026-11-10',
      'market flood',
    ]
    const check = (when: string): Promise<void> => countsAsSearches(queries, when)
    await check('first')
    await check('again, nothing changed')
    // A sync's new articles: counted on top of what was counted.
    await core.articles.put(
      Array.from({ length: 8 }, (_, i) =>
        makeArticle(60 + i, {
          contentHtml: `<p>River flood warning ${i}.</p>`,
          contentText: `River flood warning ${i}.`,
          publishedMs: Date.UTC(2026, 10, 20, i),
        }),
      ),
    )
    await check('after new articles')
    await core.flags.setRead([more[2]!.id], true)
    await check('after a mark read')
    await core.articles.removeWhere((meta) => meta.id === more[5]!.id)
    await check('after a removal')
    // New articles again (counted on top of the last count), then flags of those very articles.
    const later = Array.from({ length: 6 }, (_, i) =>
      makeArticle(80 + i, {
        contentHtml: `<p>River flood report ${i}.</p>`,
        contentText: `River flood report ${i}.`,
        publishedMs: Date.UTC(2026, 10, 25, i),
      }),
    )
    await core.articles.put(later.slice(0, 3))
    await check('after more new articles')
    await core.flags.setRead([later[0]!.id], true)
    await core.flags.setHidden([later[1]!.id], true)
    await core.flags.setBookmarked(later[2]!.id, true)
    await core.articles.put(later.slice(3))
    await check('after marks on new articles, then others new')
    // Another process marks one read and one unread: this one's counts see it.
    const other = await startServices({ dataDir })
    await other.flags.setRead([later[3]!.id], true)
    await other.flags.setRead([more[0]!.id], false)
    await other.close()
    await check('after another process changed flags')
  })

  it('follow articles read and unread one by one, and count again after anything else', async () => {
    const more = Array.from({ length: 40 }, (_, i) =>
      makeArticle(10 + i, {
        contentHtml: `<p>River flood ${i % 3 ? 'warning' : 'report'} number ${i}.</p>`,
        contentText: `River flood ${i % 3 ? 'warning' : 'report'} number ${i}.`,
        publishedMs: Date.UTC(2026, 10, 1 + (i % 28), i),
      }),
    )
    await core.articles.put(more)
    const queries = [
      'flood',
      'river -warning',
      '"flood warning"',
      'flood is:unread',
      'is:bookmarked',
      'report',
      'is:hidden',
      'river is:hidden is:unread',
      'is:read',
    ]
    const check = (when: string): Promise<void> => countsAsSearches(queries, when)
    await check('first')
    // A generated run of marks: one article, a few, some already so, read and unread, and now and then a
    // bookmark, a hidden article, a mark of many, a new article, or another process's mark.
    let seed = 7
    const next = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
      return seed % n
    }
    const pick = () => (more[next(more.length)] as (typeof more)[number]).id
    for (let step = 0; step < 60; step++) {
      const kind = next(20)
      if (kind === 0) await core.flags.setBookmarked(pick(), next(2) === 0)
      else if (kind === 1) await core.flags.setHidden([pick()], next(2) === 0)
      else if (kind === 2)
        await core.flags.setRead(
          more.map((a) => a.id),
          next(2) === 0,
        )
      else if (kind === 3)
        await core.articles.put([
          makeArticle(100 + step, {
            contentHtml: `<p>River flood report ${step}.</p>`,
            contentText: `River flood report ${step}.`,
          }),
        ])
      else if (kind === 4) {
        const other = await startServices({ dataDir })
        await other.flags.setRead([pick()], next(2) === 0)
        await other.close()
      } else await core.flags.setRead(Array.from({ length: 1 + next(3) }, pick), next(3) !== 0)
      await check(`step ${step} (${kind})`)
    }
    // Hidden articles and bookmarks stay out of what a mark moves, as the queries leave them out.
    const [hidden, kept] = more.filter((a) => a.contentText.includes('warning')).map((a) => a.id)
    await core.flags.setHidden([hidden!], true)
    await core.flags.setBookmarked(kept!, false)
    await check('after a hide and a bookmark removed')
    for (const read of [true, false, true]) {
      await core.flags.setRead([hidden!, kept!], read)
      await check(`a hidden article and one not bookmarked ${read ? 'read' : 'unread'}`)
    }
  })

  it('list a word search newest first across pages, as its best matches would be otherwise', async () => {
    const more = Array.from({ length: 45 }, (_, i) =>
      makeArticle(10 + i, {
        contentHtml: `<p>Harbour ${'harbour '.repeat(i % 5)}news ${i}.</p>`,
        contentText: `Harbour ${'harbour '.repeat(i % 5)}news ${i}.`,
        publishedMs: Date.UTC(2026, 10, 1, i),
      }),
    )
    await core.articles.put(more)
    const smart = await core.smart.add('Harbour', 'harbour')
    const pages = [
      ...(await core.smart.articles(smart.id, { limit: 20 })).results,
      ...(await core.smart.articles(smart.id, { limit: 20, offset: 20 })).results,
      ...(await core.smart.articles(smart.id, { limit: 20, offset: 40 })).results,
    ]
    const newestFirst = [...more].reverse().map((a) => a.id)
    expect(pages.map((hit) => hit.id)).toEqual(newestFirst)
    await core.smart.update(smart.id, { sort: 'best' })
    const best = (await core.smart.articles(smart.id, { limit: 45 })).results.map((hit) => hit.id)
    expect(best).not.toEqual(newestFirst)
    expect(new Set(best)).toEqual(new Set(newestFirst))
  })

  it('are marked read whole, beyond any page of their list, and the undo brings back just those', async () => {
    // 260 more floods than a list's page (200) holds, some read already, some in another feed.
    const more = Array.from({ length: 260 }, (_, i) =>
      makeArticle(100 + i, { contentHtml: '<p>A flood report.</p>', contentText: 'A flood report.' }),
    )
    await core.articles.put(more)
    await core.flags.setRead([more[0]!.id, more[1]!.id], true)
    const floods = await core.smart.add('Floods', 'flood')
    await core.smart.add('Market', 'market')
    const api = createApiHandlers(core)
    const { changed, undo } = await api.markAllRead({ smartFeedId: floods.id })
    expect(changed).toBe(2 + 258)
    const counts = async () => Object.fromEntries((await core.smart.list()).map((f) => [f.name, f.unread]))
    expect(await counts()).toEqual({ Floods: 0, Market: 2 })
    await api.undo({ token: undo! })
    expect(await counts()).toEqual({ Floods: 260, Market: 2 })
    expect(core.flags.readIds().has(more[0]!.id)).toBe(true)
    // The bookmarks: only those.
    await core.flags.setBookmarked(more[5]!.id, true)
    expect((await api.markAllRead({ bookmarked: true })).changed).toBe(1)
    expect(await counts()).toEqual({ Floods: 259, Market: 2 })
    await expect(api.markAllRead({ smartFeedId: 'nope' })).rejects.toThrow('no smart feed with id nope')
  })

  it('come back where they were when a removal is undone, once', async () => {
    const [a, b, c] = [
      await core.smart.add('A', 'flood'),
      await core.smart.add('B', 'market'),
      await core.smart.add('C', 'news'),
    ]
    const undo = await core.smart.removeUndoably(b.id)
    expect((await core.smart.list()).map((f) => f.id)).toEqual([a.id, c.id])
    await undo()
    await undo()
    expect((await core.smart.list()).map((f) => f.name)).toEqual(['A', 'B', 'C'])
  })

  it('keep the readable ones of a damaged file and set the file aside', async () => {
    const kept = await core.smart.add('Floods', 'flood')
    const path = join(dataDir, 'smart-feeds.json')
    const data = JSON.parse(readFileSync(path, 'utf8')) as { smart: unknown[] }
    writeFileSync(path, JSON.stringify({ smart: [...data.smart, { id: 5 }] }))
    expect((await core.smart.list()).map((f) => f.id)).toEqual([kept.id])
    expect(core.damage.at(-1)).toMatchObject({
      file: path,
      reason: 'some of its entries are not smart feeds',
    })
    expect(readFileSync(core.damage.at(-1)!.keptAt, 'utf8')).toContain('"id":5')
  })
})

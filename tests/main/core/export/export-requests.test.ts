import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { BroadsheetApi, BroadsheetEvents } from '../../../../src/shared/contract'
import { createApiHandlers } from '../../../../src/main/core/api/handlers'
import { callApi } from '../../../../src/main/core/api/dispatch'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { exportFileName, type ExportTarget } from '../../../../src/main/core/export/export-target'
import { makeArticle } from '../../../helpers/make-articles'
import { subscribeTo } from '../../../helpers/subscribe'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('export-requests')
let core: Broadsheet
let out: string
let api: BroadsheetApi
let target: ExportTarget & { asked: string[]; abandoned: string[]; answer: string | null }
let feedIds: { world: string; tech: string }
let folderId: string

beforeEach(async () => {
  core = await startServices({ dataDir: await tempDir() })
  out = await tempDir()
  // Never fetched: the articles are put in directly.
  const world = await subscribeTo(core, 'http://127.0.0.1:1/world.xml', { folder: 'News' })
  const tech = await subscribeTo(core, 'http://127.0.0.1:1/tech.xml')
  feedIds = { world: world.id, tech: tech.id }
  folderId = world.folderId!
  await core.articles.put([
    makeArticle(1, { feedId: world.id, title: 'Flood in the north', contentText: 'river flood north' }),
    makeArticle(2, { feedId: world.id, title: 'Dry summer', contentText: 'river dry summer' }),
    makeArticle(3, { feedId: tech.id, title: 'A new chip', contentText: 'chip river' }),
  ])
  target = {
    asked: [],
    abandoned: [],
    answer: join(out, 'chosen.epub'),
    async choose({ fileName }) {
      target.asked.push(fileName)
      return target.answer
    },
    async delivered(path, { fileName }) {
      return { fileName, receipt: `r-${path.length}` }
    },
    async abandon(path) {
      target.abandoned.push(path)
    },
    async reveal() {},
  }
  api = createApiHandlers(core, { exportTarget: target })
})

describe('exports over the contract', () => {
  it('counts what a list, a folder, a search with its filters, and a selection would export', async () => {
    const count = async (source: unknown) =>
      callApi(api, 'exportPreview', { source, format: 'epub' }) as Promise<{ articles: number }>
    expect(await count({ list: {} })).toEqual({
      articles: 3,
      title: 'All Articles',
      fileName: 'All Articles.epub',
    })
    expect(await count({ list: { folderId } })).toMatchObject({ articles: 2, fileName: 'News.epub' })
    expect(await count({ list: { feedIds: [feedIds.tech] } })).toMatchObject({ articles: 1 })
    await core.flags.setRead([(await core.articles.list({ feedIds: [feedIds.world] }))[0]!.id], true)
    expect(await count({ list: { unread: true } })).toMatchObject({ articles: 2, title: 'Unread' })
    // The search's own filters narrow it, as the list of results showed it.
    expect(await count({ search: { query: 'river' } })).toMatchObject({ articles: 3 })
    expect(await count({ search: { query: 'river', folderId } })).toMatchObject({ articles: 2 })
    expect(await count({ search: { query: 'river', feedIds: [feedIds.tech] } })).toMatchObject({
      articles: 1,
      title: 'Search: river',
    })
  })

  it('exports a smart feed’s articles', async () => {
    const smart = await core.smart.add('Floods', 'flood')
    const outcome = await api.exportArticles({ source: { smartFeedId: smart.id }, format: 'html' })
    expect(outcome).toMatchObject({ status: 'done', articles: 1, fileName: 'Floods.html' })
  })

  it('asks the target where (never the caller), writes there, and tells its progress by requestId', async () => {
    const events: BroadsheetEvents['exportProgress'][] = []
    core.events.subscribe((event) => {
      if (event.name === 'exportProgress') events.push(event.payload)
    })
    const outcome = await api.exportArticles({
      source: { list: { folderId } },
      format: 'epub',
      requestId: 'export-1',
    })
    expect(target.asked).toEqual(['News.epub'])
    expect(outcome).toEqual({
      status: 'done',
      fileName: 'News.epub',
      articles: 2,
      images: 0,
      highlights: 0,
      receipt: expect.stringMatching(/^r-/),
    })
    expect(existsSync(join(out, 'chosen.epub'))).toBe(true)
    expect(events).toEqual([
      { requestId: 'export-1', done: 1, total: 2 },
      { requestId: 'export-1', done: 2, total: 2 },
    ])
    // A path in the request is refused before anything runs: only the target says where.
    await expect(
      callApi(api, 'exportArticles', { source: { list: {} }, format: 'epub', out: '/tmp/x.epub' }),
    ).rejects.toThrow(/invalid arguments for exportArticles/)
  })

  it('takes a closed save dialog as nothing done, not an error', async () => {
    target.answer = null
    expect(await api.exportArticles({ source: { list: {} }, format: 'md' })).toEqual({ status: 'cancelled' })
    expect(readdirSync(out)).toEqual([])
  })

  it('refuses nothing to export before any dialog opens, in one line', async () => {
    await expect(
      api.exportArticles({ source: { list: { bookmarked: true } }, format: 'epub' }),
    ).rejects.toThrow(/^nothing to export: the list has no articles$/)
    expect(target.asked).toEqual([])
    await expect(
      callApi(api, 'exportArticles', { source: { articleIds: [] }, format: 'epub' }),
    ).rejects.toThrow(/expected at least one article/)
  })

  it('reports an unwritable place in one line and lets the target clean up', async () => {
    target.answer = join(out, 'no-such-folder', 'book.epub')
    await expect(api.exportArticles({ source: { list: {} }, format: 'epub' })).rejects.toThrow(
      /^cannot write .*book\.epub: its folder does not exist$/,
    )
    expect(target.abandoned).toEqual([target.answer])
  })

  it('stops when its request is cancelled, leaving nothing', async () => {
    await core.articles.put(
      Array.from({ length: 60 }, (_, i) =>
        makeArticle(100 + i, { feedId: feedIds.tech, contentText: 'bulk' }),
      ),
    )
    core.events.subscribe((event) => {
      if (event.name === 'exportProgress' && event.payload.done === 5)
        void api.cancelRequest({ requestId: 'big' })
    })
    await expect(
      api.exportArticles({ source: { list: {} }, format: 'html', requestId: 'big' }),
    ).rejects.toThrow(/cancelled/)
    expect(readdirSync(out)).toEqual([])
    expect(target.abandoned).toHaveLength(1)
  })

  it('stops when cancelled while the save dialog is open, and the target cleans up', async () => {
    const choose = target.choose.bind(target)
    target.choose = async (suggested) => {
      await api.cancelRequest({ requestId: 'early' })
      return choose(suggested)
    }
    await expect(
      api.exportArticles({ source: { list: {} }, format: 'epub', requestId: 'early' }),
    ).rejects.toThrow(/cancelled/)
    expect(readdirSync(out)).toEqual([])
    expect(target.abandoned).toEqual([join(out, 'chosen.epub')])
  })

  it('without a target (no save dialog wired), refuses in one line', async () => {
    const bare = createApiHandlers(core)
    await expect(bare.exportArticles({ source: { list: {} }, format: 'epub' })).rejects.toThrow(
      /^exporting needs the app or the browser preview$/,
    )
  })

  it('names the file from the title without what file systems refuse', () => {
    expect(exportFileName('Bookmarks', 'epub')).toBe('Bookmarks.epub')
    expect(exportFileName('Search: a/b\\c*?"<>|', 'md')).toBe('Search a b c.md')
    expect(exportFileName('..hidden', 'html')).toBe('hidden.html')
    expect(exportFileName('  \u0000 ', 'html')).toBe('Broadsheet export.html')
    expect(exportFileName('x'.repeat(300), 'epub')).toHaveLength(85)
  })
})

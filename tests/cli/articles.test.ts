import net from 'node:net'
import stringWidth from 'string-width'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { startServices } from '../../src/main/core/broadsheet'
import type { Article, Feed } from '../../src/shared/types'
import { SAVED_FEED_ID } from '../../src/shared/types'
import { makeArticle, makeArticles } from '../helpers/make-articles'
import { cliIn, expectOk, expectOneLineError } from '../helpers/run-cli'
import { useTempDirs } from '../helpers/temp-dir'
import { subscribeTo } from '../helpers/subscribe'

const tempDir = useTempDirs('cli-articles')
const HOUR_MS = 3_600_000

interface Library {
  dir: string
  cli: ReturnType<typeof cliIn>
  a: Feed
  b: Feed
  /** Feed A's articles (newest last), then B's, then two saved pages. */
  ofA: Article[]
  ofB: Article[]
  saved: Article[]
}

let library: Library

beforeEach(async () => {
  const dir = await tempDir()
  const core = await startServices({ dataDir: dir })
  const a = await subscribeTo(core, 'https://a.test/feed', { title: 'Feed A' })
  const b = await subscribeTo(core, 'https://b.test/feed', { title: 'Feed B' })
  const ofA = makeArticles(40, { feedId: a.id, stepMs: 2 * HOUR_MS })
  const ofB = makeArticles(25, { feedId: b.id, stepMs: 3 * HOUR_MS, firstIndex: 100 })
  const saved = makeArticles(2, { feedId: SAVED_FEED_ID, firstIndex: 500 })
  await core.articles.put([...ofA, ...ofB, ...saved])
  library = { dir, cli: cliIn(dir), a, b, ofA, ofB, saved }
})

type ArticleJson = Record<string, unknown> & {
  id: string
  read: boolean
  bookmarked: boolean
  saved: boolean
}

async function articlesJson(...options: string[]): Promise<ArticleJson[]> {
  const run = await library.cli('articles', '--json', ...options)
  expectOk(run)
  return JSON.parse(run.stdout) as ArticleJson[]
}

const newestFirst = (articles: Article[]) =>
  [...articles].sort((x, y) => Date.parse(y.published!) - Date.parse(x.published!)).map((a) => a.id)

describe('broadsheet articles', () => {
  it('prints exactly the documented JSON, newest first, 50 by default', async () => {
    const { ofA, ofB, saved } = library
    const listed = await articlesJson()
    expect(listed.map((a) => a.id)).toEqual(newestFirst([...ofA, ...ofB, ...saved]).slice(0, 50))
    const article = ofA.at(-1)!
    expect(listed.find((a) => a.id === article.id)).toEqual({
      id: article.id,
      feedId: article.feedId,
      title: article.title,
      url: article.url,
      author: article.author,
      published: article.published,
      read: false,
      bookmarked: false,
      saved: false,
    })
    for (const item of listed) {
      expect(Object.keys(item)).toEqual([
        'id',
        'feedId',
        'title',
        'url',
        'author',
        'published',
        'read',
        'bookmarked',
        'saved',
      ])
    }
  })

  it('filters by --feed, --unread, --bookmarked and --saved, and cuts at --limit', async () => {
    const { cli, a, b, ofA, ofB, saved } = library
    expect((await articlesJson('--feed', b.id, '--limit', '100')).map((x) => x.id)).toEqual(newestFirst(ofB))
    expect((await articlesJson('--feed', a.id, '--limit', '3')).map((x) => x.id)).toEqual(
      newestFirst(ofA).slice(0, 3),
    )

    for (const article of ofB.slice(-5)) expectOk(await cli('read', article.id))
    expectOk(await cli('bookmark', ofA[0]!.id))
    expectOk(await cli('bookmark', ofB[24]!.id))

    const unreadOfB = await articlesJson('--feed', b.id, '--unread', '--limit', '100')
    expect(unreadOfB.map((x) => x.id)).toEqual(newestFirst(ofB.slice(0, -5)))
    expect(unreadOfB.every((x) => !x.read)).toBe(true)

    const bookmarked = await articlesJson('--bookmarked')
    expect(bookmarked.map((x) => x.id)).toEqual(newestFirst([ofA[0]!, ofB[24]!]))
    expect(bookmarked.map((x) => [x.bookmarked, x.read])).toEqual(
      newestFirst([ofA[0]!, ofB[24]!]).map((id) => [true, id === ofB[24]!.id]),
    )
    expect((await articlesJson('--bookmarked', '--unread')).map((x) => x.id)).toEqual([ofA[0]!.id])

    const savedPages = await articlesJson('--saved')
    expect(savedPages.map((x) => x.id)).toEqual(newestFirst(saved))
    expect(savedPages.every((x) => x.saved && x.feedId === SAVED_FEED_ID)).toBe(true)
    expect(await articlesJson('--saved', '--feed', a.id)).toEqual([])
  })

  it('prints a table for people', async () => {
    const { cli, ofA } = library
    expectOk(await cli('bookmark', ofA[39]!.id))
    const run = await cli('articles', '--feed', library.a.id, '--limit', '2')
    expectOk(run)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^ID\s+FLAGS\s+DATE\s+FEED\s+TITLE$/)
    expect(lines).toHaveLength(3)
    expect(lines[1]).toContain(ofA[39]!.id)
    expect(lines[1]).toContain('★')
    expect(lines[1]).toContain('Feed A')
  })

  it('keeps its columns aligned by display width under Hangul, Chinese and Japanese feed titles', async () => {
    const core = await startServices({ dataDir: library.dir })
    const titles = ['한겨레 신문 경제면 뉴스 속보 모음', '人民日报 国际新闻', '朝日新聞デジタル']
    for (const [n, title] of titles.entries()) {
      const feed = await subscribeTo(core, `https://cjk${n}.test/feed`, { title })
      await core.articles.put([
        makeArticle(900 + n, {
          feedId: feed.id,
          title: `${title}의 기사`,
          publishedMs: Date.UTC(2030, 0, 1 + n),
        }),
      ])
    }
    await core.close()
    const run = await library.cli('articles', '--limit', '4')
    expectOk(run)
    const lines = run.stdout.trimEnd().split('\n')
    const titleColumn = stringWidth(lines[0]!.slice(0, lines[0]!.indexOf('TITLE')))
    for (const line of lines.slice(1)) {
      const title = line.slice(line.lastIndexOf('  ') + 2)
      expect(stringWidth(line.slice(0, line.length - title.length)), line).toBe(titleColumn)
    }
    // The FEED column is cut to 24 cells, whole characters only.
    expect(lines[1]).toContain('朝日新聞デジタル')
    expect(run.stdout).toContain('한겨레 신문 경제면 뉴스…  ')
  })

  it('refuses a bad --limit as a usage error, in one line', async () => {
    const { cli } = library
    expectOneLineError(await cli('articles', '--limit', '0'), 2, /--limit.*'0' is invalid/)
    expectOneLineError(await cli('articles', '--limit', 'abc'), 2, /--limit.*'abc' is invalid/)
    expectOneLineError(await cli('articles', '--limit', '-3'), 2, /--limit/)
    expectOneLineError(await cli('articles', '--limit', '2.5'), 2, /--limit.*'2.5' is invalid/)
    expectOneLineError(await cli('articles', '--limit'), 2, /--limit/)
  })

  it('refuses an unknown feed id in one line', async () => {
    expectOneLineError(await library.cli('articles', '--feed', 'nope'), 1, 'no feed with id nope')
  })

  it('says so when nothing matches', async () => {
    const run = await library.cli('articles', '--bookmarked')
    expectOk(run)
    expect(run.stdout).toBe('No articles match.\n')
  })
})

describe('broadsheet show', () => {
  it('prints exactly the documented JSON, with which images are cached, without the network', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    const hash = await core.blobs.put(new Uint8Array([1, 2, 3, 4]), 'image/png', 'http://127.0.0.1:9/a.png')
    const article = makeArticle(7, {
      feedId: 'feed-x',
      contentHtml: '<p>Hello <b>world</b></p><img src="http://127.0.0.1:9/a.png">',
      contentText: 'Hello world',
      images: [
        { url: 'http://127.0.0.1:9/a.png', hash },
        { url: 'http://127.0.0.1:9/b.png', hash: null },
        { url: 'http://127.0.0.1:9/c.png', hash: 'f'.repeat(64) },
      ],
    })
    await core.articles.put([article])
    await core.flags.setBookmarked(article.id, true)

    const connect = vi.spyOn(net.Socket.prototype, 'connect')
    const fetch = vi.spyOn(globalThis, 'fetch')
    try {
      const run = await cliIn(dir)('show', article.id, '--json')
      expectOk(run)
      const shown = JSON.parse(run.stdout)
      expect(shown).toEqual({
        id: article.id,
        feedId: 'feed-x',
        title: article.title,
        url: article.url,
        author: article.author,
        published: article.published,
        read: false,
        bookmarked: true,
        saved: false,
        contentHtml: article.contentHtml,
        contentText: 'Hello world',
        images: [
          { url: 'http://127.0.0.1:9/a.png', cached: true },
          { url: 'http://127.0.0.1:9/b.png', cached: false },
          { url: 'http://127.0.0.1:9/c.png', cached: false },
        ],
      })
      expect(Object.keys(shown)).toEqual([
        'id',
        'feedId',
        'title',
        'url',
        'author',
        'published',
        'read',
        'bookmarked',
        'saved',
        'contentHtml',
        'contentText',
        'images',
      ])

      const text = await cliIn(dir)('show', article.id)
      expectOk(text)
      expect(text.stdout).toContain(article.title)
      expect(text.stdout).toContain('Hello world')
      expect(text.stdout).toContain('[3 images, 1 cached for offline reading]')
      expect(connect).not.toHaveBeenCalled()
      expect(fetch).not.toHaveBeenCalled()
    } finally {
      connect.mockRestore()
      fetch.mockRestore()
    }
  })

  it('does not mark the article read', async () => {
    const { cli, ofA } = library
    expectOk(await cli('show', ofA[0]!.id))
    expect(
      (await articlesJson('--feed', library.a.id, '--limit', '100')).find((x) => x.id === ofA[0]!.id)?.read,
    ).toBe(false)
  })

  it('refuses an unknown or malformed id in one line', async () => {
    const { cli } = library
    expectOneLineError(await cli('show', 'nope'), 1, 'no article with id nope')
    expectOneLineError(await cli('show', '../config', '--json'), 1, 'no article with id ../config')
    expectOneLineError(await cli('show'), 2, "missing required argument 'article-id'")
  })
})

describe('broadsheet read, unread, bookmark, unbookmark', () => {
  it('set and clear the flags, saying what they did', async () => {
    const { cli, ofA } = library
    const article = ofA[10]!
    const flags = async () =>
      (await articlesJson('--feed', library.a.id, '--limit', '100')).find((x) => x.id === article.id)

    const read = await cli('read', article.id)
    expectOk(read)
    expect(read.stdout).toBe(`Marked read: ${article.title}\n`)
    expect(await flags()).toMatchObject({ read: true, bookmarked: false })

    const bookmark = await cli('bookmark', article.id)
    expectOk(bookmark)
    expect(bookmark.stdout).toBe(`Bookmarked: ${article.title}\n`)
    expect(await flags()).toMatchObject({ read: true, bookmarked: true })

    expectOk(await cli('unread', article.id))
    expect(await flags()).toMatchObject({ read: false, bookmarked: true })
    const unbookmark = await cli('unbookmark', article.id)
    expectOk(unbookmark)
    expect(unbookmark.stdout).toBe(`Removed bookmark from: ${article.title}\n`)
    expect(await flags()).toMatchObject({ read: false, bookmarked: false })

    // Doing it twice is fine.
    expectOk(await cli('unbookmark', article.id))
    expectOk(await cli('unread', article.id))
  })

  it('refuse an unknown id in one line and change nothing', async () => {
    const { cli } = library
    for (const command of ['read', 'unread', 'bookmark', 'unbookmark']) {
      expectOneLineError(await cli(command, 'nope'), 1, 'no article with id nope')
      if (command !== 'read')
        expectOneLineError(await cli(command), 2, "missing required argument 'article-id'")
    }
    expectOneLineError(await cli('read', library.ofA[0]!.id, 'nope'), 1, 'no article with id nope')
    expectOneLineError(await cli('read'), 2, 'say which articles: their ids, or --all, --feed')
    expectOneLineError(await cli('read', library.ofA[0]!.id, '--all'), 2, 'give article ids or --all')
    expectOneLineError(await cli('read', '--all', '--feed', library.a.id), 2, '--all marks every article')
    expectOneLineError(await cli('read', '--smart', 'x', '--bookmarked'), 2, 'choose --smart or --bookmarked')
    expectOneLineError(await cli('read', '--feed', 'nope'), 1, 'no feed')
    expectOneLineError(await cli('read', '--folder', 'Nowhere'), 1, 'there is no folder named "Nowhere"')
    const core = await startServices({ dataDir: library.dir })
    expect(core.flags.readIds()).toEqual(new Set())
    expect(core.flags.bookmarkedIds()).toEqual(new Set())
  })

  it('read marks every article of a feed, a folder, a smart feed, the bookmarks, some ids or all', async () => {
    const { cli, dir, a, b, ofB, saved } = library
    const core = await startServices({ dataDir: dir })
    const c = await subscribeTo(core, 'https://c.test/feed', { title: 'Feed C', folder: 'News/Daily' })
    const d = await subscribeTo(core, 'https://d.test/feed', { title: 'Feed D', folder: 'Sport/Daily' })
    const ofC = makeArticles(6, { feedId: c.id, firstIndex: 700 })
    const ofD = makeArticles(4, { feedId: d.id, firstIndex: 800 })
    await core.articles.put([...ofC, ...ofD])
    const smart = await core.smart.add('All of B', 'feed:"Feed B"')
    await core.close()
    const unread = async (...options: string[]) =>
      new Set((await articlesJson('--unread', '--limit', '500', ...options)).map((x) => x.id))
    const ids = (articles: Article[]) => new Set(articles.map((article) => article.id))
    const read = async (...args: string[]) => {
      const run = await cli('read', ...args)
      expectOk(run)
      return run.stdout
    }

    expect(await read('--feed', a.id)).toBe('Marked 40 articles read\n')
    expect(await unread('--feed', a.id)).toEqual(new Set())
    expect(await unread()).toEqual(ids([...ofB, ...saved, ...ofC, ...ofD]))
    // A folder by its path (any case), its subfolders' feeds with it; a title two folders share is refused.
    expect(await read('--folder', 'news')).toBe('Marked 6 articles read\n')
    expectOneLineError(
      await cli('read', '--folder', 'Daily'),
      1,
      'more than one folder is named "Daily": give its path (News/Daily, Sport/Daily)',
    )
    expect(await read('--folder', 'sport/daily', '--bookmarked')).toBe('Nothing was unread there\n')
    expectOk(await cli('bookmark', ofB[0]!.id))
    expectOk(await cli('bookmark', ofD[0]!.id))
    expect(await read('--bookmarked')).toBe('Marked 2 articles read\n')
    expect(await unread()).toEqual(ids([...ofB.slice(1), ...saved, ...ofD.slice(1)]))
    // A smart feed: what its search finds, unread.
    expect(await read('--smart', smart.id)).toBe(`Marked ${ofB.length - 1} articles read\n`)
    expect(await unread('--feed', b.id)).toEqual(new Set())
    expect(await read(ofD[1]!.id, ofD[2]!.id.slice(0, 8))).toBe('Marked 2 articles read\n')
    expect(await unread()).toEqual(ids([...saved, ofD[3]!]))
    expect(await read('--all')).toBe('Marked 3 articles read\n')
    expect(await read('--all')).toBe('Nothing was unread there\n')
    expect(await unread()).toEqual(new Set())
  })
})

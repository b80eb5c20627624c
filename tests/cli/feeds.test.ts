import stringWidth from 'string-width'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServices } from '../../src/main/core/broadsheet'
import { startFeedServer, type FeedServer } from '../helpers/feed-server'
import { makeArticles } from '../helpers/make-articles'
import { cliIn, expectOk, expectOneLineError } from '../helpers/run-cli'
import { useTempDirs } from '../helpers/temp-dir'
import { subscribeTo } from '../helpers/subscribe'

const tempDir = useTempDirs('cli-feeds')
let server: FeedServer
beforeAll(async () => {
  server = await startFeedServer()
})
afterAll(async () => {
  await server.close()
})

interface FeedJson {
  id: string
  title: string
  url: string
  siteUrl: string | null
  folder: string
  unread: number
  lastFetched: string | null
  lastError: string | null
}

async function feedsJson(cli: ReturnType<typeof cliIn>): Promise<FeedJson[]> {
  const run = await cli('feeds', '--json')
  expectOk(run)
  return JSON.parse(run.stdout) as FeedJson[]
}

describe('broadsheet add', () => {
  it('subscribes, at the top level or in a nested folder', async () => {
    const cli = cliIn(await tempDir())
    const top = server.url('/top.xml')
    const nested = server.url('/rust.xml')
    const added = await cli('add', top)
    expectOk(added)
    expect(added.stdout).toContain(top)
    const inFolder = await cli('add', nested, '--folder', 'Tech/Rust/Async')
    expectOk(inFolder)
    expect(inFolder.stdout).toContain('in Tech/Rust/Async')

    const feeds = await feedsJson(cli)
    expect(feeds.map((feed) => [feed.url, feed.folder])).toEqual([
      [top, ''],
      [nested, 'Tech/Rust/Async'],
    ])
    for (const feed of feeds) expect(added.stdout + inFolder.stdout).toContain(feed.id)
  })

  it('reuses a folder path that exists and accepts a Korean folder name', async () => {
    const cli = cliIn(await tempDir())
    expectOk(await cli('add', server.url('/a.xml'), '--folder', '뉴스/경제'))
    expectOk(await cli('add', server.url('/b.xml'), '--folder', '뉴스/경제'))
    expectOk(await cli('add', server.url('/c.xml'), '--folder', '뉴스'))
    expect((await feedsJson(cli)).map((feed) => feed.folder)).toEqual(['뉴스/경제', '뉴스/경제', '뉴스'])
  })

  it('refuses what is not a web URL, in one line', async () => {
    const cli = cliIn(await tempDir())
    expectOneLineError(await cli('add', 'not a url'), 1, 'not a URL: not a url')
    expectOneLineError(await cli('add', 'ftp://files.test/feed.xml'), 1, /only http and https.*not ftp/)
    expectOneLineError(await cli('add', 'javascript:alert(1)'), 1, /only http and https/)
    expect(await feedsJson(cli)).toEqual([])
  })

  it('refuses a feed already subscribed, even spelled with a trailing slash', async () => {
    const cli = cliIn(await tempDir())
    const url = server.url('/dup.xml')
    expectOk(await cli('add', url))
    const [feed] = await feedsJson(cli)
    expectOneLineError(await cli('add', url), 1, `already subscribed to ${url} as “${feed!.title}”`)
    expectOneLineError(await cli('add', `${url}/`), 1, 'already subscribed')
    expect(await feedsJson(cli)).toHaveLength(1)
  })

  it('needs a URL', async () => {
    const cli = cliIn(await tempDir())
    expectOneLineError(await cli('add'), 2, "missing required argument 'url'")
  })
})

describe('broadsheet feeds', () => {
  it('prints exactly the documented JSON, with unread counts that follow the read flags', async () => {
    const dir = await tempDir()
    const cli = cliIn(dir)
    const core = await startServices({ dataDir: dir })
    const a = await subscribeTo(core, 'https://a.test/feed', { title: 'Feed A' })
    const b = await subscribeTo(core, 'https://b.test/feed', { title: 'Feed B', folder: 'News' })
    const articles = makeArticles(7, { feedId: a.id })
    await core.articles.put([...articles, ...makeArticles(2, { feedId: b.id })])

    const before = await feedsJson(cli)
    expect(before).toEqual([
      {
        id: a.id,
        title: 'Feed A',
        url: 'https://a.test/feed',
        siteUrl: null,
        folder: '',
        account: 'local',
        unread: 7,
        lastFetched: null,
        lastError: null,
        notice: null,
      },
      {
        id: b.id,
        title: 'Feed B',
        url: 'https://b.test/feed',
        siteUrl: null,
        folder: 'News',
        account: 'local',
        unread: 2,
        lastFetched: null,
        lastError: null,
        notice: null,
      },
    ])
    for (const feed of before) expect(Object.keys(feed)).toEqual(Object.keys(before[0]!))

    expectOk(await cli('read', articles[0]!.id))
    expectOk(await cli('read', articles[1]!.id))
    expectOk(await cli('read', articles[1]!.id))
    expect((await feedsJson(cli)).map((feed) => feed.unread)).toEqual([5, 2])
    expectOk(await cli('unread', articles[0]!.id))
    expect((await feedsJson(cli)).map((feed) => feed.unread)).toEqual([6, 2])
  })

  it('shows last fetch and errors as the store has them', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    const feed = await subscribeTo(core, 'https://broken.test/feed')
    await core.subscriptions.recordFetches(
      new Map([
        [
          feed.id,
          {
            lastFetched: '2026-11-27T10:00:00.000Z',
            lastError: 'the server answered 500',
            siteUrl: 'https://broken.test/',
          },
        ],
      ]),
    )
    const [json] = await feedsJson(cliIn(dir))
    expect(json).toMatchObject({
      lastFetched: '2026-11-27T10:00:00.000Z',
      lastError: 'the server answered 500',
      siteUrl: 'https://broken.test/',
    })
    const table = await cliIn(dir)('feeds')
    expectOk(table)
    expect(table.stdout).toContain(feed.id)
    expect(table.stdout).toContain('error: the server answered 500')
  })

  it('prints the table aligned by display width, times local and relative, and when a wait ends', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    const korean = await subscribeTo(core, 'https://ko.test/feed', { title: '한겨레 경제 뉴스' })
    const waiting = await subscribeTo(core, 'https://busy.test/feed', { title: 'Busy Server' })
    const fetched = new Date(Date.now() - 3 * 3600_000)
    await core.subscriptions.recordFetches(
      new Map([
        [korean.id, { lastFetched: fetched.toISOString() }],
        [
          waiting.id,
          {
            lastFetched: fetched.toISOString(),
            lastError: 'the server answered 503 Service Unavailable',
            // 58 minutes and a few seconds: the table rounds to the minute.
            retryAfter: new Date(Date.now() + 58 * 60_000 + 10_000).toISOString(),
          },
        ],
      ]),
    )
    await core.close()
    const previousTz = process.env.TZ
    process.env.TZ = 'Asia/Seoul'
    try {
      const run = await cliIn(dir)('feeds')
      expectOk(run)
      const lines = run.stdout.trimEnd().split('\n')
      const seoul = new Date(fetched.getTime() + 9 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
      expect(lines[1]).toContain(`${seoul} (3 h ago)`)
      expect(lines[2]).toContain('error: the server answered 503 Service Unavailable; retrying in 58 min')
      // The LAST FETCHED and STATUS columns start in the same terminal column on every line.
      const columnOf = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text)))
      expect(columnOf(lines[1]!, seoul)).toBe(columnOf(lines[0]!, 'LAST FETCHED'))
      expect(columnOf(lines[2]!, seoul)).toBe(columnOf(lines[0]!, 'LAST FETCHED'))
      expect(columnOf(lines[1]!, 'ok')).toBe(columnOf(lines[0]!, 'STATUS'))
    } finally {
      if (previousTz === undefined) delete process.env.TZ
      else process.env.TZ = previousTz
    }
  })

  it('says how to start when there are no subscriptions, and prints [] as JSON', async () => {
    const cli = cliIn(await tempDir())
    const run = await cli('feeds')
    expectOk(run)
    expect(run.stdout).toMatch(/No subscriptions yet/)
    expect(await feedsJson(cli)).toEqual([])
    expectOneLineError(await cli('feeds', '--bogus'), 2, "unknown option '--bogus'")
  })
})

describe('broadsheet remove', () => {
  it('unsubscribes and removes its articles, but bookmarked ones stay readable', async () => {
    const dir = await tempDir()
    const cli = cliIn(dir)
    const core = await startServices({ dataDir: dir })
    const gone = await subscribeTo(core, 'https://gone.test/feed', { title: 'Going away' })
    const stays = await subscribeTo(core, 'https://stays.test/feed')
    const articles = makeArticles(5, { feedId: gone.id })
    const others = makeArticles(3, { feedId: stays.id })
    await core.articles.put([...articles, ...others])
    expectOk(await cli('bookmark', articles[2]!.id))
    expectOk(await cli('read', articles[3]!.id))

    const run = await cli('remove', gone.id)
    expectOk(run)
    expect(run.stdout).toContain('Going away')
    expect(run.stdout).toContain('removed 4 articles; kept 1 bookmarked')
    // One article: said in the singular.
    const single = await subscribeTo(core, 'https://single.test/feed')
    await core.articles.put(makeArticles(1, { feedId: single.id }))
    expect((await cli('remove', single.id)).stdout).toMatch(/; removed 1 article\n$/)

    expect((await feedsJson(cli)).map((feed) => feed.id)).toEqual([stays.id])
    const bookmarked = await cli('articles', '--bookmarked', '--json')
    expect(JSON.parse(bookmarked.stdout).map((a: { id: string }) => a.id)).toEqual([articles[2]!.id])
    expectOk(await cli('show', articles[2]!.id))
    expectOneLineError(await cli('show', articles[3]!.id), 1, `no article with id ${articles[3]!.id}`)
    const all = await cli('articles', '--json')
    expect(JSON.parse(all.stdout)).toHaveLength(4)
  })

  it('refuses an unknown feed id in one line', async () => {
    const cli = cliIn(await tempDir())
    expectOneLineError(await cli('remove', 'nope'), 1, 'no feed with id nope')
    expectOneLineError(await cli('remove'), 2, "missing required argument 'feed-id'")
  })
})

describe('broadsheet rename and move', () => {
  it('rename a feed, and move it into a folder (made as needed), another, or the top level', async () => {
    const dir = await tempDir()
    const cli = cliIn(dir)
    const core = await startServices({ dataDir: dir })
    const feed = await subscribeTo(core, 'https://harbour.test/feed', { title: 'Harbour' })
    const other = await subscribeTo(core, 'https://other.test/feed', { title: 'Other', folder: 'World' })
    await core.articles.put([
      ...makeArticles(3, { feedId: feed.id }),
      ...makeArticles(2, { feedId: other.id, firstIndex: 10 }),
    ])
    await core.close()
    const inFolder = async (folder: string) =>
      (JSON.parse((await cli('articles', '--folder', folder, '--json')).stdout) as { feedId: string }[]).map(
        (a) => a.feedId,
      )

    let run = await cli('rename', feed.id.slice(0, 8), '  The Harbour\nGazette ')
    expectOk(run)
    expect(run.stdout).toBe('Renamed Harbour to The Harbour Gazette\n')
    run = await cli('move', feed.id, 'World/Coast')
    expect(run.stdout).toBe('Moved The Harbour Gazette to the folder World/Coast\n')
    expect((await feedsJson(cli)).map((f) => [f.title, f.folder])).toEqual(
      expect.arrayContaining([
        ['The Harbour Gazette', 'World/Coast'],
        ['Other', 'World'],
      ]),
    )
    // A folder lists its subfolders' feeds too; by its path or a title only it has, any case.
    expect(new Set(await inFolder('world'))).toEqual(new Set([feed.id, other.id]))
    expect(await inFolder('coast')).toEqual([feed.id, feed.id, feed.id])
    run = await cli('move', feed.id, '')
    expect(run.stdout).toBe('Moved The Harbour Gazette to the top level\n')
    expect(await inFolder('World')).toEqual([other.id, other.id])

    expectOneLineError(
      await cli('rename', feed.id, ' \n '),
      1,
      'a feed title needs at least one visible character',
    )
    expectOneLineError(await cli('rename', 'nope', 'x'), 1, 'no feed with id nope')
    expectOneLineError(await cli('move', feed.id), 2, "missing required argument 'folder'")
    expectOneLineError(await cli('articles', '--folder', 'Nowhere'), 1, 'there is no folder named "Nowhere"')
  })
})

describe('broadsheet folder', () => {
  it('renames a folder and removes one, its feeds moving up into its parent', async () => {
    const dir = await tempDir()
    const cli = cliIn(dir)
    const core = await startServices({ dataDir: dir })
    await subscribeTo(core, 'https://coast.test/feed', { title: 'Coast', folder: 'World/Daily' })
    await subscribeTo(core, 'https://inland.test/feed', { title: 'Inland', folder: 'World/Daily' })
    await subscribeTo(core, 'https://sport.test/feed', { title: 'Sport', folder: 'Sport/Daily' })
    await core.close()
    const folders = async () => new Map((await feedsJson(cli)).map((f) => [f.title, f.folder]))

    let run = await cli('folder', 'rename', 'world/daily', 'Morning')
    expectOk(run)
    expect(run.stdout).toBe('Renamed the folder World/Daily to World/Morning\n')
    expect(await folders()).toEqual(
      new Map([
        ['Coast', 'World/Morning'],
        ['Inland', 'World/Morning'],
        ['Sport', 'Sport/Daily'],
      ]),
    )
    run = await cli('folder', 'remove', 'Morning')
    expect(run.stdout).toBe('Removed the folder World/Morning; 2 feeds moved to the folder World\n')
    run = await cli('folder', 'remove', 'Sport')
    expect(run.stdout).toBe('Removed the folder Sport\n')
    expect(await folders()).toEqual(
      new Map([
        ['Coast', 'World'],
        ['Inland', 'World'],
        ['Sport', 'Daily'],
      ]),
    )
    expectOneLineError(await cli('folder', 'remove', 'Nowhere'), 1, 'there is no folder named "Nowhere"')
    expectOneLineError(
      await cli('folder', 'rename', 'World', ' '),
      1,
      'a folder name needs at least one visible character',
    )
    expectOneLineError(await cli('folder', 'rename', 'World', 'a/b'), 1, 'not a folder name: a/b')
  })
})

describe('broadsheet feed', () => {
  it('shows one feed with its own settings beside the library’s, and changes them', async () => {
    const dir = await tempDir()
    const cli = cliIn(dir)
    const core = await startServices({ dataDir: dir })
    const feed = await subscribeTo(core, 'https://harbour.test/feed', { title: 'Harbour', folder: 'World' })
    await core.articles.put(makeArticles(3, { feedId: feed.id }))
    await core.flags.setRead([makeArticles(3, { feedId: feed.id })[0]!.id], true)
    await core.close()
    const json = async (...options: string[]) => {
      const run = await cli('feed', feed.id.slice(0, 8), '--json', ...options)
      expectOk(run)
      return JSON.parse(run.stdout) as Record<string, unknown>
    }

    let run = await cli('feed', feed.id)
    expectOk(run)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^FEED\s+Harbour$/)
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^url\s+https:\/\/harbour\.test\/feed$/),
        expect.stringMatching(/^folder\s+World$/),
        expect.stringMatching(/^articles\s+3 articles, 2 unread$/),
        expect.stringMatching(/^full text\s+auto \(the library’s\)$/),
        expect.stringMatching(/^notify\s+off \(the library’s\)$/),
      ]),
    )
    expect(await json()).toMatchObject({ id: feed.id, fullText: 'auto', notify: false, ownSettings: {} })
    expect(await json('--full-text', 'always', '--notify', 'on')).toMatchObject({
      fullText: 'always',
      notify: true,
      ownSettings: { fullText: 'always', notify: true },
    })
    run = await cli('feed', feed.id)
    expect(run.stdout).toMatch(/^full text\s+always \(this feed’s own\)$/m)
    // The library's setting again: the feed follows it.
    expectOk(await cli('settings', 'set', 'fullTextMode', 'never'))
    expect(await json('--full-text', 'default')).toMatchObject({
      fullText: 'never',
      ownSettings: { notify: true },
    })
    expect(await json('--notify', 'default')).toMatchObject({ notify: false, ownSettings: {} })

    expectOneLineError(await cli('feed', feed.id, '--full-text', 'sometimes'), 2, "'sometimes' is invalid")
    expectOneLineError(await cli('feed', 'nope'), 1, 'no feed with id nope')
  })
})

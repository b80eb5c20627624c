import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Article, Feed } from '../../../../src/shared/types'
import { BlobStore } from '../../../../src/main/core/store/blob-store'
import { newFeedDefaults } from '../../../../src/main/core/store/config-schema'
import { startServices } from '../../../../src/main/core/broadsheet'
import { htmlToText } from '../../../../src/main/core/content/text'
import { buildArticles, type BuildEntry } from '../../../../src/main/core/sync/article-builder'
import { inThreadBuilder, type ContentBuilder } from '../../../../src/main/core/sync/build-jobs'
import { BuildPool } from '../../../../src/main/core/sync/build-pool'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { loopbackAsPublic } from '../../../helpers/public-addresses'
import { FeedParseError, type ParsedItem } from '../../../../src/main/core/sync/feed-parse'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { longArticle, png, rss2 } from '../../../helpers/feeds'
import { useTempDirs } from '../../../helpers/temp-dir'
import { subscribeTo } from '../../../helpers/subscribe'
import { bundledWorker, sourceBuildWorker, workerExecArgv } from '../../../helpers/worker-bundles'

// Workers load jsdom: a second or more on a busy machine. These are limits, not measurements.
const SLOW = { timeout: 120_000 }
const tempDir = useTempDirs('build-pool')
const pools: BuildPool[] = []
let server: FixtureServer

beforeAll(async () => {
  server = await startFixtureServer()
  for (const name of ['a', 'a-small', 'og', 'in-page', 'enclosure', 'text'])
    server.serve(`/img/${name}.png`, { headers: { 'Content-Type': 'image/png' }, body: png(name.length) })
  const page = (body: string) =>
    `<!doctype html><html lang="en"><head><title>Page</title><meta property="og:image" content="/img/og.png">` +
    `<meta name="author" content="Page Author"></head><body><nav><a href="/">Home</a></nav>${body}</body></html>`
  server.serve('/story/full', {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: page(`<article><h1>Story</h1>${longArticle('the page', 12)}<img src="/img/in-page.png"></article>`),
  })
  server.serve('/story/lead', {
    headers: { 'Content-Type': 'text/html' },
    body: page(`<article><h1>Lead</h1>${longArticle('the lead', 10)}</article>`),
  })
})
afterAll(async () => {
  await server.close()
})
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()))
})

/** A pool of the real build worker (bundled from the sources, as the build bundles it) unless told otherwise. */
function pool(options: ConstructorParameters<typeof BuildPool>[0] = {}): BuildPool {
  const made = new BuildPool({ ...sourceBuildWorker(), ...options })
  pools.push(made)
  return made
}

const FEED: Feed = { ...newFeedDefaults(), id: 'feed1', url: 'http://127.0.0.1/feed.xml', title: 'Feed' }

function item(overrides: Partial<ParsedItem>): ParsedItem {
  return {
    guid: null,
    url: null,
    title: 'Untitled',
    titleIsHtml: true,
    author: null,
    published: '2026-11-20T10:00:00.000Z',
    contentHtml: null,
    summaryHtml: null,
    imageUrl: null,
    ...overrides,
  }
}

/** Items that take every path of the build: feed content, page extraction, a failed page, lead images. */
function items(): ParsedItem[] {
  return [
    item({
      guid: 'full',
      url: server.url('/story/in-feed'),
      title: 'Caf&eacute; &amp; <b>news</b>',
      author: ' Jane\u0007 Doe ',
      contentHtml:
        `${longArticle('the feed')}<p>Relative <a href="/x">link</a> &amp; more</p>` +
        `<img src="/img/a.png" srcset="/img/a-small.png 100w, /img/a.png 800w"><script>alert(1)</script>`,
      summaryHtml: 'A <b>summary</b> <img src=x onerror=alert(1)>',
    }),
    item({ guid: 'page', url: server.url('/story/full'), title: 'Needs its page', summaryHtml: 'Short.' }),
    item({
      guid: 'lead',
      url: server.url('/story/lead'),
      title: 'A lead image from the page',
      summaryHtml: 'Short too.',
    }),
    item({
      guid: 'missing',
      url: server.url('/story/missing'),
      title: 'Its page is gone',
      summaryHtml: 'Only this.',
      imageUrl: server.url('/img/enclosure.png'),
    }),
    item({
      guid: 'text-url',
      url: server.url('/story/text-url'),
      title: 'Writes an image URL out',
      // The image's URL also stands in the text, attribute and all: caching must not change the text.
      contentHtml: `${longArticle('urls')}<p>It lives at src="${server.url('/img/text.png')}" here.</p><img src="/img/text.png">`,
    }),
    item({
      guid: 'plain',
      url: null,
      title: ' Plain\ttext <not a tag> ',
      titleIsHtml: false,
      contentHtml: null,
    }),
  ]
}

async function build(builder: ContentBuilder, entries: BuildEntry[], dir: string): Promise<Article[]> {
  const deps = {
    downloader: new Downloader({ timeoutMs: 5000, classifyAddress: loopbackAsPublic }),
    blobs: new BlobStore(dir),
    maxImages: 10,
    cacheLimitBytes: 1024 * 1024 * 1024,
    now: () => new Date('2026-11-21T00:00:00.000Z'),
  }
  const built = await buildArticles(FEED, entries, 'auto', deps, builder)
  expect(built.skipped).toEqual([])
  return built.articles as Article[]
}

describe('the build pool', () => {
  it('builds articles byte for byte as the sync thread does, first and again', SLOW, async () => {
    const workers = pool()
    await workers.warm()
    expect(workers.inThread).toBe(false)
    expect(workers.workerCount).toBeGreaterThan(0)
    const [poolDir, threadDir] = [await tempDir(), await tempDir()]
    const fresh = items().map((parsed) => ({ item: parsed, previous: null }))
    const pooled = await build(workers, fresh, poolDir)
    const inThread = await build(inThreadBuilder(), fresh, threadDir)
    expect(JSON.stringify(pooled)).toBe(JSON.stringify(inThread))

    // What was built is what the paths should give (else identical output could be identically wrong).
    const [full, page, lead, missing, textUrl, plain] = pooled as [
      Article,
      Article,
      Article,
      Article,
      Article,
      Article,
    ]
    expect(full.title).toBe('Café & news')
    expect(full.author).toBe('Jane Doe')
    expect(full.contentHtml).not.toContain('<script')
    expect(full.summary).not.toContain('onerror')
    expect(full.images.map((image) => image.url)).toEqual([server.url('/img/a.png')])
    expect(page.fullTextFrom).toBe('page')
    expect(page.contentText).toContain('Paragraph 12 about the page')
    expect(page.images.every((image) => image.hash)).toBe(true)
    expect(lead.images[0]?.url).toBe(server.url('/img/og.png'))
    expect(missing.fullTextError).not.toBeNull()
    expect(missing.fullTextAttempts).toBe(1)
    expect(missing.images[0]?.url).toBe(server.url('/img/enclosure.png'))
    expect(textUrl.images[0]?.hash).not.toBeNull()
    expect(plain.title).toBe('Plain text <not a tag>')
    // The text is always the text of the stored HTML (images pointing at the cache or not).
    for (const article of pooled) expect(article.contentText).toBe(htmlToText(article.contentHtml))
    expect(textUrl.contentText).toContain('broadsheet-cache://')

    // Again, with what was stored: the stored page stands, the failed page is tried again, and once the
    // tries are spent the last error stands.
    const again = pooled.map((previous, index) => ({
      item: items()[index] as ParsedItem,
      previous: previous.fullTextError ? { ...previous, fullTextAttempts: 3 } : previous,
    }))
    const retry = pooled.map((previous, index) => ({ item: items()[index] as ParsedItem, previous }))
    for (const entries of [again, retry]) {
      const pooledAgain = await build(workers, entries, poolDir)
      expect(JSON.stringify(pooledAgain)).toBe(
        JSON.stringify(await build(inThreadBuilder(), entries, threadDir)),
      )
      expect(pooledAgain[1]?.fullTextFrom).toBe('page')
    }
    expect((await build(workers, again, poolDir))[3]?.fullTextAttempts).toBe(3)
    expect((await build(workers, retry, poolDir))[3]?.fullTextAttempts).toBe(2)
    expect(workers.inThread).toBe(false)
  })

  it('sends a feed that is not one back as the same FeedParseError', SLOW, async () => {
    const workers = pool({ size: 1 })
    await workers.warm()
    const error = await workers
      .run('feed', { text: '<!doctype html><html><body>hi</body></html>', url: server.url('/') })
      .catch((thrown: unknown) => thrown)
    expect(error).toBeInstanceOf(FeedParseError)
    expect((error as FeedParseError).isHtml).toBe(true)
    expect((error as FeedParseError).message).toBe('the address gives a web page, not a feed')
  })

  it(
    'sends every job to a worker, the first one of a small sync too (never parsed on the sync thread)',
    SLOW,
    async () => {
      const workers = pool({ size: 2, worker: SLOW_ECHO_WORKER })
      // The first job waits for a worker to load (a second) rather than being built here.
      const texts = await Promise.all([1, 2, 3].map((n) => workers.run('text', `<p>${n}</p>`)))
      expect(texts).toEqual(['echo: <p>1</p>', 'echo: <p>2</p>', 'echo: <p>3</p>'])
      expect(workers.workerCount).toBeGreaterThanOrEqual(1)
      await workers.warm()
      expect(workers.workerCount).toBe(2)
    },
  )

  it('builds on the sync thread when no worker can start', async () => {
    const broken = pool({ worker: bundledWorker(BROKEN_WORKER) })
    // Built here once the workers failed to start…
    expect(await broken.run('text', '<p>still <b>built</b></p>')).toBe('still built')
    // …and here for good.
    await broken.warm()
    expect(broken.inThread).toBe(true)
    expect(broken.workerCount).toBe(0)
    expect(await broken.run('text', '<p>and again</p>')).toBe('and again')
  })

  it('builds on the sync thread when there is no worker file (run from the sources)', async () => {
    const none = new BuildPool()
    pools.push(none)
    expect(none.inThread).toBe(true)
    expect(await none.run('text', '<p>here</p>')).toBe('here')
    expect(none.workerCount).toBe(0)
  })

  it('fails jobs waiting when closed, and stops its workers', SLOW, async () => {
    const workers = pool({ size: 1, worker: SLOW_ECHO_WORKER })
    await workers.warm()
    expect(workers.workerCount).toBe(1)
    const jobs = [1, 2, 3].map((n) => workers.run('text', `${n}`).catch((error: Error) => error.message))
    await workers.close()
    expect(await Promise.all(jobs)).toEqual(Array(3).fill('the article builder was closed'))
    expect(workers.workerCount).toBe(0)
  })
})

/** Stand-in workers: one that answers every job with its input, marked, a second after it starts loading. */
const SLOW_ECHO_WORKER = bundledWorker('tests/main/core/workers/fixtures/slow-echo-worker.ts')
const BROKEN_WORKER = 'tests/main/core/workers/fixtures/broken-worker.ts'

/** The build worker, failing on purpose on some feeds (fixtures/failing-build-worker.ts). */
function failingWorker(): { worker: URL; execArgv: string[] } {
  return {
    worker: bundledWorker('tests/main/core/sync/fixtures/failing-build-worker.ts'),
    execArgv: workerExecArgv(),
  }
}

describe('a worker that fails', () => {
  it(
    'fails only its own item (an error, a crash, over its time limit): the feed keeps its others, said in its status',
    SLOW,
    async () => {
      const core = await startServices({ dataDir: await tempDir() })
      // A time limit far beyond a feed's drafts (milliseconds), for the feed whose drafts never end.
      const workers = pool({ size: 1, timeLimitMs: 2_000, ...failingWorker() })
      await workers.warm()
      const names = ['throws', 'fine', 'crashes', 'hangs', 'after']
      const ids = new Map<string, string>()
      for (const name of names) {
        const title =
          new Map([
            ['throws', 'THROW'],
            ['crashes', 'CRASH'],
            ['hangs', 'HANG'],
          ]).get(name) ?? 'calm'
        // The first item of a failing feed fails; its second is calm.
        const feedItems = [0, 1].map((n) => ({
          id: `${name}-${n}`,
          title: `${n === 0 ? title : 'calm'} ${name} ${n}`,
          link: server.url(`/${name}/${n}`),
          content: longArticle(`${name} ${n}`),
        }))
        server.serve(`/feeds/${name}`, {
          headers: { 'Content-Type': 'application/rss+xml' },
          body: rss2(name, server.url('/'), feedItems),
        })
        ids.set((await subscribeTo(core, server.url(`/feeds/${name}`))).id, name)
      }
      // One feed at a time, so that which job meets which worker is known.
      const engine = (
        await startServices({
          dataDir: core.dataDir,
          sync: { downloader: new Downloader({ timeoutMs: 5000 }), content: workers, feedParallelism: 1 },
        })
      ).sync
      const result = await engine.run()
      const byName = new Map(result.feeds.map((feed) => [ids.get(feed.id), feed]))
      const leftOut = (title: string, reason: string) =>
        `left out an item it could not build (“${title}”: ${reason})`
      expect(byName.get('throws')?.notice).toBe(leftOut('THROW throws 0', 'boom in the worker'))
      expect(byName.get('crashes')?.notice).toBe(
        leftOut('CRASH crashes 0', 'the article builder stopped while building this (exit code 7)'),
      )
      expect(byName.get('hangs')?.notice).toBe(
        leftOut(
          'HANG hangs 0',
          'the article builder stopped while building this (over its time limit of 2 s)',
        ),
      )
      for (const name of ['throws', 'crashes', 'hangs']) {
        expect(byName.get(name)?.error).toBeNull()
        expect(byName.get(name)?.newArticles).toBe(1)
      }
      for (const name of ['fine', 'after']) {
        expect(byName.get(name)?.error).toBeNull()
        expect(byName.get(name)?.notice).toBeNull()
        expect(byName.get(name)?.newArticles).toBe(2)
      }
      expect(await core.articles.total()).toBe(7)
      const stored = await core.articles.list({ limit: 100 })
      expect(stored.map((article) => article.title).filter((title) => !title.startsWith('calm'))).toEqual([])
      // The feed's status says what was left out, until a sync takes everything.
      const noted = core.subscriptions.feeds().filter((feed) => feed.notice)
      expect(noted.map((feed) => ids.get(feed.id)).sort()).toEqual(['crashes', 'hangs', 'throws'])
    },
  )
})

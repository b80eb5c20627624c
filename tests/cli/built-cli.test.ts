import { existsSync } from 'node:fs'
import { copyFile, mkdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServices } from '../../src/main/core/broadsheet'
import { decodeBody } from '../../src/main/core/store/body-file'
import { WORKER_FROM_BODIES, workerBodyWriter } from '../../src/main/core/store/body-writer'
import { PROJECT_VERSION } from '../../src/main/core/store/config-schema'
import { WriteLock } from '../../src/main/core/store/write-lock'
import { startFeedServer, type FeedServer } from '../helpers/feed-server'
import { longArticle, rss2 } from '../helpers/feeds'
import { startFixtureServer } from '../helpers/fixture-server'
import { makeArticles } from '../helpers/make-articles'
import { BIN, BUILT_CLI, expectOk, expectOneLineError, runBuiltCli } from '../helpers/run-cli'
import { useTempDirs } from '../helpers/temp-dir'
import { subscribeTo } from '../helpers/subscribe'

// These run `node bin/broadsheet.js` as a user would: the CLI that `npm run build` compiles.
const tempDir = useTempDirs('cli-built')
let server: FeedServer

beforeAll(async () => {
  if (!existsSync(BUILT_CLI))
    throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` before these tests`)
  server = await startFeedServer()
})
afterAll(async () => {
  await server?.close()
})

// Each spawn pays Node's start and the CLI's imports; allow for a busy machine.
describe('the built broadsheet command', { timeout: 60_000 }, () => {
  it('prints its version', async () => {
    const run = await runBuiltCli(['--version'])
    expectOk(run)
    expect(run.stdout).toBe(`${PROJECT_VERSION}\n`)
  })

  it('says at once, in one line, that a Node without require() of ES modules cannot run it', async () => {
    // Node 20.18 or 22.11 lacks it; a newer Node told not to (the flag) stands in for them here.
    const run = await runBuiltCli(['--version'], { NODE_OPTIONS: '--no-experimental-require-module' })
    expectOneLineError(run, 1, `Node ${process.version} cannot require() ES modules`)
    expect(run.stderr).toContain('use Node 20.19 or later, 22.12 or later, or 24 or later')
  })

  it('fails in one line, with the documented exit codes and no stack trace', async () => {
    const dir = await tempDir()
    const [unknown, missing] = await Promise.all([
      runBuiltCli(['frobnicate']),
      runBuiltCli(['--data-dir', dir, 'show', 'nope']),
    ])
    expectOneLineError(unknown, 2, "unknown command 'frobnicate'")
    expectOneLineError(missing, 1, 'no article with id nope')
  })

  it('reads, in a fresh process found through BROADSHEET_DATA_DIR, what another process stored', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    const feed = await subscribeTo(core, 'https://a.test/feed', { title: 'Feed A' })
    const articles = makeArticles(5, { feedId: feed.id })
    await core.articles.put(articles)
    await core.flags.setRead([articles[4]!.id], true)

    const env = { BROADSHEET_DATA_DIR: dir }
    const [listed, feeds] = await Promise.all([
      runBuiltCli(['articles', '--json'], env),
      runBuiltCli(['feeds', '--json'], env),
    ])
    expectOk(listed)
    expectOk(feeds)
    expect(JSON.parse(feeds.stdout)).toEqual([
      expect.objectContaining({ id: feed.id, title: 'Feed A', unread: 4 }),
    ])
    expect(JSON.parse(listed.stdout).map((a: { id: string; read: boolean }) => [a.id, a.read])).toEqual(
      articles.map((a, i) => [a.id, i === 4]).reverse(),
    )
  })

  it('waits for the app’s write lock, then does its write', async () => {
    const dir = await tempDir()
    await startServices({ dataDir: dir })
    const url = server.url('/waited.xml')
    let releasedAt = 0
    const appHoldsLock = new WriteLock(dir).run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2_000))
      releasedAt = Date.now()
    })
    // Start the CLI while the lock is held.
    await new Promise((resolve) => setTimeout(resolve, 50))
    const run = await runBuiltCli(['--data-dir', dir, 'add', url])
    await appHoldsLock
    expectOk(run)
    const [feed] = (await startServices({ dataDir: dir })).subscriptions.feeds()
    expect(feed?.url).toBe(url)
    expect(Date.parse(feed!.addedAt)).toBeGreaterThanOrEqual(releasedAt - 5)
  })

  it('runs alongside the app: CLI adds and app writes all land', async () => {
    const dir = await tempDir()
    const app = await startServices({ dataDir: dir })
    const articles = makeArticles(30, { feedId: 'app-feed' })
    await app.articles.put(articles)
    const adder = async (name: string) => {
      const runs = []
      for (let i = 0; i < 2; i++)
        runs.push(await runBuiltCli(['--data-dir', dir, 'add', server.url(`/${name}/${i}.xml`)]))
      return runs
    }
    const [one, two] = await Promise.all([
      adder('one'),
      adder('two'),
      (async () => {
        for (const article of articles) await app.flags.setRead([article.id], true)
      })(),
    ])
    for (const run of [...one, ...two]) expectOk(run)
    const core = await startServices({ dataDir: dir })
    expect(core.damage).toEqual([])
    expect(
      core.subscriptions
        .feeds()
        .map((feed) => feed.url)
        .sort(),
    ).toEqual(['one', 'two'].flatMap((name) => [0, 1].map((i) => server.url(`/${name}/${i}.xml`))).sort())
    expect(core.flags.readIds()).toEqual(new Set(articles.map((article) => article.id)))
  })

  it('syncs a feed of more items than go to the store worker at once, every article stored whole', async () => {
    const fixtures = await startFixtureServer()
    try {
      const items = Array.from({ length: WORKER_FROM_BODIES + 16 }, (_, n) => ({
        id: `many-${n}`,
        title: `Story ${n} of many`,
        link: fixtures.url(`/many/${n}.html`),
        content: longArticle(`story ${n}`),
        date: new Date(Date.UTC(2026, 10, 1, n)).toISOString(),
      }))
      fixtures.serve('/many.xml', {
        headers: { 'content-type': 'application/rss+xml' },
        body: rss2('Many', fixtures.url('/'), items),
      })
      const dir = await tempDir()
      expectOk(await runBuiltCli(['--data-dir', dir, 'add', fixtures.url('/many.xml')]))
      expectOk(await runBuiltCli(['--data-dir', dir, 'sync']))
      const listed = await runBuiltCli(['--data-dir', dir, 'articles', '--json', '--limit', '1000'])
      expectOk(listed)
      expect((JSON.parse(listed.stdout) as unknown[]).length).toBe(items.length)
      const core = await startServices({ dataDir: dir })
      expect(core.damage).toEqual([])
      for (const meta of await core.articles.list({ limit: 1000 }))
        expect((await core.articles.open(meta.id)).contentText).toContain('The council met on Tuesday')
    } finally {
      await fixtures.close()
    }
  })

  it("loads the build's store worker in a thread, which writes bodies there", async () => {
    const dir = await tempDir()
    const worker = resolve('out/main/store-worker.js')
    expect(existsSync(worker)).toBe(true)
    const writer = workerBodyWriter(pathToFileURL(worker))
    try {
      const files = makeArticles(WORKER_FROM_BODIES).map((article) => ({
        path: join(dir, `${article.id}.json`),
        article,
      }))
      await writer.write(files)
      expect(writer.inThread).toBe(false)
      for (const { path, article } of files)
        expect(decodeBody(await readFile(path))).toEqual({ status: 'ok', value: article })
    } finally {
      await writer.close()
    }
  })

  it('says plainly when it has not been built', async () => {
    const dir = await tempDir()
    await mkdir(join(dir, 'bin'))
    const bin = join(dir, 'bin', 'broadsheet.js')
    await copyFile(BIN, bin)
    const run = await runBuiltCli(['feeds'], {}, bin)
    expectOneLineError(run, 1, 'the CLI is not built yet; run `npm run build` first')
  })
})

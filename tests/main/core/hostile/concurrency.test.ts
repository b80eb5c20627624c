import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import {
  runCliProcess,
  seededRandom,
  spawnCli,
  startNewsWorld,
  stopCliProcesses,
  type CliExit,
  type NewsWorld,
} from '../../../helpers/cli-process'
import { auditDataDir } from '../../../helpers/data-dir-audit'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('concurrency')
const FEEDS = 24
let world: NewsWorld
let dir: string

beforeEach(async () => {
  world = await startNewsWorld({ feeds: FEEDS, stories: 3, seed: 11, latencyMs: [5, 30] })
  dir = await tempDir()
})
afterEach(async () => {
  stopCliProcesses()
  await world.close()
})

/** Flags the test set and was told succeeded: each must be there at the end. */
interface FlagLog {
  read: Set<string>
  bookmarked: Set<string>
}

function opmlOf(urls: string[]): string {
  const outlines = urls.map((url, n) => `<outline type="rss" text="Feed ${n}" xmlUrl="${url}"/>`).join('\n')
  return `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>${outlines}</body></opml>`
}

/** Subscribes to every feed of the world and syncs once, in this process; returns the stored ids. */
async function firstSync(): Promise<string[]> {
  const core = await startServices({ dataDir: dir })
  await core.subscriptions.importOpml(opmlOf(world.feedUrls))
  await core.sync.run()
  await core.close()
  return (await core.articles.list({ limit: Number.MAX_SAFE_INTEGER })).map((meta) => meta.id)
}

function expectSucceeded(exit: CliExit, what: string): void {
  expect(exit.stderr, what).toBe('')
  expect(exit.code, what).toBe(0)
}

/**
 * After writers raced: every file whole, nothing quarantined or left half written, every story of the
 * world stored exactly once, the catalog listing exactly the stored bodies, the search index holding
 * exactly them (no repair needed: every writer kept it in step), every reported flag change present.
 */
async function expectConsistent(flags: FlagLog): Promise<void> {
  const audit = auditDataDir(dir)
  expect(audit.problems).toEqual([])
  expect(audit.quarantined).toEqual([])
  expect(audit.tempFiles).toEqual([])
  expect(audit.catalogIds).toHaveLength(world.storyCount())
  expect(new Set(audit.catalogIds).size).toBe(audit.catalogIds.length)
  expect([...audit.articles.keys()].sort()).toEqual([...audit.catalogIds].sort())
  expect([...(audit.indexIds ?? [])].sort()).toEqual([...audit.catalogIds].sort())
  for (const id of flags.read) expect(audit.read.has(id), `read flag of ${id}`).toBe(true)
  for (const id of flags.bookmarked) expect(audit.bookmarked.has(id), `bookmark of ${id}`).toBe(true)

  const core = await startServices({ dataDir: dir })
  expect(core.damage).toEqual([])
  expect(await core.articles.total()).toBe(world.storyCount())
  expect((await core.subscriptions.summaries()).every((feed) => feed.lastError === null)).toBe(true)
  try {
    expect(await core.search.repair()).toMatchObject({ added: 0, removed: 0 })
  } finally {
    await core.close()
  }
}

/**
 * Sets flags through `set` on random stored articles, `workers` at a time, until `until` settles (and at
 * least a few times each); logs every one that reported success.
 */
async function flagWhile(
  until: Promise<unknown>,
  ids: string[],
  set: (flag: 'read' | 'bookmark', id: string) => Promise<void>,
  options: { seed: number; workers: number },
): Promise<FlagLog & { changes: number }> {
  const random = seededRandom(options.seed)
  const log = { read: new Set<string>(), bookmarked: new Set<string>(), changes: 0 }
  let settled = false
  const settle = () => void (settled = true)
  until.then(settle, settle)
  const worker = async (): Promise<void> => {
    for (let n = 0; !settled || n < 2; n++) {
      const id = ids[Math.floor(random() * ids.length)] as string
      const flag = random() < 0.5 ? 'bookmark' : 'read'
      await set(flag, id)
      ;(flag === 'read' ? log.read : log.bookmarked).add(id)
      log.changes += 1
    }
  }
  await Promise.all(Array.from({ length: options.workers }, worker))
  return log
}

/** "Synced 24 feeds in 1.2 s: 12 new articles" → 12. */
function newArticlesOf(run: CliExit): number {
  const found = /: (\d+) new articles/.exec(run.stdout)
  expect(found, run.stdout).not.toBeNull()
  return Number(found?.[1])
}

describe('the app and a CLI on one data dir at once', () => {
  it(
    'sync together while the app changes flags: nothing lost, duplicated or damaged',
    { timeout: 90_000 },
    async () => {
      const ids = await firstSync()
      const stored = world.storyCount()
      for (let n = 0; n < 3; n++) world.advance()
      const app = await startServices({ dataDir: dir })

      // The app starts syncing once the CLI has begun fetching: both are then mid-sync.
      const fetched = world.feedRequests()
      const cli = spawnCli(dir, ['sync'])
      await expect.poll(() => world.feedRequests() > fetched, { timeout: 60_000, interval: 5 }).toBe(true)
      const appSync = app.sync.run()
      const flags = await flagWhile(
        Promise.all([cli.exited, appSync]),
        ids,
        (flag, id) => (flag === 'read' ? app.flags.setRead([id], true) : app.flags.setBookmarked(id, true)),
        { seed: 1, workers: 2 },
      )
      const [exit, result] = await Promise.all([cli.exited, appSync])
      await app.close()
      expectSucceeded(exit, 'the CLI sync')
      expect(result.feeds.filter((feed) => feed.error)).toEqual([])
      // Each new story was new to exactly one of them.
      const byCli = newArticlesOf(exit)
      expect(result.newArticles + byCli).toBe(world.storyCount() - stored)

      await expectConsistent(flags)
      // The app sees what the CLI stored, without reopening.
      expect((await app.articles.list({ limit: 1_000 })).length).toBe(world.storyCount())
      console.info(
        `app + CLI sync: ${result.newArticles} new stored by the app, ${byCli} by the CLI, ` +
          `${world.storyCount()} articles once each; ${flags.changes} flag changes by the app meanwhile, all kept`,
      )
    },
  )
})

describe('two CLIs on one data dir at once', () => {
  it('sync + sync: every story stored once, nothing damaged', { timeout: 90_000 }, async () => {
    await firstSync()
    const stored = world.storyCount()
    for (let n = 0; n < 3; n++) world.advance()
    const [one, two] = await Promise.all([runCliProcess(dir, ['sync']), runCliProcess(dir, ['sync'])])
    expectSucceeded(one, 'the first CLI')
    expectSucceeded(two, 'the second CLI')
    await expectConsistent({ read: new Set(), bookmarked: new Set() })
    // Each story was new to exactly one of them.
    expect(newArticlesOf(one) + newArticlesOf(two)).toBe(world.storyCount() - stored)
    console.info(`sync + sync: ${newArticlesOf(one)} + ${newArticlesOf(two)} new articles, stored once each`)
  })

  it(
    'sync + read/bookmark (two at a time): every flag change that succeeded is kept',
    { timeout: 90_000 },
    async () => {
      const ids = await firstSync()
      world.advance()
      const sync = spawnCli(dir, ['sync'])
      const flags = await flagWhile(
        sync.exited,
        ids,
        async (flag, id) => expectSucceeded(await runCliProcess(dir, [flag, id]), `${flag} ${id}`),
        { seed: 2, workers: 2 },
      )
      expectSucceeded(await sync.exited, 'the CLI sync')
      await expectConsistent(flags)
      console.info(`sync + ${flags.changes} flag changes by two other CLIs at a time: all kept`)
    },
  )
})

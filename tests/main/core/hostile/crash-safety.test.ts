import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { writeFileAtomic } from '../../../../src/main/core/store/atomic-write'
import { newFeedDefaults } from '../../../../src/main/core/store/config-schema'
import { writeOpml } from '../../../../src/main/core/subscriptions/opml'
import {
  killAfter,
  killWhen,
  runCliProcess,
  seededRandom,
  spawnCli,
  startNewsWorld,
  stopCliProcesses,
  type CliExit,
  type NewsWorld,
} from '../../../helpers/cli-process'
import { auditDataDir, lostSince, type DataDirAudit } from '../../../helpers/data-dir-audit'
import { makeArticles } from '../../../helpers/make-articles'
import { cliIn, expectOk } from '../../../helpers/run-cli'
import { useTempDirs } from '../../../helpers/temp-dir'
import type { Article } from '../../../../src/shared/types'

/** How many times a sync is killed; raise it with BROADSHEET_CRASH_KILLS for a longer hunt. */
const KILLS = Math.max(1, Number(process.env.BROADSHEET_CRASH_KILLS) || 12)
const SEED = Number(process.env.BROADSHEET_CRASH_SEED) || 20_261_127
const FEEDS = 40

const tempDir = useTempDirs('crash')
let world: NewsWorld
let dir: string

beforeAll(async () => {
  world = await startNewsWorld({ feeds: FEEDS, stories: 2, seed: SEED, latencyMs: [2, 12] })
})
afterAll(async () => {
  await world?.close()
})
afterEach(() => {
  stopCliProcesses()
})

/** What the test knows the library must hold from now on. */
interface Expected {
  read: Set<string>
  bookmarked: Set<string>
}

function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort()
}

/** A run that was not killed must have ended well, and no run may have found damage. */
function expectCleanRun(exit: CliExit, what: string): void {
  expect(`${exit.stdout}${exit.stderr}`, `${what} reported damage`).not.toMatch(/damaged|quarantin/i)
  if (exit.signal === 'SIGKILL') return
  expect(exit.code, `${what}: ${exit.stderr}`).toBe(0)
  expect(exit.stdout, what).not.toMatch(/error:/)
}

/** "articles/bodies 3, blobs 2": where interrupted writes left their temp files. */
function tempFilesByFolder(files: string[]): string {
  const counts = new Map<string, number>()
  for (const file of files) {
    const dirs = file.split('/').slice(0, -1)
    const folder = ['articles', 'search'].includes(dirs[0] ?? '')
      ? dirs.slice(0, 2).join('/')
      : (dirs[0] ?? '.')
    counts.set(folder, (counts.get(folder) ?? 0) + 1)
  }
  return [...counts].map(([folder, n]) => `${folder} ${n}`).join(', ') || 'none'
}

/**
 * The next start after a kill: the raw files are whole and nothing seen before is lost; the core opens
 * without finding damage; the search index, repaired as the app does on start, holds exactly the stored
 * articles and finds them.
 */
async function checkNextStart(good: DataDirAudit, expected: Expected, random: () => number, round: number) {
  const raw = auditDataDir(dir)
  expect(raw.problems).toEqual([])
  // Temp files of interrupted writes may stay, but only as temp files (never read as data).
  expect(raw.unknown).toEqual([])
  expect(lostSince(good, raw)).toEqual([])
  for (const id of expected.read) expect(raw.read.has(id), `read flag of ${id}`).toBe(true)
  for (const id of expected.bookmarked) expect(raw.bookmarked.has(id), `bookmark of ${id}`).toBe(true)

  const core = await startServices({ dataDir: dir })
  try {
    const repaired = await core.search.repair()
    const stored = (await core.articles.list({ limit: Number.MAX_SAFE_INTEGER })).map((meta) => meta.id)
    expect(core.damage).toEqual([])
    const after = auditDataDir(dir)
    expect(after.problems).toEqual([])
    expect(sorted(after.catalogIds)).toEqual(sorted(stored))
    // Duplicates would show here too: the index's live ids, as a list, equal the store's.
    expect(sorted(after.indexIds ?? [])).toEqual(sorted(stored))
    for (let n = 0; n < 2 && stored.length > 0; n++) {
      const id = stored[Math.floor(random() * stored.length)] as string
      const article = await core.articles.get(id)
      const word = /Story (\S+)/.exec(article?.title ?? '')?.[1] ?? ''
      const page = await core.search.search({ query: word, limit: 5 })
      expect(
        page.results.map((hit) => hit.id),
        `search for ${word}`,
      ).toContain(id)
    }
    await setFlag(core, expected, random, round)
    return { repaired, unlisted: [...raw.articles.keys()].filter((id) => !raw.catalogIds.includes(id)) }
  } finally {
    await core.close()
  }
}

/**
 * How long the last sync that ran to its end took, spawn to exit (a first guess until one has): kill
 * times are drawn within it, so that they land inside a sync on a fast machine as on a slow one.
 */
let syncSpanMs = 2_500

/**
 * Starts a sync and kills it: half the time at a random point of a sync's span (opening the library,
 * fetching and building feeds, the final writes of articles, catalog and index), otherwise just after the
 * n-th feed with new stories reported them (random n), as the last of them and the final writes go on.
 */
async function killSyncSomewhere(random: () => number) {
  const started = Date.now()
  const cli = spawnCli(dir, ['sync'])
  let outcome: Awaited<ReturnType<typeof killWhen>> & { at: string }
  if (random() < 0.5) {
    const ms = Math.round(syncSpanMs * (0.2 + 0.75 * random()))
    outcome = { ...(await killAfter(cli, ms)), at: `${ms} ms after start` }
  } else {
    // Half the feeds gain stories each round (see advance()); they report in a burst shortly before the
    // sync's final writes (tens of milliseconds here), so the kill follows the n-th of them closely.
    const feeds = 1 + Math.floor((random() * FEEDS) / 4)
    const ms = Math.round(random() * 40)
    const stored = (output: { stdout: string }) =>
      (output.stdout.match(/: [1-9]\d* new$/gm) ?? []).length >= feeds
    outcome = { ...(await killWhen(cli, stored, ms)), at: `${ms} ms after feed ${feeds}` }
  }
  if (!outcome.killed) syncSpanMs = Date.now() - started
  return outcome
}

/**
 * Sets one flag as a user between syncs would: through the CLI every third round, through the open core
 * (as the app does) otherwise; records it as a flag that must never be lost.
 */
async function setFlag(core: Broadsheet, expected: Expected, random: () => number, round: number) {
  const ids = (await core.articles.list({ limit: Number.MAX_SAFE_INTEGER })).map((meta) => meta.id)
  const id = ids[Math.floor(random() * ids.length)] as string
  const flag = round % 2 ? 'read' : 'bookmark'
  if (round % 3 === 0) expectCleanRun(await runCliProcess(dir, [flag, id]), `${flag} ${id}`)
  else if (flag === 'read') await core.flags.setRead([id], true)
  else await core.flags.setBookmarked(id, true)
  ;(flag === 'read' ? expected.read : expected.bookmarked).add(id)
}

describe('kill -9 in the middle of a sync', () => {
  it(
    `loses nothing and damages nothing, over ${KILLS} kills`,
    // Generous: a kill that leaves the write lock behind costs its 5 s stale time, and the machine may be busy.
    { timeout: 60_000 + KILLS * 25_000 },
    async () => {
      const random = seededRandom(SEED)
      const started = Date.now()
      dir = await tempDir()
      const opml = join(await tempDir(), 'feeds.opml')
      await writeFile(
        opml,
        writeOpml(
          world.feedUrls.map((url, n) => ({ ...newFeedDefaults(), id: `f${n}`, url, title: `Feed ${n}` })),
          [],
        ),
      )
      // The library to crash: subscribed and synced once (in this process: nothing is killed yet).
      const cli = cliIn(dir)
      expectOk(await cli('import-opml', opml))
      expectOk(await cli('sync', '--json'))
      let good = auditDataDir(dir)
      expect(good.problems).toEqual([])
      expect(good.feeds).toHaveLength(FEEDS)
      expect(good.catalogIds.length).toBe(FEEDS * 2)
      const expected: Expected = { read: new Set(), bookmarked: new Set() }

      let kills = 0
      let completed = 0
      let repairedDocs = 0
      let unlistedSeen = 0
      let lockLeft = 0
      let syncMs = 0
      let checkMs = 0
      const landings: string[] = []
      for (let round = 1; kills < KILLS && round <= KILLS * 3; round++) {
        world.advance()
        const syncStart = Date.now()
        const { killed, exit, at } = await killSyncSomewhere(random)
        const checkStart = Date.now()
        syncMs += checkStart - syncStart
        expectCleanRun(exit, `sync of round ${round}`)
        if (killed) {
          kills++
          landings.push(at)
        } else completed++
        if (existsSync(join(dir, 'write.lock'))) lockLeft++
        const { repaired, unlisted } = await checkNextStart(good, expected, random, round)
        repairedDocs += repaired.added + repaired.removed
        unlistedSeen += unlisted.length
        good = auditDataDir(dir)
        checkMs += Date.now() - checkStart
      }

      // A last sync runs to the end: every article whose body was written is listed again.
      world.advance()
      const last = await runCliProcess(dir, ['sync'])
      expectCleanRun(last, 'the last sync')
      const final = auditDataDir(dir)
      expect(final.problems).toEqual([])
      expect(lostSince(good, final)).toEqual([])
      expect(sorted(final.articles.keys())).toEqual(sorted(final.catalogIds))
      expect(sorted(final.indexIds ?? [])).toEqual(sorted(final.catalogIds))
      for (const id of expected.read) expect(final.read.has(id)).toBe(true)
      for (const id of expected.bookmarked) expect(final.bookmarked.has(id)).toBe(true)

      console.info(
        `crash safety (seed ${SEED}): ${kills} kills survived of ${kills} (${landings.join('; ')}), ` +
          `${completed} syncs finished before their kill, data lost: 0; ${final.catalogIds.length} articles, ` +
          `${final.blobs.size} blobs; after kills the lock was left ${lockLeft} times, ${unlistedSeen} bodies ` +
          `were unlisted, repair re-indexed ${repairedDocs}; ${final.tempFiles.length} temp files left ` +
          `(${tempFilesByFolder(final.tempFiles)}); ` +
          `${Math.round((Date.now() - started) / 1000)} s (${Math.round(syncMs / 1000)} s syncing until the kill, ` +
          `${Math.round(checkMs / 1000)} s restarting and checking)`,
      )
      expect(kills).toBe(KILLS)
    },
  )
})

describe('a kill between an article body and the catalog', () => {
  it('leaves a body that the next put of the article lists (and reports as new)', async () => {
    const dataDir = await tempDir()
    const core = await startServices({ dataDir })
    const [kept, orphan] = makeArticles(2, { feedId: 'feed-a' }) as [Article, Article]
    await core.articles.put([kept])
    // Exactly what put leaves when killed after writing the body and before the catalog names it.
    const body = join(dataDir, 'articles', 'bodies', orphan.id.slice(0, 2), `${orphan.id}.json`)
    await writeFileAtomic(body, JSON.stringify(orphan))
    expect((await core.articles.list()).map((item) => item.id)).toEqual([kept.id])

    const again = await startServices({ dataDir })
    const result = await again.articles.put([kept, { ...orphan, fetchedAt: new Date().toISOString() }])
    expect(result).toEqual({ added: [orphan.id], updated: [], unchanged: [kept.id] })
    expect((await again.articles.list()).map((item) => item.id)).toEqual([orphan.id, kept.id])
    expect(auditDataDir(dataDir).problems).toEqual([])
  })
})

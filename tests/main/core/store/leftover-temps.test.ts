import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import { tempPathOf } from '../../../../src/main/core/store/atomic-write'
import { LEFTOVER_AGE_MS, sweepLeftoverTemps } from '../../../../src/main/core/store/leftover-temps'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { longArticle, rss2 } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { subscribeTo } from '../../../helpers/subscribe'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('leftover-temps')
const DAY = 24 * 3600_000

/** Writes `path` (its folder made), dated `age` ms ago. */
async function file(path: string, age = 0): Promise<string> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, 'x')
  const when = new Date(Date.now() - age)
  await utimes(path, when, when)
  return path
}

/** Every file under `dir`, relative to it. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort()
}

describe('leftover temporary files', () => {
  it("are removed once a day old, in each writer's naming, in Broadsheet's own folders only", async () => {
    const dir = await tempDir()
    const body = join(dir, 'articles', 'bodies', 'ab', 'ab12cd34ef.json')
    const kept = [
      await file(join(dir, 'config.json'), 2 * DAY),
      await file(body, 2 * DAY),
      await file(join(dir, 'blobs', 'cd', 'cd'.padEnd(64, '0')), 2 * DAY),
      // Fresh: perhaps another process's write in progress.
      await file(tempPathOf(join(dir, 'flags.json')), LEFTOVER_AGE_MS - 60_000),
      await file(tempPathOf(body), 3600_000),
      // Not a name any writer of ours gives.
      await file(join(dir, 'notes.tmp'), 2 * DAY),
      // Chromium's folders in the app's data dir, and the files set aside as damaged, are not ours to tidy.
      await file(join(dir, 'Cache', '.data.0123456789ab.tmp'), 2 * DAY),
      await file(tempPathOf(join(dir, 'quarantine', 'x.json')), 2 * DAY),
    ]
    const old = [
      await file(tempPathOf(join(dir, 'config.json')), 2 * DAY),
      await file(join(dir, 'config.json.tmp-1764900000a1b2c3'), 2 * DAY), // atomically's (conf's writes)
      await file(join(dir, 'backups', 'config.json.4242.tmp'), 2 * DAY), // conf-file's backup
      await file(tempPathOf(body), 30 * DAY),
      await file(tempPathOf(join(dir, 'articles', 'catalog', '2026-w48.json')), 2 * DAY),
      await file(tempPathOf(join(dir, 'search', 'segments', 's1.seg')), 2 * DAY),
      await file(tempPathOf(join(dir, 'blobs', 'cd', 'cd'.padEnd(64, '0'))), 2 * DAY),
    ]
    expect(await sweepLeftoverTemps(dir)).toBe(old.length)
    expect(await files(dir)).toEqual(kept.map((path) => path.slice(dir.length + 1)).sort())
    expect(await sweepLeftoverTemps(dir)).toBe(0)
  })

  it('visit a few of a sharded folder’s 256 folders each time, and all of them in time', async () => {
    const dir = await tempDir()
    for (let shard = 0; shard < 256; shard++) {
      const name = shard.toString(16).padStart(2, '0')
      await file(tempPathOf(join(dir, 'articles', 'bodies', name, `${name}00.json`)), 2 * DAY)
    }
    let seed = 1
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
    expect(await sweepLeftoverTemps(dir, { random })).toBe(16)
    let sweeps = 1
    while ((await files(dir)).length > 0 && sweeps < 400) {
      await sweepLeftoverTemps(dir, { random })
      sweeps += 1
    }
    expect(await files(dir)).toEqual([])
    expect(await sweepLeftoverTemps(dir, { shards: 256 })).toBe(0)
  })
})

describe('a sync', () => {
  let server: FixtureServer | undefined
  afterEach(async () => {
    await server?.close()
  })

  it('tidies what a killed process left, and none of what a running one is writing', async () => {
    server = await startFixtureServer()
    server.serve('/feed.xml', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('Feed', server.url('/'), [
        { id: 'a', title: 'A story', link: server.url('/a'), content: longArticle('a story') },
      ]),
    })
    const dir = await tempDir()
    const core = await startServices({
      dataDir: dir,
      sync: { downloader: new Downloader({ timeoutMs: 3000 }) },
    })
    try {
      await subscribeTo(core, server.url('/feed.xml'))
      const old = await file(tempPathOf(join(dir, 'articles', 'catalog', 'left.json')), 3 * DAY)
      const fresh = await file(tempPathOf(join(dir, 'articles', 'catalog', 'writing.json')), 60_000)
      await core.sync.run()
      const left = await files(dir)
      expect(left).not.toContain(old.slice(dir.length + 1))
      expect(left).toContain(fresh.slice(dir.length + 1))
      expect((await core.articles.list({ limit: 5 })).map((article) => article.title)).toEqual(['A story'])
    } finally {
      await core.close()
    }
  })
})

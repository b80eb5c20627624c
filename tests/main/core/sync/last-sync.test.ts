import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../../src/main/core/api/handlers'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { LAST_SYNC_FILE } from '../../../../src/main/core/sync/last-sync'
import { longArticle, rss2 } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { subscribeTo } from '../../../helpers/subscribe'
import { useTempDirs } from '../../../helpers/temp-dir'

/*
 * The last sync is a fact of the library, not of the process that ran it: whoever syncs (the CLI, the
 * app's schedule, the preview) records it in the data dir, and every process that opens the library
 * reads its time and failures from there.
 */
const tempDir = useTempDirs('last-sync')
let server: FixtureServer
let dataDir: string

beforeEach(async () => {
  server = await startFixtureServer()
  dataDir = await tempDir()
  server.serve('/good', {
    headers: { 'Content-Type': 'application/rss+xml' },
    body: rss2('Good', server.url('/'), [
      { id: 'g1', title: 'Good story', link: server.url('/g/1'), content: longArticle('good') },
    ]),
  })
  server.serve('/bad', { status: 500 })
})
afterEach(async () => {
  await server.close()
})

const open = () => startServices({ dataDir, sync: { content: 'in-thread' } })

/** Another process opening the library: what its status bar would be told. */
async function statusInAnotherProcess() {
  const core = await open()
  try {
    return await createApiHandlers(core).getStatus()
  } finally {
    await core.close()
  }
}

async function twoFeeds(core: Broadsheet) {
  const good = await subscribeTo(core, server.url('/good'), { title: 'Good' })
  const bad = await subscribeTo(core, server.url('/bad'), { title: 'Bad' })
  return { good, bad }
}

describe('the last sync', () => {
  it('is none in a library never synced', async () => {
    expect((await statusInAnotherProcess()).lastSync).toBeNull()
  })

  it('run by the CLI (Sync.run) is what another process opens with: its times and failures', async () => {
    const cli = await open()
    const { good, bad } = await twoFeeds(cli)
    const before = Date.now()
    await cli.sync.run()
    await cli.close()

    const { lastSync, syncing, damage } = await statusInAnotherProcess()
    expect(syncing).toBe(false)
    expect(damage).toEqual([])
    expect(lastSync).not.toBeNull()
    expect(Date.parse(lastSync!.finishedAt)).toBeGreaterThanOrEqual(before)
    expect(Date.parse(lastSync!.startedAt)).toBeLessThanOrEqual(Date.parse(lastSync!.finishedAt))
    expect(lastSync!.newArticles).toBe(1)
    expect(lastSync!.feeds.map(({ id, error }) => [id, error !== null]).sort()).toEqual(
      [
        [good.id, false],
        [bad.id, true],
      ].sort(),
    )
  })

  it('run by the schedule (the app, the preview) is recorded too, and told as recorded', async () => {
    const app = await open()
    const { bad } = await twoFeeds(app)
    const finished: unknown[] = []
    app.events.subscribe((event) => {
      if (event.name === 'syncFinished') finished.push(event.payload)
    })
    const summary = await app.sync.request()
    await app.close()
    const { lastSync } = await statusInAnotherProcess()
    expect(lastSync).toEqual(summary)
    expect(finished).toEqual([summary])
    expect(lastSync!.feeds.find((feed) => feed.id === bad.id)?.error).toMatch(/500/)
  })

  it('of some feeds only keeps the other feeds’ last outcomes', async () => {
    const core = await open()
    const { good, bad } = await twoFeeds(core)
    await core.sync.run()
    await core.sync.run({ feedIds: [good.id] })
    const lastSync = core.sync.lastSync()!
    expect(lastSync.feeds.map((feed) => feed.id).sort()).toEqual([good.id, bad.id].sort())
    expect(lastSync.feeds.find((feed) => feed.id === bad.id)?.error).toMatch(/500/)
    expect(lastSync.newArticles).toBe(0)
    await core.close()
  })

  it('stopped before it reached some feeds keeps their last outcomes: they did not fail', async () => {
    const core = await open()
    const { good, bad } = await twoFeeds(core)
    await core.sync.run()
    await core.sync.run({ signal: AbortSignal.abort() })
    const lastSync = core.sync.lastSync()!
    expect(lastSync.feeds.map(({ id, error }) => [id, error]).sort()).toEqual(
      [
        [good.id, null],
        [bad.id, expect.stringMatching(/500/)],
      ].sort(),
    )
    expect(JSON.stringify(lastSync)).not.toContain('cancelled')
    await core.close()
  })

  it('no longer counts the failure of a feed since removed, in any process', async () => {
    const core = await open()
    const { bad } = await twoFeeds(core)
    await core.sync.run()
    expect(core.sync.lastSync()!.feeds.filter((feed) => feed.error)).toHaveLength(1)
    await core.subscriptions.unsubscribe(bad.id)
    expect(core.sync.lastSync()!.feeds.filter((feed) => feed.error)).toEqual([])
    await core.close()
    expect((await statusInAnotherProcess()).lastSync!.feeds.filter((feed) => feed.error)).toEqual([])
  })

  it('keeps what the rules left new (newUnread) for the status another process shows', async () => {
    const summary = {
      reason: 'manual',
      startedAt: '2026-12-05T01:00:00.000Z',
      finishedAt: '2026-12-05T01:00:02.000Z',
      durationMs: 2000,
      newArticles: 3,
      feeds: [{ id: 'f1', title: 'F', newArticles: 3, error: null, notice: null }],
      accounts: [],
      newUnread: { f1: 1 },
    }
    await writeFile(join(dataDir, LAST_SYNC_FILE), JSON.stringify(summary))
    // (Its feed is no longer subscribed here, so only the counts are compared.)
    expect((await statusInAnotherProcess()).lastSync).toMatchObject({ newArticles: 3, newUnread: { f1: 1 } })
  })

  it('damaged on disk is set aside and reported, and the status says not synced', async () => {
    await writeFile(join(dataDir, LAST_SYNC_FILE), '{"reason":"manual","startedAt":')
    const { lastSync, damage } = await statusInAnotherProcess()
    expect(lastSync).toBeNull()
    expect(damage).toEqual([
      expect.objectContaining({
        file: join(dataDir, LAST_SYNC_FILE),
        action: 'the status shows the next sync',
      }),
    ])
    expect(await readdir(join(dataDir, 'quarantine'))).toHaveLength(1)
    await writeFile(join(dataDir, LAST_SYNC_FILE), JSON.stringify({ reason: 'manual', feeds: 'x' }))
    expect((await statusInAnotherProcess()).lastSync).toBeNull()
  })
})

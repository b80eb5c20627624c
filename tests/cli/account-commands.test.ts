import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { longArticle, rss2 } from '../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server'
import {
  FRESHRSS_API_PASSWORD,
  FRESHRSS_USER,
  freshRssMissing,
  startFreshRss,
  type FreshRss,
} from '../helpers/freshrss'
import { expectOk, expectOneLineError, runCliWith } from '../helpers/run-cli'
import { makeTempDir, removeTempDir } from '../helpers/temp-dir'

/* `broadsheet account …`, `add --account`, and the JSON of `feeds` and `sync`, against a real FreshRSS. */
const missing = freshRssMissing()
if (missing) console.log(`CLI account tests skipped: ${missing}`)

describe.skipIf(missing !== null)('broadsheet account', { timeout: 120_000 }, () => {
  let site: FixtureServer
  let server: FreshRss
  let serverDir: string
  let dataDir: string
  const env = () => ({ BROADSHEET_DATA_DIR: dataDir, BROADSHEET_CREDENTIALS: 'file' })
  const cli = (argv: string[], extra: NodeJS.ProcessEnv = {}, stdin?: string) =>
    runCliWith(argv, { ...env(), ...extra }, stdin)

  beforeAll(async () => {
    site = await startFixtureServer()
    site.serve('/feed.xml', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('Tide Tables', site.url('/'), [
        { id: 't1', title: 'Spring tides', link: site.url('/t/1'), content: longArticle('spring tides') },
      ]),
    })
    serverDir = await makeTempDir('freshrss-cli')
    server = startFreshRss(serverDir)
    dataDir = await makeTempDir('freshrss-cli-data')
  })
  afterAll(async () => {
    server?.stop()
    await site?.close()
    await removeTempDir(serverDir)
    await removeTempDir(dataDir)
  })

  it('refuses a wrong password in one line, exit 1, storing nothing', async () => {
    const run = await cli(
      ['account', 'add', 'greader', server.api, '--user', FRESHRSS_USER, '--password-stdin'],
      {},
      'wrong-password\n',
    )
    expectOneLineError(run, 1, /^broadsheet: authentication failed at 127\.0\.0\.1:\d+/)
    expect(JSON.parse((await cli(['account', 'list', '--json'])).stdout)).toEqual([])
  })

  it('asks for the password when there is no way to get it, in one line', async () => {
    expectOneLineError(
      await cli(['account', 'add', 'greader', server.api, '--user', FRESHRSS_USER]),
      1,
      'no password',
    )
  })

  it('adds the account from BROADSHEET_PASSWORD or stdin, prints its id, and never the secret', async () => {
    const run = await cli(['account', 'add', 'greader', server.api, '--user', FRESHRSS_USER, '--json'], {
      BROADSHEET_PASSWORD: FRESHRSS_API_PASSWORD,
    })
    expectOk(run)
    const added = JSON.parse(run.stdout) as { id: string; kind: string; url: string; user: string }
    expect(added).toEqual({ id: added.id, kind: 'greader', url: server.api, user: FRESHRSS_USER })
    const list = await cli(['account', 'list', '--json'])
    expectOk(list)
    expect(JSON.parse(list.stdout)).toEqual([
      { ...added, lastSync: null, lastError: null, feeds: 0, pending: 0, credential: 'file' },
    ])
    const token = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8'))[added.id] as string
    for (const output of [run.stdout, list.stdout, readFileSync(join(dataDir, 'config.json'), 'utf8')]) {
      expect(output).not.toContain(token)
      expect(output).not.toContain(FRESHRSS_API_PASSWORD)
    }
  })

  it('subscribes on the server with add --account, and syncs it: feeds and sync say which account', async () => {
    const [account] = JSON.parse((await cli(['account', 'list', '--json'])).stdout) as { id: string }[]
    expectOk(await cli(['add', site.url('/feed.xml'), '--account', account!.id, '--folder', 'Sea']))
    const sync = await cli(['sync', '--json'])
    expectOk(sync)
    expect(JSON.parse(sync.stdout).accounts).toEqual([
      { id: account!.id, newArticles: 1, pushed: 0, error: null },
    ])
    const feeds = JSON.parse((await cli(['feeds', '--json'])).stdout) as {
      title: string
      folder: string
      account: string
    }[]
    expect(feeds.map(({ title, folder, account: owner }) => ({ title, folder, account: owner }))).toEqual([
      { title: 'Tide Tables', folder: 'Sea', account: account!.id },
    ])
    const [article] = JSON.parse((await cli(['articles', '--json'])).stdout) as { id: string }[]
    expectOk(await cli(['read', article!.id]))
    expect(JSON.parse((await cli(['account', 'list', '--json'])).stdout)[0]).toMatchObject({ pending: 1 })
    const again = await cli(['sync'])
    expectOk(again)
    expect(again.stdout).toMatch(new RegExp(`${FRESHRSS_USER} at .*: 0 new, 1 change sent`))
  })

  it('removes the account', async () => {
    const [account] = JSON.parse((await cli(['account', 'list', '--json'])).stdout) as { id: string }[]
    expectOk(await cli(['account', 'remove', account!.id]))
    expect(JSON.parse((await cli(['account', 'list', '--json'])).stdout)).toEqual([])
    expect(JSON.parse((await cli(['feeds', '--json'])).stdout)).toEqual([])
    expectOneLineError(await cli(['account', 'remove', account!.id]), 1, `no account with id ${account!.id}`)
  })
})

import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServices } from '../../src/main/core/broadsheet'
import { fakeGReader } from '../helpers/fake-greader'
import { makeArticle } from '../helpers/make-articles'
import { cliIn, expectOk, expectOneLineError } from '../helpers/run-cli'
import { subscribeTo } from '../helpers/subscribe'
import { useTempDirs } from '../helpers/temp-dir'

/*
 * Every command that takes an id takes any unique start of it of 6 or more characters, as git does; an
 * ambiguous start is a one-line error that lists what it matches, and a start too short says so.
 */
const tempDir = useTempDirs('cli-id-prefix')

/** Two articles whose ids share their first 8 characters, and a third that does not. */
const TWIN_A = 'abcdef12aaaaaaaaaaaa'
const TWIN_B = 'abcdef12bbbbbbbbbbbb'
const LONER = '0123456789abcdef0123'

async function library() {
  const dir = await tempDir()
  const core = await startServices({ dataDir: dir })
  const feed = await subscribeTo(core, 'https://prefix.test/feed', { title: 'Prefix Post' })
  const articles = [TWIN_A, TWIN_B, LONER].map((id, index) =>
    makeArticle(index, { id, feedId: feed.id, title: `Story ${id.slice(-1)}` }),
  )
  await core.articles.put(articles)
  await core.close()
  return { dir, feedId: feed.id, cli: cliIn(dir) }
}

describe('an article id prefix', () => {
  it('is taken by show, read, unread, bookmark and unbookmark', async () => {
    const { cli } = await library()
    const shown = await cli('show', LONER.slice(0, 6), '--json')
    expectOk(shown)
    expect(JSON.parse(shown.stdout).id).toBe(LONER)
    // Any case: ids are lower-case hex, and people copy them from anywhere.
    expect(JSON.parse((await cli('show', TWIN_B.slice(0, 10).toUpperCase(), '--json')).stdout).id).toBe(
      TWIN_B,
    )
    expectOk(await cli('read', TWIN_A.slice(0, 9)))
    expectOk(await cli('bookmark', TWIN_B.slice(0, 9)))
    const flags = JSON.parse((await cli('articles', '--json')).stdout) as {
      id: string
      read: boolean
      bookmarked: boolean
    }[]
    expect(flags.map(({ id, read, bookmarked }) => [id, read, bookmarked]).sort()).toEqual(
      [
        [TWIN_A, true, false],
        [TWIN_B, false, true],
        [LONER, false, false],
      ].sort(),
    )
    expectOk(await cli('unread', TWIN_A.slice(0, 9)))
    expectOk(await cli('unbookmark', TWIN_B.slice(0, 9)))
    const after = JSON.parse((await cli('articles', '--json')).stdout) as {
      read: boolean
      bookmarked: boolean
    }[]
    expect(after.every((a) => !a.read && !a.bookmarked)).toBe(true)
  })

  it('that is ambiguous fails in one line listing the candidates, and changes nothing', async () => {
    const { cli } = await library()
    for (const command of ['show', 'read', 'bookmark']) {
      const run = await cli(command, 'abcdef')
      expectOneLineError(
        run,
        1,
        /^broadsheet: ambiguous article id abcdef: 2 articles have ids starting with it/,
      )
      expect(run.stderr).toContain(`${TWIN_A} (Story a)`)
      expect(run.stderr).toContain(`${TWIN_B} (Story b)`)
    }
    const flags = JSON.parse((await cli('articles', '--json')).stdout) as {
      read: boolean
      bookmarked: boolean
    }[]
    expect(flags.some((a) => a.read || a.bookmarked)).toBe(false)
  })

  it('shorter than 6 characters, or matching nothing, is no article', async () => {
    const { cli } = await library()
    expectOneLineError(
      await cli('show', '01234'),
      1,
      /no article with id 01234 \(.*at least its first 6 characters\)/,
    )
    expectOneLineError(await cli('read', 'ffffff'), 1, 'no article with id ffffff')
    expectOneLineError(await cli('show', '../../config'), 1, 'no article with id ../../config')
    // Nothing given (an empty variable in a script) says so, not "no article with id ".
    expectOneLineError(await cli('show', ''), 1, 'no article id given: give one (or the start of one)')
    expectOneLineError(await cli('read', ' '), 1, 'no article id given')
  })
})

describe('a feed id prefix', () => {
  it('is taken by remove and articles --feed', async () => {
    const { cli, feedId } = await library()
    const listed = await cli('articles', '--feed', feedId.slice(0, 6), '--json')
    expectOk(listed)
    expect(JSON.parse(listed.stdout)).toHaveLength(3)
    const removed = await cli('remove', feedId.slice(0, 7))
    expectOk(removed)
    expect(removed.stdout).toContain('Unsubscribed from Prefix Post')
    expect(JSON.parse((await cli('feeds', '--json')).stdout)).toEqual([])
  })

  it('that is ambiguous lists the feeds it matches by title, and removes nothing', async () => {
    const { dir, cli } = await library()
    const core = await startServices({ dataDir: dir })
    await subscribeTo(core, 'https://prefix.test/other', { title: 'Other Post' })
    await core.close()
    // Feed ids are random: give the two feeds ids that share a start, as a huge library may.
    const path = join(dir, 'config.json')
    const config = JSON.parse(await readFile(path, 'utf8')) as { feeds: { id: string }[] }
    config.feeds[0]!.id = 'feedfeed00000001'
    config.feeds[1]!.id = 'feedfeed00000002'
    await writeFile(path, JSON.stringify(config))

    const run = await cli('remove', 'feedfeed')
    expectOneLineError(run, 1, /^broadsheet: ambiguous feed id feedfeed: 2 feeds have ids starting with it/)
    expect(run.stderr).toContain('feedfeed00000001 (Prefix Post)')
    expect(run.stderr).toContain('feedfeed00000002 (Other Post)')
    expectOneLineError(await cli('articles', '--feed', 'feedfe'), 1, 'ambiguous feed id feedfe')
    expect(JSON.parse((await cli('feeds', '--json')).stdout)).toHaveLength(2)
    expectOk(await cli('remove', 'feedfeed00000002'))
    expect(
      (JSON.parse((await cli('feeds', '--json')).stdout) as { title: string }[]).map((f) => f.title),
    ).toEqual(['Prefix Post'])
  })
})

describe('an account id prefix', () => {
  it('is taken by account remove and add --account', async () => {
    const dir = await tempDir()
    const server = fakeGReader()
    const core = await startServices({
      dataDir: dir,
      accounts: { transport: server.transport, credentials: 'file' },
    })
    const { id } = await core.accounts.add({
      url: 'https://news.example/api/greader.php',
      user: 'alice',
      password: 'pw',
    })
    await core.close()
    const cli = cliIn(dir)
    expectOneLineError(
      await cli('account', 'remove', id.slice(0, 4)),
      1,
      `no account with id ${id.slice(0, 4)}`,
    )
    // add --account resolves the prefix before it asks the server anything (this one is unreachable).
    const added = await cli('add', 'https://news.example/feed.xml', '--account', id.slice(0, 3))
    expectOneLineError(added, 1, `no account with id ${id.slice(0, 3)}`)
    const removed = await cli('account', 'remove', id.slice(0, 6))
    expectOk(removed)
    expect(removed.stdout).toContain('Removed account alice at https://news.example/api/greader.php')
  })
})

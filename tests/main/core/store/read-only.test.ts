import { execFileSync } from 'node:child_process'
import { appendFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import { ArticleStore } from '../../../../src/main/core/store/article-store'
import { WriteLock } from '../../../../src/main/core/store/write-lock'
import { ReadOnlyDataDirError } from '../../../../src/main/core/store/read-only'
import { makeArticles } from '../../../helpers/make-articles'
import { cliIn, expectOk, expectOneLineError } from '../../../helpers/run-cli'
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir'
import { subscribeTo } from '../../../helpers/subscribe'

/*
 * A data dir that cannot be written (a backup mounted read-only, a library on a read-only share): every
 * read works — nothing needs the write lock or writes on open — and a write fails with one clear line.
 * Tests run as root here, where chmod stops nothing: the library is bind-mounted read-only instead, and
 * the file skipped, with the reason printed, where that cannot be done.
 */
let base: string
let library: string
let view: string
let cannot: string | null = null
const ids: string[] = []
/** Every file of the library with its size and modification time, to see that nothing changed. */
let before = ''

beforeAll(async () => {
  base = await makeTempDir('read-only')
  library = join(base, 'library')
  const core = await startServices({ dataDir: library })
  const feed = await subscribeTo(core, 'https://a.test/feed', { title: 'Feed A', folder: 'News' })
  const articles = makeArticles(30, { feedId: feed.id })
  await core.articles.put(articles)
  await core.flags.setRead([articles[0]!.id], true)
  await core.search.repair()
  await core.close()
  ids.push(...articles.map((article) => article.id))
  // One more article stored while no index listened: the read-only index cannot take it in.
  const bare = await ArticleStore.open(library, new WriteLock(library), [])
  await bare.put(makeArticles(1, { feedId: feed.id, firstIndex: 500 }))
  // A library from before format.json: read-only, it is read without one (and none is written).
  rmSync(join(library, 'format.json'))
  before = listing(library)
  view = join(base, 'view')
  mkdirSync(view)
  cannot = bindReadOnly(library, view)
  if (cannot) console.log(`read-only data dir tests skipped: ${cannot}`)
})

afterAll(async () => {
  if (!cannot) execFileSync('umount', ['-l', view])
  await removeTempDir(base)
})

describe('a read-only data dir', () => {
  it('reads: feeds, articles, an article, search, export, as the CLI and as the services', async (context) => {
    if (cannot) return context.skip()
    const cli = cliIn(view)
    for (const argv of [['feeds'], ['articles', '--json'], ['show', ids[0]!], ['export-opml']]) {
      const run = await cli(...argv)
      expectOk(run)
    }
    const listed = JSON.parse((await cli('articles', '--json', '--limit', '100')).stdout) as unknown[]
    expect(listed).toHaveLength(31)
    const found = await cli('search', 'article', '--json', '--limit', '100')
    expect(found.code).toBe(0)
    // The index was behind the store, and cannot be brought in step here: it is searched as it is.
    expect(found.stderr).toMatch(
      /^broadsheet: warning: .* is read-only .*searching its index as it was last written\n$/,
    )
    expect(JSON.parse(found.stdout)).toHaveLength(30)
    const core = await startServices({ dataDir: view })
    expect((await core.articles.list({ unread: true, limit: 100 })).length).toBe(30)
    expect((await core.search.search({ query: 'article', limit: 100 })).total).toBe(30)
    await core.close()
    expect(listing(library)).toBe(before)
  })

  it('refuses a write with one line that says the data dir is read-only', async (context) => {
    if (cannot) return context.skip()
    const cli = cliIn(view)
    const opml = join(base, 'more.opml')
    writeFileSync(
      opml,
      '<opml version="2.0"><body><outline text="B" xmlUrl="https://b.test/feed"/></body></opml>',
    )
    const readOnly = /read-only/
    expectOneLineError(await cli('read', ids[1]!), 1, readOnly)
    expectOneLineError(await cli('import-opml', opml), 1, readOnly)
    expectOneLineError(await cli('remove', (await feedIdIn(view))!), 1, readOnly)
    // Before any fetch: a sync or a subscription would fetch for nothing.
    expectOneLineError(await cli('sync'), 1, readOnly)
    expectOneLineError(await cli('add', 'https://b.test/feed'), 1, readOnly)
    expectOneLineError(await cli('save', 'https://b.test/page'), 1, readOnly)
    const core = await startServices({ dataDir: view })
    await expect(core.flags.setBookmarked(ids[2]!, true)).rejects.toBeInstanceOf(ReadOnlyDataDirError)
    await core.close()
    expect(listing(library)).toBe(before)
  })
  it('reads a damaged flags.log up to the damage and reports it, setting nothing aside', async (context) => {
    if (cannot) return context.skip()
    const damaged = join(base, 'damaged-log')
    const core = await startServices({ dataDir: damaged })
    const articles = makeArticles(3, { feedId: 'feed' })
    await core.articles.put(articles)
    await core.flags.setRead([articles[0]!.id], true)
    await core.close()
    appendFileSync(join(damaged, 'flags.log'), 'not a record\n')
    const was = listing(damaged)
    const at = join(base, 'damaged-log-view')
    mkdirSync(at)
    const why = bindReadOnly(damaged, at)
    if (why) return context.skip(why)
    try {
      const reader = await startServices({ dataDir: at })
      expect(reader.damage.map((report) => [report.file, report.keptAt])).toEqual([
        [join(at, 'flags.log'), ''],
      ])
      expect(reader.flags.readIds()).toEqual(new Set([articles[0]!.id]))
      expect(listing(damaged)).toBe(was)
    } finally {
      execFileSync('umount', ['-l', at])
    }
  })
})

async function feedIdIn(dir: string): Promise<string | undefined> {
  const core = await startServices({ dataDir: dir })
  const id = core.subscriptions.feeds()[0]?.id
  await core.close()
  return id
}

/** Mounts `from` read-only at `at`; the reason it cannot, when this machine does not allow it. */
function bindReadOnly(from: string, at: string): string | null {
  if (process.platform !== 'linux')
    return `read-only bind mounts are Linux only (this is ${process.platform})`
  if (process.getuid?.() !== 0) return 'a bind mount needs root (and as root, chmod does not stop writes)'
  try {
    execFileSync('mount', ['--bind', '-o', 'ro', from, at], { stdio: 'pipe' })
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim()
    return `mount --bind -o ro failed: ${stderr || (error as Error).message}`
  }
  try {
    writeFileSync(join(at, 'probe'), '')
  } catch {
    return null
  }
  execFileSync('umount', ['-l', at])
  return 'the bind mount is not read-only here'
}

function listing(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => {
      const stat = statSync(join(dir, name))
      return `${name} ${stat.isDirectory() ? 'dir' : `${stat.size} ${stat.mtimeMs}`}`
    })
    .join('\n')
}

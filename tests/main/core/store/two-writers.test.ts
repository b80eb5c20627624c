import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import { makeArticles } from '../../../helpers/make-articles'
import { subscribeTo } from '../../../helpers/subscribe'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('writers')
const CHUNKS = resolve('out/main/chunks')

/**
 * A second Broadsheet process: loads the core from the build (`npm run build`), subscribes to `count`
 * feeds and marks its articles read (bookmarking every fifth) as fast as it can.
 */
const WRITER = `
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
const [chunks, dataDir, name, count, ids] = process.argv.slice(1)
const chunk = readdirSync(chunks).find((file) => /^broadsheet-.*\\.js$/.test(file))
const module = await import(pathToFileURL(join(chunks, chunk)).href)
const startServices = Object.values(module).find((value) => typeof value === 'function' && value.name === 'startServices')
const core = await startServices({ dataDir })
const articleIds = JSON.parse(ids)
for (let i = 0; i < Number(count); i++) {
  await core.subscriptions.add([{ url: 'https://' + name + '.test/feed/' + i }])
  await core.flags.setRead([articleIds[i]], true)
  if (i % 5 === 0) await core.flags.setBookmarked(articleIds[i], true)
}
await core.close()
`

function runWriter(
  dir: string,
  name: string,
  ids: string[],
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', WRITER, CHUNKS, dir, name, String(ids.length), JSON.stringify(ids)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  return new Promise((done) => child.on('close', (code) => done({ code, stderr })))
}

async function leftovers(dir: string): Promise<string[]> {
  const names = (await readdir(dir, { recursive: true })) as string[]
  return names.filter((name) => name.endsWith('.tmp') || name.includes('.tmp-'))
}

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

describe('two writers at once', { timeout: 60_000 }, () => {
  it('lose nothing when two processes and the app write to one data dir together', async () => {
    if (!existsSync(CHUNKS)) throw new Error('the core is not built: run `npm run build` first')
    const dir = await tempDir()
    const app = await startServices({ dataDir: dir })
    const seeded = makeArticles(40, { feedId: 'seeded' })
    await app.articles.put(seeded)
    const ids = seeded.map((article) => article.id)
    const later = makeArticles(100, { feedId: 'app', firstIndex: 1000 })

    const [first, second] = await Promise.all([
      runWriter(dir, 'one', ids.slice(0, 20)),
      runWriter(dir, 'two', ids.slice(20)),
      // Meanwhile the app stores articles from a sync and changes a setting.
      (async () => {
        for (let i = 0; i < later.length; i += 10) await app.articles.put(later.slice(i, i + 10))
        await app.settings.update({ theme: 'dark' })
      })(),
    ])
    expect(first).toEqual({ code: 0, stderr: '' })
    expect(second).toEqual({ code: 0, stderr: '' })

    const core = await startServices({ dataDir: dir })
    expect(core.damage).toEqual([])
    const urls = core.subscriptions.feeds().map((feed) => feed.url)
    const expected = ['one', 'two'].flatMap((name) =>
      Array.from({ length: 20 }, (_, i) => `https://${name}.test/feed/${i}`),
    )
    expect(urls).toHaveLength(40)
    expect(new Set(urls)).toEqual(new Set(expected))
    expect(core.flags.readIds()).toEqual(new Set(ids))
    expect(core.flags.bookmarkedIds()).toEqual(new Set(ids.filter((_, i) => (i % 20) % 5 === 0)))
    expect(core.settings.get().theme).toBe('dark')
    expect(await core.articles.total()).toBe(140)
    expect((await core.articles.list({ limit: 500 })).length).toBe(140)
    for (const file of ['config.json', 'flags.json', join('articles', 'manifest.json')]) {
      expect(parses(await readFile(join(dir, file), 'utf8'))).toBe(true)
    }
    expect(await leftovers(dir)).toEqual([])
    expect(existsSync(join(dir, 'quarantine'))).toBe(false)
  })

  it('lose no flag when two instances in one process set them at once', async () => {
    const dir = await tempDir()
    const a = await startServices({ dataDir: dir })
    const b = await startServices({ dataDir: dir })
    const articles = makeArticles(40, { feedId: (i) => `feed-${i % 3}` })
    await a.articles.put(articles)
    const ids = articles.map((article) => article.id)

    await Promise.all(
      ids.flatMap((id, i) => {
        const core = i % 2 ? a : b
        return [core.flags.setRead([id], true), ...(i % 4 === 0 ? [core.flags.setBookmarked(id, true)] : [])]
      }),
    )
    for (const core of [a, b, await startServices({ dataDir: dir })]) {
      expect(core.flags.readIds()).toEqual(new Set(ids))
      expect(core.flags.bookmarkedIds()).toEqual(new Set(ids.filter((_, i) => i % 4 === 0)))
    }

    await Promise.all(ids.map((id, i) => (i % 2 ? b : a).flags.setRead([id], false)))
    expect(a.flags.readIds()).toEqual(new Set())
  })

  it('lose no feed or article when two instances in one process add them at once', async () => {
    const dir = await tempDir()
    const a = await startServices({ dataDir: dir })
    const b = await startServices({ dataDir: dir })
    const articles = makeArticles(120, { stepMs: 3_600_000 * 7, feedId: (i) => `feed-${i % 4}` })
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => subscribeTo(i % 2 ? a : b, `https://site${i}.test/feed`)),
      ...Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).articles.put(articles.slice(i * 10, i * 10 + 10)),
      ),
    ])
    const expected = articles.map((article) => article.id).reverse()
    for (const core of [a, b, await startServices({ dataDir: dir })]) {
      expect(core.subscriptions.feeds()).toHaveLength(10)
      expect((await core.articles.list({ limit: 1000 })).map((item) => item.id)).toEqual(expected)
      expect(await core.articles.total()).toBe(120)
    }
  })
})

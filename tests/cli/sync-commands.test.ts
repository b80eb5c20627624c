import { readFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CliIO } from '../../src/cli/output'
import { runCli } from '../../src/cli/program'
import { SYNC_ALL_FAILED, SYNC_SOME_FAILED } from '../../src/cli/exit-codes'
import { longArticle, png, rss2 } from '../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs('cli-sync')
let server: FixtureServer
let dataDir: string

beforeEach(async () => {
  server = await startFixtureServer()
  dataDir = await tempDir()
})
afterEach(async () => {
  await server.close()
})

async function cli(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const io: CliIO = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: {},
    isTTY: false,
  }
  const code = await runCli(['--data-dir', dataDir, ...argv], io)
  return { code, stdout, stderr }
}

function serveSite(): void {
  const items = [1, 2].map((n) => ({
    id: `s${n}`,
    title: `Site story ${n}`,
    link: server.url(`/s${n}`),
    content: `${longArticle(`story ${n}`)}<img src="/p${n}.png">`,
    date: new Date(Date.UTC(2026, 10, n)).toISOString(),
  }))
  server.serve('/', {
    headers: { 'Content-Type': 'text/html' },
    body: '<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body>Site</body></html>',
  })
  server.serve('/rss', {
    headers: { 'Content-Type': 'application/rss+xml' },
    body: rss2('The Site', server.url('/'), items),
  })
  for (const n of [1, 2])
    server.serve(`/p${n}.png`, { headers: { 'Content-Type': 'image/png' }, body: png(n) })
}

describe('broadsheet add / sync / show / save', () => {
  it('adds a site by its URL, syncs with a line per feed, and shows articles offline', async () => {
    serveSite()
    const added = await cli('add', server.url('/'), '--folder', 'News')
    expect(added).toMatchObject({ code: 0, stderr: '' })
    expect(added.stdout).toContain(`Subscribed to The Site: ${server.url('/rss')}`)
    server.serve('/broken', { status: 500 })
    const broken = await cli('add', server.url('/broken'))
    expect(broken.code).toBe(1)
    expect(broken.stderr.trim().split('\n')).toHaveLength(1)

    const sync = await cli('sync')
    expect(sync.code).toBe(0)
    expect(sync.stdout).toMatch(/^\[1\/1\] The Site: 2 new$/m)
    expect(sync.stdout).toMatch(/Synced 1 feed in [\d.]+ s: 2 new articles$/m)

    const json = await cli('sync', '--json')
    const parsed = JSON.parse(json.stdout) as Record<string, unknown>
    expect(Object.keys(parsed).sort()).toEqual(['accounts', 'durationMs', 'feeds', 'newArticles'])
    expect(parsed.accounts).toEqual([])
    expect(parsed.newArticles).toBe(0)
    expect(parsed.feeds).toEqual([
      { id: expect.any(String), title: 'The Site', newArticles: 0, error: null, notice: null },
    ])

    const list = JSON.parse((await cli('articles', '--json')).stdout) as { id: string; title: string }[]
    expect(list.map((a) => a.title)).toEqual(['Site story 2', 'Site story 1'])
    await server.close()
    const shown = await cli('show', list[0]!.id, '--json')
    expect(shown.code).toBe(0)
    const article = JSON.parse(shown.stdout) as {
      contentText: string
      images: { url: string; cached: boolean }[]
    }
    expect(article.contentText).toContain('Paragraph 1 about story 2')
    expect(article.images).toEqual([{ url: expect.stringMatching(/\/p2\.png$/), cached: true }])
    const text = await cli('show', list[0]!.id)
    expect(text.stdout).toContain('Site story 2')
    expect(text.stdout).toContain('[1 image, 1 cached for offline reading]')
    server = await startFixtureServer()
  })

  it('reports a failing feed in the summary and in `feeds`, and saves a page by URL', async () => {
    serveSite()
    await cli('add', server.url('/rss'))
    server.serve('/rss', { status: 404 })
    const sync = await cli('sync')
    // Every feed failed: exit 1 (README: the CLI's exit codes).
    expect(sync.code).toBe(1)
    expect(sync.stdout).toMatch(/: 0 new articles, 1 feed with errors$/m)
    const feeds = JSON.parse((await cli('feeds', '--json')).stdout) as { lastError: string }[]
    expect(feeds[0]?.lastError).toMatch(/404/)

    server.serve('/page', {
      headers: { 'Content-Type': 'text/html' },
      body: `<html><head><title>Kept</title></head><body><article><h1>Kept</h1>${longArticle('kept')}</article></body></html>`,
    })
    const saved = await cli('save', server.url('/page'))
    expect(saved.code).toBe(0)
    expect(saved.stdout).toMatch(/^Saved "Kept" \(article [0-9a-f]+, 0 images cached\)$/m)
    const savedList = JSON.parse((await cli('articles', '--saved', '--json')).stdout) as { saved: boolean }[]
    expect(savedList).toHaveLength(1)
    expect(savedList[0]?.saved).toBe(true)
    const bad = await cli('save', 'not a url')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^broadsheet: not a URL: not a url\n$/)
  })
})

describe('sync’s exit code', () => {
  it('is 0 when all synced, 3 (documented) when some feeds failed, 1 when every one failed', async () => {
    expect((await cli('sync')).code).toBe(0) // nothing to sync is no failure
    serveSite()
    server.serve('/other', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('Other', server.url('/'), []),
    })
    await cli('add', server.url('/rss'))
    await cli('add', server.url('/other'))
    expect((await cli('sync')).code).toBe(0)

    server.serve('/other', { status: 500 })
    const some = await cli('sync')
    expect(some.code).toBe(3)
    expect(some.stdout).toMatch(/^Synced 2 feeds in [\d.]+ s: 0 new articles, 1 feed with errors$/m)
    const someJson = await cli('sync', '--json')
    expect(someJson.code).toBe(3)
    expect(JSON.parse(someJson.stdout).feeds.filter((f: { error: unknown }) => f.error)).toHaveLength(1)

    server.serve('/rss', { status: 404 })
    const all = await cli('sync', '--json')
    expect(all.code).toBe(1)
    expect(all.stderr).toBe('')
    expect((await cli('sync')).stdout).toMatch(/, 2 feeds with errors$/m)
    // The codes are in `sync --help` and in the README.
    expect((await cli('sync', '--help')).stdout).toContain(
      `Exit codes: 0 every feed and account synced; ${SYNC_ALL_FAILED} every one failed; ${SYNC_SOME_FAILED} some failed`,
    )
    const readme = await readFile('README.md', 'utf8')
    expect(readme).toMatch(
      new RegExp(
        `\`sync\` exits ${SYNC_ALL_FAILED} when every feed .*, and ${SYNC_SOME_FAILED} when some failed`,
      ),
    )
  })
})

describe('the last sync, in `feeds`', () => {
  it('comes from the data dir: not synced yet, then the last sync’s time, news and failures', async () => {
    serveSite()
    server.serve('/other', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('Other', server.url('/'), []),
    })
    await cli('add', server.url('/rss'))
    await cli('add', server.url('/other'))
    server.serve('/other', { status: 500 })
    expect((await cli('feeds')).stdout).toMatch(/\nNot synced yet: `broadsheet sync` fetches every feed\.\n$/)
    await cli('sync')
    const after = await cli('feeds')
    expect(after.stdout).toMatch(
      /\nLast synced \d{4}-\d\d-\d\d \d\d:\d\d \(just now\): 2 new articles, 1 feed failed\n$/,
    )
    // The failing feed removed: its failure no longer counts.
    const feeds = JSON.parse((await cli('feeds', '--json')).stdout) as {
      id: string
      lastError: string | null
    }[]
    await cli('remove', feeds.find((feed) => feed.lastError)!.id)
    expect((await cli('feeds')).stdout).toMatch(/\nLast synced .* \(just now\): 2 new articles\n$/)
  })
})

describe('the search index follows the store', () => {
  it('finds what sync and save stored, and forgets what unsubscribe removed', async () => {
    serveSite()
    await cli('add', server.url('/rss'))
    await cli('sync')
    const found = JSON.parse((await cli('search', 'story 2', '--json')).stdout) as { title: string }[]
    expect(found[0]?.title).toBe('Site story 2')

    server.serve('/korean', {
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body: `<html><head><title>모스크바 회담</title></head><body><article><h1>모스크바 회담</h1>${'<p>북한의 대표단이 모스크바에서 회담을 열었다. 양측은 경제 협력을 논의했다.</p>'.repeat(8)}</article></body></html>`,
    })
    await cli('save', server.url('/korean'))
    const korean = JSON.parse((await cli('search', '모스크바', '--json')).stdout) as { title: string }[]
    expect(korean.map((hit) => hit.title)).toEqual(['모스크바 회담'])

    const feeds = JSON.parse((await cli('feeds', '--json')).stdout) as { id: string }[]
    await cli('remove', feeds[0]!.id)
    const after = JSON.parse((await cli('search', 'story', '--json')).stdout) as unknown[]
    expect(after).toEqual([])
    const bad = await cli('search', '"unclosed')
    expect(bad.code).toBe(1)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
  })
})

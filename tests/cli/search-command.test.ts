import { describe, expect, it } from 'vitest'
import { searchCommand } from '../../src/cli/search-command'
import type { CliIO } from '../../src/cli/output'
import { startServices, type Broadsheet } from '../../src/main/core/broadsheet'
import { UserError } from '../../src/main/core/errors'
import { ArticleStore } from '../../src/main/core/store/article-store'
import { WriteLock } from '../../src/main/core/store/write-lock'
import { makeArticle } from '../helpers/make-articles'
import { useTempDirs } from '../helpers/temp-dir'
import { englishArticles } from '../main/core/search/search-fixtures'
import { subscribeTo } from '../helpers/subscribe'

const tempDir = useTempDirs('search-cli')

function captureIO(): CliIO & { out: () => string; err: () => string } {
  let stdout = ''
  let stderr = ''
  return {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
    isTTY: false,
    out: () => stdout,
    err: () => stderr,
  }
}

/**
 * A library whose articles were stored while no index was listening (an older version, a crash): the
 * first search builds the index.
 */
async function library(): Promise<Broadsheet> {
  const dataDir = await tempDir()
  const core = await startServices({ dataDir })
  const feed = await subscribeTo(core, 'https://ledger.test/feed', { title: 'The Ledger' })
  const articles = englishArticles(300, 31).map((article) => ({ ...article, feedId: feed.id }))
  articles.push(
    makeArticle(9000, {
      feedId: feed.id,
      title: 'Glacier retreat accelerates',
      contentText: 'The glacier lost ice.',
    }),
    makeArticle(9001, {
      feedId: feed.id,
      title: '북한 소식',
      contentText: '북한의 정부는 모스크바에서 회담을 열었다.',
    }),
  )
  await (await ArticleStore.open(dataDir, new WriteLock(dataDir), [])).put(articles)
  return core
}

describe('broadsheet search', () => {
  it('prints JSON [{id, title, feedId, score, snippet}] best first, building the index on first use', async () => {
    const core = await library()
    const io = captureIO()
    await searchCommand(core, io, 'glacier', { json: true })
    const results = JSON.parse(io.out()) as Record<string, unknown>[]
    expect(results[0]).toEqual({
      id: makeArticle(9000, { feedId: core.subscriptions.feeds()[0]?.id }).id,
      title: 'Glacier retreat accelerates',
      feedId: core.subscriptions.feeds()[0]?.id,
      score: expect.any(Number),
      snippet: 'The glacier lost ice.',
    })
    expect(Object.keys(results[0] as object)).toEqual(['id', 'title', 'feedId', 'score', 'snippet'])
    expect(io.err()).toMatch(/Indexing 302 articles/)
  })

  it('honours --limit and orders by score', async () => {
    const core = await library()
    const io = captureIO()
    await searchCommand(core, io, 'climate', { json: true, limit: 7 })
    const scores = (JSON.parse(io.out()) as { score: number }[]).map((r) => r.score)
    expect(scores).toHaveLength(7)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
  })

  it('prints readable results, and a plain line when nothing matches', async () => {
    const core = await library()
    const io = captureIO()
    await searchCommand(core, io, '북한', {})
    expect(io.out()).toContain('1 article matches:\n')
    expect(io.out()).not.toMatch(/1 articles/)
    expect(io.out()).toContain('북한 소식')
    expect(io.out()).toContain('The Ledger')
    const none = captureIO()
    await searchCommand(core, none, 'zeppelin', {})
    expect(none.out()).toBe('No articles match "zeppelin".\n')
    expect(none.err()).toBe('')
  })

  it('fails with a one-line user error for a malformed query', async () => {
    const core = await library()
    await expect(searchCommand(core, captureIO(), '"unclosed', {})).rejects.toThrow(UserError)
    await expect(searchCommand(core, captureIO(), '-only', {})).rejects.toThrow(/at least one word/)
  })
})

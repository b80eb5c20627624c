import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import { makeArticle } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('bodies')

const bodyPath = (dir: string, id: string) => join(dir, 'articles', 'bodies', id.slice(0, 2), `${id}.json`)

/** An article of ~6 KB of text, as a real one is. */
function longArticle(n: number) {
  const article = makeArticle(n, { feedId: 'feed-a' })
  const text = Array.from({ length: 120 }, (_, i) => `Sentence ${i} of article ${n} says something.`).join(
    ' ',
  )
  return { ...article, contentText: text, contentHtml: `<p>${text}</p>` }
}

describe('article bodies on disk (compressed)', () => {
  it('stores a body compressed, at well under half its JSON, and gives it back whole', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    const article = longArticle(1)
    await core.articles.put([article])
    const bytes = readFileSync(bodyPath(dir, article.id))
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b])
    expect(bytes.length).toBeLessThan(JSON.stringify(article).length / 2)
    const fresh = await startServices({ dataDir: dir })
    expect((await fresh.articles.open(article.id)).contentText).toBe(article.contentText)
    expect(fresh.damage).toEqual([])
  })

  it('reads a body written before compression (plain JSON) as it is', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    const article = longArticle(2)
    await core.articles.put([article])
    writeFileSync(bodyPath(dir, article.id), JSON.stringify(article))
    const fresh = await startServices({ dataDir: dir })
    expect((await fresh.articles.open(article.id)).contentHtml).toBe(article.contentHtml)
    // A resync of the unchanged article leaves its old file alone.
    expect(await fresh.articles.put([article])).toMatchObject({ unchanged: [article.id] })
    expect(fresh.damage).toEqual([])
  })

  it('sets aside and reports a compressed body cut short, as any damaged body', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    const article = longArticle(3)
    await core.articles.put([article])
    const path = bodyPath(dir, article.id)
    writeFileSync(path, readFileSync(path).subarray(0, Math.floor(statSync(path).size / 2)))
    const fresh = await startServices({ dataDir: dir })
    await expect(fresh.articles.open(article.id)).rejects.toThrow()
    expect(fresh.damage).toHaveLength(1)
    expect(fresh.damage[0]!.reason).toMatch(/compressed/)
    expect(existsSync(path)).toBe(false)
  })
})

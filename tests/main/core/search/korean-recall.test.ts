import { describe, expect, it } from 'vitest'
import { SearchIndex } from '../../../../src/main/core/search/search-index'
import { makeArticle } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'
import { englishText, KOREAN_NOUNS, koreanText, memorySource, random } from './search-fixtures'

const tempDir = useTempDirs('search-korean')

/**
 * Relevant: the article has a word (eojeol) that starts with the noun — the noun with or without a
 * particle, or a compound it begins (한국어 for 한국). 남북한 is not relevant for 북한: the bigram
 * index does return it, and that counts against precision here.
 */
function relevant(text: string, noun: string): boolean {
  return text.split(/[\s.]+/).some((word) => word.startsWith(noun))
}

describe('Korean noun queries over a generated corpus', () => {
  it('reach recall ≥ 98% and precision ≥ 95%', async () => {
    const next = random(2024)
    const articles = Array.from({ length: 700 }, (_, i) => {
      const korean = i % 7 !== 0
      const body = korean ? koreanText(next, 6).text : englishText(next, 80)
      return makeArticle(i, {
        feedId: 'feed-c',
        title: korean ? koreanText(next, 1).text : englishText(next, 5),
        contentText: body,
      })
    })
    const index = await SearchIndex.open(await tempDir(), {
      articles: memorySource(articles),
      autoMerge: false,
    })
    await index.add(articles)
    let truePositives = 0
    let returned = 0
    let relevantTotal = 0
    const worst: { noun: string; precision: number; recall: number }[] = []
    for (const noun of KOREAN_NOUNS) {
      const found = new Set<string>()
      for (let offset = 0; ; offset += 200) {
        const page = await index.search(noun, { limit: 200, offset, snippets: false })
        for (const hit of page.results) found.add(hit.id)
        if (offset + 200 >= page.total) break
      }
      const expected = new Set(
        articles.filter((a) => relevant(`${a.title} ${a.contentText}`, noun)).map((a) => a.id),
      )
      const hits = [...found].filter((id) => expected.has(id)).length
      truePositives += hits
      returned += found.size
      relevantTotal += expected.size
      worst.push({
        noun,
        precision: found.size ? hits / found.size : 1,
        recall: expected.size ? hits / expected.size : 1,
      })
    }
    const recall = truePositives / relevantTotal
    const precision = truePositives / returned
    worst.sort((a, b) => a.precision - b.precision)
    console.log(
      `Korean nouns: ${KOREAN_NOUNS.length} queries, recall ${(recall * 100).toFixed(2)}%, precision ${(precision * 100).toFixed(2)}%;`,
      `lowest precision: ${worst
        .slice(0, 3)
        .map((w) => `${w.noun} ${(w.precision * 100).toFixed(1)}%`)
        .join(', ')}`,
    )
    expect(recall).toBeGreaterThanOrEqual(0.98)
    expect(precision).toBeGreaterThanOrEqual(0.95)
    await index.close()
  })
})

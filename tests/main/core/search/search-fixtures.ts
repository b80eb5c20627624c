import type { Article, ArticleMeta } from '../../../../src/shared/types'
import { metaOf } from '../../../../src/main/core/store/article-meta'
import type { ArticleSource } from '../../../../src/main/core/search/index-options'
import { makeArticle } from '../../../helpers/make-articles'
import { KOREAN_NOUNS, KOREAN_PARTICLES, KOREAN_VERBS, random } from '../../../helpers/generated-text'

export { KOREAN_NOUNS, random }

export const ENGLISH = (
  'government election minister parliament economy market trade tariff inflation interest bank currency ' +
  'climate weather storm flood drought energy solar wind nuclear carbon emission forest ocean river ' +
  'school student teacher university research science study discovery space rocket satellite planet ' +
  'hospital doctor patient vaccine disease health medicine virus treatment football match player coach ' +
  'league season transfer stadium music album concert film festival actor director theatre museum art ' +
  'history war peace treaty border army security police court judge law crime prison protest strike ' +
  'worker union wage factory company profit share investor startup technology software computer phone ' +
  'internet data privacy network chip battery vehicle electric railway airport flight tourism hotel ' +
  'city village housing rent property farmer harvest food price water supply shortage bridge road ' +
  'cooperation cooperating cooperative negotiation agreement summit diplomat embassy sanction export import'
).split(' ')

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)] as T
}

/** English text of `words` words from a skewed (Zipf-like) draw of the vocabulary. */
export function englishText(next: () => number, words: number): string {
  const out: string[] = []
  for (let i = 0; i < words; i++) {
    const rank = Math.floor(ENGLISH.length ** next()) - 1
    out.push(ENGLISH[rank] as string)
    if (i % 11 === 10) out[out.length - 1] += '.'
  }
  return out.join(' ')
}

/** Korean text: noun+particle, noun+particle, verb sentences. Returns the nouns used (ground truth). */
export function koreanText(next: () => number, sentences: number): { text: string; nouns: Set<string> } {
  const nouns = new Set<string>()
  const parts: string[] = []
  for (let s = 0; s < sentences; s++) {
    for (let w = 0; w < 3; w++) {
      const noun = pick(next, KOREAN_NOUNS)
      nouns.add(noun)
      parts.push(`${noun}${pick(next, KOREAN_PARTICLES)}`)
    }
    parts.push(`${pick(next, KOREAN_VERBS)}.`)
  }
  return { text: parts.join(' '), nouns }
}

const HOUR_MS = 3_600_000

/** `count` English articles over three feeds, one every 6 hours from 2025-01-01 (so several weeks). */
export function englishArticles(count: number, seed = 1, firstIndex = 0): Article[] {
  const next = random(seed)
  return Array.from({ length: count }, (_, n) => {
    const index = firstIndex + n
    const feedId = ['feed-a', 'feed-b', 'feed-c'][index % 3] as string
    return makeArticle(index, {
      feedId,
      publishedMs: Date.UTC(2025, 0, 1) + index * 6 * HOUR_MS,
      title: englishText(next, 6),
      author: `${pick(next, ['Ada', 'Grace', 'Alan', 'Edsger'])} ${pick(next, ['Lovelace', 'Hopper', 'Turing'])}`,
      contentText: englishText(next, 120),
    })
  })
}

/** An in-memory article source (the ArticleStore's part the index uses). */
export function memorySource(articles: Iterable<Article>): ArticleSource & { map: Map<string, Article> } {
  const map = new Map<string, Article>()
  for (const article of articles) map.set(article.id, article)
  return {
    map,
    get: async (id) => map.get(id) ?? null,
    list: async ({ limit }): Promise<ArticleMeta[]> =>
      [...map.values()]
        .map(metaOf)
        .sort((a, b) => b.sortTime - a.sortTime)
        .slice(0, limit),
  }
}

export const FEED_TITLES = new Map([
  ['feed-a', 'The Morning Ledger'],
  ['feed-b', 'Harbour Gazette'],
  ['feed-c', 'Seoul Daily'],
])

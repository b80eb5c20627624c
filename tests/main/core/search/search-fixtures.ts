import type { Article, ArticleMeta } from '../../../../src/shared/types'
import { metaOf } from '../../../../src/main/core/article-store'
import type { ArticleSource } from '../../../../src/main/core/search/search-index'
import { makeArticle } from '../../../helpers/make-articles'

/** A deterministic pseudo-random generator (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

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

export const KOREAN_NOUNS = (
  '북한 남북한 한국 한국어 대한민국 정부 정부청사 경제 경제학 모스크바 서울 부산 대통령 국회 선거 외교 협력 회담 ' +
  '미국 중국 일본 러시아 유럽 기업 시장 주식 금리 물가 교육 학교 학생 병원 의사 환경 기후 에너지 전기 자동차 ' +
  '반도체 기술 인공지능 스마트폰 축구 야구 영화 음악 문화 역사 과학 연구 날씨 태풍 지진 산업 노동 농업 관광 ' +
  '항공 철도 도로 주택 부동산 은행 세금 예산 국방 평화 통일 안보 집 돈 물 길'
).split(' ')

export const KOREAN_PARTICLES = [
  '',
  '의',
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '에',
  '에서',
  '와',
  '과',
  '도',
  '으로',
  '까지',
]
export const KOREAN_VERBS =
  '발표했다 밝혔다 열었다 논의했다 증가했다 감소했다 전망이다 있다 없다 예정이다 중요하다 시작했다 말했다 보도했다'.split(
    ' ',
  )

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

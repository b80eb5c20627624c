/**
 * The benchmark's corpus, generated deterministically article by article (article n is the same in
 * every run and every process, so a child can regenerate any article for snippets or ground truth).
 * English: ~600 words drawn Zipf-wise from 300 real words and ~40,000 made-up ones (a news vocabulary's
 * long tail); every tenth article is Korean: nouns with particles and verbs, the nouns drawn Zipf-wise
 * from 73 real ones and ~3,000 made-up two- and three-syllable ones.
 */
import type { Article } from '../src/shared/types'
import {
  KOREAN_NOUNS as KOREAN_WORDS,
  KOREAN_PARTICLES,
  KOREAN_VERBS,
  random,
} from '../tests/helpers/generated-text'

const REAL_WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they ' +
  'you were her she there been one all we their has would when if so no will more out who up into do its time only ' +
  'government minister election president parliament party vote policy economy market bank inflation interest ' +
  'rate prices trade tariff export import company companies investors startup technology software data privacy ' +
  'law court ruling judge police crime protest strike workers union wages housing rent property city village ' +
  'climate change weather storm flood drought heat energy oil gas solar wind nuclear carbon emissions forest ocean ' +
  'school students university teachers research science study space rocket satellite planet hospital doctors ' +
  'patients vaccine trial disease health medicine virus football match player coach league season music album ' +
  'concert film festival actor museum art history war peace treaty border army security military north korea ' +
  'south china russia europe america africa india japan summit talks agreement cooperation diplomats embassy ' +
  'sanctions central farmers harvest food water supply shortage bridge road railway airport flight tourism ' +
  'results report analysts growth decline record crisis plan budget tax debt jobs unemployment families children ' +
  'women men people country world national local public private new old big small high low first last year week'
).split(' ')

const SYLLABLES =
  'ka ro mi ten sul bar ven dor li pa nes tra co fi gen mon ple ver ash ing tor el um quo zan'.split(' ')
const HANGUL =
  '가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주추쿠투푸후기니디리미비시이지치키티피히'

function madeUpWords(count: number, seed: number): string[] {
  const next = random(seed)
  const words = new Set<string>()
  while (words.size < count) {
    const length = 2 + Math.floor(next() * 3)
    words.add(Array.from({ length }, () => SYLLABLES[Math.floor(next() * SYLLABLES.length)]).join(''))
  }
  return [...words]
}

function madeUpKorean(count: number, seed: number): string[] {
  const next = random(seed)
  const words = new Set<string>(KOREAN_WORDS)
  while (words.size < count + KOREAN_WORDS.length) {
    const length = 2 + Math.floor(next() * 2)
    words.add(Array.from({ length }, () => HANGUL[Math.floor(next() * HANGUL.length)]).join(''))
  }
  return [...words]
}

/** A Zipf (s = 1) sampler over `size` ranks. */
function zipf(size: number): (next: () => number) => number {
  const cdf = new Float64Array(size)
  let sum = 0
  for (let r = 0; r < size; r++) cdf[r] = sum += 1 / (r + 1)
  return (next) => {
    const target = next() * sum
    let lo = 0
    let hi = size - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cdf[mid] as number) < target) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

const ENGLISH = [...REAL_WORDS, ...madeUpWords(40_000, 1)]
export const KOREAN_NOUNS = madeUpKorean(3_000, 2)
const englishRank = zipf(ENGLISH.length)
const koreanRank = zipf(KOREAN_NOUNS.length)

const MINUTE_MS = 60_000
const BASE_MS = Date.UTC(2024, 0, 1)
/** Articles arrive every 10 minutes: 10,000 span ten weeks, 50,000 almost a year. */
export const sortTimeOf = (n: number): number => BASE_MS + n * 10 * MINUTE_MS
export const FEED_COUNT = 60
export const feedTitleOf = (feed: number): string =>
  `${['Morning', 'Evening', 'Harbour', 'Valley'][feed % 4]} ${['Ledger', 'Gazette', 'Courier', 'Post', 'Herald'][feed % 5]} ${feed}`

export function isKorean(n: number): boolean {
  return n % 10 === 9
}

function englishWords(next: () => number, count: number): string {
  const words: string[] = []
  for (let i = 0; i < count; i++) words.push(`${ENGLISH[englishRank(next)]}${i % 14 === 13 ? '.' : ''}`)
  return words.join(' ')
}

function koreanWords(next: () => number, eojeols: number): string {
  const words: string[] = []
  for (let i = 0; i < eojeols; i++) {
    if (i % 4 === 3) words.push(`${KOREAN_VERBS[Math.floor(next() * KOREAN_VERBS.length)]}.`)
    else
      words.push(
        `${KOREAN_NOUNS[koreanRank(next)]}${KOREAN_PARTICLES[Math.floor(next() * KOREAN_PARTICLES.length)]}`,
      )
  }
  return words.join(' ')
}

/** Article n of the corpus. */
export function corpusArticle(n: number): Article {
  const next = random(n * 2654435761 + 17)
  const korean = isKorean(n)
  const time = new Date(sortTimeOf(n)).toISOString()
  return {
    id: `a${n}`,
    feedId: `f${n % FEED_COUNT}`,
    guid: `urn:bench:${n}`,
    url: null,
    title: korean ? koreanWords(next, 6) : englishWords(next, 9),
    author: `Author ${Math.floor(next() * 300)}`,
    published: time,
    summary: null,
    contentHtml: '',
    contentText: korean ? koreanWords(next, 600) : englishWords(next, 600),
    images: [],
    fetchedAt: time,
  }
}

/** The fixed queries latency is measured over: one to three words, common to rare, a Korean share. */
export const QUERIES = [
  'government',
  'climate change',
  'election results minister',
  'economy',
  'football match',
  'vaccine trial',
  'energy prices',
  'north korea',
  'housing market rent',
  'technology',
  'court ruling',
  'central bank inflation',
  'police',
  'university students',
  'storm flood',
  'oil',
  'trade tariff',
  'space rocket',
  'hospital doctors',
  'film festival',
  'protest',
  'data privacy law',
  'farmers harvest',
  'army',
  'music album',
  'airport flight',
  'startup investors',
  `${ENGLISH[500]}`,
  `${ENGLISH[3000]} ${ENGLISH[20000]}`,
  '북한',
  '경제 협력',
  '모스크바',
  '서울 부동산',
  '대통령',
]

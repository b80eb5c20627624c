/**
 * Deterministic text generation shared by the search tests and `npm run bench:search`: one PRNG and one
 * Korean vocabulary (real nouns, the particles they take, sentence-ending verbs).
 */

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

/** Real Korean nouns, some containing others (북한 in 남북한), which is what makes precision hard. */
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

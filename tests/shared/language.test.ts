import { describe, expect, it } from 'vitest'
import { contentLanguage, isMostlyHangul, normalizeLanguage } from '../../src/shared/language'

describe('content language', () => {
  it('prefers what was declared, normalized to BCP 47', () => {
    expect(contentLanguage('ko_KR', 'Hello')).toBe('ko-KR')
    expect(contentLanguage('en', 'Seoul raises subway fares')).toBe('en')
    expect(contentLanguage('ko', 'Tech News')).toBe('ko')
    expect(normalizeLanguage(' de-CH ')).toBe('de-CH')
    expect(normalizeLanguage('<script>')).toBeNull()
    expect(normalizeLanguage('')).toBeNull()
  })

  it('says Korean for mostly-Hangul text, declared or not (a Korean blog left at "en-US"); nothing for other text', () => {
    expect(contentLanguage('en-US', '서울시, 지하철 요금을 조정')).toBe('ko')
    expect(contentLanguage(null, '서울시, 지하철 요금을 내년부터 조정')).toBe('ko')
    expect(contentLanguage(undefined, 'Apple, 서울에서 새 매장 개장')).toBe('ko')
    expect(contentLanguage(null, 'The harbour lighthouse is lit again')).toBeUndefined()
    // A Korean word in an English sentence does not make it Korean.
    expect(isMostlyHangul('The word for fare is 요금, said the guide at the station today')).toBe(false)
    expect(contentLanguage(null, 'English title', '본문은 한국어로 쓰였습니다')).toBe('ko')
  })
})

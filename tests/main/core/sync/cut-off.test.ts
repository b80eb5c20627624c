import { describe, expect, it } from 'vitest'
import { endsCutOff, textLength, TRUNCATED } from '../../../../src/main/core/sync/article-content'
import { random } from '../../../helpers/generated-text'

const PIECES = [
  'The harbour',
  'lighthouse',
  'is lit again',
  'read more',
  'Read More',
  'continue reading',
  'more »',
  'more',
  '»',
  '…',
  '...',
  '[…]',
  '[...]',
  '더 보기',
  '더보기',
  '계속 읽기',
  '続きを読む',
  '阅读全文',
  'weiterlesen',
  'lire la suite',
  'leer más',
  '서울시는',
  '지하철',
  '요금',
  '—',
  '_',
  '!',
  '?',
  '"',
  '2026',
  'x',
  'ÿ',
  ' ',
  '  ',
  '\n',
  '.',
  ',',
  ')',
  '(',
  '→',
]

describe('endsCutOff', () => {
  it('says what the whole-text expression says, reading only the end, over texts of every kind', () => {
    const next = random(7)
    let cut = 0
    for (let n = 0; n < 5000; n++) {
      const count = 1 + Math.floor(next() * 30)
      const text = Array.from({ length: count }, () => PIECES[Math.floor(next() * PIECES.length)]).join(
        next() < 0.5 ? ' ' : '',
      )
      expect(endsCutOff(text), JSON.stringify(text)).toBe(TRUNCATED.test(text))
      if (TRUNCATED.test(text)) cut++
    }
    // Both answers were tried many times.
    expect(cut).toBeGreaterThan(500)
    expect(cut).toBeLessThan(4500)
  })

  it('finds an ending before a long run of other characters, and none cut off in the middle', () => {
    const long = `${'word '.repeat(400)}read more${' »'.repeat(200)}`
    expect(endsCutOff(long)).toBe(true)
    expect(endsCutOff(`${'서울 '.repeat(300)}더 보기 ${'지하철 요금 '.repeat(300)}`)).toBe(true)
    expect(endsCutOff(`read more ${'word '.repeat(400)}`)).toBe(false)
    expect(endsCutOff('')).toBe(false)
  })
})

describe('textLength', () => {
  /** The count as three replacements give it: tags removed, each entity one, white space none. */
  const byExpressions = (html: string): number =>
    html
      .replace(/<[^>]*>/g, '')
      .replace(/&[#\w]+;/g, '.')
      .replace(/\s+/g, '').length

  const MARKUP = [
    '<',
    '>',
    '<p>',
    '</p>',
    '<a href="x>y">',
    '&',
    ';',
    '#',
    'amp',
    'x',
    '1',
    '_',
    ' ',
    '\n',
    '\t',
  ]
  const SPACES = [
    '\u00a0',
    '\u1680',
    '\u2000',
    '\u200a',
    '\u200b',
    '\u2028',
    '\u202f',
    '\u205f',
    '\u3000',
    '\ufeff',
    '\u0085',
  ]
  const TEXT = ['서울', 'é', '—', '😀', '.', 'Lighthouse']

  it('counts as the three replacements do, in one pass, over markup of every kind', () => {
    const next = random(11)
    const pieces = [...MARKUP, ...SPACES, ...TEXT]
    let nonZero = 0
    for (let n = 0; n < 20_000; n++) {
      const length = Math.floor(next() * 14)
      let html = ''
      for (let k = 0; k < length; k++) html += pieces[Math.floor(next() * pieces.length)]
      const expected = byExpressions(html)
      if (expected > 0) nonZero++
      expect(textLength(html), JSON.stringify(html)).toBe(expected)
    }
    expect(nonZero).toBeGreaterThan(10_000)
  })

  it('counts every character of white space the expression knows as none', () => {
    for (let code = 0; code < 0x10000; code++) {
      const char = String.fromCharCode(code)
      if (char === '<' || char === '&') continue
      expect(textLength(char), code.toString(16)).toBe(byExpressions(char))
    }
  })
})

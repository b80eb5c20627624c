import { describe, expect, it } from 'vitest'
import { displayColumns, fitSnippet } from '../../src/shared/snippet'

type Range = [number, number]

/** Every occurrence of `word` in `text`, as ranges. */
function rangesOf(text: string, word: string): Range[] {
  const ranges: Range[] = []
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) ranges.push([at, word.length])
  return ranges
}

/** The column at which the snippet's first match starts and ends, and the snippet's width. */
function placement(snippet: { text: string; ranges: Range[] }): {
  start: number
  end: number
  width: number
} {
  const [first] = snippet.ranges
  if (!first) throw new Error(`no match in "${snippet.text}"`)
  const [start, length] = first
  return {
    start: displayColumns(snippet.text.slice(0, start)),
    end: displayColumns(snippet.text.slice(0, start + length)),
    width: displayColumns(snippet.text),
  }
}

const FILLER = 'The committee met again on Tuesday to discuss the budget and the roads. '
const CITIES =
  'Officials from the far eastern cities of Vladivostok and Khabarovsk signed the agreement on river traffic. '

describe('fitSnippet', () => {
  it('centres a match deep inside a long text, and fits the columns', () => {
    const text = `${FILLER.repeat(60)}${CITIES}${FILLER.repeat(60)}`
    for (const columns of [36, 55, 80, 160]) {
      const fitted = fitSnippet(text, rangesOf(text, 'Khabarovsk'), columns)
      const { start, end, width } = placement(fitted)
      expect(width).toBeLessThanOrEqual(columns)
      expect(width).toBeGreaterThan(columns - 14)
      expect(fitted.text.slice(fitted.ranges[0]![0], fitted.ranges[0]![0] + 10)).toBe('Khabarovsk')
      // Centred: the context before and after the match differ by little more than a word.
      const before = start
      const after = width - end
      expect(Math.abs(before - after)).toBeLessThanOrEqual(14)
      expect(fitted.text.startsWith('…')).toBe(true)
      expect(fitted.text.endsWith('…')).toBe(true)
    }
  })

  it('starts at the text’s start when the match is near it', () => {
    const text = `Khabarovsk is far east. ${FILLER.repeat(20)}`
    const fitted = fitSnippet(text, rangesOf(text, 'Khabarovsk'), 50)
    expect(fitted.text.startsWith('Khabarovsk is far east.')).toBe(true)
    expect(fitted.ranges[0]).toEqual([0, 10])
    expect(fitted.text.endsWith('…')).toBe(true)
    expect(displayColumns(fitted.text)).toBeLessThanOrEqual(50)
  })

  it('ends at the text’s end when the match is near it', () => {
    const text = `${FILLER.repeat(20)}The train reached Khabarovsk.`
    const fitted = fitSnippet(text, rangesOf(text, 'Khabarovsk'), 50)
    expect(fitted.text.endsWith('The train reached Khabarovsk.')).toBe(true)
    expect(fitted.text.startsWith('…')).toBe(true)
    const { end, width } = placement(fitted)
    expect(width).toBeLessThanOrEqual(50)
    expect(width - end).toBe(1)
  })

  it('counts Hangul as two columns and centres a Korean match', () => {
    const sentence = '정부는 오늘 하바롭스크 시와 블라디보스토크 시의 협력 협정에 서명했다고 밝혔다. '
    const filler = '국회는 화요일에 다시 모여 예산과 도로 문제를 논의했다. '
    const text = `${filler.repeat(40)}${sentence}${filler.repeat(40)}`
    const fitted = fitSnippet(text, rangesOf(text, '하바롭스크'), 40)
    const { start, end, width } = placement(fitted)
    expect(width).toBeLessThanOrEqual(40)
    // 40 columns of Hangul are about 20 syllables, not 40.
    expect([...fitted.text].length).toBeLessThanOrEqual(26)
    expect(Math.abs(start - (width - end))).toBeLessThanOrEqual(WORDISH)
    expect(fitted.text.slice(fitted.ranges[0]![0], fitted.ranges[0]![0] + 5)).toBe('하바롭스크')
  })

  it('centres on the densest cluster of matches, not the first match', () => {
    const text = `A storm hit. ${FILLER.repeat(30)}The storm, the storm warning and storm surge. ${FILLER.repeat(30)}`
    const fitted = fitSnippet(text, rangesOf(text, 'storm'), 60)
    expect(fitted.ranges.length).toBeGreaterThanOrEqual(3)
    expect(fitted.text).toContain('storm warning')
  })

  it('keeps a short text whole, its line breaks as spaces', () => {
    const fitted = fitSnippet('One line\nand another.', [[13, 7]], 80)
    expect(fitted).toEqual({ text: 'One line and another.', ranges: [[13, 7]] })
  })

  it('starts at the text’s start when nothing matched', () => {
    const fitted = fitSnippet(FILLER.repeat(5), [], 40)
    expect(fitted.text.startsWith('The committee met')).toBe(true)
    expect(displayColumns(fitted.text)).toBeLessThanOrEqual(40)
    expect(fitted.ranges).toEqual([])
  })

  it('never splits a surrogate pair', () => {
    const text = `${'𝒳 '.repeat(100)}needle ${'𝒳 '.repeat(100)}`
    const fitted = fitSnippet(text, rangesOf(text, 'needle'), 21)
    expect(fitted.text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
    expect(fitted.text).toContain('needle')
  })
})

/** A Korean word and its space: the most a word boundary may shift the window. */
const WORDISH = 14

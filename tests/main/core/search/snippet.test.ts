import { describe, expect, it } from 'vitest'
import { makeSnippet, matchPositions, SNIPPET_COLUMNS } from '../../../../src/main/core/search/text-match'
import { analyze } from '../../../../src/main/core/search/tokenize'
import { displayColumns } from '../../../../src/shared/snippet'

/** The index terms of a word, as a query for it would match them. */
function matcherOf(word: string) {
  return { terms: new Set(analyze(word).flatMap((token) => token.terms)), prefixes: [] }
}

/** Columns of context before and after the snippet's first match. */
function around(snippet: { snippet: string; positions: [number, number][] }): [number, number] {
  const [start, length] = snippet.positions[0] as [number, number]
  return [
    displayColumns(snippet.snippet.slice(0, start)),
    displayColumns(snippet.snippet.slice(start + length)),
  ]
}

const FILLER = 'The committee met again on Tuesday to discuss the budget and the roads. '

describe('search snippets', () => {
  it('centre the best match of a long text, deep inside it', () => {
    const text = `${FILLER.repeat(80)}Officials from the far eastern cities of Vladivostok and Khabarovsk signed it. ${FILLER.repeat(80)}`
    const snippet = makeSnippet(text, matchPositions(text, matcherOf('Khabarovsk')))
    const [before, after] = around(snippet)
    expect(displayColumns(snippet.snippet)).toBeLessThanOrEqual(SNIPPET_COLUMNS)
    expect(Math.abs(before - after)).toBeLessThanOrEqual(14)
    const [start] = snippet.positions[0] as [number, number]
    expect(snippet.snippet.slice(start, start + 10)).toBe('Khabarovsk')
  })

  it('centre a Korean match, Hangul counted two columns wide', () => {
    const filler = '국회는 화요일에 다시 모여 예산과 도로 문제를 논의했다. '
    const text = `${filler.repeat(60)}정부는 오늘 하바롭스크 시와 협정에 서명했다. ${filler.repeat(60)}`
    const snippet = makeSnippet(text, matchPositions(text, matcherOf('하바롭스크')))
    const [before, after] = around(snippet)
    expect(displayColumns(snippet.snippet)).toBeLessThanOrEqual(SNIPPET_COLUMNS)
    expect(Math.abs(before - after)).toBeLessThanOrEqual(14)
  })

  it('start at the text’s start for a match near it, and end at its end for a match near that', () => {
    const early = `Khabarovsk woke to snow. ${FILLER.repeat(40)}`
    expect(makeSnippet(early, matchPositions(early, matcherOf('Khabarovsk'))).positions[0]).toEqual([0, 10])
    const late = `${FILLER.repeat(40)}Snow fell on Khabarovsk.`
    const snippet = makeSnippet(late, matchPositions(late, matcherOf('Khabarovsk')))
    expect(snippet.snippet.endsWith('Snow fell on Khabarovsk.')).toBe(true)
  })
})

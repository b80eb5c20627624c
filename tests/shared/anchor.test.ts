import { describe, expect, it } from 'vitest'
import { anchorOf, canonicalText, findQuote, locate, placeAnchor } from '../../src/shared/anchor'

const STORY =
  'The river rose in the night. By morning the river had reached the square, and the river kept rising. ' +
  'Nobody in Khabarovsk remembered a flood like it.'

describe('canonical text', () => {
  it('joins text nodes with every whitespace run (across nodes too) one space, and none leading', () => {
    const canonical = canonicalText(['\n  One ', ' two\t', '\n', 'three', '\u00a0 four'])
    expect(canonical.text).toBe('One two three four')
    expect(canonical.starts).toEqual([0, 4, 8, 8, 13])
  })

  it('maps canonical offsets back into the raw pieces, for a DOM range', () => {
    const pieces = ['  Hello ', '  big ', 'world']
    const canonical = canonicalText(pieces)
    const start = canonical.text.indexOf('big')
    expect(locate(pieces, canonical, start)).toEqual({ piece: 1, offset: 2 })
    expect(locate(pieces, canonical, start + 3, true)).toEqual({ piece: 1, offset: 5 })
    const w = canonical.text.indexOf('world')
    expect(locate(pieces, canonical, w)).toEqual({ piece: 2, offset: 0 })
    expect(locate(pieces, canonical, canonical.text.length, true)).toEqual({ piece: 2, offset: 5 })
    expect(locate(pieces, canonical, 99)).toBeNull()
  })
})

describe('anchoring a highlight', () => {
  it('places the quote where it was when the text is unchanged', () => {
    const start = STORY.indexOf('the river kept rising')
    const anchor = anchorOf(STORY, start, start + 'the river kept rising'.length)
    expect(placeAnchor(STORY, anchor)).toEqual({ start, end: anchor.end })
  })

  it('tells equal quotes apart by the text around them, after the article’s text shifted', () => {
    // The third "the river" (before "kept"), then a paragraph added above and a word changed before it.
    const third = STORY.lastIndexOf('the river')
    const anchor = anchorOf(STORY, third, third + 'the river'.length)
    const shifted = 'Updated at noon: the river has fallen since. ' + STORY.replace('square', 'main square')
    const placed = placeAnchor(shifted, anchor)
    expect(placed).not.toBeNull()
    expect(shifted.slice(placed!.end, placed!.end + 11)).toBe(' kept risin')
    expect(placed!.start).toBe(shifted.lastIndexOf('the river'))
  })

  it('uses the old position to choose between occurrences with the same surroundings', () => {
    const text = 'echo. echo. echo. echo.'
    const anchor = anchorOf(text, 12, 16)
    expect(placeAnchor(text, { ...anchor, prefix: '', suffix: '' })).toEqual({ start: 12, end: 16 })
  })

  it('is orphaned (null) when the quote no longer occurs', () => {
    const start = STORY.indexOf('Khabarovsk')
    const anchor = anchorOf(STORY, start, start + 10)
    expect(placeAnchor(STORY.replace('Khabarovsk', 'the city'), anchor)).toBeNull()
    expect(placeAnchor(STORY, { ...anchor, exact: '' })).toBeNull()
  })
})

describe('finding typed text', () => {
  it('matches across paragraph breaks and different whitespace, not different letters', () => {
    const text = canonicalText(['First paragraph ends here.', 'Second one   starts.']).text
    expect(findQuote(text, 'ends here.\n\nSecond  one')).toEqual({
      start: text.indexOf('ends'),
      end: text.indexOf('one') + 3,
    })
    expect(findQuote(text, 'ends there')).toBeNull()
    expect(findQuote(text, '   ')).toBeNull()
    expect(findQuote('a (b) [c] $d', '(b) [c] $d')).toEqual({ start: 2, end: 12 })
  })
})

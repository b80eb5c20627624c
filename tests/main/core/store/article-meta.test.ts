import { describe, expect, it } from 'vitest'
import { metaOf, snippetOf, sortTimeOf } from '../../../../src/main/core/store/article-meta'
import type { Article } from '../../../../src/shared/types'

/** The snippet as it was computed before it was read from a prefix: the whole text flattened. */
function wholeTextSnippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= 200 ? flat : `${flat.slice(0, 199).trimEnd()}…`
}

/** A small deterministic generator (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const PIECES = [
  'a',
  'word',
  '한국어',
  '😀',
  ' ',
  '  ',
  '\n',
  '\t \n',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\u3000',
  '.',
]

function text(next: () => number, length: number): string {
  let out = ''
  while (out.length < length) out += PIECES[Math.floor(next() * PIECES.length)]
  return out
}

describe('the catalog snippet', () => {
  it('is the same to the byte as the whole text flattened, whatever the text', () => {
    const texts: string[] = [
      '',
      ' ',
      'short',
      ' '.repeat(1000) + 'late',
      'x'.repeat(399) + ' '.repeat(50) + 'y',
    ]
    // Whitespace runs that cross the prefix's end (400 characters), texts just around the cut (200).
    for (let n = 0; n < 40; n++) texts.push('w'.repeat(380 + n) + ' \n\t'.repeat(10) + 'tail')
    for (let n = 190; n < 420; n++) texts.push('ab '.repeat(n).slice(0, n))
    // Long texts whose flattened text is about the snippet's length, or whose prefix alone is.
    for (let n = 195; n < 206; n++)
      texts.push('a'.repeat(n) + ' '.repeat(450), 'a'.repeat(n) + '\n'.repeat(300) + 'b')
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed)
      texts.push(text(next, Math.floor(next() * 1200)))
    }
    const differing = texts.filter((t) => snippetOf(t) !== wholeTextSnippet(t))
    expect(differing).toEqual([])
  })

  it('is in the meta with the sort time', () => {
    const article = {
      id: 'x',
      feedId: 'f',
      title: 'T',
      url: null,
      author: null,
      published: '2030-01-01T00:00:00.000Z',
      fetchedAt: '2024-01-01T00:00:00.000Z',
      contentText: '  one\n\ntwo  ',
      images: [],
    } as unknown as Article
    expect(metaOf(article)).toMatchObject({ snippet: 'one two', sortTime: Date.parse(article.fetchedAt) })
    expect(sortTimeOf({ ...article, published: '2023-01-01T00:00:00.000Z' })).toBe(
      Date.parse('2023-01-01T00:00:00.000Z'),
    )
  })
})

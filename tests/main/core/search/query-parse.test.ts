import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileQuery } from '../../../../src/main/core/search/query-compile'
import { parseQuery, SearchQueryError } from '../../../../src/main/core/search/query-parse'
import { describeFailure, UserError } from '../../../../src/main/core/errors'
import { INCOMPLETE_QUERY_CODES } from '../../../../src/shared/failure-codes'

describe('parseQuery', () => {
  it('reads words, +must, -mustnot, fields, prefixes and phrases', () => {
    expect(parseQuery('climate +trade -sport title:rust author:"Ada Lovelace" econom* feed:ledger')).toEqual([
      { presence: 'should', field: null, text: 'climate', phrase: false, prefix: false },
      { presence: 'must', field: null, text: 'trade', phrase: false, prefix: false },
      { presence: 'not', field: null, text: 'sport', phrase: false, prefix: false },
      { presence: 'should', field: 'title', text: 'rust', phrase: false, prefix: false },
      { presence: 'should', field: 'author', text: 'Ada Lovelace', phrase: true, prefix: false },
      { presence: 'should', field: null, text: 'econom', phrase: false, prefix: true },
      { presence: 'should', field: 'feed', text: 'ledger', phrase: false, prefix: false },
    ])
  })

  it('treats an unknown field prefix and hyphenated words as text', () => {
    expect(parseQuery('at 10:30 https://x.test')[1]).toMatchObject({ field: null, text: '10:30' })
    expect(parseQuery('state-of-the-art')[0]).toMatchObject({ presence: 'should', text: 'state-of-the-art' })
  })

  it.each([
    ['"north korea', /quote is never closed/],
    ['climate -', /"-" must be followed by a word/],
    ['+ climate', /"\+" must be followed by a word/],
    ['title:', /"title:" must be followed by a word/],
    ['title: climate', /"title:" must be followed by a word/],
    ['*', /"\*" must follow the start of a word/],
    ['ec*nomy', /"\*" can only end a word/],
    ['""', /empty phrase/],
    ['x'.repeat(600), /too long/],
  ])('rejects %s with a clear message', (query, message) => {
    expect(() => compileQuery(query)).toThrow(SearchQueryError)
    expect(() => compileQuery(query)).toThrow(message)
  })

  it.each([
    ['-sport -weather', /not only -exclusions/],
    ['the a of', /too common to search for/],
    ['', /type a word/],
    ['   ', /type a word/],
    ['e*', /too short/],
  ])('rejects %j: nothing to look for', (query, message) => {
    expect(() => compileQuery(query)).toThrow(message)
  })

  it('is a UserError, so the CLI prints one line', () => {
    expect(() => compileQuery('"open')).toThrow(UserError)
  })

  it('never throws anything but a SearchQueryError, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (query) => {
        try {
          compileQuery(query)
        } catch (error) {
          expect(error).toBeInstanceOf(SearchQueryError)
          expect((error as Error).message).not.toMatch(/undefined|\n/)
        }
      }),
      { numRuns: 500, seed: 42 },
    )
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('+', '-', '"', '*', ':', 'title:', 'a', '북', ' ', 'word'), {
          maxLength: 12,
        }),
        (parts) => {
          try {
            compileQuery(parts.join(''))
          } catch (error) {
            expect(error).toBeInstanceOf(SearchQueryError)
          }
        },
      ),
      { numRuns: 500, seed: 7 },
    )
  })

  it.each([
    ['"north korea', 'query-unclosed-quote', {}],
    ['climate -', 'query-lone-sign', { sign: '-' }],
    ['title:', 'query-lone-field', { field: 'title:' }],
    ['""', 'query-empty-phrase', {}],
    ['*', 'query-lone-star', {}],
    ['a', 'query-too-common', { words: 'a', count: 1 }],
    ['the about', 'query-too-common', { words: 'the about', count: 2 }],
    ['^', 'query-no-words', { words: '^', count: 1 }],
    ['... !!', 'query-no-words', { words: '... !!', count: 2 }],
    ['the ^', 'query-too-common', { words: 'the', count: 1 }],
    ['-sport', 'query-only-exclusions', {}],
    ['', 'query-empty', {}],
    ['ec*nomy', 'query-star-inside', { word: 'ec*nomy' }],
    ['e*', 'query-prefix-too-short', { word: 'e*', min: 2 }],
    ['x'.repeat(600), 'query-too-long', { length: 600, max: 500 }],
  ])('gives %j the code %s, with what its words need', (query, code, params) => {
    const failure = describeFailure(catchOf(() => compileQuery(query)))
    expect(failure).toMatchObject({ expected: true, code, params })
  })

  it('is only ever incomplete, never wrong, at any point of typing a good query', () => {
    for (const query of [
      'climate -sport title:"north korea" author:ada econom* +trade about the feed:gazette',
      '"북한 정부" -스포츠 title:요금',
      'about',
    ]) {
      for (let end = 1; end <= query.length; end++) {
        const typed = query.slice(0, end)
        let error: unknown = null
        try {
          compileQuery(typed)
        } catch (caught) {
          error = caught
        }
        if (error === null) continue
        const { code } = describeFailure(error)
        expect(INCOMPLETE_QUERY_CODES.has(code as never), `${JSON.stringify(typed)}: ${code}`).toBe(true)
      }
    }
  })
})

function catchOf(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

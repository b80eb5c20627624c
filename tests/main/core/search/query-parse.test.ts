import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileQuery } from '../../../../src/main/core/search/query-compile'
import { parseQuery, SearchQueryError } from '../../../../src/main/core/search/query-parse'
import { UserError } from '../../../../src/main/core/errors'

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
})

import { describe, expect, it } from 'vitest'
import { UserError } from '../../../src/main/core/errors'
import { resolveIdPrefix } from '../../../src/main/core/id-prefix'

const FEEDS = [
  { id: 'a1b2c3d4e5f60718', label: 'Hacker News' },
  { id: 'a1b2c3ffffffffff', label: 'Lobsters' },
  { id: '9f8e7d6c5b4a3921', label: '한겨레' },
]

describe('resolveIdPrefix', () => {
  it('takes a whole id, or a unique start of 6 or more characters, in any case', () => {
    expect(resolveIdPrefix('feed', 'a1b2c3d4e5f60718', FEEDS)).toBe('a1b2c3d4e5f60718')
    expect(resolveIdPrefix('feed', '9f8e7d', FEEDS)).toBe('9f8e7d6c5b4a3921')
    expect(resolveIdPrefix('feed', 'A1B2C3D', FEEDS)).toBe('a1b2c3d4e5f60718')
    expect(resolveIdPrefix('feed', ' 9f8e7d6 ', FEEDS)).toBe('9f8e7d6c5b4a3921')
  })

  it('prefers the whole id over a longer id it starts', () => {
    const ids = [
      { id: 'abcdef1', label: 'longer' },
      { id: 'abcdef', label: 'exact' },
    ]
    expect(resolveIdPrefix('feed', 'abcdef', ids)).toBe('abcdef')
  })

  it('lists the candidates of an ambiguous start, in one line', () => {
    const error = (() => {
      try {
        resolveIdPrefix('feed', 'a1b2c3', FEEDS)
      } catch (caught) {
        return caught as Error
      }
      throw new Error('no error')
    })()
    expect(error).toBeInstanceOf(UserError)
    expect(error.message).toBe(
      'ambiguous feed id a1b2c3: 2 feeds have ids starting with it — a1b2c3d4e5f60718 (Hacker News), a1b2c3ffffffffff (Lobsters); give more of the id',
    )
  })

  it('lists a few of many candidates and counts the rest', () => {
    const many = Array.from({ length: 12 }, (_, n) => ({ id: `cafe00${n.toString(16)}0`, label: `F${n}` }))
    expect(() => resolveIdPrefix('article', 'cafe00', many)).toThrow(/12 articles .*, and 4 more; give more/)
  })

  it('refuses a start shorter than 6 characters, and an id that is not there', () => {
    expect(() => resolveIdPrefix('feed', '9f8e7', FEEDS)).toThrow(
      'no feed with id 9f8e7 (give the whole id, or at least its first 6 characters)',
    )
    expect(() => resolveIdPrefix('account', 'deadbeef', FEEDS)).toThrow(/^no account with id deadbeef$/)
    // Nothing given says so (it matched nothing before, and read "no feed with id ").
    expect(() => resolveIdPrefix('feed', ' ', FEEDS)).toThrow(/^no feed id given: give one/)
  })
})

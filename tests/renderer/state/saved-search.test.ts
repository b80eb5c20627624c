import { describe, expect, it } from 'vitest'
import { nameOfQuery, queryOfSearch } from '../../../src/renderer/src/state/saved-search'
import { NO_FILTERS } from '../../../src/renderer/src/state/selection'
import { feedSummary } from '../fake-api'

const feeds = [feedSummary('verge', 'The Verge'), feedSummary('bbc', 'BBC')]
const folders = [{ id: 'f1', title: 'World', path: 'News/World', parentId: null, account: 'local' } as never]

describe('a search as one query, to save', () => {
  it('writes the filters beside the field in the query language, so the smart feed finds the same', () => {
    expect(queryOfSearch('flood', NO_FILTERS, feeds, folders)).toBe('flood')
    expect(queryOfSearch('flood', { ...NO_FILTERS, scope: 'feed:verge', unread: true }, feeds, folders)).toBe(
      'flood feed:"The Verge" is:unread',
    )
    expect(queryOfSearch('flood', { ...NO_FILTERS, scope: 'feed:bbc' }, feeds, folders)).toBe(
      'flood feed:BBC',
    )
    expect(
      queryOfSearch(
        'flood is:unread',
        { ...NO_FILTERS, scope: 'folder:f1', unread: true, saved: true },
        feeds,
        folders,
      ),
    ).toBe('flood is:unread folder:News/World is:saved')
  })

  it('offers a name: the words without the filters', () => {
    expect(nameOfQuery('flood warning is:unread feed:"The Verge" after:7d')).toBe('flood warning')
    expect(nameOfQuery('is:unread')).toBe('is:unread')
  })
})

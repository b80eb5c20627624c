import { describe, expect, it } from 'vitest'
import { metaOf } from '../../../../src/main/core/store/article-meta'
import { refsOfIdsFile, type WeekIdsFile } from '../../../../src/main/core/store/week-ids'
import { makeArticles } from '../../../helpers/make-articles'

describe("a week's refs from its ids file", () => {
  const file: WeekIdsFile = {
    revision: 'r1',
    feeds: { f1: ['a', 'b', 'c'], f2: ['d'] },
    remote: { b: 'server-b' },
  }

  it('are of the ids the match selects only, with their server ids, the log applied', () => {
    const [put] = makeArticles(1, { feedId: () => 'f2' })
    const log = [{ put: [{ ...metaOf(put!), id: 'e', feedId: 'f2' }], remove: ['c'] }]
    const all = refsOfIdsFile(file, log)
    expect(all.map((ref) => ref.id).sort()).toEqual(['a', 'b', 'd', 'e'])
    expect(all.find((ref) => ref.id === 'b')).toEqual({ id: 'b', feedId: 'f1', remoteId: 'server-b' })
    const some = refsOfIdsFile(file, log, undefined, (id, feedId) => id !== 'a' && feedId !== 'f2')
    expect(some).toEqual([{ id: 'b', feedId: 'f1', remoteId: 'server-b' }])
    expect(refsOfIdsFile(file, [], new Set(['f2']), () => true)).toEqual([{ id: 'd', feedId: 'f2' }])
  })
})

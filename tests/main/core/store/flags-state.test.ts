import { describe, expect, it } from 'vitest'
import {
  applyRecord,
  dataOf,
  readChangesSince,
  ReadIds,
  stateOf,
} from '../../../../src/main/core/store/flags-state'

describe('the read ids in memory', () => {
  it('are looked up in their feed, counted without splitting, and stored back as they were read', () => {
    const read = new ReadIds({ f1: 'a b c', f2: ['d'], empty: '' })
    expect(read.has('f1', 'b')).toBe(true)
    expect(read.has('f2', 'd')).toBe(true)
    expect(read.has('f1', 'd')).toBe(false)
    expect(read.has('none', 'a')).toBe(false)
    expect(Object.fromEntries(read.counts())).toEqual({ f1: 3, f2: 1 })
    // A feed never looked at is written back as the very string it was.
    expect(read.stored()).toEqual({ f1: 'a b c', f2: 'd' })
  })

  it('keep the set of every id in step once it is built, and per-feed counts with every change', () => {
    const read = new ReadIds({ f1: 'a b', f2: 'c' })
    const all = read.all()
    expect([...all].sort()).toEqual(['a', 'b', 'c'])
    read.set('f1', ['x', 'a'], true)
    read.set('f2', ['c'], false)
    read.set('f3', ['gone'], false)
    expect(read.all()).toBe(all)
    expect([...all].sort()).toEqual(['a', 'b', 'x'])
    expect(Object.fromEntries(read.counts())).toEqual({ f1: 3 })
    expect(read.has('f2', 'c')).toBe(false)
    expect(read.stored()).toEqual({ f1: 'a b x' })
  })

  it('built late, hold the changes made before', () => {
    const read = new ReadIds({ f1: 'a b' })
    read.set('f1', ['b'], false)
    read.set('f2', ['z'], true)
    expect([...read.all()].sort()).toEqual(['a', 'z'])
  })

  it('keep a list for a feed whose ids hold the separator (none Broadsheet makes), so nothing splits wrong', () => {
    const read = new ReadIds({})
    read.set('f1', ['an id', 'b'], true)
    expect(read.stored()).toEqual({ f1: ['an id', 'b'] })
    expect(new ReadIds(read.stored()).has('f1', 'an id')).toBe(true)
  })

  it('forget articles with the log records that name them, and write flags.json in the new form', () => {
    const state = stateOf({ read: { f1: ['a', 'b'] }, bookmarked: ['a'], hidden: { f1: ['b'] } })
    applyRecord(state, { forget: { f1: ['a'] } })
    applyRecord(state, { to: true, read: { f2: ['c'] } })
    expect(dataOf(state)).toEqual({ read: { f1: 'b', f2: 'c' }, bookmarked: [], hidden: { f1: ['b'] } })
  })
})

describe('a lookup of many articles grouped by feed', () => {
  it('answers as has() does, whatever order the feeds come in', () => {
    const read = new ReadIds({ f1: 'a b', f2: 'c' })
    const isRead = read.lookup()
    const asked: [string, string][] = [
      ['f1', 'a'],
      ['f1', 'c'],
      ['f2', 'c'],
      ['f1', 'b'],
      ['f3', 'a'],
      ['f2', 'a'],
    ]
    expect(asked.map(([feedId, id]) => isRead(feedId, id))).toEqual(
      asked.map(([feedId, id]) => read.has(feedId, id)),
    )
    expect(asked.map(([feedId, id]) => isRead(feedId, id))).toEqual([true, false, true, true, false, false])
  })
})

describe('the journal of read flags changed', () => {
  const fresh = () => stateOf({ read: { f1: 'a' }, bookmarked: [], hidden: {} })

  it('holds the flags that changed since a change, in order, and not those that were so already', () => {
    const state = fresh()
    applyRecord(state, { read: { f1: ['a', 'b'] } })
    const since = state.changes
    applyRecord(state, { read: { f1: ['c'], f2: ['d'] } })
    applyRecord(state, { to: false, read: { f1: ['a', 'zz'] } })
    applyRecord(state, { read: { f1: ['c'] } })
    const ids = (changes: ReturnType<typeof readChangesSince>) =>
      changes?.map(({ id, read }) => `${id}${read ? '+' : '-'}`)
    // "a" was read before the journal began and "b" changed before `since`; "zz" and the second "c" changed nothing.
    expect(ids(readChangesSince(state, since))).toEqual(['c+', 'd+', 'a-'])
    expect(ids(readChangesSince(state, 0))).toEqual(['b+', 'c+', 'd+', 'a-'])
    expect(readChangesSince(state, state.changes)).toEqual([])
  })

  it('cannot tell across a change to bookmarks, hidden or forgotten articles, or past what it kept', () => {
    for (const other of [{ bookmarked: ['x'] }, { hidden: { f1: ['x'] } }, { forget: { f1: ['a'] } }]) {
      const state = fresh()
      const before = state.changes
      applyRecord(state, { read: { f1: ['b'] } })
      applyRecord(state, other)
      const after = state.changes
      applyRecord(state, { read: { f1: ['c'] } })
      expect(readChangesSince(state, before), JSON.stringify(other)).toBeNull()
      expect(readChangesSince(state, after)?.map((change) => change.id)).toEqual(['c'])
    }
    const state = fresh()
    applyRecord(state, { read: { f1: ['b'] } })
    const since = state.changes
    // A "mark all read" of 300: more than the journal keeps, and not cut in two.
    applyRecord(state, { read: { f2: Array.from({ length: 300 }, (_, i) => `m${i}`) } })
    expect(readChangesSince(state, since)).toBeNull()
    const after = state.changes
    applyRecord(state, { read: { f1: ['c'] } })
    expect(readChangesSince(state, after)?.map((change) => change.id)).toEqual(['c'])
    expect(readChangesSince(state, since)).toBeNull()
    // Of 100,000 at once, none is written down (and all are read).
    applyRecord(state, { read: { f3: Array.from({ length: 100_000 }, (_, i) => `x${i}`) } })
    expect(state.journal.changes).toEqual([])
    expect(readChangesSince(state, after)).toBeNull()
    expect(state.read.counts().get('f3')).toBe(100_000)
  })
})

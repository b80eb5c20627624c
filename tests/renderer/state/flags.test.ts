import { describe, expect, it, vi } from 'vitest'
import { createFlagStore } from '../../../src/renderer/src/state/flags'

const a1 = { id: 'a1', feedId: 'a', read: false, bookmarked: false }
const a2 = { id: 'a2', feedId: 'a', read: true, bookmarked: false }
const b1 = { id: 'b1', feedId: 'b', read: false, bookmarked: true }

function loaded() {
  const flags = createFlagStore()
  flags.learn([a1, a2, b1], flags.now())
  return flags
}

describe('the flag store', () => {
  it('knows what the core’s answers said, and reads unknown articles as neither read nor bookmarked', () => {
    const flags = loaded()
    expect(flags.of('a2')).toMatchObject({ read: true, bookmarked: false })
    expect(flags.of('b1')).toMatchObject({ read: false, bookmarked: true })
    expect(flags.of('zz')).toEqual({ read: false, bookmarked: false })
    // A search hit without flags keeps what was known.
    flags.learn([{ id: 'b1', feedId: 'b' }], flags.now())
    expect(flags.of('b1').bookmarked).toBe(true)
  })

  it('keeps an article’s flags the same object until they change, and tells listeners once per change', () => {
    const flags = loaded()
    const heard = vi.fn()
    flags.subscribe(heard)
    const before = flags.of('a1')
    const other = flags.of('a2')
    flags.learn([a1, a2], flags.now())
    expect(flags.of('a1')).toBe(before)
    expect(heard).not.toHaveBeenCalled()
    flags.change(a1, { read: true })
    expect(flags.of('a1')).not.toBe(before)
    // The other article's flags are the very object they were: its rows need not render again.
    expect(flags.of('a2')).toBe(other)
    expect(heard).toHaveBeenCalledTimes(1)
  })

  it('counts a change against its feed’s unread count until counts asked for after it was sent come', () => {
    const flags = loaded()
    const read = flags.change(a1, { read: true })
    const unread = flags.change(a2, { read: false })
    const again = flags.change(b1, { read: true })
    expect(Object.fromEntries(flags.unreadChanges.get())).toEqual({ a: 0, b: -1 })
    flags.change(b1, { bookmarked: false })
    expect(Object.fromEntries(flags.unreadChanges.get())).toEqual({ a: 0, b: -1 })
    read.sent()
    again.sent()
    const asked = flags.now()
    unread.sent()
    // The counts asked for now include what was sent before; a2's change was sent after, so it still counts.
    flags.countsLoaded(asked)
    expect(Object.fromEntries(flags.unreadChanges.get())).toEqual({ a: 1 })
    flags.countsLoaded(flags.now())
    expect(flags.unreadChanges.get().size).toBe(0)
  })

  it('a change not sent yet outlives any counts', () => {
    const flags = loaded()
    flags.change(a1, { read: true })
    flags.countsLoaded(flags.now())
    expect(Object.fromEntries(flags.unreadChanges.get())).toEqual({ a: -1 })
  })

  it('marking what is already so counts nothing', () => {
    const flags = loaded()
    flags.change(a2, { read: true })
    expect(flags.unreadChanges.get().size).toBe(0)
  })

  it('undoes a change the core refused: the flag and the count go back', () => {
    const flags = loaded()
    const change = flags.change(a1, { read: true, bookmarked: true })
    flags.change(a1, { bookmarked: false })
    change.undo()
    expect(flags.of('a1')).toMatchObject({ read: false, bookmarked: false })
    expect(Object.fromEntries(flags.unreadChanges.get())).toEqual({})
  })

  it('an answer sent before a change made here does not undo it; one sent after does count', () => {
    const flags = loaded()
    const sent = flags.now()
    flags.change(a1, { read: true })
    flags.learn([a1], sent)
    expect(flags.of('a1').read).toBe(true)
    flags.learn([{ ...a1, read: false }], flags.now())
    expect(flags.of('a1').read).toBe(false)
  })

  it('settles what the core did to whole feeds, without counting it (the core’s counts come next)', () => {
    const flags = loaded()
    const sent = flags.now()
    flags.settle((feedId) => feedId === 'a', { read: true })
    expect([flags.of('a1').read, flags.of('a2').read, flags.of('b1').read]).toEqual([true, true, false])
    expect(flags.unreadChanges.get().size).toBe(0)
    flags.learn([a1], sent)
    expect(flags.of('a1').read).toBe(true)
  })
})

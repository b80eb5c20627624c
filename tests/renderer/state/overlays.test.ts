import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createOverlays, UNDO_NOTICE_MS } from '../../../src/renderer/src/state/overlays'
import { STRINGS } from '../../../src/renderer/src/strings'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('the notice and undo', () => {
  it('offers the last action to undo, runs it once, and says so', async () => {
    const overlays = createOverlays()
    const first = vi.fn(async () => undefined)
    const second = vi.fn(async () => undefined)
    expect(overlays.undoable.get()).toBe(false)
    overlays.offerUndo('Marked 3 articles read.', first)
    overlays.offerUndo('Bookmarked.', second)
    expect(overlays.notice.get()).toEqual({ text: 'Bookmarked.', undo: true })
    expect(overlays.undoable.get()).toBe(true)
    overlays.undo()
    overlays.undo()
    await vi.runAllTicks()
    await Promise.resolve()
    expect(second).toHaveBeenCalledTimes(1)
    expect(first).not.toHaveBeenCalled()
    expect(overlays.undoable.get()).toBe(false)
    expect(overlays.notice.get()).toEqual({ text: STRINGS.undo.done, undo: false })
  })

  it('says why an undo failed', async () => {
    const overlays = createOverlays()
    overlays.offerUndo('Unsubscribed from The Gazette.', async () => {
      throw new Error('nothing to undo: it was undone already, or too long ago')
    })
    overlays.undo()
    await vi.waitFor(() =>
      expect(overlays.notice.get()?.text).toBe('nothing to undo: it was undone already, or too long ago'),
    )
  })

  it('the Undo notice stays a few seconds, and while it is held', () => {
    const overlays = createOverlays()
    overlays.offerUndo('Bookmarked.', async () => undefined)
    vi.advanceTimersByTime(UNDO_NOTICE_MS - 100)
    expect(overlays.notice.get()?.undo).toBe(true)
    overlays.hold(true)
    vi.advanceTimersByTime(UNDO_NOTICE_MS * 3)
    expect(overlays.notice.get()?.undo).toBe(true)
    overlays.hold(false)
    vi.advanceTimersByTime(UNDO_NOTICE_MS + 1)
    expect(overlays.notice.get()).toBeNull()
    // Ctrl+Z still undoes it after the notice faded.
    expect(overlays.undoable.get()).toBe(true)
  })
})

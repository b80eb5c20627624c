import { describe, expect, it, vi } from 'vitest'
import { createStore } from '../../../src/renderer/src/state/store'

describe('a store', () => {
  it('tells its listeners when its state is another value, and only then', () => {
    const store = createStore({ n: 1 })
    const heard = vi.fn()
    const stop = store.subscribe(heard)
    store.set(store.get())
    expect(heard).not.toHaveBeenCalled()
    store.update((now) => ({ n: now.n + 1 }))
    expect(store.get()).toEqual({ n: 2 })
    expect(heard).toHaveBeenCalledTimes(1)
    stop()
    store.set({ n: 3 })
    expect(heard).toHaveBeenCalledTimes(1)
  })
})

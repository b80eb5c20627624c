import { useSyncExternalStore } from 'react'

/** What a component may do with a store: read it, and hear when it changes. */
export interface Readable<T> {
  get(): T
  subscribe(listener: () => void): () => void
}

/**
 * One concept's state (the sync, the library, the open article…) and who to tell when it changes. The
 * state is replaced, never changed in place, so a component reading part of it renders again only when
 * that part is another value. Each concept's module keeps its store to itself and hands out Readable.
 */
interface Store<T> extends Readable<T> {
  set(next: T): void
  update(change: (now: T) => T): void
}

export function createStore<T>(initial: T): Store<T> {
  let state = initial
  const listeners = new Set<() => void>()
  const store: Store<T> = {
    get: () => state,
    set(next) {
      if (Object.is(next, state)) return
      state = next
      for (const listener of [...listeners]) listener()
    },
    update(change) {
      store.set(change(state))
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
  return store
}

/** Sets some fields of a store's state; a patch that changes nothing tells nobody. */
export function patchStore<T extends object>(store: Store<T>, patch: Partial<T>): void {
  const now = store.get()
  const changes = (Object.keys(patch) as (keyof T)[]).some((key) => !Object.is(patch[key], now[key]))
  if (changes) store.set({ ...now, ...patch })
}

/**
 * Part of a store's state, for a component: it renders again when that part changes. `select` must
 * return a piece of the state or a primitive, never a new object (React would ask forever).
 */
export function useStore<T>(store: Readable<T>): T
export function useStore<T, S>(store: Readable<T>, select: (state: T) => S): S
export function useStore<T, S>(store: Readable<T>, select?: (state: T) => S): T | S {
  return useSyncExternalStore(store.subscribe, () => (select ? select(store.get()) : store.get()))
}

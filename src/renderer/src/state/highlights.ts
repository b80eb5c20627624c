import type { Highlight, HighlightColor, HighlightView } from '../../../shared/types'
import { api } from '../api-client'
import { createStore, type Readable } from './store'
import { failureText } from '../locale'

interface HighlightsState {
  /** The article whose highlights these are (the open one), or null. */
  articleId: string | null
  list: HighlightView[]
  error: string | null
}

/** The open article's highlights and notes, and every change to them. */
export interface HighlightStore {
  state: Readable<HighlightsState>
  /** Reads an article's highlights (null: none open). Newest request wins. */
  load(articleId: string | null): void
  add(start: number, end: number, text: string, color?: HighlightColor): Promise<HighlightView | null>
  update(id: string, change: { note?: string; color?: HighlightColor }): Promise<void>
  /** Removes one and returns it as it was, for undo. */
  remove(id: string): Promise<Highlight | null>
  restore(highlight: Highlight): Promise<void>
}

const NONE: HighlightsState = { articleId: null, list: [], error: null }

export function createHighlights(): HighlightStore {
  const state = createStore<HighlightsState>(NONE)
  let ticket = 0

  const reload = async (articleId: string): Promise<void> => {
    const mine = ++ticket
    try {
      const list = await api.listHighlights({ articleId })
      if (mine === ticket) state.set({ articleId, list, error: null })
    } catch (error) {
      if (mine === ticket) state.set({ articleId, list: [], error: failureText(error) })
    }
  }
  /** Runs a change of the open article's highlights, then reads them again; a failure is shown. */
  const change = async <T>(run: (articleId: string) => Promise<T>): Promise<T | null> => {
    const { articleId } = state.get()
    if (!articleId) return null
    try {
      const result = await run(articleId)
      await reload(articleId)
      return result
    } catch (error) {
      state.update((now) => ({ ...now, error: failureText(error) }))
      return null
    }
  }

  return {
    state,
    load(articleId) {
      if (articleId === state.get().articleId) return
      if (!articleId) {
        ticket++
        state.set(NONE)
        return
      }
      state.set({ articleId, list: [], error: null })
      void reload(articleId)
    },
    add: (start, end, text, color) =>
      change((articleId) => api.addHighlight({ articleId, start, end, text, color })),
    update: async (id, patch) => {
      await change(() => api.updateHighlight({ id, ...patch }))
    },
    remove: (id) => change(() => api.removeHighlight({ id })),
    restore: async (highlight) => {
      await change(() => api.restoreHighlight({ highlight }))
    },
  }
}

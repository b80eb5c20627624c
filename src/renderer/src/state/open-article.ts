import type { ArticleView } from '../../../shared/types'
import { api } from '../api-client'
import type { FlagStore } from './flags'
import { createStore, type Readable } from './store'
import { failureText } from '../locale'

interface OpenArticleState {
  /** The article chosen (the list's selected row), or null. */
  id: string | null
  /** It, once read from the cache (never the network). Its flags are the flag store's. */
  article: ArticleView | null
  /**
   * The article open before, for a moment after another was chosen: the reader keeps showing it until
   * the new one comes (usually a few milliseconds) instead of drawing a loading message in between, and
   * says it is loading only if that takes longer than LINGER_MS. To draw, never to act on.
   */
  lingering: ArticleView | null
  loading: boolean
  error: string | null
}

export interface OpenArticle {
  state: Readable<OpenArticleState>
  /**
   * Chooses an article (null: none) and asks the core for it at once, from the event that chose it, so
   * the request and its answer overlap drawing the choice rather than follow it. Newest request wins.
   */
  open(id: string | null): void
  retry(): void
  /** Resolves once the article asked for last has come (or failed): what can wait for it, waits. */
  arrived(): Promise<void>
}

/** How long the last article stays on screen while the next one loads. */
const LINGER_MS = 150

const CLOSED: OpenArticleState = { id: null, article: null, lingering: null, loading: false, error: null }

export function createOpenArticle(flags: FlagStore): OpenArticle {
  const state = createStore(CLOSED)
  /** The article that came last (null when the last request failed): what lingers. */
  let lastLoaded: ArticleView | null = null
  let ticket = 0
  let lingerTimer: ReturnType<typeof setTimeout> | undefined
  let last: Promise<unknown> = Promise.resolve()

  const ask = (id: string): void => {
    const mine = ++ticket
    const asOf = flags.now()
    const answer = api.getArticle({ id })
    // Failures are handled below; `last` only says when the answer is in.
    last = answer.catch(() => undefined)
    clearTimeout(lingerTimer)
    // The article that came last is this one (k back to it): shown at once, and read again.
    const again = lastLoaded?.id === id ? lastLoaded : null
    state.set({ id, article: again, lingering: again ? null : lastLoaded, loading: !again, error: null })
    if (!again) {
      lingerTimer = setTimeout(() => {
        if (mine === ticket) state.update((now) => ({ ...now, lingering: null }))
      }, LINGER_MS)
    }
    answer.then(
      (article) => {
        if (mine !== ticket) return
        clearTimeout(lingerTimer)
        flags.learn([article], asOf)
        lastLoaded = article
        state.set({ id, article, lingering: null, loading: false, error: null })
      },
      (failure: Error) => {
        if (mine !== ticket) return
        clearTimeout(lingerTimer)
        lastLoaded = null
        state.set({ id, article: null, lingering: null, loading: false, error: failureText(failure) })
      },
    )
  }

  return {
    state,
    open(id) {
      if (id === state.get().id) return
      if (id) return ask(id)
      ticket++
      clearTimeout(lingerTimer)
      state.set(CLOSED)
    },
    retry() {
      const { id } = state.get()
      if (id) ask(id)
    },
    arrived: () => last.then(() => undefined),
  }
}

import { useCallback, useEffect, useState } from 'react'
import type { ArticleView } from '../../../shared/types'
import { api } from '../api-client'

export interface ArticleState {
  article: ArticleView | null
  /**
   * The article open before, for a moment after another was chosen: the reader keeps showing it until
   * the new one comes (usually a few milliseconds) instead of drawing a loading message in between, and
   * says it is loading only if that takes longer than LINGER_MS. To draw, never to act on.
   */
  lingering: ArticleView | null
  loading: boolean
  error: string | null
  patch: (patch: Partial<ArticleView>) => void
  retry: () => void
}

interface Loaded {
  key: string
  article: ArticleView | null
  error: string | null
}

/** How long the last article stays on screen while the next one loads. */
export const LINGER_MS = 150

/** The one request sent ahead of its render (see requestArticle), until the hook takes it. */
let early: { id: string; answer: Promise<ArticleView> } | null = null

/**
 * Asks for an article now, from the event that chose it, instead of after React has drawn the choice:
 * the request and the answer's way back overlap that render rather than follow it. The hook below takes
 * the answer (once); a later call for another article replaces it.
 */
export function requestArticle(id: string): void {
  if (early?.id === id) return
  early = { id, answer: ask(id) }
}

/** The article asked for last, whether it came or failed. */
let last: Promise<unknown> = Promise.resolve()

function ask(id: string): Promise<ArticleView> {
  const answer = api.getArticle({ id })
  // Whoever takes it handles a failure; one nobody takes must not be reported as unhandled.
  last = answer.catch(() => undefined)
  return answer
}

/** Resolves once the article asked for last has come (or failed): what can wait for it, waits. */
export function articleArrived(): Promise<void> {
  return last.then(() => undefined)
}

function takeArticle(id: string): Promise<ArticleView> {
  const taken = early?.id === id ? early.answer : ask(id)
  early = null
  return taken
}

/** The open article, read from the cache (never the network), newest request winning. */
export function useArticle(id: string | null): ArticleState {
  const [attempt, setAttempt] = useState(0)
  const [loaded, setLoaded] = useState<Loaded>({ key: '', article: null, error: null })
  const key = id ? `${id}#${attempt}` : ''

  useEffect(() => {
    if (!id) return
    let live = true
    takeArticle(id).then(
      (article) => live && setLoaded({ key, article, error: null }),
      (failure: Error) => live && setLoaded({ key, article: null, error: failure.message }),
    )
    return () => {
      live = false
    }
  }, [id, key])

  const patch = useCallback(
    (changes: Partial<ArticleView>) =>
      setLoaded((now) => (now.article ? { ...now, article: { ...now.article, ...changes } } : now)),
    [],
  )
  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  const current = id !== null && loaded.key === key
  const [slowKey, setSlowKey] = useState('')
  useEffect(() => {
    if (current || !id) return
    const timer = setTimeout(() => setSlowKey(key), LINGER_MS)
    return () => clearTimeout(timer)
  }, [current, id, key])
  return {
    article: current ? loaded.article : null,
    lingering: !current && id !== null && slowKey !== key ? loaded.article : null,
    loading: id !== null && !current,
    error: current ? loaded.error : null,
    patch,
    retry,
  }
}

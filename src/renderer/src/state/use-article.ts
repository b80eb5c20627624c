import { useCallback, useEffect, useState } from 'react'
import type { ArticleView } from '../../../shared/types'
import { api } from '../api-client'

export interface ArticleState {
  article: ArticleView | null
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

/** The open article, read from the cache (never the network), newest request winning. */
export function useArticle(id: string | null): ArticleState {
  const [attempt, setAttempt] = useState(0)
  const [loaded, setLoaded] = useState<Loaded>({ key: '', article: null, error: null })
  const key = id ? `${id}#${attempt}` : ''

  useEffect(() => {
    if (!id) return
    let live = true
    api.getArticle({ id }).then(
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
  return {
    article: current ? loaded.article : null,
    loading: id !== null && !current,
    error: current ? loaded.error : null,
    patch,
    retry,
  }
}

import { useMemo } from 'react'
import { useFocusTargets } from '../commands/focus-targets'
import { matchedTerms } from '../highlight'
import { useArticleFlags, useFeedLanguage, useFeedTitle, useReader } from '../state/reader-context'
import { useStore } from '../state/store'
import { Reader } from './Reader'
import type { HighlightView } from '../../../shared/types'

const NO_TERMS: readonly string[] = []
const NO_HIGHLIGHTS: readonly HighlightView[] = []

/** The right pane as the stores have it: the open article (or the one lingering), with its flags. */
export function ReaderPane() {
  const { readerScroll } = useFocusTargets()
  const { article, list, highlights: highlightStore, overlays } = useReader()
  const highlightState = useStore(highlightStore.state)
  const opened = useStore(article.state)
  const rows = useStore(list.state, (state) => state.rows)
  const shown = opened.article ?? opened.lingering
  const flags = useArticleFlags(shown?.id ?? '')
  const view = useMemo(
    () => shown && { ...shown, read: flags.read, bookmarked: flags.bookmarked },
    [shown, flags],
  )
  const hit = useMemo(() => rows.find((row) => row.id === opened.id)?.hit, [rows, opened.id])
  const feedTitle = useFeedTitle()
  const feedLanguage = useFeedLanguage()

  /** Words to mark in the open article: the matches the search found in it. */
  const terms = useMemo(() => {
    if (!hit || !opened.article) return NO_TERMS
    return [
      ...new Set([
        ...matchedTerms(opened.article.contentText, hit.positions.content),
        ...matchedTerms(opened.article.title, hit.positions.title),
        ...matchedTerms(hit.snippet, hit.snippetPositions),
      ]),
    ]
  }, [hit, opened.article])

  return (
    <Reader
      ref={readerScroll}
      article={view}
      loading={opened.loading}
      error={opened.error}
      feedTitle={shown ? feedTitle(shown.feedId) : ''}
      feedLanguage={shown ? feedLanguage(shown.feedId) : undefined}
      terms={terms}
      highlights={shown && highlightState.articleId === shown.id ? highlightState.list : NO_HIGHLIGHTS}
      highlightStore={highlightStore}
      onHighlightChange={overlays.offerUndo}
      onRetry={article.retry}
    />
  )
}

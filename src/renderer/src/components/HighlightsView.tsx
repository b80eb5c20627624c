import { useEffect, useState } from 'react'
import type { HighlightView } from '../../../shared/types'
import { api } from '../api-client'
import { formatFullTime } from '../format'
import { STRINGS } from '../strings'
import { Dialog } from './Dialog'
import { failureText } from '../locale'

const S = STRINGS.highlights

/**
 * Every highlight and note across the library, newest first: each leads to its article, opened at the
 * highlight. One whose text is no longer in its article says so, and still leads there.
 */
export function HighlightsView({
  onOpen,
  onClose,
}: {
  onOpen: (highlight: HighlightView) => void
  onClose: () => void
}) {
  const [state, setState] = useState<{ list: HighlightView[] | null; error: string | null }>({
    list: null,
    error: null,
  })
  useEffect(() => {
    let live = true
    api.listHighlights().then(
      (list) => live && setState({ list, error: null }),
      (error: Error) => live && setState({ list: [], error: failureText(error) }),
    )
    return () => {
      live = false
    }
  }, [])
  const { list, error } = state
  return (
    <Dialog title={S.viewTitle} onClose={onClose} wide>
      {error && <p role="alert">{S.viewFailed(error)}</p>}
      {list === null ? (
        <p role="status">{S.viewLoading}</p>
      ) : list.length === 0 && !error ? (
        <p>{S.viewEmpty}</p>
      ) : (
        <ol className="highlights-view">
          {list.map((highlight) => (
            <li key={highlight.id} className={`highlight-item ${highlight.color}`}>
              <button
                type="button"
                className="highlight-text link-button"
                aria-label={S.openIn(highlight.text, highlight.articleTitle)}
                onClick={() => onOpen(highlight)}
              >
                {highlight.text}
              </button>
              {highlight.note && <p className="highlight-note-text">{highlight.note}</p>}
              <p className="highlight-source">
                {highlight.articleTitle}
                {' · '}
                <time dateTime={highlight.created}>{formatFullTime(highlight.created)}</time>
                {highlight.orphaned && <span className="highlight-orphaned"> · {S.orphaned}</span>}
              </p>
            </li>
          ))}
        </ol>
      )}
    </Dialog>
  )
}

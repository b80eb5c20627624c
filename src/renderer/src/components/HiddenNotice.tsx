import { useState } from 'react'
import { api } from '../api-client'
import { STRINGS } from '../strings'

/**
 * Shown on a hidden (muted) article, which only `is:hidden` finds: says so, with "Unhide" to bring it
 * back into its lists and counts.
 */
export function HiddenNotice({ articleId }: { articleId: string }) {
  const [state, setState] = useState<'hidden' | 'working' | 'shown' | { error: string }>('hidden')
  if (state === 'shown') return null
  const unhide = (): void => {
    setState('working')
    api.setHidden({ ids: [articleId], hidden: false }).then(
      () => setState('shown'),
      (failure: Error) => setState({ error: failure.message }),
    )
  }
  return (
    <div className="article-note hidden-notice" role="status">
      <span>{STRINGS.hidden.notice}</span>{' '}
      <button type="button" className="button" disabled={state === 'working'} onClick={unhide}>
        {STRINGS.hidden.unhide}
      </button>
      {typeof state === 'object' && <p className="form-error">{STRINGS.hidden.failed(state.error)}</p>}
    </div>
  )
}

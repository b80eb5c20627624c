import { useReader } from '../state/reader-context'
import { useStore } from '../state/store'

/** The one-line notice (a feed added, something failed), heard by screen readers and fading by itself. */
export function Notice() {
  const notice = useStore(useReader().overlays.notice)
  return (
    <p className="notice" role="status" aria-live="polite">
      {notice}
    </p>
  )
}

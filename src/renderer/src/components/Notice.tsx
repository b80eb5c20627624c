import { useReader } from '../state/reader-context'
import { useStore } from '../state/store'
import { STRINGS } from '../strings'

/**
 * The one-line notice (a feed added, something failed), heard by screen readers and fading by itself;
 * after an action that can be undone, with its Undo button (Ctrl+Z or ⌘Z does the same).
 */
export function Notice() {
  const { overlays } = useReader()
  const notice = useStore(overlays.notice)
  return (
    <div
      className="notice"
      role="status"
      aria-live="polite"
      // It stays while someone is reaching for its Undo button.
      onMouseEnter={() => overlays.hold(true)}
      onMouseLeave={() => overlays.hold(false)}
      onFocus={() => overlays.hold(true)}
      onBlur={() => overlays.hold(false)}
    >
      {notice && <span>{notice.text}</span>}
      {notice?.action && (
        <button type="button" className="button notice-undo" onClick={notice.action.run}>
          {notice.action.label}
        </button>
      )}
      {notice?.undo && (
        <button type="button" className="button notice-undo" onClick={overlays.undo}>
          {STRINGS.undo.button}
        </button>
      )}
    </div>
  )
}

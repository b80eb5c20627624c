import { useId, useLayoutEffect, useRef, type ReactNode } from 'react'
import { STRINGS } from '../strings'
import { CloseIcon } from './Icons'

interface DialogProps {
  title: string
  onClose: () => void
  children: ReactNode
  /** Wider dialogs (settings, the shortcuts sheet). */
  wide?: boolean
}

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex="0"]'

/** The dialogs on screen, the topmost last: only the topmost hears Escape and Tab. */
const openDialogs: HTMLElement[] = []

/** The next (or previous) control of the dialog from the focused one, round the ends. */
function cycleFocus(dialog: HTMLElement, backwards: boolean): void {
  // Only what can take focus now: not a control hidden with its section (checkVisibility: browsers, not jsdom).
  const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (item) => item.checkVisibility?.() ?? true,
  )
  if (items.length === 0) return
  const at = items.indexOf(document.activeElement as HTMLElement)
  const next =
    at === -1 ? (backwards ? items.length - 1 : 0) : (at + (backwards ? -1 : 1) + items.length) % items.length
  items[next]?.focus()
}

/**
 * A modal dialog: focus moves into it and comes back where it was, Tab stays inside, Escape or the
 * backdrop closes it — whatever had focus. It is a native <dialog> opened with showModal(), so the rest of
 * the page is inert (no click or Tab reaches it). Escape and Tab are heard on the document rather than the
 * dialog because a mouse click can leave focus on nothing: a submit button disabled while its work runs
 * drops focus to the body, where the dialog's own key handler would never hear a key.
 */
export function Dialog({ title, onClose, children, wide }: DialogProps) {
  const titleId = useId()
  const frame = useRef<HTMLDialogElement>(null)
  const close = useRef(onClose)
  useLayoutEffect(() => {
    close.current = onClose
  })

  // A layout effect: the dialog is modal before the first frame is painted.
  useLayoutEffect(() => {
    const dialog = frame.current
    if (!dialog) return
    const before = document.activeElement as HTMLElement | null
    // jsdom has no showModal; the keys below still trap focus there.
    if (typeof dialog.showModal === 'function') {
      if (!dialog.open) dialog.showModal()
    } else dialog.setAttribute('open', '')
    openDialogs.push(dialog)
    const first =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>(FOCUSABLE)
    first?.focus()

    const onKeyDown = (event: KeyboardEvent): void => {
      if (openDialogs.at(-1) !== dialog) return
      if (event.key === 'Escape') {
        // Handled here, so the browser's own close request does not close the dialog behind React's back.
        event.preventDefault()
        event.stopPropagation()
        close.current()
      } else if (event.key === 'Tab' && !event.ctrlKey && !event.altKey && !event.metaKey) {
        event.preventDefault()
        cycleFocus(dialog, event.shiftKey)
      }
    }
    // Focus that fell out of the dialog (a focused button disabled or removed) comes back to it.
    const onFocusOut = (event: FocusEvent): void => {
      if (event.relatedTarget) return
      setTimeout(() => {
        const active = document.activeElement
        if (openDialogs.at(-1) === dialog && (!active || !dialog.contains(active))) dialog.focus()
      })
    }
    document.addEventListener('keydown', onKeyDown, true)
    dialog.addEventListener('focusout', onFocusOut)
    return () => {
      document.removeEventListener('keydown', onKeyDown, true)
      dialog.removeEventListener('focusout', onFocusOut)
      openDialogs.splice(openDialogs.indexOf(dialog), 1)
      if (dialog.open && typeof dialog.close === 'function') dialog.close()
      before?.focus?.()
    }
  }, [])

  return (
    <dialog
      ref={frame}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      aria-modal="true"
      // A click on the panel's text focuses the dialog (not the body): keys still reach it.
      tabIndex={-1}
      // Escape is handled with the other keys above; a close request from elsewhere closes through React.
      onCancel={(event) => event.preventDefault()}
      onMouseDown={(event) => {
        // The backdrop is the dialog's own ::backdrop: a press on it targets the dialog, outside its box.
        if (event.target !== event.currentTarget) return
        const box = event.currentTarget.getBoundingClientRect()
        const inside =
          event.clientX >= box.left &&
          event.clientX <= box.right &&
          event.clientY >= box.top &&
          event.clientY <= box.bottom
        if (!inside || box.width === 0) onClose()
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label={STRINGS.actions.close} onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      {children}
    </dialog>
  )
}

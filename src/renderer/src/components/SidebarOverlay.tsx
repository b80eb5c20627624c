import { useEffect, useRef } from 'react'
import type { SidebarPlace } from '../state/layout'
import { useReader } from '../state/reader-context'
import { useStore } from '../state/store'

/**
 * The sidebar over the list in a narrow window (styles.css places it by the window's `data-sidebar`):
 * it takes focus as it opens and gives it back as it closes — on a feed chosen, on Escape, or on a click
 * on the dimmed rest of the window.
 */
export function SidebarOverlay({ place }: { place: SidebarPlace }) {
  const { layout, navigation } = useReader()
  const selection = useStore(navigation.state, (state) => state.selection)
  const open = place === 'overlay'

  useEffect(() => {
    if (!open) return
    const sidebar = document.querySelector<HTMLElement>('.app > .sidebar')
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const first =
      sidebar?.querySelector<HTMLElement>('.nav-button[aria-current="true"]') ??
      sidebar?.querySelector<HTMLElement>('.nav-button')
    first?.focus()
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      event.preventDefault()
      layout.closeOverlay()
    }
    sidebar?.addEventListener('keydown', onKeyDown)
    return () => {
      sidebar?.removeEventListener('keydown', onKeyDown)
      if (returnTo?.isConnected) returnTo.focus()
    }
  }, [open, layout])

  // A feed or view chosen over the list: the list shows it, so the sidebar steps aside.
  const chosen = useRef(selection)
  useEffect(() => {
    if (chosen.current !== selection && open) layout.closeOverlay()
    chosen.current = selection
  }, [selection, open, layout])

  return open ? <div className="sidebar-backdrop" onClick={layout.closeOverlay} aria-hidden="true" /> : null
}

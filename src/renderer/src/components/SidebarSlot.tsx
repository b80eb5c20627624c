import { useEffect, useRef, type ReactNode } from 'react'
import type { SidebarPlace } from '../state/layout'
import { useReader } from '../state/reader-context'
import { useStore } from '../state/store'

interface SidebarSlotProps {
  place: SidebarPlace
  width: number
  children: ReactNode
}

/**
 * Holds the sidebar where the layout puts it: in its grid column, over the list in a narrow window, or
 * hidden (kept mounted, so folders stay as they were opened). Over the list it takes focus, and gives it
 * back when a feed is chosen, Escape is pressed or the rest of the window is clicked.
 */
export function SidebarSlot({ place, width, children }: SidebarSlotProps) {
  const { layout, navigation } = useReader()
  const slot = useRef<HTMLDivElement>(null)
  const selection = useStore(navigation.state, (state) => state.selection)
  const overlay = place === 'overlay'

  useEffect(() => {
    if (!overlay) return
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const first =
      slot.current?.querySelector<HTMLElement>('.nav-button[aria-current="true"]') ??
      slot.current?.querySelector<HTMLElement>('.nav-button')
    first?.focus()
    return () => {
      if (returnTo?.isConnected) returnTo.focus()
    }
  }, [overlay])

  // A feed or view chosen over the list: the list shows it, so the sidebar steps aside.
  const chosen = useRef(selection)
  useEffect(() => {
    if (chosen.current !== selection && overlay) layout.closeOverlay()
    chosen.current = selection
  }, [selection, overlay, layout])

  return (
    <>
      {overlay && <div className="sidebar-backdrop" onClick={layout.closeOverlay} aria-hidden="true" />}
      <div
        ref={slot}
        className={`sidebar-slot sidebar-${place}`}
        style={overlay ? { width } : undefined}
        hidden={place === 'hidden'}
        onKeyDown={(event) => {
          if (overlay && event.key === 'Escape') {
            event.preventDefault()
            layout.closeOverlay()
          }
        }}
      >
        {children}
      </div>
    </>
  )
}

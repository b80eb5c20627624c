import { createStore, patchStore, type Readable } from './store'

/** Below this window width the sidebar leaves the grid: it is shown over the list when asked for. */
export const NARROW_WIDTH = 1000
const STORAGE_KEY = 'broadsheet.sidebarHidden'

interface LayoutState {
  windowWidth: number
  /** In a wide window: the person hid the sidebar (remembered). */
  sidebarHidden: boolean
  /** In a narrow window: the sidebar is shown over the list for now. */
  overlayOpen: boolean
}

/** Where the sidebar is: a column of the grid, over the list, or nowhere. */
export type SidebarPlace = 'column' | 'overlay' | 'hidden'

/** How the window is laid out: whether and where the sidebar shows, as the window's width allows. */
export interface Layout {
  state: Readable<LayoutState>
  /** Hides or shows the sidebar (in a narrow window: opens or closes it over the list). */
  toggleSidebar(): void
  closeOverlay(): void
  resized(windowWidth: number): void
}

export function isNarrow(state: LayoutState): boolean {
  return state.windowWidth < NARROW_WIDTH
}

export function sidebarPlace(state: LayoutState): SidebarPlace {
  if (isNarrow(state)) return state.overlayOpen ? 'overlay' : 'hidden'
  return state.sidebarHidden ? 'hidden' : 'column'
}

function storedHidden(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'true'
  } catch {
    return false
  }
}

export function createLayout(windowWidth = typeof window === 'undefined' ? 1280 : window.innerWidth): Layout {
  const state = createStore<LayoutState>({ windowWidth, sidebarHidden: storedHidden(), overlayOpen: false })
  return {
    state,
    toggleSidebar() {
      const now = state.get()
      if (isNarrow(now)) return patchStore(state, { overlayOpen: !now.overlayOpen })
      const sidebarHidden = !now.sidebarHidden
      try {
        localStorage.setItem(STORAGE_KEY, String(sidebarHidden))
      } catch {
        // Not remembered (storage refused): hidden for this window all the same.
      }
      patchStore(state, { sidebarHidden })
    },
    closeOverlay: () => patchStore(state, { overlayOpen: false }),
    // Widening past the threshold puts the sidebar back in its column: the overlay ends.
    resized: (width) =>
      patchStore(state, { windowWidth: width, overlayOpen: width < NARROW_WIDTH && state.get().overlayOpen }),
  }
}

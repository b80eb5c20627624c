import { useCallback, useState } from 'react'
import { NARROW_WIDTH } from './layout'

export interface PaneWidths {
  sidebar: number
  list: number
}

/** The narrowest each pane may be: at 800 px wide all three still fit. */
export const MIN_WIDTHS = { sidebar: 180, list: 220, reader: 340 }
const DEFAULT_WIDTHS: PaneWidths = { sidebar: 248, list: 380 }
/** In a narrow window (the sidebar out of the grid) the list takes at most this share: the reader the rest. */
const NARROW_LIST_SHARE = 0.4
/** The widest the sidebar is over the list in a narrow window. */
const OVERLAY_MAX = 320
const STORAGE_KEY = 'broadsheet.paneWidths'

function stored(): PaneWidths {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<PaneWidths> | null
    return {
      sidebar: Number(value?.sidebar) || DEFAULT_WIDTHS.sidebar,
      list: Number(value?.list) || DEFAULT_WIDTHS.list,
    }
  } catch {
    return DEFAULT_WIDTHS
  }
}

const clamp = (value: number, min: number, max: number): number => Math.max(min, Math.min(max, value))

/** The widest the list may be: what the reader leaves, and in a narrow window its share. */
function listCap(windowWidth: number, sidebar: number | null): number {
  const spare = windowWidth - MIN_WIDTHS.reader - (sidebar ?? 0)
  const share = windowWidth < NARROW_WIDTH ? Math.round(windowWidth * NARROW_LIST_SHARE) : spare
  return Math.max(MIN_WIDTHS.list, Math.min(spare, share))
}

/**
 * Fits the panes into a window width, shrinking the list and then the sidebar so the reader keeps room.
 * `sidebarInGrid` false: the sidebar is hidden or over the list, and the list and the reader share the
 * window (the list at most {@link NARROW_LIST_SHARE} of a narrow one).
 */
export function fitWidths(wanted: PaneWidths, windowWidth: number, sidebarInGrid = true): PaneWidths {
  if (!sidebarInGrid) {
    return {
      sidebar: clamp(wanted.sidebar, MIN_WIDTHS.sidebar, Math.min(OVERLAY_MAX, windowWidth - 100)),
      list: clamp(wanted.list, MIN_WIDTHS.list, listCap(windowWidth, null)),
    }
  }
  const spare = windowWidth - MIN_WIDTHS.reader
  const sidebar = Math.max(MIN_WIDTHS.sidebar, Math.min(wanted.sidebar, spare - MIN_WIDTHS.list))
  const list = Math.max(MIN_WIDTHS.list, Math.min(wanted.list, spare - sidebar))
  return { sidebar, list }
}

/** The sidebar's and the list's widths: remembered, and kept inside the window. */
export function usePaneWidths(windowWidth: number, sidebarInGrid: boolean) {
  const [wanted, setWanted] = useState(stored)
  const set = useCallback((pane: keyof PaneWidths, width: number) => {
    setWanted((now) => {
      const next = { ...now, [pane]: width }
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next))
      return next
    })
  }, [])
  const widths = fitWidths(wanted, windowWidth, sidebarInGrid)
  const max = {
    sidebar: Math.max(MIN_WIDTHS.sidebar, windowWidth - MIN_WIDTHS.reader - widths.list),
    list: sidebarInGrid
      ? Math.max(MIN_WIDTHS.list, windowWidth - MIN_WIDTHS.reader - widths.sidebar)
      : listCap(windowWidth, null),
  }
  return { widths, max, set }
}

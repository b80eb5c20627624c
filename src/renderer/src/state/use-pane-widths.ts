import { useCallback, useEffect, useState } from 'react'

export interface PaneWidths {
  sidebar: number
  list: number
}

/** The narrowest each pane may be: at 800 px wide all three still fit. */
export const MIN_WIDTHS = { sidebar: 180, list: 260, reader: 340 }
const DEFAULT_WIDTHS: PaneWidths = { sidebar: 248, list: 380 }
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

/** Fits the panes into a window width, shrinking the list and then the sidebar so the reader keeps room. */
export function fitWidths(wanted: PaneWidths, windowWidth: number): PaneWidths {
  const spare = windowWidth - MIN_WIDTHS.reader
  const sidebar = Math.max(MIN_WIDTHS.sidebar, Math.min(wanted.sidebar, spare - MIN_WIDTHS.list))
  const list = Math.max(MIN_WIDTHS.list, Math.min(wanted.list, spare - sidebar))
  return { sidebar, list }
}

/** The sidebar's and the list's widths: remembered, and kept inside the window. */
export function usePaneWidths() {
  const [wanted, setWanted] = useState(stored)
  const [windowWidth, setWindowWidth] = useState(() => window.innerWidth)
  useEffect(() => {
    const onResize = (): void => setWindowWidth(window.innerWidth)
    window.addEventListener('resize', onResize)
    return () => window.removeEventListener('resize', onResize)
  }, [])
  const set = useCallback((pane: keyof PaneWidths, width: number) => {
    setWanted((now) => {
      const next = { ...now, [pane]: width }
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next))
      return next
    })
  }, [])
  const widths = fitWidths(wanted, windowWidth)
  const max = {
    sidebar: Math.max(MIN_WIDTHS.sidebar, windowWidth - MIN_WIDTHS.reader - widths.list),
    list: Math.max(MIN_WIDTHS.list, windowWidth - MIN_WIDTHS.reader - widths.sidebar),
  }
  return { widths, max, set }
}

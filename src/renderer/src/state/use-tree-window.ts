import { useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react'
import { rowTops, windowOf, type RowHeights, type TreeRow, type TreeWindow } from './tree-window'

/**
 * From this many rows the tree draws only the rows near the sidebar's view, and gaps of the others'
 * height: every element in the document costs each frame of the article list's scroll some style, layout
 * and layerizing, and 2,000 feeds' rows (20,000 elements) made those frames' work half as much again.
 */
const WINDOWED_FROM = 200
/** Rows drawn beyond each edge of the view, and the steps the drawn part moves by (fewer redraws). */
const OVERSCAN_ROWS = 20
const WINDOW_STEP = 10
/** Until rows are measured: about what styles.css gives them. */
const ESTIMATED_HEIGHTS: RowHeights = { folder: 30, feed: 30, failing: 48 }

/** The first drawn row of each kind's height, when laid out (jsdom lays nothing out: 0). */
function measuredHeights(tree: HTMLElement, before: RowHeights): RowHeights {
  const height = (selector: string, fallback: number): number => {
    const measured = tree.querySelector(selector)?.getBoundingClientRect().height ?? 0
    return measured > 0 && Math.abs(measured - fallback) > 0.5 ? measured : fallback
  }
  const next = {
    folder: height('li.folder > .nav-row', before.folder),
    feed: height('li.nav-row:not(.failing)', before.feed),
    failing: height('li.nav-row.failing', before.failing),
  }
  return next.folder === before.folder && next.feed === before.feed && next.failing === before.failing
    ? before
    : next
}

/** Which of the sidebar tree's rows to draw, and where each row's top is (the gaps' heights). */
export function useTreeWindow(rows: readonly TreeRow[]): {
  /** On the tree's list element (inside the sidebar's `.sidebar-scroll`). */
  treeRef: RefObject<HTMLUListElement | null>
  /** Whether the tree is long enough to draw only part of it. */
  windowed: boolean
  drawn: TreeWindow
  tops: number[]
} {
  const windowed = rows.length >= WINDOWED_FROM
  const [heights, setHeights] = useState(ESTIMATED_HEIGHTS)
  const tops = useMemo(() => rowTops(rows, heights), [rows, heights])
  const [shown, setShown] = useState<TreeWindow>({ from: 0, to: 2 * OVERSCAN_ROWS + WINDOW_STEP })
  const treeRef = useRef<HTMLUListElement>(null)

  // The tops as of the last render, for the scroll's handler. Opening an article changes a count, which
  // draws the tree again with the same tops: the view is not measured again (a forced layout) for that.
  const latestTops = useRef(tops)
  useLayoutEffect(() => {
    latestTops.current = tops
  }, [tops])
  const shape = `${rows.length} ${tops.at(-1)}`

  // Follows the sidebar's scroll and size: the drawn part moves only when the view leaves its steps.
  useLayoutEffect(() => {
    const tree = treeRef.current
    const scroller = tree?.closest<HTMLElement>('.sidebar-scroll')
    if (!windowed || !tree || !scroller) return
    const follow = (): void => {
      const treeTop =
        tree.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop
      const top = scroller.scrollTop - treeTop
      const next = windowOf(
        latestTops.current,
        top,
        top + (scroller.clientHeight || window.innerHeight),
        OVERSCAN_ROWS,
        WINDOW_STEP,
      )
      setShown((now) => (now.from === next.from && now.to === next.to ? now : next))
    }
    follow()
    scroller.addEventListener('scroll', follow, { passive: true })
    window.addEventListener('resize', follow)
    const resized = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(follow)
    resized?.observe(scroller)
    return () => {
      scroller.removeEventListener('scroll', follow)
      window.removeEventListener('resize', follow)
      resized?.disconnect()
    }
  }, [windowed, shape])
  // The gaps' heights follow the rows' real ones (fonts, zoom, a language's line height).
  useLayoutEffect(() => {
    if (windowed && treeRef.current) setHeights((now) => measuredHeights(treeRef.current as HTMLElement, now))
  }, [windowed, rows, shown])

  return { treeRef, windowed, drawn: windowed ? shown : { from: 0, to: rows.length }, tops }
}

import { createContext, useContext, type ReactNode } from 'react'

/**
 * The elements the `/` and `o`/Enter commands move focus to. The search field and the reader's scroller
 * hand themselves over as they mount (callback refs), so the commands, registered once, can reach them.
 */
export interface FocusTargets {
  searchField: (element: HTMLInputElement | null) => void
  readerScroll: (element: HTMLDivElement | null) => void
  focusSearch(): void
  focusReader(): void
  /** Moves focus to the article list (the selected row stays selected). */
  focusList(): void
  /** True while focus is in the reader pane (its article or its toolbar). */
  readerHasFocus(): boolean
  /**
   * Scrolls the article a page down (1) or up (-1), keeping a little of the last page in view; false when
   * it is already at that end (or no article is shown).
   */
  pageReader(direction: 1 | -1): boolean
}

/** Pixels of the page before that stay in view after a page down, so the eye finds its line. */
const PAGE_OVERLAP = 48

export function createFocusTargets(): FocusTargets {
  let search: HTMLInputElement | null = null
  let reader: HTMLDivElement | null = null
  return {
    searchField: (element) => {
      search = element
    },
    readerScroll: (element) => {
      reader = element
    },
    focusSearch() {
      search?.focus()
      search?.select()
    },
    focusReader() {
      reader?.focus()
    },
    focusList() {
      document.querySelector<HTMLElement>('.list-scroll[role="listbox"]')?.focus()
    },
    readerHasFocus() {
      const pane = reader?.closest('.reader-pane')
      return !!pane && pane.contains(document.activeElement)
    },
    pageReader(direction) {
      if (!reader?.querySelector('.article')) return false
      const room =
        direction === 1 ? reader.scrollHeight - reader.clientHeight - reader.scrollTop : reader.scrollTop
      // Under a pixel left: at the end (scroll positions are fractional on scaled screens).
      if (room < 1) return false
      const page = Math.max(reader.clientHeight - PAGE_OVERLAP, reader.clientHeight / 2)
      reader.scrollBy({ top: direction * Math.min(page, room), behavior: 'instant' })
      return true
    },
  }
}

const FocusContext = createContext<FocusTargets | null>(null)

export function FocusProvider({ targets, children }: { targets: FocusTargets; children: ReactNode }) {
  return <FocusContext.Provider value={targets}>{children}</FocusContext.Provider>
}

/** The callback refs the search field and the reader's scroller hand themselves over with. */
export function useFocusTargets(): Pick<FocusTargets, 'searchField' | 'readerScroll'> {
  const targets = useContext(FocusContext)
  if (!targets) throw new Error('useFocusTargets outside FocusProvider')
  return targets
}

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
}

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

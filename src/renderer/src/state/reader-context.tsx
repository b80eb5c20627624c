import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react'
import type { ArticleFlags } from './flags'
import { feedTitle } from './library'
import type { Reader } from './reader'
import { useStore } from './store'

const ReaderContext = createContext<Reader | null>(null)

export function ReaderProvider({ reader, children }: { reader: Reader; children: ReactNode }) {
  return <ReaderContext.Provider value={reader}>{children}</ReaderContext.Provider>
}

/** The reader's stores and actions (the same object for the window's life). */
export function useReader(): Reader {
  const reader = useContext(ReaderContext)
  if (!reader) throw new Error('useReader outside ReaderProvider')
  return reader
}

/** An article's flags from the flag store: the row and the reader draw the same ones. */
export function useArticleFlags(id: string): ArticleFlags {
  const { flags } = useReader()
  return useSyncExternalStore(flags.subscribe, () => flags.of(id))
}

/** The language a feed declares, by its id (undefined when it declares none). */
export function useFeedLanguage(): (feedId: string) => string | undefined {
  const feeds = useStore(useReader().library.state, (state) => state.feeds)
  const languages = useMemo(
    () => new Map(feeds.flatMap((feed) => (feed.language ? [[feed.id, feed.language] as const] : []))),
    [feeds],
  )
  return useCallback((feedId: string) => languages.get(feedId), [languages])
}

/** A feed's title by its id (the Saved feed's too). */
export function useFeedTitle(): (feedId: string) => string {
  const titles = useStore(useReader().library.state, (state) => state.titles)
  return useMemo(() => (feedId: string) => feedTitle(titles, feedId), [titles])
}

/** A feed's icon (its blob hash) by its id, or null when it has none. */
export function useFeedIcon(): (feedId: string) => string | null {
  const icons = useStore(useReader().library.state, (state) => state.icons)
  return useMemo(() => (feedId: string) => icons.get(feedId) ?? null, [icons])
}

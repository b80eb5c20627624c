import { createStore, type Readable } from './store'

/** What the reader may change about an article. */
export interface ArticleFlags {
  read: boolean
  bookmarked: boolean
}

/** An article as the core's answers carry it (a search hit may come without its flags). */
export interface FlaggedArticle {
  id: string
  feedId: string
  read?: boolean
  bookmarked?: boolean
}

/** A change made here, to send to the core: say when it is sent; undo it if the core refuses it. */
interface FlagChange {
  sent(): void
  undo(): void
}

/**
 * The one place that holds an article's read and bookmarked flags in the renderer. The list's rows, the
 * open article and the sidebar's unread counts all read them from here, so marking an article is one
 * change, seen everywhere at once; the core's answers (listings, searches, the article) bring them in.
 */
export interface FlagStore {
  subscribe(listener: () => void): () => void
  /** An article's flags; the same object until they change (unknown ones read as neither). */
  of(id: string): ArticleFlags
  /** Stamp a request with this when it is sent, and give it back to `learn` with its answer. */
  now(): number
  /**
   * Takes the flags of an answer from the core to a request sent at `asOf`; an article changed here after
   * that keeps its newer flags (the answer was on its way before the change).
   */
  learn(articles: readonly FlaggedArticle[], asOf: number): void
  /** The reader's own change, shown at once, before the core has it. */
  change(article: { id: string; feedId: string }, patch: Partial<ArticleFlags>): FlagChange
  /** What the core did itself (mark all read): every known article of the matching feeds, changed. */
  settle(inFeed: (feedId: string) => boolean, patch: Partial<ArticleFlags>): void
  /**
   * Per feed, what the changes made here add to the unread counts the core last sent (-2: two marked
   * read). The library's counts are the core's plus these.
   */
  unreadChanges: Readable<ReadonlyMap<string, number>>
  /**
   * The core's counts, asked for at `asked` (a `now()`), have come: the changes sent before then are in
   * them (the core answers in order), the others are still to be added.
   */
  countsLoaded(asked: number): void
}

interface Known extends ArticleFlags {
  feedId: string
}

/** A change of an article's read flag, counted until the core's counts include it. */
interface CountedChange {
  feedId: string
  delta: 1 | -1
  /** When it was sent to the core, on the `now()` clock. */
  sentAt: number | null
}

const NEITHER: ArticleFlags = Object.freeze({ read: false, bookmarked: false })

function sameFlags(a: ArticleFlags, b: ArticleFlags): boolean {
  return a.read === b.read && a.bookmarked === b.bookmarked
}

export function createFlagStore(): FlagStore {
  const known = new Map<string, Known>()
  /** When each article was last changed here, on the `now()` clock. */
  const changedAt = new Map<string, number>()
  const counted = new Set<CountedChange>()
  const version = createStore(0)
  const unreadChanges = createStore<ReadonlyMap<string, number>>(new Map())
  let clock = 0

  const changed = (): void => version.set(version.get() + 1)
  const recount = (): void => {
    const sums = new Map<string, number>()
    for (const change of counted) sums.set(change.feedId, (sums.get(change.feedId) ?? 0) + change.delta)
    unreadChanges.set(sums)
  }
  const write = (id: string, next: Known): void => {
    known.set(id, next)
    changedAt.set(id, ++clock)
  }

  return {
    subscribe: version.subscribe,
    of: (id) => known.get(id) ?? NEITHER,
    now: () => clock,
    learn(articles, asOf) {
      let any = false
      for (const article of articles) {
        if ((changedAt.get(article.id) ?? 0) > asOf) continue
        const before = known.get(article.id)
        const next: Known = {
          feedId: article.feedId,
          read: article.read ?? before?.read ?? false,
          bookmarked: article.bookmarked ?? before?.bookmarked ?? false,
        }
        if (before && before.feedId === next.feedId && sameFlags(before, next)) continue
        known.set(article.id, next)
        any = true
      }
      if (any) changed()
    },
    change({ id, feedId }, patch) {
      const before: Known = known.get(id) ?? { feedId, ...NEITHER }
      write(id, { ...before, ...patch })
      const count: CountedChange | null =
        patch.read !== undefined && patch.read !== before.read
          ? { feedId: before.feedId, delta: patch.read ? -1 : 1, sentAt: null }
          : null
      if (count) {
        counted.add(count)
        recount()
      }
      changed()
      return {
        sent() {
          if (count) count.sentAt = ++clock
        },
        undo() {
          const now = known.get(id) ?? before
          const restored = { ...now }
          if (patch.read !== undefined) restored.read = before.read
          if (patch.bookmarked !== undefined) restored.bookmarked = before.bookmarked
          write(id, restored)
          if (count && counted.delete(count)) recount()
          changed()
        },
      }
    },
    settle(inFeed, patch) {
      let any = false
      for (const [id, flags] of known) {
        if (!inFeed(flags.feedId)) continue
        const next = { ...flags, ...patch }
        if (sameFlags(flags, next)) continue
        write(id, next)
        any = true
      }
      if (any) changed()
    },
    unreadChanges,
    countsLoaded(asked) {
      let any = false
      for (const change of counted) {
        if (change.sentAt !== null && change.sentAt <= asked) any = counted.delete(change) || any
      }
      if (any) recount()
    },
  }
}

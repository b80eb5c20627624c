import type { ArticleStore } from '../store/article-store'

/**
 * A long-running process searches a few words of its newest titles this long after it starts, unseen,
 * so that the first searches a person types do not run the search's code cold: in a fresh process at
 * 50,000 articles the first searches took 40–90 ms, the same ones 10–15 ms once warm.
 */
const WARM_UP_AFTER_MS = 2_000
const WARM_UP_QUERIES = 4
/** Between two warm-up searches: a page loading meanwhile waits for one search at most, not all four. */
const WARM_UP_GAP_MS = 250
/** A word worth searching for the warm-up: letters or digits, four or more. */
const WARM_UP_WORD = /[\p{L}\p{N}]{4,}/gu

export interface WarmUpDeps {
  store: Pick<ArticleStore, 'list'>
  /** Searches one word as a person's search would (its results are thrown away). */
  search: (query: string) => Promise<unknown>
  /** True once the process is closing: nothing more is searched. */
  closed: () => boolean
}

/** {@link WARM_UP_QUERIES} searches for words of the newest titles, spaced out. */
export async function warmUpSearch({ store, search, closed }: WarmUpDeps): Promise<void> {
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref())
  await pause(WARM_UP_AFTER_MS)
  if (closed()) return
  const newest = await store.list({ limit: 20 })
  const words = new Set(newest.flatMap((meta) => meta.title.match(WARM_UP_WORD) ?? []))
  for (const [n, word] of [...words].slice(0, WARM_UP_QUERIES).entries()) {
    if (n > 0) await pause(WARM_UP_GAP_MS)
    // A word that is no search (a stop word such as "after") is passed over.
    if (closed()) return
    await search(word).catch(() => undefined)
  }
}

/**
 * The reader's requests as the core answers them (the app's main process, or the preview): the newest
 * 150 articles, then one of them opened, then a search's first page, over and over with a short pause,
 * timed each. The sync benchmark
 * runs it while a sync runs on the same thread, and idle, to show what a sync costs the person reading.
 */
import type { Broadsheet } from '../../src/main/core/broadsheet'

export interface ReaderTimes {
  /** listArticles({ limit: 150 }), ms each. */
  list: number[]
  /** article(id) of one listed, ms each. */
  open: number[]
  /** A search's first page of 10 with snippets, as the reader asks for it, ms each. */
  search: number[]
}

/** What the reader searches for: words of the sync benchmark's feeds. */
const QUERIES = ['committee', 'housing', 'public libraries', 'residents meeting', 'story']

const PAGE = 150
/** A person does not list and open without pause; this also lets the sync's own work run between. */
const PAUSE_MS = 25

/** Probes `rounds` times, or until `until` settles (at least once). */
export async function probeReader(
  core: Broadsheet,
  search: (args: { query: string; limit: number }) => Promise<unknown>,
  until: number | Promise<unknown>,
): Promise<ReaderTimes> {
  let settled = false
  if (typeof until !== 'number')
    until.then(
      () => (settled = true),
      () => (settled = true),
    )
  const times: ReaderTimes = { list: [], open: [], search: [] }
  for (let round = 0; typeof until === 'number' ? round < until : round === 0 || !settled; round++) {
    let at = performance.now()
    const page = await core.articles.list({ limit: PAGE })
    times.list.push(performance.now() - at)
    const article = page[(round * 7) % Math.max(1, page.length)]
    if (article) {
      at = performance.now()
      const opened = await core.articles.open(article.id)
      times.open.push(performance.now() - at)
      if (opened.id !== article.id) throw new Error(`opened ${opened.id} for ${article.id}`)
    }
    at = performance.now()
    await search({ query: QUERIES[round % QUERIES.length] as string, limit: 10 })
    times.search.push(performance.now() - at)
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
  }
  return times
}

import type { SearchHit } from '../../../shared/contract'
import type { Article } from '../../../shared/types'
import { forEachLimited } from '../for-each-limited'
import type { CompiledQuery } from './query-compile'
import type { Candidate, Execution } from './query-exec'
import type { SegmentView } from './segment'
import type { FieldName } from './segment'
import { pageOf, type SearchOptions } from './search-options'
import { topCandidates } from './top-matches'
import { containsUnits, makeSnippet, matchPositions, phraseUnits } from './text-match'

/** One search result, ready to list and highlight (the contract's type: the UI gets it as it is). */
export type { SearchHit }

/** Where snippets and phrase checks read articles from (the ArticleStore). */
type ArticleLoader = (id: string) => Promise<Article | null>
/** The same, read at once: the page's few articles, which a person is waiting for. */
type ArticleReader = (id: string) => Article | null

interface PageRequest {
  query: CompiledQuery
  execution: Execution
  views: readonly SegmentView[]
  /** The search's options, as SearchIndex#search was given them: the page and whether to make snippets. */
  options: SearchOptions
  /** The feed titles the query ran with, for phrases in the feed field. */
  feedTitles: ReadonlyMap<string, string>
  load?: ArticleLoader
  /**
   * Reads the page's articles for snippets (up to its limit): at once, where async reads would queue
   * behind a running sync's file operations. Phrase checks, which may read thousands, use `load`.
   */
  loadNow?: ArticleReader
}

const LOAD_PARALLELISM = 16

/**
 * The requested page of results, best first. Only the page's articles are read (snippets and highlights
 * come from the stored text), so the first page costs about the same however many articles match. A quoted
 * phrase is checked against the stored text of candidates in rank order until the page is full: the
 * index knows its words are there, not that they are adjacent. Then `total` counts every candidate
 * with all the words and `totalIsExact` says it is an upper bound.
 */
export async function assemblePage(request: PageRequest): Promise<{
  total: number
  totalIsExact: boolean
  results: SearchHit[]
}> {
  const { execution, views, load, feedTitles } = request
  const { offset, limit } = pageOf(request.options)
  const snippets = request.options.snippets ?? true
  const matches = execution.matches
  const sortTimeOf = (c: Candidate): number =>
    (views[c.view] as SegmentView).segment.sortTimes[c.doc] as number
  const idOf = (c: Candidate): string => (views[c.view] as SegmentView).segment.header.ids[c.doc] as string
  const phrases = request.query.clauses
    .filter((clause) => clause.phrase !== null)
    .map((clause) => ({ clause, units: phraseUnits(clause.phrase as string) }))
  const want = offset + limit
  const accepted: { candidate: Candidate; article: Article | null }[] = []
  let checked = 0
  let total = matches.count
  let totalIsExact = true
  if (phrases.length === 0 || !load) {
    for (const candidate of topCandidates(matches, want, views, request.options.order))
      accepted.push({ candidate, article: null })
  } else {
    for (let depth = Math.max(want + 16, 32); accepted.length < want && checked < matches.count; depth *= 4) {
      const ranked = topCandidates(matches, depth, views, request.options.order).slice(checked)
      const articles = new Map<Candidate, Article | null>()
      await forEachLimited(ranked, LOAD_PARALLELISM, async (candidate) => {
        articles.set(candidate, await load(idOf(candidate)))
      })
      for (const candidate of ranked) {
        checked++
        const article = articles.get(candidate) ?? null
        const feedId = (views[candidate.view] as SegmentView).segment.feedIdOf(candidate.doc)
        const feedTitle = feedTitles.get(feedId) ?? ''
        if (article && phrases.every(({ clause, units }) => phraseHolds(article, feedTitle, clause, units))) {
          accepted.push({ candidate, article })
        }
      }
    }
    totalIsExact = checked >= matches.count
    if (totalIsExact) total = accepted.length
  }
  const page = accepted.slice(offset, want)
  const matcher = { terms: execution.matchedTerms, prefixes: [] }
  const results: SearchHit[] = new Array<SearchHit>(page.length)
  await forEachLimited(
    page.map((entry, index) => ({ ...entry, index })),
    LOAD_PARALLELISM,
    async ({ candidate, article: checkedArticle, index }) => {
      const id = idOf(candidate)
      const article =
        checkedArticle ??
        (!snippets ? null : request.loadNow ? request.loadNow(id) : load ? await load(id) : null)
      const segment = (views[candidate.view] as SegmentView).segment
      const title = segment.header.titles[candidate.doc] as string
      const hit: SearchHit = {
        id,
        title,
        feedId: segment.feedIdOf(candidate.doc),
        score: candidate.score,
        matchedWords: candidate.matched,
        sortTime: sortTimeOf(candidate),
        snippet: '',
        snippetPositions: [],
        // Ids only (a rule's or a count's search): no highlights either.
        positions: snippets ? { title: matchPositions(title, matcher) } : {},
      }
      if (article && snippets) {
        const content = matchPositions(article.contentText, matcher)
        const snippet = makeSnippet(article.contentText, content)
        hit.positions.content = content
        if (article.author) hit.positions.author = matchPositions(article.author, matcher)
        hit.snippet = snippet.snippet
        hit.snippetPositions = snippet.positions
      }
      results[index] = hit
    },
  )
  return { total, totalIsExact, results }
}

/** Whether an article satisfies a phrase clause: + the phrase is in one of its fields, - in none. */
function phraseHolds(
  article: Article,
  feedTitle: string,
  clause: CompiledQuery['clauses'][number],
  units: string[],
): boolean {
  const texts: Record<FieldName, string> = {
    title: article.title,
    author: article.author ?? '',
    feed: feedTitle,
    content: article.contentText,
  }
  const found = clause.fields.some((field) => containsUnits(phraseUnits(texts[field]), units))
  return clause.presence === 'not' ? !found : found
}

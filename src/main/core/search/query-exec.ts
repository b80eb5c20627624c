import { FeedField } from './feed-field'
import type { CompiledQuery, Slot } from './query-compile'
import { lunrIdf, scoringState, type Resolved } from './scoring'
import { FIELDS, STORED_INDEX, type SegmentView } from './segment'
import { acceptsArticle, type SearchOptions } from './search-options'

/** A prefix expands to at most this many terms (the most frequent): "co*" must not scan half the index. */
export const MAX_EXPANSIONS = 128

/** A matching document: where it is, its score, and how many of the plain words it contains. */
export interface Candidate {
  view: number
  doc: number
  score: number
  matched: number
}

/**
 * Every matching document, as parallel arrays: a query matching most of the library must not allocate an
 * object per match (the allocation alone cost as much as the scoring).
 */
export interface Matches {
  count: number
  view: Int32Array
  doc: Int32Array
  score: Float64Array
  matched: Uint8Array
}

export interface Execution {
  matches: Matches
  /** Every index term the query matched on (prefixes expanded), for highlighting. */
  matchedTerms: Set<string>
}

/**
 * Runs a compiled query over every segment, keeps the matches the options' filters let through, and
 * scores them. The feed field is read from `feedTitles`, the titles as they are now (feed-field.ts).
 *
 * Scores are comparable across segments because none of their inputs is per segment: each is exactly the
 * score one Lunr index over all the documents would give (lunr.Builder#createFieldVectors and
 * lunr.Index#query), computed from global statistics summed over the segments at query time —
 * N = documents in all segments, df = documents containing the term in all segments (counted per field,
 * as lunr.idf does; the feed field's from the titles), the average length of each field over all segments:
 *
 *   weight(t, f, d) = round3(idf(t) · (k1+1)·tf / (k1·(1 − b + b·len(f,d)/avglen(f)) + tf) · boost(f))
 *   score(d)        = Σ_f Σ_t q_f[t] · weight(t, f, d) / |q_f|
 *
 * where q_f is Lunr's query vector of field f (one unit per query term, prefix expansions included).
 * A per-segment idf (what merging the results of separate Lunr indexes gives) ranks a word that is rare
 * in one week but common overall far too high, so merged top-10 lists drift from a single index's
 * (`npm run bench:search` measures how far, with one real Lunr index per week). Like Lucene, tombstoned
 * documents still count in N and df until a merge rewrites their segment; a query never returns them.
 */
export function executeQuery(
  query: CompiledQuery,
  views: readonly SegmentView[],
  options: SearchOptions,
  feedTitles: ReadonlyMap<string, string>,
): Execution {
  const totalDocs = views.reduce((sum, view) => sum + view.segment.docCount, 0)
  const feed = new FeedField(feedTitles, views)
  const avgLength = STORED_INDEX.map((stored) => {
    const sum =
      stored < 0
        ? feed.lengthSum
        : views.reduce((total, view) => total + (view.segment.header.lengthSums[stored] ?? 0), 0)
    return sum / (totalDocs || 1)
  })
  const resolved = query.clauses.map((clause) =>
    clause.slots.map((slot) => resolveSlot(slot, views, feed, totalDocs)),
  )
  // Lunr's query vectors: per field, one unit per (clause, term) that exists anywhere in the index.
  const queryVectors = FIELDS.map(() => new Map<string, number>())
  const matchedTerms = new Set<string>()
  query.clauses.forEach((clause, c) => {
    if (clause.presence === 'not') return
    for (const slot of resolved[c] as Resolved[][]) {
      for (const term of slot) {
        matchedTerms.add(term.term)
        for (const field of clause.fields) {
          const vector = queryVectors[FIELDS.indexOf(field)] as Map<string, number>
          vector.set(term.term, (vector.get(term.term) ?? 0) + 1)
        }
      }
    }
  })
  const magnitudes = queryVectors.map((vector) =>
    Math.sqrt([...vector.values()].reduce((s, v) => s + v * v, 0)),
  )
  const mustCount = query.clauses.filter((clause) => clause.presence === 'must').length
  const maxDocs = views.reduce((max, view) => Math.max(max, view.segment.docCount), 0)
  const state = scoringState(maxDocs)
  const matches: Matches = {
    count: 0,
    view: new Int32Array(totalDocs),
    doc: new Int32Array(totalDocs),
    score: new Float64Array(totalDocs),
    matched: new Uint8Array(totalDocs),
  }
  views.forEach((view, v) => {
    const { segment } = view
    query.clauses.forEach((clause, c) => {
      // A -"phrase" excludes only articles where the words are adjacent: result-page.ts checks that.
      if (clause.presence === 'not' && clause.phrase !== null) return
      state.scoreClause(clause, resolved[c] as Resolved[][], segment, v, {
        avgLength,
        magnitudes,
        feed,
      })
    })
    const feedIds = options.feedIds
    const feedAllowed = feedIds ? segment.header.feeds.map((id) => feedIds.has(id)) : null
    for (let i = 0; i < state.touchedCount; i++) {
      const d = state.touched[i] as number
      if (state.must[d] !== mustCount || state.excluded[d]) continue
      if (mustCount === 0 && state.should[d] === 0) continue
      if (view.deleted?.[d]) continue
      if (feedAllowed && !feedAllowed[segment.feedOf[d] as number]) continue
      if (!acceptsArticle(options, segment.header.ids[d] as string, segment.sortTimes[d] as number)) continue
      const at = matches.count++
      matches.view[at] = v
      matches.doc[at] = d
      matches.score[at] = state.score[d] as number
      matches.matched[at] = state.should[d] as number
    }
    state.reset()
  })
  return { matches, matchedTerms }
}

/**
 * The index terms a slot matches — in any segment's dictionary or in a feed's title — with their idf
 * over every field (as lunr.idf counts it) and where each sits in each segment.
 */
function resolveSlot(
  { terms, prefixes }: Slot,
  views: readonly SegmentView[],
  feed: FeedField,
  totalDocs: number,
): Resolved[] {
  const locals = new Map<string, Int32Array>()
  const df = new Map<string, number>()
  const localsOf = (term: string): Int32Array => {
    let at = locals.get(term)
    if (!at) {
      locals.set(term, (at = new Int32Array(views.length).fill(-1)))
      df.set(term, feed.documentFrequency(term))
    }
    return at
  }
  const note = (term: string, v: number, t: number): void => {
    localsOf(term)[v] = t
    df.set(term, (df.get(term) ?? 0) + (views[v] as SegmentView).segment.documentFrequency(t))
  }
  views.forEach(({ segment }, v) => {
    for (const term of terms) {
      const t = segment.lookup(term)
      if (t >= 0) note(term, v, t)
    }
    for (const prefix of prefixes) {
      const [from, to] = segment.prefixRange(prefix)
      for (let t = from; t < to; t++) {
        const term = segment.term(t)
        if (locals.get(term)?.[v] !== t) note(term, v, t)
      }
    }
  })
  for (const term of terms) if (feed.has(term)) localsOf(term)
  for (const prefix of prefixes) for (const term of feed.withPrefix(prefix)) localsOf(term)
  let chosen = [...locals.keys()]
  if (prefixes.length > 0 && chosen.length > MAX_EXPANSIONS) {
    chosen = chosen.sort((a, b) => (df.get(b) ?? 0) - (df.get(a) ?? 0)).slice(0, MAX_EXPANSIONS)
  }
  return chosen.map((term) => ({
    term,
    idf: lunrIdf(df.get(term) ?? 0, totalDocs),
    locals: locals.get(term) as Int32Array,
  }))
}

import { MAX_TF, type SegmentView } from './segment'
import { indexTerms } from './tokenize'

/**
 * The `feed` field of every article — its feed's title — built from the titles as they are when a query
 * runs. Segments keep only each article's feed id: a title copied into them at index time went stale the
 * moment the person renamed the feed (`feed:new` found nothing, `feed:old` still matched).
 *
 * The field's statistics are what one Lunr index built now, with these titles, would hold: each document
 * has its feed's title as the field's text (same tokenizer and pipeline), so a term's postings in the field
 * are the documents of the feeds whose title has it, and its length and document frequency follow from
 * how many documents each feed has (tombstoned ones included, as in the other fields until a merge).
 */
export class FeedField {
  /** Sum of the field's length over every document, for its average length. */
  readonly lengthSum: number
  /** term → feed id → the term's frequency in that feed's title, over feeds with documents. */
  readonly #postings = new Map<string, Map<string, number>>()
  readonly #docsOf = new Map<string, number>()
  readonly #titles = new Map<string, AnalyzedTitle>()
  readonly #lengths = new Map<number, Uint32Array>()

  constructor(
    titles: ReadonlyMap<string, string>,
    private readonly views: readonly SegmentView[],
  ) {
    for (const { segment } of views) {
      const counts = segment.feedCounts()
      segment.header.feeds.forEach((feedId, f) => {
        this.#docsOf.set(feedId, (this.#docsOf.get(feedId) ?? 0) + (counts[f] as number))
      })
    }
    let lengthSum = 0
    for (const [feedId, docs] of this.#docsOf) {
      const title = analyzeTitle(titles.get(feedId) ?? '')
      this.#titles.set(feedId, title)
      lengthSum += docs * title.length
      for (const [term, tf] of title.tfs) {
        let feeds = this.#postings.get(term)
        if (!feeds) this.#postings.set(term, (feeds = new Map()))
        feeds.set(feedId, tf)
      }
    }
    this.lengthSum = lengthSum
  }

  has(term: string): boolean {
    return this.#postings.has(term)
  }

  /** The field's terms that start with `prefix`. */
  withPrefix(prefix: string): string[] {
    return [...this.#postings.keys()].filter((term) => term.startsWith(prefix))
  }

  /** Documents whose feed's title has the term. */
  documentFrequency(term: string): number {
    let df = 0
    for (const feedId of this.#postings.get(term)?.keys() ?? []) df += this.#docsOf.get(feedId) ?? 0
    return df
  }

  /**
   * The term's postings in view `v`, as a segment stores a field's: document numbers, frequencies, and the
   * field's length per document. Null when no document of the view has it.
   */
  postings(v: number, term: string): FeedPostings | null {
    const feeds = this.#postings.get(term)
    const segment = (this.views[v] as SegmentView).segment
    if (!feeds) return null
    const localTf = new Uint8Array(segment.header.feeds.length)
    let matched = 0
    segment.header.feeds.forEach((feedId, f) => {
      const tf = feeds.get(feedId) ?? 0
      localTf[f] = tf
      if (tf > 0) matched += segment.feedCounts()[f] as number
    })
    if (matched === 0) return null
    const docs = new Uint32Array(matched)
    const tfs = new Uint8Array(matched)
    let at = 0
    for (let d = 0; d < segment.docCount; d++) {
      const tf = localTf[segment.feedOf[d] as number] as number
      if (tf === 0) continue
      docs[at] = d
      tfs[at++] = tf
    }
    return { docs, tfs, lengths: this.#lengthsOf(v) }
  }

  #lengthsOf(v: number): Uint32Array {
    let lengths = this.#lengths.get(v)
    if (!lengths) {
      const segment = (this.views[v] as SegmentView).segment
      const byFeed = segment.header.feeds.map((feedId) => this.#titles.get(feedId)?.length ?? 0)
      lengths = new Uint32Array(segment.docCount)
      for (let d = 0; d < segment.docCount; d++) lengths[d] = byFeed[segment.feedOf[d] as number] as number
      this.#lengths.set(v, lengths)
    }
    return lengths
  }
}

export interface FeedPostings {
  docs: Uint32Array
  tfs: Uint8Array
  lengths: Uint32Array
}

/** The terms the index finds in a feed's title (stemmed, accents folded), as a `feed:` query meets them. */
export function titleTerms(title: string): Iterable<string> {
  return analyzeTitle(title).tfs.keys()
}

/** A title as the index analyzes a field: its length in terms, and each term's frequency. */
interface AnalyzedTitle {
  length: number
  tfs: Map<string, number>
}

const analyzed = new Map<string, AnalyzedTitle>()
/** Titles change rarely and are few; the cache only has to stay bounded if they churn. */
const ANALYZED_LIMIT = 10_000

function analyzeTitle(title: string): AnalyzedTitle {
  let found = analyzed.get(title)
  if (!found) {
    const terms = indexTerms(title)
    const tfs = new Map<string, number>()
    for (const term of terms) tfs.set(term, Math.min(MAX_TF, (tfs.get(term) ?? 0) + 1))
    found = { length: terms.length, tfs }
    if (analyzed.size >= ANALYZED_LIMIT) analyzed.clear()
    analyzed.set(title, found)
  }
  return found
}

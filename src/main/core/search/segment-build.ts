import { forEachWord, termsOfWord } from './tokenize'
import {
  MAX_TF,
  SMALL_SEGMENT_DOCS,
  STORED_FIELDS,
  type Segment,
  type SegmentHeader,
  type SegmentParts,
  termTable,
} from './segment'

/**
 * What the index needs of an article: plain data, so it can cross to a worker thread. Its feed is its id
 * only: the feed's title is looked up when a query runs (feed-field.ts).
 */
export interface IndexDoc {
  id: string
  feedId: string
  sortTime: number
  title: string
  author: string
  /** The extracted full text (Article.contentText). */
  content: string
}

/**
 * Builds a segment from documents. Each field's terms are what Lunr's tokenizer slot and pipeline give
 * (tokenize.ts's indexTerms), and the same statistics come out as lunr.Builder#add's (field length =
 * terms after the pipeline, term frequency per field). lunr.Builder itself is not used: its per-posting
 * objects cost many times what the analysis does, only to be thrown away here.
 */
export function buildSegment(docs: readonly IndexDoc[]): SegmentParts {
  const n = docs.length
  // Each term numbered as first met; its postings per field, documents and frequencies interleaved (one
  // small array per term and field), and its count in the field being read.
  const termIds = new Map<string, number>()
  const postings: number[][][] = []
  const counts: number[] = []
  const counted: number[] = []
  const lengths = STORED_FIELDS.map(() => new Uint32Array(n))
  const lengthSums = STORED_FIELDS.map(() => 0)
  const feeds = new Map<string, number>()
  const feedOf = new Uint32Array(n)
  const sortTimes = new Float64Array(n)
  const termId = (term: string): number => {
    let id = termIds.get(term)
    if (id === undefined) {
      id = postings.length
      termIds.set(term, id)
      postings.push(STORED_FIELDS.map(() => []))
      counts.push(0)
    }
    return id
  }
  // Each word as written, its terms' ids: a text's words repeat, and most of a segment's time went to
  // looking up the same terms again.
  const wordIds = new Map<string, readonly number[]>()
  let fieldLength = 0
  const countWord = (word: string): void => {
    let ids = wordIds.get(word)
    if (ids === undefined) wordIds.set(word, (ids = termsOfWord(word).map(termId)))
    fieldLength += ids.length
    for (const id of ids) {
      if ((counts[id] as number) === 0) counted.push(id)
      counts[id] = (counts[id] as number) + 1
    }
  }
  docs.forEach((doc, d) => {
    let feed = feeds.get(doc.feedId)
    if (feed === undefined) feeds.set(doc.feedId, (feed = feeds.size))
    feedOf[d] = feed
    sortTimes[d] = doc.sortTime
    STORED_FIELDS.forEach((field, f) => {
      fieldLength = 0
      forEachWord(doc[field], countWord)
      ;(lengths[f] as Uint32Array)[d] = fieldLength
      lengthSums[f] = (lengthSums[f] as number) + fieldLength
      for (const id of counted) {
        ;((postings[id] as number[][])[f] as number[]).push(d, Math.min(counts[id] as number, MAX_TF))
        counts[id] = 0
      }
      counted.length = 0
    })
  })
  const terms = [...termIds.keys()].sort()
  const writer = new PostingsWriter(n, terms.length, (f) => {
    let total = 0
    for (const lists of postings) total += (lists[f] as number[]).length / 2
    return total
  })
  terms.forEach((term, t) => {
    const lists = postings[termIds.get(term) as number] as number[][]
    lists.forEach((list, f) => {
      for (let i = 0; i < list.length; i += 2) writer.push(f, list[i] as number, list[i + 1] as number)
      writer.endTerm(f, t)
    })
  })
  const header: SegmentHeader = {
    format: 2,
    docCount: n,
    ids: docs.map((doc) => doc.id),
    titles: docs.map((doc) => doc.title),
    feeds: [...feeds.keys()],
    termCount: terms.length,
    termBytes: 0,
    lengthSums,
    postingCounts: [],
  }
  return writer.finish(header, { terms: termTable(terms), sortTimes, feedOf, lengths })
}

/** One input of a merge: a segment and which of its documents are deleted. */
export interface MergeInput {
  segment: Segment
  deleted: ReadonlySet<number>
}

/**
 * Merges segments into one, leaving out deleted documents. No text is analyzed again: postings are
 * copied with their documents renumbered, terms walked in sorted order with one cursor per input.
 */
export function mergeSegments(inputs: readonly MergeInput[]): SegmentParts {
  const remaps = inputs.map(({ segment }) => new Int32Array(segment.docCount).fill(-1))
  const ids: string[] = []
  const titles: string[] = []
  const feeds = new Map<string, number>()
  const kept: { input: number; doc: number; feed: number }[] = []
  inputs.forEach(({ segment, deleted }, i) => {
    for (let d = 0; d < segment.docCount; d++) {
      if (deleted.has(d)) continue
      ;(remaps[i] as Int32Array)[d] = kept.length
      const feedId = segment.feedIdOf(d)
      let feed = feeds.get(feedId)
      if (feed === undefined) feeds.set(feedId, (feed = feeds.size))
      kept.push({ input: i, doc: d, feed })
      ids.push(segment.header.ids[d] as string)
      titles.push(segment.header.titles[d] as string)
    }
  })
  const n = kept.length
  const sortTimes = new Float64Array(n)
  const feedOf = new Uint32Array(n)
  const lengths = STORED_FIELDS.map(() => new Uint32Array(n))
  const lengthSums = STORED_FIELDS.map(() => 0)
  kept.forEach(({ input, doc, feed }, d) => {
    const segment = (inputs[input] as MergeInput).segment
    sortTimes[d] = segment.sortTimes[doc] ?? 0
    feedOf[d] = feed
    STORED_FIELDS.forEach((_, f) => {
      const length = segment.lengths[f]?.[doc] ?? 0
      ;(lengths[f] as Uint32Array)[d] = length
      lengthSums[f] = (lengthSums[f] as number) + length
    })
  })
  const terms = unionOfTerms(inputs.map((input) => input.segment))
  const writer = new PostingsWriter(n, terms.length, (f) =>
    inputs.reduce((sum, input) => sum + (input.segment.header.postingCounts[f] ?? 0), 0),
  )
  const cursors = inputs.map(() => 0)
  const outTerms: string[] = []
  for (const term of terms) {
    let any = false
    for (let f = 0; f < STORED_FIELDS.length; f++) {
      inputs.forEach(({ segment }, i) => {
        const t = cursors[i] as number
        if (t >= segment.termCount || segment.term(t) !== term) return
        const { docs, tfs, from, to } = segment.postings(f, t)
        const remap = remaps[i] as Int32Array
        for (let p = from; p < to; p++) {
          const d = remap[docs[p] as number] as number
          if (d >= 0) {
            writer.push(f, d, tfs[p] as number)
            any = true
          }
        }
      })
    }
    inputs.forEach(({ segment }, i) => {
      const t = cursors[i] as number
      if (t < segment.termCount && segment.term(t) === term) cursors[i] = t + 1
    })
    // A term whose every document was deleted leaves the dictionary.
    if (!any) continue
    for (let f = 0; f < STORED_FIELDS.length; f++) writer.endTerm(f, outTerms.length)
    outTerms.push(term)
  }
  const header: SegmentHeader = {
    format: 2,
    docCount: n,
    ids,
    titles,
    feeds: [...feeds.keys()],
    termCount: outTerms.length,
    termBytes: 0,
    lengthSums,
    postingCounts: [],
  }
  return writer.finish(header, { terms: termTable(outTerms), sortTimes, feedOf, lengths })
}

function unionOfTerms(segments: readonly Segment[]): string[] {
  const all = new Set<string>()
  for (const segment of segments) for (let t = 0; t < segment.termCount; t++) all.add(segment.term(t))
  return [...all].sort()
}

/** Fills the per-field postings arrays, sized up front to at most `capacity(field)` postings. */
class PostingsWriter {
  readonly #docs: (Uint16Array | Uint32Array)[]
  readonly #tfs: Uint8Array[]
  readonly #offsets: Uint32Array[]
  readonly #counts = STORED_FIELDS.map(() => 0)

  constructor(docCount: number, termCount: number, capacity: (field: number) => number) {
    const wide = docCount > SMALL_SEGMENT_DOCS
    this.#docs = STORED_FIELDS.map((_, f) =>
      wide ? new Uint32Array(capacity(f)) : new Uint16Array(capacity(f)),
    )
    this.#tfs = STORED_FIELDS.map((_, f) => new Uint8Array(capacity(f)))
    this.#offsets = STORED_FIELDS.map(() => new Uint32Array(termCount + 1))
  }

  push(field: number, doc: number, tf: number): void {
    const at = this.#counts[field] as number
    ;(this.#docs[field] as Uint16Array)[at] = doc
    ;(this.#tfs[field] as Uint8Array)[at] = tf
    this.#counts[field] = at + 1
  }

  /** Closes term `t` of a field: its postings end here. */
  endTerm(field: number, t: number): void {
    ;(this.#offsets[field] as Uint32Array)[t + 1] = this.#counts[field] as number
  }

  finish(
    header: SegmentHeader,
    rest: Pick<SegmentParts, 'terms' | 'sortTimes' | 'feedOf' | 'lengths'>,
  ): SegmentParts {
    const termCount = header.termCount
    header.postingCounts = [...this.#counts]
    return {
      header,
      ...rest,
      offsets: this.#offsets.map((offsets) => offsets.slice(0, termCount + 1)),
      docs: this.#docs.map((docs, f) => docs.slice(0, this.#counts[f])),
      tfs: this.#tfs.map((tfs, f) => tfs.slice(0, this.#counts[f])),
    }
  }
}

/**
 * One immutable search segment: the postings of a few hundred to a few tens of thousands of articles in
 * typed arrays, stored as one binary file.
 *
 * Why not Lunr's own JSON index: for every (term, field, document) Lunr keeps an object (and the
 * positions of every occurrence when whitelisted), plus a vector per document and field: hundreds of
 * objects per news article, so a library of tens of thousands outgrows the heap and the longest string V8
 * allows for its JSON (`npm run bench:search` measures it). Here a posting is 2–4 bytes of document
 * number and 1 byte of term frequency, a segment loads with one read and no parsing beyond a small JSON
 * header, and the terms, lengths and frequencies kept are exactly what Lunr's BM25 needs (see
 * query-exec.ts). Match positions are not stored at all: they are recomputed, with the same tokenizer,
 * from the stored article for the page of results being shown.
 */

/** The fields a query searches, with Lunr's field order. */
export const FIELDS = ['title', 'author', 'feed', 'content'] as const
export type FieldName = (typeof FIELDS)[number]

/**
 * The fields a segment holds postings for, in the order of its per-field sections. Not `feed`: its text is
 * the feed's title, which the person can rename at any time, so a segment keeps only each article's feed
 * id and the feed field is read from the current titles at query time (feed-field.ts).
 */
export const STORED_FIELDS = ['title', 'author', 'content'] as const
/** Each of {@link FIELDS}'s place among {@link STORED_FIELDS} (-1: `feed`, looked up when a query runs). */
export const STORED_INDEX = FIELDS.map((field) =>
  STORED_FIELDS.indexOf(field as (typeof STORED_FIELDS)[number]),
)
export type StoredFieldName = (typeof STORED_FIELDS)[number]

/** Field boosts, as Lunr's `builder.field(name, { boost })` applies them. */
export const FIELD_BOOSTS: Readonly<Record<FieldName, number>> = { title: 5, author: 2, feed: 2, content: 1 }

/** Format 2: no feed titles and no feed postings (format 1 had both, copied in at index time). */
const MAGIC = 'BSSEG002'
const FORMAT = 2
/** Term frequencies are bytes: a term 255 times in one field is past BM25's saturation anyway. */
export const MAX_TF = 255
/** Document numbers are 16-bit up to this many documents (merges stop below it), 32-bit above. */
export const SMALL_SEGMENT_DOCS = 65_536

/** The JSON part of a segment file. */
export interface SegmentHeader {
  format: typeof FORMAT
  docCount: number
  ids: string[]
  titles: string[]
  /** Distinct feed ids of the segment; documents point into this table. */
  feeds: string[]
  /** How many distinct terms (the dictionary itself is a binary section: one string and offsets). */
  termCount: number
  /** UTF-8 bytes of the dictionary string. */
  termBytes: number
  /** Per stored field: the sum of the field lengths of all documents (for the average field length). */
  lengthSums: number[]
  /** Per stored field: how many postings there are. */
  postingCounts: number[]
}

/**
 * The term dictionary: the sorted terms (by UTF-16 code units, as `<` compares) concatenated into one
 * string, with where each starts. One string instead of one per term: a big index loads in a fraction
 * of the time and memory.
 */
export interface TermTable {
  text: string
  /** termCount + 1 UTF-16 offsets into text. */
  offsets: Uint32Array
}

/** A term table from sorted terms. */
export function termTable(terms: readonly string[]): TermTable {
  const offsets = new Uint32Array(terms.length + 1)
  let at = 0
  terms.forEach((term, i) => {
    offsets[i] = at
    at += term.length
  })
  offsets[terms.length] = at
  return { text: terms.join(''), offsets }
}

/** Everything a segment holds, as built or merged, before encoding. */
export interface SegmentParts {
  header: SegmentHeader
  terms: TermTable
  sortTimes: Float64Array
  feedOf: Uint32Array
  /** Per stored field: the length (terms after the pipeline) of that field in each document. */
  lengths: Uint32Array[]
  /** Per stored field: where each term's postings start (termCount + 1 entries). */
  offsets: Uint32Array[]
  /** Per stored field: document numbers. */
  docs: (Uint16Array | Uint32Array)[]
  /** Per stored field: term frequencies, parallel to docs. */
  tfs: Uint8Array[]
}

/** Thrown when a segment file is not one (cut short, overwritten, another format). */
export class SegmentFormatError extends Error {
  constructor(reason: string) {
    super(`not a search segment: ${reason}`)
    this.name = 'SegmentFormatError'
  }
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8

function sectionSizes(header: SegmentHeader): number[] {
  const n = header.docCount
  const width = n > SMALL_SEGMENT_DOCS ? 4 : 2
  const sizes = [(header.termCount + 1) * 4, header.termBytes, n * 8, n * 4]
  for (let f = 0; f < STORED_FIELDS.length; f++) sizes.push(n * 4)
  for (let f = 0; f < STORED_FIELDS.length; f++) sizes.push((header.termCount + 1) * 4)
  for (const count of header.postingCounts) sizes.push(count * width)
  for (const count of header.postingCounts) sizes.push(count)
  return sizes
}

/** The file bytes of a segment: magic, header length, header JSON, then 8-aligned typed arrays. */
export function encodeSegment(parts: SegmentParts): Uint8Array {
  const termBytes = new TextEncoder().encode(parts.terms.text)
  const headerBytes = new TextEncoder().encode(
    JSON.stringify({
      ...parts.header,
      termCount: parts.terms.offsets.length - 1,
      termBytes: termBytes.length,
    }),
  )
  const arrays: ArrayBufferView[] = [
    parts.terms.offsets,
    termBytes,
    parts.sortTimes,
    parts.feedOf,
    ...parts.lengths,
    ...parts.offsets,
    ...parts.docs,
    ...parts.tfs,
  ]
  let size = align8(12 + headerBytes.length)
  for (const array of arrays) size += align8(array.byteLength)
  const bytes = new Uint8Array(size)
  bytes.set(new TextEncoder().encode(MAGIC), 0)
  new DataView(bytes.buffer).setUint32(8, headerBytes.length, true)
  bytes.set(headerBytes, 12)
  let offset = align8(12 + headerBytes.length)
  for (const array of arrays) {
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset)
    offset += align8(array.byteLength)
  }
  return bytes
}

/** Reads a segment from its file bytes without copying the arrays (they are views on `bytes`). */
export function decodeSegment(input: Uint8Array): Segment {
  // Typed array views need aligned offsets: copy the rare buffer that does not start on 8 bytes.
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice()
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new SegmentFormatError('wrong magic number')
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)
  if (12 + headerLength > bytes.length) throw new SegmentFormatError('the header is cut short')
  let header: SegmentHeader
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as SegmentHeader
  } catch (error) {
    throw new SegmentFormatError(`the header is not JSON (${(error as Error).message})`)
  }
  if (header.format !== FORMAT || !Array.isArray(header.ids) || header.ids.length !== header.docCount) {
    throw new SegmentFormatError(`the header is not a version ${FORMAT} segment header`)
  }
  const sizes = sectionSizes(header)
  let offset = bytes.byteOffset + align8(12 + headerLength)
  const end = bytes.byteOffset + bytes.length
  const take = (size: number): number => {
    const at = offset
    offset += align8(size)
    if (at + size > end) throw new SegmentFormatError('the postings are cut short')
    return at
  }
  const n = header.docCount
  const wide = n > SMALL_SEGMENT_DOCS
  let index = 0
  const next = (): number => take(sizes[index++] ?? 0)
  const buffer = bytes.buffer
  const termOffsets = new Uint32Array(buffer, next(), header.termCount + 1)
  const termText = new TextDecoder().decode(new Uint8Array(buffer, next(), header.termBytes))
  const sortTimes = new Float64Array(buffer, next(), n)
  const feedOf = new Uint32Array(buffer, next(), n)
  const lengths = STORED_FIELDS.map(() => new Uint32Array(buffer, next(), n))
  const offsets = STORED_FIELDS.map(() => new Uint32Array(buffer, next(), header.termCount + 1))
  const docs = header.postingCounts.map((count) =>
    wide ? new Uint32Array(buffer, next(), count) : new Uint16Array(buffer, next(), count),
  )
  const tfs = header.postingCounts.map((count) => new Uint8Array(buffer, next(), count))
  const terms = { text: termText, offsets: termOffsets }
  if (termOffsets[header.termCount] !== termText.length)
    throw new SegmentFormatError('the term dictionary is damaged')
  return new Segment({ header, terms, sortTimes, feedOf, lengths, offsets, docs, tfs }, bytes.length)
}

/** A loaded segment: term lookup by binary search over the sorted terms, postings by offset. */
export class Segment {
  readonly header: SegmentHeader
  readonly terms: TermTable
  readonly sortTimes: Float64Array
  readonly feedOf: Uint32Array
  readonly lengths: Uint32Array[]
  readonly offsets: Uint32Array[]
  readonly docs: (Uint16Array | Uint32Array)[]
  readonly tfs: Uint8Array[]

  constructor(
    parts: SegmentParts,
    /** Bytes on disk (and, roughly, in memory). */
    readonly byteSize: number,
  ) {
    this.header = parts.header
    this.terms = parts.terms
    this.sortTimes = parts.sortTimes
    this.feedOf = parts.feedOf
    this.lengths = parts.lengths
    this.offsets = parts.offsets
    this.docs = parts.docs
    this.tfs = parts.tfs
  }

  get docCount(): number {
    return this.header.docCount
  }

  get termCount(): number {
    return this.terms.offsets.length - 1
  }

  /** Term number `t` (a new string each call: callers keep only what they need). */
  term(t: number): string {
    return this.terms.text.slice(this.terms.offsets[t], this.terms.offsets[t + 1])
  }

  /** The index of a term, or -1. */
  lookup(term: string): number {
    const t = this.#lowerBound(term)
    return t < this.termCount && this.term(t) === term ? t : -1
  }

  /** The indexes [from, to) of the terms that start with `prefix`. */
  prefixRange(prefix: string): [number, number] {
    const from = this.#lowerBound(prefix)
    let to = from
    while (to < this.termCount && this.term(to).startsWith(prefix)) to++
    return [from, to]
  }

  #lowerBound(term: string): number {
    let lo = 0
    let hi = this.termCount
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.term(mid) < term) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /**
   * Documents with this term, counted once per stored field it is in (as Lunr's idf counts them; the feed
   * field's share is counted from the feed titles, feed-field.ts).
   */
  documentFrequency(term: number): number {
    let df = 0
    for (const offsets of this.offsets) df += (offsets[term + 1] ?? 0) - (offsets[term] ?? 0)
    return df
  }

  feedIdOf(doc: number): string {
    return this.header.feeds[this.feedOf[doc] ?? 0] ?? ''
  }

  #feedCounts: Uint32Array | null = null

  /** How many documents (deleted ones included) each of `header.feeds` has. */
  feedCounts(): Uint32Array {
    if (!this.#feedCounts) {
      const counts = new Uint32Array(this.header.feeds.length)
      for (let d = 0; d < this.docCount; d++) {
        const f = this.feedOf[d] as number
        counts[f] = (counts[f] as number) + 1
      }
      this.#feedCounts = counts
    }
    return this.#feedCounts
  }
}

/** A loaded segment as a query sees it: which documents are deleted (tombstones) is per index state. */
export interface SegmentView {
  segment: Segment
  /** 1 where the document is deleted; null when none is. */
  deleted: Uint8Array | null
}

import { open } from 'node:fs/promises'
import {
  filePostings,
  memoryPostings,
  type PostingRange,
  type PostingsLayout,
  type PostingsSource,
} from './segment-postings'

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
  const header = parseHeader(bytes.subarray(0, Math.min(bytes.length, 12)), (length) =>
    bytes.subarray(12, 12 + length),
  )
  const layout = layoutOf(header.value, header.length, bytes.length)
  return new Segment(
    viewsOf(header.value, layout, bytes),
    bytes.length,
    wholePostings(header.value, layout, bytes),
  )
}

/**
 * Postings of at least this many bytes stay on disk when a segment file is opened, read term by term as
 * queries need them (an index of 500,000 articles holds about 350 MB of them; a query reads a few hundred
 * KB). Smaller segments are read whole.
 */
export const LAZY_POSTINGS_BYTES = 4 * 1024 * 1024

/**
 * Opens a segment file: everything but the postings is read now; the postings too when they are smaller
 * than `lazyFrom` bytes, else they stay on disk and each query reads its terms' postings from the open file
 * (which the segment keeps until {@link Segment.close}; another process may delete the file meanwhile).
 */
export async function openSegmentFile(path: string, lazyFrom = LAZY_POSTINGS_BYTES): Promise<Segment> {
  const file = await open(path, 'r')
  let kept = false
  try {
    const size = (await file.stat()).size
    const read = async (from: number, length: number): Promise<Uint8Array> => {
      const buffer = new Uint8Array(Math.max(0, Math.min(length, size - from)))
      let done = 0
      while (done < buffer.length) {
        const { bytesRead } = await file.read(buffer, done, buffer.length - done, from + done)
        if (bytesRead === 0) break
        done += bytesRead
      }
      return done === buffer.length ? buffer : buffer.subarray(0, done)
    }
    const head = await read(0, 12)
    const headerBytes = await read(12, head.length < 12 ? 0 : headerLengthOf(head))
    const header = parseHeader(head, () => headerBytes)
    const layout = layoutOf(header.value, header.length, size)
    if (size - layout.postingsAt < lazyFrom) {
      const bytes = await read(0, size)
      return decodeSegment(bytes)
    }
    const prefix = await read(0, layout.postingsAt)
    const postings = filePostings(
      file.fd,
      postingsLayout(header.value, layout),
      () => new SegmentFormatError('the postings are cut short'),
    )
    const segment = new Segment(viewsOf(header.value, layout, prefix), size, postings, prefix.length)
    kept = true
    postings.onClose = () => file.close().catch(() => undefined)
    return segment
  } finally {
    if (!kept) await file.close()
  }
}

/** Where a segment's sections start in its file, and where its postings (the last sections) begin. */
interface Layout {
  at: number[]
  sizes: number[]
  postingsAt: number
}

const POSTINGS_SECTION = 4 + 2 * STORED_FIELDS.length

function headerLengthOf(head: Uint8Array): number {
  return new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(8, true)
}

function parseHeader(
  head: Uint8Array,
  headerBytes: (length: number) => Uint8Array,
): { value: SegmentHeader; length: number } {
  if (head.length < 12 || new TextDecoder().decode(head.subarray(0, 8)) !== MAGIC) {
    throw new SegmentFormatError('wrong magic number')
  }
  const length = headerLengthOf(head)
  const bytes = headerBytes(length)
  if (bytes.length < length) throw new SegmentFormatError('the header is cut short')
  let header: SegmentHeader
  try {
    header = JSON.parse(new TextDecoder().decode(bytes)) as SegmentHeader
  } catch (error) {
    throw new SegmentFormatError(`the header is not JSON (${(error as Error).message})`)
  }
  if (header.format !== FORMAT || !Array.isArray(header.ids) || header.ids.length !== header.docCount) {
    throw new SegmentFormatError(`the header is not a version ${FORMAT} segment header`)
  }
  return { value: header, length }
}

function layoutOf(header: SegmentHeader, headerLength: number, fileSize: number): Layout {
  const sizes = sectionSizes(header)
  const at: number[] = []
  let offset = align8(12 + headerLength)
  for (const size of sizes) {
    if (offset + size > fileSize) throw new SegmentFormatError('the postings are cut short')
    at.push(offset)
    offset += align8(size)
  }
  return { at, sizes, postingsAt: at[POSTINGS_SECTION] ?? offset }
}

/** Every section but the postings, as views on `bytes` (which holds the file from its start). */
function viewsOf(header: SegmentHeader, layout: Layout, bytes: Uint8Array): SegmentParts {
  const n = header.docCount
  let index = 0
  const next = (): number => bytes.byteOffset + (layout.at[index++] as number)
  const buffer = bytes.buffer
  const termOffsets = new Uint32Array(buffer, next(), header.termCount + 1)
  const termText = new TextDecoder().decode(new Uint8Array(buffer, next(), header.termBytes))
  const sortTimes = new Float64Array(buffer, next(), n)
  const feedOf = new Uint32Array(buffer, next(), n)
  const lengths = STORED_FIELDS.map(() => new Uint32Array(buffer, next(), n))
  const offsets = STORED_FIELDS.map(() => new Uint32Array(buffer, next(), header.termCount + 1))
  if (termOffsets[header.termCount] !== termText.length)
    throw new SegmentFormatError('the term dictionary is damaged')
  const terms = { text: termText, offsets: termOffsets }
  return { header, terms, sortTimes, feedOf, lengths, offsets, docs: [], tfs: [] }
}

const isWide = (header: SegmentHeader): boolean => header.docCount > SMALL_SEGMENT_DOCS

/** Postings held in memory, as views on the file's bytes. */
function wholePostings(header: SegmentHeader, layout: Layout, bytes: Uint8Array): PostingsSource {
  const fields = STORED_FIELDS.length
  const at = (i: number): number => bytes.byteOffset + (layout.at[POSTINGS_SECTION + i] as number)
  const docs = header.postingCounts.map((count, f) =>
    isWide(header)
      ? new Uint32Array(bytes.buffer, at(f), count)
      : new Uint16Array(bytes.buffer, at(f), count),
  )
  const tfs = header.postingCounts.map((count, f) => new Uint8Array(bytes.buffer, at(fields + f), count))
  return memoryPostings(docs, tfs)
}

/** Where the postings lie in the file, for {@link filePostings}. */
function postingsLayout(header: SegmentHeader, layout: Layout): PostingsLayout {
  const fields = STORED_FIELDS.length
  const at = (i: number): number => layout.at[POSTINGS_SECTION + i] as number
  return {
    docsAt: STORED_FIELDS.map((_, f) => at(f)),
    tfsAt: STORED_FIELDS.map((_, f) => at(fields + f)),
    counts: header.postingCounts,
    width: isWide(header) ? 4 : 2,
  }
}

/**
 * A loaded segment: term lookup by binary search over the sorted terms, postings by offset (held in
 * memory, or read from its file as asked for: {@link openSegmentFile}).
 */
export class Segment {
  readonly header: SegmentHeader
  readonly terms: TermTable
  readonly sortTimes: Float64Array
  readonly feedOf: Uint32Array
  readonly lengths: Uint32Array[]
  readonly offsets: Uint32Array[]
  readonly #postings: PostingsSource

  constructor(
    parts: SegmentParts,
    /** Bytes on disk. */
    readonly byteSize: number,
    postings?: PostingsSource,
    /** Bytes of the file held in memory (all of them unless the postings stay on disk). */
    readonly residentBytes = byteSize,
  ) {
    this.header = parts.header
    this.terms = parts.terms
    this.sortTimes = parts.sortTimes
    this.feedOf = parts.feedOf
    this.lengths = parts.lengths
    this.offsets = parts.offsets
    this.#postings = postings ?? memoryPostings(parts.docs, parts.tfs)
  }

  /** Term number `t`'s postings in stored field `field`. */
  postings(field: number, t: number): PostingRange {
    const offsets = this.offsets[field] as Uint32Array
    return this.#postings.range(field, offsets[t] as number, offsets[t + 1] as number)
  }

  /** Reads made from the segment's file for postings so far (0 when they are in memory). */
  get postingReads(): number {
    return this.#postings.reads ?? 0
  }

  /**
   * Lets go of the segment's file, where its postings stay on disk (a segment no manifest names now);
   * resolves once the file is closed.
   */
  async close(): Promise<void> {
    await this.#postings.close()
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

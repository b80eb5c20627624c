import { readSync } from 'node:fs'

/*
 * Where a search segment's postings come from (segment.ts): views on the segment's bytes in memory, or
 * positioned reads of its open file, a stretch at a time.
 */

/** A segment's postings, as a query reads them: one term's documents and frequencies in one field. */
export interface PostingRange {
  docs: Uint16Array | Uint32Array
  tfs: Uint8Array
  /** The range [from, to) of docs and tfs that is the term's. */
  from: number
  to: number
}

export interface PostingsSource {
  range(field: number, from: number, to: number): PostingRange
  /** Lets go of what holds the postings; resolves once a file holding them is closed. */
  close(): Promise<void> | void
  /** Reads made from the segment's file for postings so far (0 when they are in memory). */
  readonly reads?: number
}

/** Postings read from a segment's file at once, at least (a term's own may be more). */
const READ_AHEAD_POSTINGS = 16_384

/** Postings held in memory: per stored field, its documents and their term frequencies. */
export function memoryPostings(
  docs: readonly (Uint16Array | Uint32Array)[],
  tfs: readonly Uint8Array[],
): PostingsSource {
  return {
    range: (field, from, to) => ({
      docs: docs[field] as Uint16Array | Uint32Array,
      tfs: tfs[field] as Uint8Array,
      from,
      to,
    }),
    close: () => undefined,
  }
}

/** Where a segment's postings lie in its file: per stored field, the offsets of its docs and tfs. */
export interface PostingsLayout {
  docsAt: readonly number[]
  tfsAt: readonly number[]
  counts: readonly number[]
  /** Bytes a document number takes: 2, or 4 in a segment of more than 65,536 documents. */
  width: 2 | 4
}

/**
 * Postings read from the open file `fd` as they are asked for (positioned reads: the page cache serves
 * them). `cutShort` is the error of a file that ends before its postings do.
 */
export function filePostings(
  fd: number,
  layout: PostingsLayout,
  cutShort: () => Error,
): PostingsSource & { reads: number; onClose: () => Promise<void> | void } {
  const { width } = layout
  let closed = false
  let closing: Promise<void> | void = undefined
  const readAt = (target: Uint8Array, position: number): void => {
    if (closed) throw new Error('this search segment was closed')
    source.reads++
    let done = 0
    while (done < target.length) {
      const count = readSync(fd, target, done, target.length - done, position + done)
      if (count === 0) throw cutShort()
      done += count
    }
  }
  const read = (field: number, from: number, to: number): PostingRange => {
    const count = Math.max(0, to - from)
    const docBytes = new Uint8Array(count * width)
    readAt(docBytes, (layout.docsAt[field] as number) + from * width)
    const tfs = new Uint8Array(count)
    readAt(tfs, (layout.tfsAt[field] as number) + from)
    const docs = width === 4 ? new Uint32Array(docBytes.buffer) : new Uint16Array(docBytes.buffer)
    return { docs, tfs, from: 0, to: count }
  }
  // Per field, the last stretch read ahead: the terms of a prefix (`econ*`) are neighbours in the
  // dictionary, so their postings are too, and one read serves many small ones.
  const windows: ({ start: number; range: PostingRange } | null)[] = layout.counts.map(() => null)
  const source = {
    reads: 0,
    onClose: (): Promise<void> | void => undefined,
    range(field: number, from: number, to: number): PostingRange {
      if (closed) throw new Error('this search segment was closed')
      if (to - from >= READ_AHEAD_POSTINGS) return read(field, from, to)
      let window = windows[field] ?? null
      if (!window || from < window.start || to > window.start + window.range.to) {
        const end = Math.min(layout.counts[field] ?? to, from + READ_AHEAD_POSTINGS)
        window = { start: from, range: read(field, from, Math.max(to, end)) }
        windows[field] = window
      }
      const { docs, tfs } = window.range
      return { docs, tfs, from: from - window.start, to: to - window.start }
    },
    close(): Promise<void> | void {
      if (closed) return closing
      closed = true
      closing = source.onClose()
      return closing
    },
  }
  return source
}

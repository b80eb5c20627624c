import type { FeedField } from './feed-field'
import type { Clause } from './query-compile'
import { FIELD_BOOSTS, FIELDS, STORED_INDEX, type Segment } from './segment'

/** Lunr's BM25 parameters (lunr.Builder defaults). */
const K1 = 1.2
const B = 0.75

/** One query term resolved against every segment. */
export interface Resolved {
  term: string
  idf: number
  /** Per view: the term's index in that segment, or -1. */
  locals: Int32Array
}

/** lunr.idf, from a document frequency instead of a posting. */
export function lunrIdf(df: number, documentCount: number): number {
  const x = (documentCount - df + 0.5) / (df + 0.5)
  return Math.log(1 + Math.abs(x))
}

/** What a query knows of the whole index: per field (in FIELDS order) and the feed field's postings. */
export interface GlobalStats {
  avgLength: number[]
  magnitudes: number[]
  feed: FeedField
}

/** One term's postings in one field of one segment. */
interface PostingRange {
  docs: Uint16Array | Uint32Array
  tfs: Uint8Array
  lengths: Uint32Array
  from: number
  to: number
}

/**
 * Per-document accumulators for one segment, reset after each segment (only the documents it touched)
 * and shared by all queries: executeQuery runs synchronously, so no two queries use it at once.
 */
class ScoringState {
  readonly score: Float64Array
  readonly should: Uint8Array
  readonly must: Uint8Array
  readonly excluded: Uint8Array
  readonly seen: Uint8Array
  readonly clauseScore: Float64Array
  readonly slotHits: Uint16Array
  readonly slotStamp: Int32Array
  /** Documents any clause matched in this segment (touchedCount of them). */
  readonly touched: Int32Array
  touchedCount = 0
  /** Documents the current clause's postings reached (clauseCount of them). */
  readonly clauseTouched: Int32Array
  clauseCount = 0
  stamp = 0
  /** Set while a segment is being scored; a state left busy by an exception is not reused. */
  busy = false

  constructor(readonly size: number) {
    this.score = new Float64Array(size)
    this.should = new Uint8Array(size)
    this.must = new Uint8Array(size)
    this.excluded = new Uint8Array(size)
    this.seen = new Uint8Array(size)
    this.clauseScore = new Float64Array(size)
    this.slotHits = new Uint16Array(size)
    this.slotStamp = new Int32Array(size)
    this.touched = new Int32Array(size)
    this.clauseTouched = new Int32Array(size)
  }

  /** Finds the documents of one segment that match every slot of a clause, and adds its score to them. */
  scoreClause(clause: Clause, slots: Resolved[][], segment: Segment, v: number, stats: GlobalStats): void {
    this.busy = true
    const fields = clause.fields.map((field) => FIELDS.indexOf(field))
    const scoring = clause.presence !== 'not'
    for (const slot of slots) {
      const stamp = ++this.stamp
      for (const resolved of slot) {
        for (const f of fields) {
          const range = postingRange(segment, v, resolved, STORED_INDEX[f] as number, stats.feed)
          if (!range) continue
          this.accumulate(
            range,
            scoring ? resolved.idf : 0,
            stats.avgLength[f] as number,
            FIELD_BOOSTS[FIELDS[f] as (typeof FIELDS)[number]],
            stats.magnitudes[f] as number,
            stamp,
          )
        }
      }
    }
    const { slotHits, clauseScore, seen, touched, score, must, should, excluded, clauseTouched } = this
    const presence = clause.presence
    const needed = slots.length
    for (let i = 0; i < this.clauseCount; i++) {
      const d = clauseTouched[i] as number
      if (slotHits[d] === needed) {
        if (!seen[d]) {
          seen[d] = 1
          touched[this.touchedCount++] = d
        }
        if (presence === 'not') excluded[d] = 1
        else {
          score[d] = (score[d] as number) + (clauseScore[d] as number)
          if (presence === 'must') must[d] = (must[d] as number) + 1
          else should[d] = (should[d] as number) + 1
        }
      }
      slotHits[d] = 0
      clauseScore[d] = 0
    }
    this.clauseCount = 0
  }

  /**
   * The hot loop: marks each posting's document as hit for this slot and adds the term's weight, with
   * the expression and rounding of lunr.Builder#createFieldVectors. `idf` 0: match only (a -word).
   */
  accumulate(
    range: PostingRange,
    idf: number,
    avg: number,
    boost: number,
    norm: number,
    stamp: number,
  ): void {
    const { docs, tfs, lengths, to } = range
    const { slotStamp, slotHits, clauseScore, clauseTouched } = this
    let count = this.clauseCount
    for (let p = range.from; p < to; p++) {
      const d = docs[p] as number
      if (slotStamp[d] !== stamp) {
        slotStamp[d] = stamp
        if (slotHits[d] === 0) clauseTouched[count++] = d
        slotHits[d] = (slotHits[d] as number) + 1
      }
      if (idf === 0) continue
      const tf = tfs[p] as number
      let weight = (idf * ((K1 + 1) * tf)) / (K1 * (1 - B + B * ((lengths[d] as number) / avg)) + tf)
      weight *= boost
      weight = Math.round(weight * 1000) / 1000
      clauseScore[d] = (clauseScore[d] as number) + weight / norm
    }
    this.clauseCount = count
  }

  /** Clears what the last segment left. */
  reset(): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const d = this.touched[i] as number
      this.score[d] = 0
      this.should[d] = 0
      this.must[d] = 0
      this.excluded[d] = 0
      this.seen[d] = 0
    }
    this.touchedCount = 0
    this.busy = false
  }
}

/** A resolved term's postings in one field of one segment; null when it has none there. */
function postingRange(
  segment: Segment,
  v: number,
  resolved: Resolved,
  stored: number,
  feed: FeedField,
): PostingRange | null {
  if (stored < 0) {
    const postings = feed.postings(v, resolved.term)
    return postings && { ...postings, from: 0, to: postings.docs.length }
  }
  const t = resolved.locals[v] as number
  if (t < 0) return null
  return { ...segment.postings(stored, t), lengths: segment.lengths[stored] as Uint32Array }
}

let sharedState: ScoringState | null = null

export function scoringState(size: number): ScoringState {
  if (!sharedState || sharedState.busy || sharedState.size < size) sharedState = new ScoringState(size)
  return sharedState
}

import type { Candidate, Matches } from './query-exec'
import type { SegmentView } from './segment'
import type { Segment } from './segment'

/**
 * The best `count` matches, best first: more of the plain words first ("articles with all words rank
 * first"), then score, then newer, then id; with `order` 'newest', the newest first (then id), as a smart
 * feed lists them. A bounded heap over match numbers, so a query matching most of the library costs
 * O(n log count), not a full sort.
 */
export function topCandidates(
  matches: Matches,
  count: number,
  views: readonly SegmentView[],
  order: 'best' | 'newest' = 'best',
): Candidate[] {
  const segmentOf = (i: number): Segment => (views[matches.view[i] as number] as SegmentView).segment
  const sortTime = (i: number): number => segmentOf(i).sortTimes[matches.doc[i] as number] as number
  const byRank = order === 'best'
  const idOf = (i: number): string => segmentOf(i).header.ids[matches.doc[i] as number] as string
  // Newer first, then by id: the whole order by date, and the last word of the order by rank.
  const newer = (a: number, b: number): boolean => {
    const ta = sortTime(a)
    const tb = sortTime(b)
    return ta !== tb ? ta > tb : idOf(a) < idOf(b)
  }
  const better = (a: number, b: number): boolean => {
    if (!byRank) return newer(a, b)
    const ma = matches.matched[a] as number
    const mb = matches.matched[b] as number
    if (ma !== mb) return ma > mb
    const sa = matches.score[a] as number
    const sb = matches.score[b] as number
    if (sa !== sb) return sa > sb
    return newer(a, b)
  }
  const size = Math.min(count, matches.count)
  // heap[0] is the worst of the best `size` so far.
  const heap = new Int32Array(size)
  let length = 0
  const swap = (x: number, y: number): void => {
    const keep = heap[x] as number
    heap[x] = heap[y] as number
    heap[y] = keep
  }
  for (let i = 0; i < matches.count; i++) {
    if (length < size) {
      heap[length] = i
      for (let at = length++; at > 0;) {
        const parent = (at - 1) >> 1
        if (!better(heap[parent] as number, heap[at] as number)) break
        swap(at, parent)
        at = parent
      }
    } else if (size > 0 && better(i, heap[0] as number)) {
      heap[0] = i
      for (let at = 0; ;) {
        const left = at * 2 + 1
        const right = left + 1
        let worst = at
        if (left < length && better(heap[worst] as number, heap[left] as number)) worst = left
        if (right < length && better(heap[worst] as number, heap[right] as number)) worst = right
        if (worst === at) break
        swap(at, worst)
        at = worst
      }
    }
  }
  return [...heap]
    .sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0))
    .map((i) => ({
      view: matches.view[i] as number,
      doc: matches.doc[i] as number,
      score: matches.score[i] as number,
      matched: matches.matched[i] as number,
    }))
}

import { canonicalOffset, canonicalText, locate, placeAnchor, type CanonicalText } from '../../shared/anchor'
import type { HighlightView } from '../../shared/types'

/**
 * Highlights in the article as the reader shows it: `<mark>`s placed by each highlight's quote in the
 * body's own text (shared/anchor.ts: the same canonical text the core anchors in), and a selection turned
 * into the offsets a new highlight is stored with. The marks add no text, so search marks and highlight
 * marks can wrap the same words; they are keyboard-reachable and named for assistive technology.
 */

const MARK_CLASS = 'reader-highlight'

interface BodyText {
  nodes: Text[]
  pieces: string[]
  canonical: CanonicalText
}

function bodyText(root: HTMLElement): BodyText {
  const nodes: Text[] = []
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text)
  const pieces = nodes.map((node) => node.data)
  return { nodes, pieces, canonical: canonicalText(pieces) }
}

/** Takes every highlight mark out (their text stays where it was). */
export function clearHighlightMarks(root: HTMLElement): void {
  const marks = root.querySelectorAll(`mark.${MARK_CLASS}`)
  if (marks.length === 0) return
  for (const mark of marks) mark.replaceWith(...mark.childNodes)
  root.normalize()
}

/** What the reader says a mark is, for screen readers and the tooltip. */
export type MarkLabel = (highlight: HighlightView) => string

/**
 * Marks the highlights (orphaned ones have no place) and returns each one's marks, in order. Marks of
 * one highlight share its id; the first is focusable (Tab reaches each highlight once).
 */
export function markHighlights(
  root: HTMLElement,
  highlights: readonly HighlightView[],
  label: MarkLabel,
): Map<string, HTMLElement[]> {
  clearHighlightMarks(root)
  const marks = new Map<string, HTMLElement[]>()
  const live = highlights.filter((h) => !h.orphaned)
  if (live.length === 0) return marks
  const { nodes, pieces, canonical } = bodyText(root)
  const segments: { node: number; from: number; to: number; highlight: HighlightView }[] = []
  for (const highlight of live) {
    const range = placeAnchor(canonical.text, { ...highlight, exact: highlight.text })
    if (!range) continue
    const from = locate(pieces, canonical, range.start)
    const to = locate(pieces, canonical, range.end, true)
    if (!from || !to) continue
    for (let n = from.piece; n <= to.piece; n++) {
      const a = n === from.piece ? from.offset : 0
      const b = n === to.piece ? to.offset : (pieces[n]?.length ?? 0)
      if ((pieces[n] ?? '').slice(a, b).trim()) segments.push({ node: n, from: a, to: b, highlight })
    }
  }
  // Split each node from its end backwards so earlier offsets stay right; overlaps are marked once.
  segments.sort((x, y) => x.node - y.node || y.from - x.from)
  let lastNode = -1
  let lastFrom = Infinity
  for (const segment of segments) {
    if (segment.node !== lastNode) lastFrom = Infinity
    const to = Math.min(segment.to, lastFrom)
    if (to <= segment.from) continue
    const node = nodes[segment.node]!
    node.splitText(to)
    const inside = node.splitText(segment.from)
    const mark = root.ownerDocument.createElement('mark')
    mark.className = `${MARK_CLASS} ${segment.highlight.color}`
    mark.dataset.highlightId = segment.highlight.id
    inside.replaceWith(mark)
    mark.append(inside)
    const list = marks.get(segment.highlight.id) ?? []
    list.push(mark)
    marks.set(segment.highlight.id, list)
    lastNode = segment.node
    lastFrom = segment.from
  }
  for (const [id, list] of marks) {
    const highlight = live.find((h) => h.id === id)!
    const first = list[0]!
    first.tabIndex = 0
    first.setAttribute('role', 'button')
    first.setAttribute('aria-label', label(highlight))
    for (const mark of list) mark.title = highlight.note || ''
  }
  return marks
}

/**
 * The canonical offsets of a selection inside `root`, or null when it is empty or reaches outside. The
 * ends of a selection may sit on elements (a triple click): each end becomes the offset of the first text
 * at or after it.
 */
export function selectionOffsets(root: HTMLElement, range: Range): { start: number; end: number } | null {
  if (range.collapsed || !root.contains(range.commonAncestorContainer)) return null
  const { nodes, pieces, canonical } = bodyText(root)
  const offsetOf = (container: Node, offset: number): number => {
    if (container.nodeType === Node.TEXT_NODE) {
      const piece = nodes.indexOf(container as Text)
      if (piece >= 0) return canonicalOffset(pieces, canonical, piece, offset)
    }
    const point = root.ownerDocument.createRange()
    point.setStart(container, offset)
    const next = nodes.findIndex((node) => point.comparePoint(node, 0) >= 0)
    return next < 0 ? canonical.text.length : (canonical.starts[next] ?? canonical.text.length)
  }
  let start = offsetOf(range.startContainer, range.startOffset)
  let end = offsetOf(range.endContainer, range.endOffset)
  // Whitespace at the edges of a selection is not worth highlighting.
  while (start < end && canonical.text[start] === ' ') start++
  while (end > start && canonical.text[end - 1] === ' ') end--
  return end > start ? { start, end } : null
}

import type { TextRange } from '../../shared/contract'

export interface TextPiece {
  text: string
  match: boolean
}

/** A text cut into plain and matched pieces by [start, length] ranges (overlaps merged, bounds clamped). */
export function splitByRanges(text: string, ranges: readonly TextRange[] | undefined): TextPiece[] {
  if (!ranges || ranges.length === 0) return [{ text, match: false }]
  const sorted = ranges
    .map(([start, length]) => [Math.max(0, start), Math.min(text.length, start + length)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0])
  const pieces: TextPiece[] = []
  let at = 0
  for (const [start, end] of sorted) {
    if (end <= at) continue
    const from = Math.max(start, at)
    const last = pieces.at(-1)
    if (from > at) pieces.push({ text: text.slice(at, from), match: false })
    else if (last?.match) {
      // Overlapping or touching ranges make one mark.
      last.text += text.slice(from, end)
      at = end
      continue
    }
    pieces.push({ text: text.slice(from, end), match: true })
    at = end
  }
  if (at < text.length) pieces.push({ text: text.slice(at), match: false })
  return pieces
}

/** The distinct words the ranges cover, to find again in the article's markup. */
export function matchedTerms(text: string, ranges: readonly TextRange[] | undefined): string[] {
  const terms = new Set<string>()
  for (const [start, length] of ranges ?? []) {
    const term = text.slice(start, start + length).trim()
    if (term) terms.add(term.toLocaleLowerCase())
  }
  return [...terms]
}

/** The class of the marks search matches get, in the list and in the article. */
export const MATCH_CLASS = 'search-match'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Wraps every occurrence of the terms in the element's text in <mark>, after removing marks an earlier
 * call left. Works on text nodes only, so the article's markup is untouched.
 */
export function highlightTerms(root: HTMLElement, terms: readonly string[]): number {
  for (const mark of [...root.querySelectorAll(`mark.${MATCH_CLASS}`)]) {
    mark.replaceWith(...mark.childNodes)
  }
  root.normalize()
  const wanted = [...new Set(terms.filter((term) => term.length > 0))].sort((a, b) => b.length - a.length)
  if (wanted.length === 0) return 0
  const pattern = new RegExp(wanted.map(escapeRegExp).join('|'), 'giu')
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  const nodes: Text[] = []
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text)
  let count = 0
  for (const node of nodes) {
    const text = node.data
    pattern.lastIndex = 0
    if (!pattern.test(text)) continue
    pattern.lastIndex = 0
    const fragment = root.ownerDocument.createDocumentFragment()
    let at = 0
    for (const found of text.matchAll(pattern)) {
      const start = found.index
      if (start > at) fragment.append(text.slice(at, start))
      const mark = root.ownerDocument.createElement('mark')
      mark.className = MATCH_CLASS
      mark.textContent = found[0]
      fragment.append(mark)
      at = start + found[0].length
      count++
    }
    if (at < text.length) fragment.append(text.slice(at))
    node.replaceWith(fragment)
  }
  return count
}

/**
 * Where a highlight sits in an article, the way the W3C Web Annotation model anchors one: a text-quote
 * selector (the exact text, with the text just before and after it) and a text-position selector (its
 * offsets) as the fallback that tells two equal quotes apart. Both are over an article's *canonical text*:
 * its text nodes in document order, every run of whitespace one space. The core computes it from the
 * stored HTML and the renderer from the DOM it shows, so neither the theme, the typography, nor the
 * reader's own marks (search matches, other highlights) move an anchor; and when the article is stored
 * again (re-extracted, updated by its feed) the quote finds its text wherever it went. A quote that no
 * longer occurs is orphaned: kept and listed, never dropped. Pure; no DOM.
 */

/** A text-quote selector with its text-position fallback. */
export interface TextAnchor {
  /** The highlighted text, as in the canonical text. */
  exact: string
  /** Up to {@link CONTEXT} characters before it and after it. */
  prefix: string
  suffix: string
  /** Its offsets in the canonical text when it was made. */
  start: number
  end: number
}

/** How much text around a quote is kept to tell its occurrences apart. */
export const CONTEXT = 32

const SPACE = /[\s\u00a0]+/g

/** The canonical text of a run of text nodes, and where each node's text starts in it. */
export interface CanonicalText {
  text: string
  /** For each piece, the offset in `text` where its first kept character lands. */
  starts: number[]
}

/** Joins text nodes' values into the canonical text: whitespace runs (across nodes too) become one space. */
export function canonicalText(pieces: readonly string[]): CanonicalText {
  const parts: string[] = []
  const starts: number[] = []
  let length = 0
  // A leading space is dropped, so the text starts with the first visible character.
  let afterSpace = true
  for (const piece of pieces) {
    starts.push(length)
    let part = piece.replace(SPACE, ' ')
    if (afterSpace && part.startsWith(' ')) part = part.slice(1)
    if (part.length === 0) continue
    parts.push(part)
    length += part.length
    afterSpace = part.endsWith(' ')
  }
  return { text: parts.join(''), starts }
}

/**
 * Where a canonical offset falls in the pieces: the piece and the offset within its raw value (for the
 * renderer to make a DOM range). Offsets at a piece's end resolve to that piece when `atEnd` (a range's end).
 */
export function locate(
  pieces: readonly string[],
  canonical: CanonicalText,
  offset: number,
  atEnd = false,
): { piece: number; offset: number } | null {
  const { starts, text } = canonical
  for (const [i, raw] of pieces.entries()) {
    const start = starts[i] ?? text.length
    const next = starts[i + 1] ?? text.length
    const inside = atEnd ? offset > start && offset <= next : offset >= start && offset < next
    if (!inside) continue
    // Walk the raw piece, counting the canonical characters it yields.
    let produced = start
    let afterSpace = start === 0 || text[start - 1] === ' '
    for (let j = 0; j < raw.length; j++) {
      const space = /[\s\u00a0]/.test(raw.charAt(j))
      if (space && afterSpace) continue
      if (!atEnd && produced === offset) return { piece: i, offset: j }
      produced += 1
      afterSpace = space
      if (atEnd && produced === offset) return { piece: i, offset: j + 1 }
    }
  }
  return null
}

/**
 * The canonical offset of a point in the pieces (the inverse of {@link locate}): piece `piece`, `offset`
 * characters into its raw value. A selection's ends become a highlight's offsets through it.
 */
export function canonicalOffset(
  pieces: readonly string[],
  canonical: CanonicalText,
  piece: number,
  offset: number,
): number {
  const { starts, text } = canonical
  const start = starts[piece] ?? text.length
  const raw = pieces[piece] ?? ''
  let produced = start
  let afterSpace = start === 0 || text[start - 1] === ' '
  for (let j = 0; j < Math.min(offset, raw.length); j++) {
    const space = /[\s\u00a0]/.test(raw.charAt(j))
    if (space && afterSpace) continue
    produced += 1
    afterSpace = space
  }
  return Math.min(produced, text.length)
}

/** The anchor of canonical text [start, end). */
export function anchorOf(text: string, start: number, end: number): TextAnchor {
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT), start),
    suffix: text.slice(end, end + CONTEXT),
    start,
    end,
  }
}

/** At most this many occurrences of a quote are weighed (a one-letter quote in a long text). */
const MAX_CANDIDATES = 10_000

/**
 * Places an anchor in (possibly changed) canonical text: among the occurrences of its exact text, the one
 * whose surroundings best match its prefix and suffix, and of equals the one nearest its old position.
 * Null when the text no longer occurs: the highlight is orphaned.
 */
export function placeAnchor(text: string, anchor: TextAnchor): { start: number; end: number } | null {
  const { exact } = anchor
  if (exact.length === 0) return null
  let best: { start: number; score: number; distance: number } | null = null
  let from = 0
  for (let n = 0; n < MAX_CANDIDATES; n++) {
    const at = text.indexOf(exact, from)
    if (at < 0) break
    const score =
      sharedSuffix(text.slice(Math.max(0, at - anchor.prefix.length), at), anchor.prefix) +
      sharedPrefix(text.slice(at + exact.length, at + exact.length + anchor.suffix.length), anchor.suffix)
    const distance = Math.abs(at - anchor.start)
    if (!best || score > best.score || (score === best.score && distance < best.distance))
      best = { start: at, score, distance }
    from = at + 1
  }
  return best && { start: best.start, end: best.start + exact.length }
}

/**
 * Finds text a person typed (say, copied from `broadsheet show`) in canonical text: whitespace in either
 * may differ (paragraph breaks there are no characters here), letters may not. The first occurrence.
 */
export function findQuote(text: string, typed: string): { start: number; end: number } | null {
  const words = typed.split(SPACE).filter(Boolean)
  if (words.length === 0) return null
  const pattern = new RegExp(words.map(escapeRegExp).join('\\s*'), 'u')
  const match = pattern.exec(text)
  return match && { start: match.index, end: match.index + match[0].length }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function sharedPrefix(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[n] === b[n]) n++
  return n
}

function sharedSuffix(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++
  return n
}

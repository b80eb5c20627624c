import { fitSnippet } from '../../../shared/snippet'
import { analyze, foldAccents, forEachWord, stem, tokenize } from './tokenize'

/** [start, length] in UTF-16 code units of the text it belongs to, as Lunr's `position` metadata. */
export type Position = [number, number]

/** Which tokens count as matches: their index terms, or terms starting with a prefix. */
export interface TermMatcher {
  terms: ReadonlySet<string>
  prefixes: readonly string[]
}

/**
 * Where a text matches the query: the spans of its tokens whose index terms the query matched,
 * overlapping spans (bigrams) joined. Computed from the stored text with the index's own tokenizer, so
 * the positions are the ones Lunr's `metadataWhitelist: ['position']` would have stored, without storing
 * any (positions were most of the memory of a naive Lunr index).
 */
export function matchPositions(text: string, matcher: TermMatcher): Position[] {
  const spans: Position[] = []
  for (const token of analyze(text)) {
    const hit = token.terms.some(
      (term) => matcher.terms.has(term) || matcher.prefixes.some((prefix) => term.startsWith(prefix)),
    )
    if (!hit) continue
    const last = spans[spans.length - 1]
    if (last && token.start <= last[0] + last[1]) {
      last[1] = Math.max(last[1], token.start + token.length - last[0])
    } else {
      spans.push([token.start, token.length])
    }
  }
  return spans
}

/**
 * A snippet's width in columns (a Hangul, Han or Kana character takes two): about two lines of a
 * terminal; the list cuts it again to the columns its row has (see fitSnippet).
 */
export const SNIPPET_COLUMNS = 160

/**
 * A passage of at most `columns` columns centred on the best match (the first of the densest cluster
 * of matches), with the match positions inside it. The start of the text when nothing in it matched
 * (a title match).
 */
export function makeSnippet(
  text: string,
  positions: readonly Position[],
  columns = SNIPPET_COLUMNS,
): { snippet: string; positions: Position[] } {
  const fitted = fitSnippet(text, positions, columns)
  return { snippet: fitted.text, positions: fitted.ranges }
}

/**
 * The units a phrase is compared by: each word as the index sees it (stemmed, accent-folded, stop words
 * kept) and each Hangul/Han/Kana character on its own, so "north korean" matches "North Korean's" and
 * "북한 정부" matches "북한 정부는" but not "북한의 정부".
 */
export function phraseUnits(text: string): string[] {
  const units: string[] = []
  // A word's units never depend on the words around it (a run of Hangul never crosses a space), and a
  // text repeats its words: each distinct word is analyzed once (a rule's phrase reads whole articles).
  forEachWord(text, (word) => {
    for (const unit of unitsOfWord(word)) units.push(unit)
  })
  return units
}

const wordUnits = new Map<string, readonly string[]>()
const WORD_UNITS_LIMIT = 100_000

function unitsOfWord(word: string): readonly string[] {
  let found = wordUnits.get(word)
  if (found === undefined) {
    found = analyzeUnits(word)
    if (wordUnits.size >= WORD_UNITS_LIMIT) wordUnits.clear()
    wordUnits.set(word, found)
  }
  return found
}

function analyzeUnits(text: string): string[] {
  const units: string[] = []
  let runEnd = -1
  for (const token of tokenize(text)) {
    if (token.kind === 'cjk') {
      const chars = [...token.text]
      // Overlapping bigrams of one run: only the second character of each after the first is new.
      const continues = token.start < runEnd
      units.push(...(continues ? chars.slice(1) : chars))
      runEnd = token.start + token.length
      continue
    }
    runEnd = -1
    // An English-looking word is already as folding would leave it.
    if (token.kind === 'ascii') {
      units.push(stem(token.text))
      continue
    }
    const folded = foldAccents(token.text) ?? token.text
    units.push(/^[a-z0-9]+$/.test(folded) ? stem(folded) : folded)
  }
  return units
}

/** Whether `units` of a text contain the phrase's units consecutively. */
export function containsUnits(units: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return true
  outer: for (let i = 0; i + phrase.length <= units.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (units[i + j] !== phrase[j]) continue outer
    return true
  }
  return false
}

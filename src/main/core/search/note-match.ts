import { compileQuery, type Clause, type CompiledQuery } from './query-compile'
import { SearchQueryError } from './query-parse'
import { indexTerms } from './tokenize'

/**
 * Searching the person's notes on their highlights. Notes are few (hundreds, not the library's hundreds
 * of thousands of articles) and change as they are typed, so they are not in the segments: they are
 * matched when a query runs, analyzed exactly as the index analyzes a field (the same tokenizer and
 * pipeline, compiled by the same query compiler), so `flood` finds a note saying "flooding" and 홍수 a
 * note saying 홍수가.
 *
 * `note:word` (and `+note:`, `-note:`, `note:"a phrase"`) asks for articles whose notes say so; plain
 * words also reach notes: an article whose notes hold every plain word of the query matches even when
 * its text does not.
 */

const NOTE_ITEM = /(^|\s)([+-]?)note:("[^"]*"?|\S*)/gi

/**
 * The query without its `note:` items, and those items as queries of their own: what the notes must say
 * (`note:x`, `+note:x`) and what they must not (`-note:x`); null where there are none.
 */
export function splitNoteItems(query: string): {
  rest: string
  wanted: string | null
  unwanted: string[]
} {
  const wanted: string[] = []
  const unwanted: string[] = []
  const rest = query.replace(NOTE_ITEM, (_match, space: string, sign: string, value: string) => {
    if (value === '' || value === '"')
      throw new SearchQueryError(
        'query-lone-field',
        '"note:" must be followed by a word or a "quoted phrase", as in note:flood',
        { field: 'note:' },
      )
    if (value.startsWith('"') && (value.length < 2 || !value.endsWith('"')))
      throw new SearchQueryError(
        'query-unclosed-quote',
        `a quote is never closed (at note:${value.slice(0, 20)}); add the closing "`,
      )
    // A note: item must be met (a bare one too): it is what the person asked the notes for.
    if (sign === '-') unwanted.push(value)
    else wanted.push(`+${value}`)
    return space
  })
  return {
    rest: rest.trim(),
    wanted: wanted.length > 0 ? wanted.join(' ') : null,
    unwanted,
  }
}

/** A note's terms, as the index would hold them for a field with this text. */
function termsOfNote(text: string): Set<string> {
  return new Set(indexTerms(text))
}

/**
 * Whether a note text meets a compiled query: every `must` clause, no `not` clause, and (with no must)
 * at least one `should`; each clause met when all its slots are (a word's terms, a Korean word's
 * bigrams), a phrase when its words are also adjacent there.
 */
export function noteMatcher(query: CompiledQuery): (note: string) => boolean {
  const meets = (clause: Clause, terms: Set<string>, lower: string): boolean =>
    clause.slots.every(
      (slot) =>
        slot.terms.some((term) => terms.has(term)) ||
        slot.prefixes.some((prefix) => [...terms].some((term) => term.startsWith(prefix))),
    ) &&
    (clause.phrase === null || lower.replace(/\s+/g, ' ').includes(clause.phrase.toLowerCase()))
  const must = query.clauses.filter((c) => c.presence === 'must')
  const should = query.clauses.filter((c) => c.presence === 'should')
  const not = query.clauses.filter((c) => c.presence === 'not')
  return (note) => {
    const terms = termsOfNote(note)
    const lower = note.toLowerCase()
    if (!must.every((c) => meets(c, terms, lower))) return false
    if (not.some((c) => meets(c, terms, lower))) return false
    // "Plain words reach notes": a note is an answer when it holds every word asked for.
    return must.length > 0 || (should.length > 0 && should.every((c) => meets(c, terms, lower)))
  }
}

/** The matcher of a query's plain part (null when nothing in it is searchable). */
export function plainNoteMatcher(query: string): ((note: string) => boolean) | null {
  let compiled: CompiledQuery
  try {
    compiled = compileQuery(query)
  } catch {
    // The index search says why; the notes have nothing to add to it.
    return null
  }
  // title:, author:, feed:, content: ask for one field of the article, which a note is not.
  if (compiled.clauses.some((clause) => clause.fields.length === 1)) return null
  return noteMatcher(compiled)
}

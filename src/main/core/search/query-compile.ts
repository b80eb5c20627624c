import { parseQuery, SearchQueryError, type Presence, type QueryItem } from './query-parse'
import { FIELDS, type FieldName } from './segment'
import { foldAccents, stem, termsOf, tokenize } from './tokenize'

/**
 * One unit a document must contain for its clause to match: any of `terms`, or any term starting with
 * one of `prefixes`.
 */
export interface Slot {
  terms: string[]
  prefixes: string[]
}

/** A word or phrase of the query, turned into index terms with the tokenizer the index uses. */
export interface Clause {
  presence: Presence
  fields: readonly FieldName[]
  /** All slots must match (every bigram of a Korean word, every word of a phrase). */
  slots: Slot[]
  /** For a phrase: its text, checked against the stored article (adjacency is not in the index). */
  phrase: string | null
  /** What the user typed, for messages. */
  source: string
}

export interface CompiledQuery {
  clauses: Clause[]
}

/** The shortest prefix before `*` (in a space-separated script): shorter ones match half the index. */
export const MIN_PREFIX_LENGTH = 2

/**
 * Parses and analyzes a query. Lunr's own query parser is not used: it does not run the tokenizer (so
 * Korean and Chinese words would never meet their bigrams) and it splits on hyphens. Throws a
 * {@link SearchQueryError} when nothing searchable is left.
 */
export function compileQuery(input: string): CompiledQuery {
  const items = parseQuery(input)
  if (items.length === 0) throw new SearchQueryError('query-empty', 'type a word to search for')
  const clauses: Clause[] = []
  // Words left out for being too common ("the"), and what has no letter or digit at all ("^", "…").
  const dropped: string[] = []
  const wordless: string[] = []
  for (const item of items) {
    const slots = item.phrase ? phraseSlots(item.text) : wordSlots(item)
    if (slots.length === 0) {
      if (item.presence !== 'not') (tokenize(item.text).length > 0 ? dropped : wordless).push(item.text)
      continue
    }
    clauses.push({
      presence: item.phrase && item.presence === 'should' ? 'must' : item.presence,
      fields: item.field ? [item.field] : FIELDS,
      slots,
      phrase: item.phrase && tokenize(item.text).length > 1 ? item.text : null,
      source: sourceOf(item),
    })
  }
  if (!clauses.some((clause) => clause.presence !== 'not')) {
    if (dropped.length > 0) {
      throw new SearchQueryError(
        'query-too-common',
        `${dropped.map((word) => `"${word}"`).join(', ')} ${dropped.length > 1 ? 'are' : 'is'} too common to search for; add a more specific word`,
        { words: dropped.join(' '), count: dropped.length },
      )
    }
    if (wordless.length > 0) {
      throw new SearchQueryError(
        'query-no-words',
        `${wordless.map((word) => `"${word}"`).join(', ')} ${wordless.length > 1 ? 'have' : 'has'} no letters or digits to search for; type a word`,
        { words: wordless.join(' '), count: wordless.length },
      )
    }
    throw new SearchQueryError(
      'query-only-exclusions',
      'a search needs at least one word to look for, not only -exclusions (try: climate -sport)',
    )
  }
  return { clauses }
}

function sourceOf(item: QueryItem): string {
  const sign = item.presence === 'must' ? '+' : item.presence === 'not' ? '-' : ''
  const field = item.field ? `${item.field}:` : ''
  return `${sign}${field}${item.phrase ? `"${item.text}"` : item.text}${item.prefix ? '*' : ''}`
}

/**
 * The slots of one typed word. A word may hold several tokens (a hyphenated word, a Korean word of
 * several bigrams); all must match. A lone Hangul/Han/Kana character matches as a prefix, so that 집
 * finds 집에 (whose bigram is 집에).
 */
function wordSlots(item: QueryItem): Slot[] {
  const tokens = tokenize(item.text)
  const slots: Slot[] = []
  tokens.forEach((token, index) => {
    const last = index === tokens.length - 1
    if (token.kind === 'cjk') {
      const lone = [...token.text].length === 1
      slots.push(lone ? { terms: [], prefixes: [token.text] } : { terms: [token.text], prefixes: [] })
      return
    }
    if (last && item.prefix) {
      const prefixes = new Set<string>()
      const folded = foldAccents(token.text)
      for (const form of [token.text, folded]) {
        if (!form || [...form].length < MIN_PREFIX_LENGTH) continue
        prefixes.add(form)
        // Stored terms are stems: "happy*" must also reach "happi" (the stem of happy, happiness).
        if (/^[a-z]+$/.test(form)) prefixes.add(stem(form))
      }
      if (prefixes.size === 0) {
        throw new SearchQueryError(
          'query-prefix-too-short',
          `"${item.text}*" is too short: put at least ${MIN_PREFIX_LENGTH} letters before the *`,
          { word: `${item.text}*`, min: MIN_PREFIX_LENGTH },
        )
      }
      slots.push({ terms: [], prefixes: [...prefixes] })
      return
    }
    const terms = termsOf(token.text, token.kind)
    if (terms.length > 0) slots.push({ terms, prefixes: [] })
  })
  return slots
}

/** A phrase's slots: each of its words (a stop word inside a phrase is checked only by adjacency). */
function phraseSlots(text: string): Slot[] {
  return wordSlots({ presence: 'must', field: null, text, phrase: true, prefix: false })
}

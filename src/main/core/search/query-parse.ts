import type { QueryProblemCode } from '../../../shared/failure-codes'
import { UserError } from '../errors'
import type { FieldName } from './segment'

/**
 * A search the user typed that cannot be run; the message says what to change, in plain words, and the
 * code says which problem it is (the UI words it, and tells a query still being typed from a wrong one).
 */
export class SearchQueryError extends UserError {
  constructor(
    override readonly code: QueryProblemCode,
    message: string,
    override readonly params: Record<string, string | number> = {},
  ) {
    super(message)
    this.name = 'SearchQueryError'
  }
}

/** `+` must appear, `-` must not, neither: should (articles with more of these rank first). */
export type Presence = 'should' | 'must' | 'not'

/** One item of a query: a word (optionally a prefix) or a quoted phrase, maybe scoped to a field. */
export interface QueryItem {
  presence: Presence
  /** Null: title, author, feed and content. */
  field: FieldName | null
  text: string
  phrase: boolean
  /** `econom*`: any word starting with the text. */
  prefix: boolean
}

export const MAX_QUERY_LENGTH = 500
export const MAX_QUERY_ITEMS = 32

const FIELD_NAMES: Readonly<Record<string, FieldName>> = {
  title: 'title',
  author: 'author',
  by: 'author',
  feed: 'feed',
  source: 'feed',
  content: 'content',
  text: 'content',
}

/**
 * Parses the query syntax: `words`, `+must`, `-mustnot`, `title:` / `author:` / `feed:` / `content:`,
 * `prefix*` and `"quoted phrases"`; a `field:` prefix that is not one of those is plain text (10:30,
 * https://…). Throws {@link SearchQueryError} for what cannot mean anything: an unclosed quote, a lone
 * `+`, `-` or `field:`, a `*` not at the end of a word.
 */
export function parseQuery(input: string): QueryItem[] {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new SearchQueryError(
      'query-too-long',
      `the search is too long (${input.length} characters; at most ${MAX_QUERY_LENGTH})`,
      { length: input.length, max: MAX_QUERY_LENGTH },
    )
  }
  const items: QueryItem[] = []
  let i = 0
  const isSpace = (at: number): boolean => at >= input.length || /\s/.test(input[at] as string)
  while (i < input.length) {
    if (isSpace(i)) {
      i++
      continue
    }
    const start = i
    let presence: Presence = 'should'
    if (input[i] === '+' || input[i] === '-') {
      presence = input[i] === '+' ? 'must' : 'not'
      const sign = input[i] as string
      i++
      if (isSpace(i)) {
        throw new SearchQueryError(
          'query-lone-sign',
          `"${sign}" must be followed by a word, as in ${sign}climate (${sign === '+' ? 'must contain' : 'must not contain'})`,
          { sign },
        )
      }
    }
    let field: FieldName | null = null
    const scoped = /^([a-z]+):/i.exec(input.slice(i))
    const named = scoped ? FIELD_NAMES[(scoped[1] as string).toLowerCase()] : undefined
    if (scoped && named) {
      field = named
      i += scoped[0].length
      if (isSpace(i)) {
        throw new SearchQueryError(
          'query-lone-field',
          `"${scoped[0]}" must be followed by a word or a "quoted phrase", as in ${scoped[0]}climate`,
          { field: scoped[0] },
        )
      }
    }
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1)
      if (close < 0) {
        throw new SearchQueryError(
          'query-unclosed-quote',
          `a quote is never closed (at ${clip(input.slice(i))}); add the closing "`,
        )
      }
      const text = input.slice(i + 1, close).trim()
      if (text.length === 0)
        throw new SearchQueryError(
          'query-empty-phrase',
          '"" is an empty phrase; put words between the quotes',
        )
      items.push({ presence, field, text, phrase: true, prefix: false })
      i = close + 1
      continue
    }
    let end = i
    while (!isSpace(end) && input[end] !== '"') end++
    let text = input.slice(i, end)
    let prefix = false
    if (text.endsWith('*')) {
      prefix = true
      text = text.replace(/\*+$/, '')
    }
    if (text.includes('*')) {
      throw new SearchQueryError(
        'query-star-inside',
        `"*" can only end a word, as in econom* (found in "${input.slice(start, end)}")`,
        { word: input.slice(start, end) },
      )
    }
    if (prefix && text.length === 0) {
      throw new SearchQueryError('query-lone-star', '"*" must follow the start of a word, as in econom*')
    }
    items.push({ presence, field, text, phrase: false, prefix })
    i = end
  }
  if (items.length > MAX_QUERY_ITEMS) {
    throw new SearchQueryError(
      'query-too-many-words',
      `the search has too many words (${items.length}; at most ${MAX_QUERY_ITEMS})`,
      { count: items.length, max: MAX_QUERY_ITEMS },
    )
  }
  return items
}

function clip(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text
}

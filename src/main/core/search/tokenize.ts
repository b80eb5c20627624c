import lunr from 'lunr'

/**
 * How a token is turned into index terms:
 * - `ascii`: an English-looking word (letters a–z and digits): stop words dropped, Lunr's stemmer applied.
 * - `word`: any other word (accented Latin, Cyrillic, Greek, Arabic, Thai…): kept as written, never
 *   stemmed; Latin, Greek and Cyrillic words also give their accent-folded form (café → cafe).
 * - `cjk`: a character bigram (or a lone character) of Hangul, Han or Kana text.
 */
export type TokenKind = 'ascii' | 'word' | 'cjk'

/** A token of a text: the normalized (NFKC, lower case) string and where it sits in the original. */
export interface TextToken {
  text: string
  start: number
  length: number
  kind: TokenKind
}

/** Letters, digits and marks, with inner apostrophes (don't, Korea's). */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu
const ASCII_WORD = /^[A-Za-z0-9'’]+$/
const ASCII_LETTERS = /^[A-Za-z0-9]+$/
const CJK = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\u3005\u3006]/u
/** Scripts written without spaces between words, where only a dictionary finds the words. */
const UNSPACED = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u
const MARK = /\p{M}/u
const FOLDABLE = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{M}\p{N}'’]+$/u
const COMBINING = /\p{Mn}+/gu

type RunClass = 'cjk' | 'unspaced' | 'other'

let segmenter: Intl.Segmenter | undefined

/**
 * Splits text into tokens, keeping every script: English-like words, other words as written, and
 * overlapping bigrams for Hangul, Han and Kana runs, so that a query for a noun finds it with a particle
 * attached (북한 is a bigram of 북한의). Thai, Lao, Khmer and Myanmar are split into words by
 * Intl.Segmenter. Intl.Segmenter is not used for the rest: it is much slower than a regular expression
 * on space-separated text, and bigrams need no word boundaries.
 */
export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = []
  for (const match of text.matchAll(WORD)) {
    const word = match[0]
    const start = match.index
    if (ASCII_LETTERS.test(word))
      tokens.push({ text: word.toLowerCase(), start, length: word.length, kind: 'ascii' })
    else if (ASCII_WORD.test(word)) pushWord(tokens, word, start, word.length)
    else if (allCommonCjk(word)) pushBigrams(tokens, word, start)
    else splitRuns(tokens, word, start)
  }
  return tokens
}

function pushWord(tokens: TextToken[], original: string, start: number, length: number): void {
  let text = original.normalize('NFKC').toLowerCase()
  // Possessives go; other apostrophes are dropped so don't and dont meet.
  text = text.replace(/['’]s$/, '').replace(/['’]/g, '')
  if (text.length === 0) return
  tokens.push({ text, start, length, kind: /^[a-z0-9]+$/.test(text) ? 'ascii' : 'word' })
}

/** A word with non-ASCII characters: cut where the script class changes (iPhone을 → iphone, 을). */
function splitRuns(tokens: TextToken[], word: string, start: number): void {
  let runStart = 0
  let runClass: RunClass | null = null
  let offset = 0
  for (const char of word) {
    const code = char.codePointAt(0) ?? 0
    // Marks belong to the run they follow.
    const charClass: RunClass =
      code < 0x0e00
        ? 'other'
        : isCommonCjk(code)
          ? 'cjk'
          : MARK.test(char) && runClass
            ? runClass
            : classOf(char)
    if (runClass !== null && charClass !== runClass) {
      pushRun(tokens, word.slice(runStart, offset), start + runStart, runClass)
      runStart = offset
    }
    runClass = charClass
    offset += char.length
  }
  if (runClass !== null) pushRun(tokens, word.slice(runStart), start + runStart, runClass)
}

function allCommonCjk(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (!isCommonCjk(word.charCodeAt(i))) return false
  return true
}

/** Hangul syllables, common Han and Kana: CJK, and unchanged by NFKC (the fast path of bigrams). */
function isCommonCjk(code: number): boolean {
  return (
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3041 && code <= 0x3096) ||
    (code >= 0x30a1 && code <= 0x30fa) ||
    code === 0x30fc
  )
}

function classOf(char: string): RunClass {
  if (CJK.test(char)) return 'cjk'
  if (UNSPACED.test(char)) return 'unspaced'
  return 'other'
}

function pushRun(tokens: TextToken[], run: string, start: number, runClass: RunClass): void {
  if (runClass === 'other') return pushWord(tokens, run, start, run.length)
  if (runClass === 'cjk') return pushBigrams(tokens, run, start)
  segmenter ??= new Intl.Segmenter('und', { granularity: 'word' })
  for (const part of segmenter.segment(run)) {
    if (part.isWordLike) pushWord(tokens, part.segment, start + part.index, part.segment.length)
  }
}

/**
 * Overlapping character bigrams of a Hangul/Han/Kana run (a lone character stays a unigram). Positions
 * are those of the original characters when normalization kept the run's length, else the whole run.
 */
function pushBigrams(tokens: TextToken[], run: string, start: number): void {
  if (allCommonCjk(run)) {
    // One UTF-16 unit per character and nothing for NFKC to change: bigrams straight from the string.
    if (run.length === 1) tokens.push({ text: run, start, length: 1, kind: 'cjk' })
    for (let i = 0; i + 1 < run.length; i++) {
      tokens.push({ text: run.slice(i, i + 2), start: start + i, length: 2, kind: 'cjk' })
    }
    return
  }
  const normalized = run.normalize('NFKC').toLowerCase()
  const chars = [...normalized]
  const aligned = normalized.length === run.length
  const offsets: number[] = []
  let offset = 0
  for (const char of chars) {
    offsets.push(offset)
    offset += char.length
  }
  offsets.push(offset)
  const at = (from: number, to: number): [number, number] =>
    aligned ? [start + (offsets[from] ?? 0), (offsets[to] ?? 0) - (offsets[from] ?? 0)] : [start, run.length]
  if (chars.length === 1) {
    const [s, l] = at(0, 1)
    tokens.push({ text: normalized, start: s, length: l, kind: 'cjk' })
    return
  }
  for (let i = 0; i + 1 < chars.length; i++) {
    const [s, l] = at(i, i + 2)
    tokens.push({ text: `${chars[i]}${chars[i + 1]}`, start: s, length: l, kind: 'cjk' })
  }
}

const stemCache = new Map<string, string>()
const STEM_CACHE_LIMIT = 100_000
/** Lunr's verdict on each word asked about, bounded like the stems. */
const stopWordVerdicts = new Map<string, boolean>()

/** True for the English stop words Lunr's default pipeline drops. */
export function isStopWord(word: string): boolean {
  let stop = stopWordVerdicts.get(word)
  if (stop === undefined) {
    stop = !lunr.stopWordFilter(new lunr.Token(word, {}))
    if (stopWordVerdicts.size >= STEM_CACHE_LIMIT) stopWordVerdicts.clear()
    stopWordVerdicts.set(word, stop)
  }
  return stop
}

/** Lunr's English (Porter) stemmer, cached: news text repeats its words. */
export function stem(word: string): string {
  let stemmed = stemCache.get(word)
  if (stemmed === undefined) {
    stemmed = lunr.stemmer(new lunr.Token(word, {})).toString()
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear()
    stemCache.set(word, stemmed)
  }
  return stemmed
}

/** The accent-folded form of a Latin, Greek or Cyrillic word, or null when folding changes nothing. */
export function foldAccents(word: string): string | null {
  if (!FOLDABLE.test(word)) return null
  const folded = word.normalize('NFD').replace(COMBINING, '').normalize('NFC')
  return folded === word || folded.length === 0 ? null : folded
}

/** An English-looking word as the index stores it: null for a stop word, else its stem. */
function asciiTerm(word: string): string | null {
  if (/^\d+$/.test(word)) return word
  if (isStopWord(word)) return null
  return stem(word)
}

/**
 * The index terms of one token. An accented word gives itself and its folded form, the folded form
 * treated like any English word (stemmed), so that "resume" finds "résumé" and "Zurich" finds "Zürich".
 */
export function termsOf(text: string, kind: TokenKind): string[] {
  if (kind === 'cjk') return [text]
  if (kind === 'ascii') {
    const term = asciiTerm(text)
    return term === null ? [] : [term]
  }
  const folded = foldAccents(text)
  if (folded === null) return [text]
  const foldedTerm = /^[a-z0-9]+$/.test(folded) ? asciiTerm(folded) : folded
  return foldedTerm === null || foldedTerm === text ? [text] : [text, foldedTerm]
}

/** A token of a text with the index terms it gives (none for a stop word). */
export interface AnalyzedToken extends TextToken {
  terms: string[]
}

/** Tokenizes and analyzes a text the way the index does (for snippets, highlights and phrases). */
export function analyze(text: string): AnalyzedToken[] {
  return tokenize(text).map((token) => ({
    text: token.text,
    start: token.start,
    length: token.length,
    kind: token.kind,
    terms: termsOf(token.text, token.kind),
  }))
}

/** Every word's index terms, by the word as written (a text's words repeat); bounded like the stems. */
const wordTerms = new Map<string, readonly string[]>()
const WORD_TERMS_LIMIT = 200_000

/**
 * The index terms of a text, in order: what {@link tokenize} then {@link termsOf} give, as Lunr's
 * tokenizer slot and pipeline below give them, with the same count (a field's length). Each distinct
 * word is analyzed once: a word's terms never depend on the words around it, and building a segment
 * spent most of its time analyzing the same words again (and on Lunr's token objects).
 */
export function indexTerms(value: unknown): string[] {
  const terms: string[] = []
  forEachWord(value, (word) => {
    for (const term of termsOfWord(word)) terms.push(term)
  })
  return terms
}

/** Calls `visit` with each word of a text, in order: the pieces {@link indexTerms} analyzes one by one. */
export function forEachWord(value: unknown, visit: (word: string) => void): void {
  if (value === null || value === undefined) return
  for (const match of String(value).matchAll(WORD)) visit(match[0])
}

/** One word's index terms ({@link indexTerms} of that word alone), analyzed once and kept. */
export function termsOfWord(word: string): readonly string[] {
  let found = wordTerms.get(word)
  if (found === undefined) {
    found = tokenize(word).flatMap((token) => termsOf(token.text, token.kind))
    if (wordTerms.size >= WORD_TERMS_LIMIT) wordTerms.clear()
    wordTerms.set(word, found)
  }
  return found
}

/**
 * Lunr's tokenizer slot: our tokens as lunr.Tokens, their kind in the metadata for the pipeline. With
 * {@link broadsheetTerms} it is how Lunr itself would index a text like Broadsheet (the ranking tests and
 * the Lunr bench compare the two); Broadsheet's own index reads {@link indexTerms}.
 */
export function lunrTokenizer(value: unknown): lunr.Token[] {
  if (value === null || value === undefined) return []
  return tokenize(String(value)).map(
    (token) => new lunr.Token(token.text, { position: [token.start, token.length], kind: token.kind }),
  )
}

/** The one pipeline function: stop words, stemming and folding by token kind (see {@link termsOf}). */
export function broadsheetTerms(token: lunr.Token): lunr.Token | lunr.Token[] | undefined {
  const kind = ((token as unknown as { metadata: { kind?: TokenKind } }).metadata.kind ?? 'word') as TokenKind
  const terms = termsOf(token.toString(), kind)
  if (terms.length === 0) return undefined
  if (terms.length === 1) return token.update(() => terms[0] as string)
  return terms.map((term) => token.clone(() => term))
}

lunr.Pipeline.registerFunction(broadsheetTerms as lunr.PipelineFunction, 'broadsheetTerms')

/**
 * Plain text from article markup: the readable text of an article (search, previews) and the one-line
 * form of titles and authors. What is safe to show as HTML is sanitize.ts's job.
 */
import { parseFragment, parseTree, type TreeNode } from './dom'

const PARAGRAPH = new Set([
  ...['p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'address', 'hr'],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'figure', 'figcaption', 'details'],
  ...['table', 'dl', 'form', 'fieldset', 'center', 'picture', 'video', 'audio'],
])
const LINE = new Set(['li', 'dt', 'dd', 'tr', 'caption', 'summary', 'legend'])
const SILENT = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'iframe',
  'object',
  'svg',
  'math',
])

/**
 * The readable plain text of article HTML, for search and previews: blocks separated by a blank line,
 * `<br>`, list items and table rows on lines of their own, table cells by a space, whitespace collapsed
 * (but kept as written inside `<pre>`), entities decoded, no markup.
 */
export function htmlToText(html: string): string {
  const text = new TextBuilder()
  let pendingBreaks = 0
  const lineBreak = (count: number): void => {
    pendingBreaks = Math.max(pendingBreaks, count)
  }
  const append = (raw: string, preformatted: boolean): void => {
    let chunk = preformatted ? raw : collapseWhiteSpace(raw)
    if (!chunk) return
    const atLineStart = text.empty || text.endsWith('\n') || pendingBreaks > 0
    if (!preformatted && chunk === ' ' && (atLineStart || text.endsWith(' '))) return
    if (pendingBreaks > 0 && !text.empty) {
      text.trimTrailing(' ')
      text.push('\n'.repeat(Math.max(0, pendingBreaks - text.trailing('\n', pendingBreaks))))
    }
    pendingBreaks = 0
    if (!preformatted && (text.empty || text.endsWith('\n') || text.endsWith(' ')))
      chunk = chunk.replace(/^ /, '')
    text.push(chunk)
  }
  const walk = (node: TreeNode, preformatted: boolean, inListItem: boolean, afterElement: boolean): void => {
    if (node.nodeName === '#text') return append((node as TextNode).value, preformatted)
    if (!('tagName' in node)) return
    const tag = node.tagName
    if (SILENT.has(tag)) return
    if (tag === 'br') {
      // A <br> next to a block break adds to it (up to a blank line); elsewhere it ends the line.
      if (pendingBreaks > 0) pendingBreaks = Math.min(2, pendingBreaks + 1)
      else if (!text.empty) {
        text.trimTrailing(' ')
        text.push('\n')
      }
      return
    }
    const breaks =
      tag === 'ul' || tag === 'ol' ? (inListItem ? 1 : 2) : PARAGRAPH.has(tag) ? 2 : LINE.has(tag) ? 1 : 0
    if (breaks) lineBreak(breaks)
    if ((tag === 'td' || tag === 'th') && afterElement) append(' ', false)
    walkChildren(node.childNodes, preformatted || tag === 'pre', inListItem || tag === 'li')
    if (breaks) lineBreak(breaks)
  }
  const walkChildren = (children: TreeNode[], preformatted: boolean, inListItem: boolean): void => {
    let afterElement = false
    for (const child of children) {
      walk(child, preformatted, inListItem, afterElement)
      if ('tagName' in child) afterElement = true
    }
  }
  walkChildren(parseTree(html).childNodes, false, false)
  return trimTrailingBreaks(text.toString())
}

/** White space that collapses to one space: anything but a lone space between words. */
const UNCOLLAPSED = /[\t\n\f\r\u00a0]| {2}/

/**
 * Each run of white space as one space: `raw.replace(/[\t\n\f\r \u00a0]+/g, ' ')`, without making a new
 * string of text that has nothing to collapse (most of an article's text).
 */
export function collapseWhiteSpace(raw: string): string {
  return UNCOLLAPSED.test(raw) ? raw.replace(/[\t\n\f\r \u00a0]+/g, ' ') : raw
}

/**
 * Text without the spaces and line ends it ends with: `text.replace(/[ \n]+$/, '')`, without trying the
 * expression at every space of the text.
 */
export function trimTrailingBreaks(text: string): string {
  let end = text.length
  while (end > 0 && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x0a)) end--
  return end === text.length ? text : text.slice(0, end)
}

/**
 * Text built from pieces, asked only about its end. Asking a string that grows by `+=` about its end
 * (`endsWith`) copies it whole each time, which makes a long article cost the square of its length.
 */
class TextBuilder {
  private readonly parts: string[] = []

  get empty(): boolean {
    return this.parts.length === 0
  }

  push(piece: string): void {
    if (piece) this.parts.push(piece)
  }

  endsWith(char: string): boolean {
    return this.parts.at(-1)?.endsWith(char) ?? false
  }

  /** How many times (up to `most`) the text ends with `char`. */
  trailing(char: string, most: number): number {
    let count = 0
    for (let part = this.parts.length - 1; part >= 0 && count < most; part--) {
      const piece = this.parts[part] as string
      let at = piece.length - 1
      while (at >= 0 && piece[at] === char && count < most) {
        count++
        at--
      }
      if (at >= 0) break
    }
    return count
  }

  /** Removes the run of `char` the text ends with. */
  trimTrailing(char: string): void {
    while (this.parts.length > 0) {
      const piece = this.parts.at(-1) as string
      let end = piece.length
      while (end > 0 && piece[end - 1] === char) end--
      if (end > 0) {
        if (end < piece.length) this.parts[this.parts.length - 1] = piece.slice(0, end)
        return
      }
      this.parts.pop()
    }
  }

  toString(): string {
    return this.parts.join('')
  }
}

type TextNode = Extract<TreeNode, { nodeName: '#text' }>

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g

/**
 * Characters that are not seen but change what is: the bidi embeddings, overrides and isolates
 * (U+202A–E, U+2066–9: U+202E then "exe.txt" shows as "txt.exe", in the app and in a terminal alike), the
 * zero-width space, word joiner and invisible operators, the BOM, the Mongolian vowel separator. Left
 * alone: the bidi marks (LRM, RLM, ALM), which reorder nothing strong and which right-to-left titles use
 * for their punctuation.
 */
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\u180e]/g

/**
 * Tag characters hide text from the reader (they can spell out anything, unseen); the one use they have in
 * text is a subdivision flag (🏴 followed by tags), so a run of them is kept after 🏴 only.
 */
const TAGS = /(\u{1F3F4}?)[\u{E0000}-\u{E007F}]+/gu

/** Scripts whose spelling uses ZWJ and ZWNJ (Persian's half-space, Indic conjuncts and half forms). */
const JOINING_SCRIPTS = ['Arab', 'Syrc', 'Nkoo', 'Mong', 'Deva', 'Beng', 'Guru', 'Gujr', 'Orya', 'Taml']
  .concat(['Telu', 'Knda', 'Mlym', 'Sinh', 'Mymr', 'Khmr', 'Tibt'])
  .map((script) => String.raw`\p{Script_Extensions=${script}}`)
  .join('')
const JOINING_LETTER = String.raw`(?=[${JOINING_SCRIPTS}])[\p{L}\p{M}]`

/**
 * ZWJ and ZWNJ where they mean something — inside an emoji sequence (woman, ZWJ, laptop), between letters
 * of a script that writes with them — stay; anywhere else (`Pay\u200dPal`) they only make a title differ
 * from what it shows, and go (the `lone` group).
 */
const JOINERS = new RegExp(
  [
    String.raw`(?<=\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F]?)\u200D(?=\p{Extended_Pictographic})`,
    String.raw`(?<=${JOINING_LETTER})[\u200C\u200D](?=${JOINING_LETTER})`,
    String.raw`(?<lone>[\u200C\u200D])`,
  ].join('|'),
  'gu',
)

/**
 * Text as one plain line, the form of every title and author the app stores: control characters (C0, DEL
 * and C1: a terminal obeys an escape sequence in a title the CLI prints) as spaces, whitespace collapsed,
 * and the invisible characters that make a title show other than it reads (bidi overrides, zero-width
 * characters) removed.
 */
export function plainLine(text: string): string {
  return text
    .replace(CONTROL, ' ')
    .replace(INVISIBLE, '')
    .replace(TAGS, (run: string, flag: string) => (flag ? run : ''))
    .replace(JOINERS, (joiner: string, ...rest: unknown[]) => (lonely(rest) ? '' : joiner))
    .replace(/\s+/g, ' ')
    .trim()
}

/** Whether a {@link JOINERS} match was the `lone` group (named groups come last in the arguments). */
function lonely(rest: unknown[]): boolean {
  const groups = rest.at(-1) as { lone?: string }
  return groups.lone !== undefined
}

/**
 * A title as plain text: tags (anything that looks like one and is closed) removed, entities decoded,
 * whitespace collapsed. A lone `<` stays (`x < y`, `a<b`), as it is text, not markup.
 */
export function sanitizeTitle(text: string): string {
  const withoutTags = text
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<\/?[a-z][^<>]*>/gi, '')
  // The parser decodes entities; escaping `<` first means it can only ever produce text. Control
  // characters go before (the parser would drop a NUL, gluing words) and after (`&#7;` decodes to one).
  // Without an `&` there is nothing to decode: the parse would give back the same text.
  if (!withoutTags.includes('&')) return plainLine(withoutTags)
  const decoded = parseFragment(withoutTags.replaceAll('<', '&lt;').replace(CONTROL, ' ')).textContent ?? ''
  return plainLine(decoded)
}

/**
 * The values of an article's text nodes in document order, as a browser showing the HTML has them: what
 * highlights are anchored in (shared/anchor.ts's canonical text).
 */
export function textNodesOf(html: string): string[] {
  const values: string[] = []
  const stack: TreeNode[] = [...parseTree(html).childNodes].reverse()
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.nodeName === '#text') values.push((node as TextNode).value)
    else if ('childNodes' in node) stack.push(...[...node.childNodes].reverse())
  }
  return values
}

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
  let text = ''
  let pendingBreaks = 0
  const lineBreak = (count: number): void => {
    pendingBreaks = Math.max(pendingBreaks, count)
  }
  const append = (raw: string, preformatted: boolean): void => {
    let chunk = preformatted ? raw : raw.replace(/[\t\n\f\r \u00a0]+/g, ' ')
    if (!chunk) return
    const atLineStart = text === '' || text.endsWith('\n') || pendingBreaks > 0
    if (!preformatted && chunk === ' ' && (atLineStart || text.endsWith(' '))) return
    if (pendingBreaks > 0 && text) {
      text = withoutTrailing(text, ' ')
      const trailing = text.length - withoutTrailing(text, '\n').length
      text += '\n'.repeat(Math.max(0, pendingBreaks - trailing))
    }
    pendingBreaks = 0
    if (!preformatted && (text === '' || text.endsWith('\n') || text.endsWith(' ')))
      chunk = chunk.replace(/^ /, '')
    text += chunk
  }
  const walk = (node: TreeNode, preformatted: boolean, inListItem: boolean): void => {
    if (node.nodeName === '#text') return append((node as TextNode).value, preformatted)
    if (!('tagName' in node)) return
    const tag = node.tagName
    if (SILENT.has(tag)) return
    if (tag === 'br') {
      // A <br> next to a block break adds to it (up to a blank line); elsewhere it ends the line.
      if (pendingBreaks > 0) pendingBreaks = Math.min(2, pendingBreaks + 1)
      else if (text) text = `${withoutTrailing(text, ' ')}\n`
      return
    }
    const breaks =
      tag === 'ul' || tag === 'ol' ? (inListItem ? 1 : 2) : PARAGRAPH.has(tag) ? 2 : LINE.has(tag) ? 1 : 0
    if (breaks) lineBreak(breaks)
    if ((tag === 'td' || tag === 'th') && followsAnElement(node)) append(' ', false)
    for (const child of node.childNodes)
      walk(child, preformatted || tag === 'pre', inListItem || tag === 'li')
    if (breaks) lineBreak(breaks)
  }
  for (const child of parseTree(html).childNodes) walk(child, false, false)
  return text.replace(/[ \n]+$/, '')
}

/**
 * `text` without the run of `char` it ends with. A loop from the end: the text grows with the article, and
 * a regex anchored at the end (`/ +$/`) would scan all of it at every line break.
 */
function withoutTrailing(text: string, char: string): string {
  let end = text.length
  while (end > 0 && text[end - 1] === char) end--
  return end === text.length ? text : text.slice(0, end)
}

type TextNode = Extract<TreeNode, { nodeName: '#text' }>

/** True when an element comes before `node` among its parent's children. */
function followsAnElement(node: TreeNode): boolean {
  const siblings = node.parentNode?.childNodes ?? []
  for (const sibling of siblings) {
    if (sibling === node) return false
    if ('tagName' in sibling) return true
  }
  return false
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g

/**
 * Text as one plain line, the form of every title and author the app stores: control characters (C0, DEL
 * and C1: a terminal obeys an escape sequence in a title the CLI prints) as spaces, whitespace collapsed.
 */
export function plainLine(text: string): string {
  return text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim()
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

import type { Highlight } from '../../../shared/types'
import type { ExportArticle } from './prepare'

/** The line under an article's title: its feed, author and date. */
export function bylineOf(article: ExportArticle): string {
  const date = article.published ? article.published.slice(0, 10) : null
  return [article.feedTitle, article.author, date].filter(Boolean).join(' · ')
}

/**
 * Puts an article's title, byline and original address at the top of its body, and its notes (and any
 * orphaned highlights) at the end, as elements of its own document: the HTML and EPUB writers serialize
 * the result. `noteRole` adds EPUB's footnote semantics.
 */
export function decorate(article: ExportArticle, options: { epub?: boolean } = {}): void {
  const { body } = article
  const document = body.ownerDocument
  const element = (name: string, text?: string, attributes: Record<string, string> = {}): HTMLElement => {
    const node = document.createElement(name)
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value)
    if (text !== undefined) node.textContent = text
    return node
  }
  const header = element('header')
  header.append(element('h1', article.title))
  const byline = bylineOf(article)
  if (byline) header.append(element('p', byline, { class: 'byline' }))
  if (article.url) {
    const p = element('p', undefined, { class: 'source' })
    p.append(element('a', article.url, { href: article.url }))
    header.append(p)
  }
  body.prepend(header)

  if (article.notes.length === 0 && article.orphaned.length === 0) return
  const section = element('section', undefined, { class: 'notes' })
  if (article.notes.length > 0) {
    section.append(element('h2', 'Notes'))
    const list = element('ol')
    for (const note of article.notes) {
      const item = element('li', undefined, { id: note.noteId })
      const holder = options.epub ? element('aside', undefined, { 'epub:type': 'footnote' }) : item
      holder.append(element('blockquote', note.text), element('p', note.note))
      if (note.marked) holder.append(element('a', '↩', { href: `#${note.refId}`, class: 'back' }))
      if (options.epub) item.append(holder)
      list.append(item)
    }
    section.append(list)
  }
  if (article.orphaned.length > 0) {
    section.append(element('h2', 'Highlights no longer found in the article'))
    const list = element('ul')
    for (const highlight of article.orphaned) list.append(orphanItem(highlight, element))
    section.append(list)
  }
  body.append(section)
}

function orphanItem(
  highlight: Highlight,
  element: (name: string, text?: string, attributes?: Record<string, string>) => HTMLElement,
): HTMLElement {
  const item = element('li')
  item.append(element('mark', highlight.text, { class: `highlight ${highlight.color}` }))
  if (highlight.note) item.append(' — ', highlight.note)
  return item
}

/** The stylesheet of exported HTML and EPUB: readable, and each highlight colour. */
export const EXPORT_CSS = `body { font-family: Georgia, serif; line-height: 1.6; max-width: 40em; margin: 2em auto; padding: 0 1em; color: #222; }
img { max-width: 100%; height: auto; }
.byline, .source { color: #666; font-size: 0.9em; margin: 0.2em 0; }
article { margin-bottom: 4em; }
mark.highlight { padding: 0 0.1em; }
mark.yellow { background: #fff3a3; } mark.green { background: #c8f0c0; } mark.blue { background: #c6e2ff; }
mark.pink { background: #ffd0e0; } mark.purple { background: #e2d4ff; }
.notes { border-top: 1px solid #ccc; margin-top: 2em; font-size: 0.95em; }
.notes blockquote { margin: 0.3em 0; font-style: italic; color: #444; }
`

import { canonicalText, locate, placeAnchor } from '../../../shared/anchor'
import { cacheHashOf, type Article, type Highlight } from '../../../shared/types'
import { parseOwnDocument } from '../content/dom'

/** An image an exported article shows: a cached blob, and where the export puts it. */
export interface ExportImage {
  hash: string
  mediaType: string
}

/** A highlight's note, numbered within its article. */
export interface ExportNote {
  /** The note's number in the article (1, 2, …) and the ids of its mark and its text. */
  n: number
  refId: string
  noteId: string
  text: string
  note: string
  /** False when its text could not be marked (it overlaps an earlier highlight): no reference to it. */
  marked: boolean
}

/** An article ready for a writer: its metadata and its body, with highlights marked and images placed. */
export interface ExportArticle {
  index: number
  id: string
  title: string
  url: string | null
  author: string | null
  published: string | null
  feedTitle: string
  /** The body, in a document of its own, for the writer to serialize (HTML or XHTML). */
  body: HTMLElement
  notes: ExportNote[]
  /** Highlights whose text is no longer in the article: listed after it, never dropped. */
  orphaned: Highlight[]
  images: ExportImage[]
  /** The language its text is in, when known (Hangul: ko). */
  language: string | null
}

/** How a format takes an article's images. */
export interface ImagePolicy {
  /** The src an image gets in the export, or null when this format cannot hold its type. */
  src(image: ExportImage): string | null
}

/** What prepare reads besides the article. */
export interface PrepareContext {
  /** A cached image's media type, or null when it is no longer cached (evicted). */
  imageType(hash: string): Promise<string | null>
  feedTitle(feedId: string): string
}

/**
 * Prepares one article for export: highlights become `<mark>` (with a numbered note reference after
 * each noted one), cached images point where the format keeps them, and an image that is not cached any
 * more, or that the format cannot hold, becomes a line with its original address — the export still
 * works. Video and audio (never cached) become links. Everything else is the stored, sanitized HTML.
 */
export async function prepareArticle(
  article: Article,
  index: number,
  highlights: readonly Highlight[],
  context: PrepareContext,
  images: ImagePolicy,
): Promise<ExportArticle> {
  const document = parseOwnDocument(article.contentHtml)
  const body = document.body
  const { notes, orphaned } = markHighlights(document, highlights, index)
  const used = new Map<string, ExportImage>()

  for (const img of [...body.querySelectorAll('img')]) {
    const src = img.getAttribute('src') ?? ''
    const hash = cacheHashOf(src)
    const original = (hash && article.images.find((image) => image.hash === hash)?.url) || src
    const mediaType = hash ? await context.imageType(hash) : null
    const image = hash && mediaType ? { hash, mediaType } : null
    const exported = image && images.src(image)
    if (image && exported) {
      img.setAttribute('src', exported)
      img.removeAttribute('srcset')
      img.removeAttribute('sizes')
      if (!img.hasAttribute('alt')) img.setAttribute('alt', '')
      used.set(image.hash, image)
    } else {
      const reason = image ? 'an image in a format this export cannot hold' : 'an image not kept offline'
      img.replaceWith(noteLine(document, `[${reason}: `, original, ']'))
    }
  }
  // <source> alternatives point at the network; the <img> inside <picture> is what is kept.
  for (const source of [...body.querySelectorAll('source')]) source.remove()
  for (const media of [...body.querySelectorAll('video, audio')]) {
    const src = media.getAttribute('src')
    media.replaceWith(
      src ? noteLine(document, `[${media.localName}: `, src, ']') : document.createTextNode(''),
    )
  }

  return {
    index,
    id: article.id,
    title: article.title,
    url: article.url,
    author: article.author,
    published: article.published,
    feedTitle: context.feedTitle(article.feedId),
    body,
    notes,
    orphaned,
    images: [...used.values()],
    language: /[\uac00-\ud7a3]/.test(article.contentText.slice(0, 2000)) ? 'ko' : null,
  }
}

function noteLine(document: Document, before: string, url: string, after: string): HTMLElement {
  const span = document.createElement('span')
  const link = document.createElement('a')
  link.setAttribute('href', url)
  link.textContent = url
  span.append(before, link, after)
  return span
}

/**
 * Wraps each highlight's text in `<mark>` (one per text node it crosses), placed by its anchor in this
 * document's own text; a noted one gets `<sup><a>n</a></sup>` after its last mark. Highlights overlapping
 * an earlier one are not marked twice (their notes are still numbered and listed).
 */
function markHighlights(
  document: Document,
  highlights: readonly Highlight[],
  index: number,
): { notes: ExportNote[]; orphaned: Highlight[] } {
  const nodes: Text[] = []
  const walker = document.createTreeWalker(document.body, 4 /* NodeFilter.SHOW_TEXT */)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text)
  const pieces = nodes.map((node) => node.data)
  const canonical = canonicalText(pieces)

  const placed: { highlight: Highlight; start: number; end: number }[] = []
  const orphaned: Highlight[] = []
  for (const highlight of highlights) {
    const range = placeAnchor(canonical.text, { ...highlight, exact: highlight.text })
    if (range) placed.push({ highlight, ...range })
    else orphaned.push(highlight)
  }
  placed.sort((a, b) => a.start - b.start)

  // Each node's segments, found before any node is split.
  const segments = new Map<number, { from: number; to: number; color: string; last: ExportNote | null }[]>()
  const notes: ExportNote[] = []
  let reached = 0
  for (const { highlight, start, end } of placed) {
    const note =
      highlight.note === ''
        ? null
        : {
            n: notes.length + 1,
            refId: `a${index}-ref${notes.length + 1}`,
            noteId: `a${index}-note${notes.length + 1}`,
            text: highlight.text,
            note: highlight.note,
            marked: false,
          }
    if (note) notes.push(note)
    if (start < reached) continue
    reached = end
    const from = locate(pieces, canonical, start)
    const to = locate(pieces, canonical, end, true)
    if (!from || !to) continue
    let last: { from: number; to: number; color: string; last: ExportNote | null } | null = null
    for (let piece = from.piece; piece <= to.piece; piece++) {
      const node = nodes[piece]
      if (!node) continue
      const a = piece === from.piece ? from.offset : 0
      const b = piece === to.piece ? to.offset : node.data.length
      if (node.data.slice(a, b).trim() === '') continue
      const list = segments.get(piece) ?? []
      last = { from: a, to: b, color: highlight.color, last: null }
      list.push(last)
      segments.set(piece, list)
    }
    if (last && note) {
      last.last = note
      note.marked = true
    }
  }
  for (const [piece, list] of segments) {
    const node = nodes[piece]!
    // From the end of the node backwards, so earlier offsets stay right.
    for (const segment of list.sort((x, y) => y.from - x.from)) {
      const after = node.splitText(segment.to)
      const inside = node.splitText(segment.from)
      const mark = document.createElement('mark')
      mark.setAttribute('class', `highlight ${segment.color}`)
      inside.replaceWith(mark)
      mark.append(inside)
      if (segment.last) {
        const sup = document.createElement('sup')
        const link = document.createElement('a')
        link.setAttribute('href', `#${segment.last.noteId}`)
        link.setAttribute('id', segment.last.refId)
        link.textContent = String(segment.last.n)
        sup.append(link)
        after.before(sup)
      }
    }
  }
  return { notes, orphaned }
}

import { anchorOf, canonicalText, findQuote, placeAnchor } from '../../../shared/anchor'
import {
  HIGHLIGHT_COLORS,
  type Article,
  type Highlight,
  type HighlightColor,
  type HighlightView,
} from '../../../shared/types'
import { textNodesOf } from '../content/text'
import { UserError } from '../errors'
import { resolveIdPrefix } from '../id-prefix'
import { newId } from '../store/ids'
import type { HighlightsFile } from './highlights-file'

/**
 * Where a new highlight goes: text to find in the article, or offsets in its canonical text (the reader),
 * with the text the reader saw there to check them against.
 */
export type HighlightTarget =
  { articleId: string; text: string } | { articleId: string; start: number; end: number; expect?: string }

export interface NewHighlight {
  color?: HighlightColor
  note?: string
}

/** What the highlights service reads articles through. */
export interface HighlightedArticles {
  get(id: string): Promise<Article | null>
}

/** The longest note kept (a note is a note, not a second article). */
export const MAX_NOTE_LENGTH = 20_000

/**
 * The highlights service: passages a person marked in articles, with notes. Anchored by quote and
 * position in the article's canonical text (shared/anchor.ts) and placed again whenever they are read, so
 * a re-extracted article keeps them and one whose text is gone lists them as orphaned. The articles they
 * are in are kept through retention and unsubscribing (see {@link articleIds}).
 */
export class Highlights {
  readonly #file: HighlightsFile
  readonly #articles: HighlightedArticles

  constructor(file: HighlightsFile, articles: HighlightedArticles) {
    this.#file = file
    this.#articles = articles
  }

  /** The highlights of one article in reading order, or of every article newest first. */
  async list(articleId?: string): Promise<HighlightView[]> {
    const all = await this.#file.all()
    const chosen = articleId === undefined ? all : all.filter((h) => h.articleId === articleId)
    const texts = new Map<string, { text: string; title: string } | null>()
    const views: HighlightView[] = []
    for (const highlight of chosen) {
      if (!texts.has(highlight.articleId))
        texts.set(highlight.articleId, await this.#textOf(highlight.articleId))
      views.push(placed(highlight, texts.get(highlight.articleId) ?? null))
    }
    if (articleId === undefined) return views.sort((a, b) => b.created.localeCompare(a.created))
    return views.sort((a, b) => (a.orphaned ? 1 : 0) - (b.orphaned ? 1 : 0) || a.start - b.start)
  }

  /** Every highlight as stored, in the order made, not placed in its article. */
  stored(): Promise<Highlight[]> {
    return this.#file.all()
  }

  /** The notes of each article that has any, joined (search reads them: `note:` and plain words). */
  notes(): Map<string, string> {
    const notes = new Map<string, string>()
    for (const { articleId, note } of this.#file.allNow()) {
      if (note) notes.set(articleId, notes.has(articleId) ? `${notes.get(articleId)}\n${note}` : note)
    }
    return notes
  }

  /** The highlight an id or a unique start of one (6+ characters) names (see resolveIdPrefix). */
  async resolveId(input: string): Promise<string> {
    const all = await this.#file.all()
    return resolveIdPrefix(
      'highlight',
      input,
      all.map((h) => ({ id: h.id, label: ellipsis(h.text) })),
    )
  }

  /** Ids of every article with a highlight: never evicted, kept when its feed is unsubscribed. */
  async articleIds(): Promise<Set<string>> {
    return new Set((await this.#file.all()).map((highlight) => highlight.articleId))
  }

  /** Highlights a passage; the text must occur in the article (whitespace may differ). */
  async add(target: HighlightTarget, options: NewHighlight = {}): Promise<HighlightView> {
    const article = await this.#articles.get(target.articleId)
    if (!article) throw new UserError(`no article with id ${target.articleId}`)
    const { text } = canonicalText(textNodesOf(article.contentHtml))
    let range: { start: number; end: number } | null
    if ('text' in target) {
      range = findQuote(text, target.text)
      if (!range)
        throw new UserError(
          `the text "${ellipsis(target.text)}" does not occur in article ${target.articleId}`,
        )
    } else {
      const { start, end } = target
      if (!(
        Number.isInteger(start) &&
        Number.isInteger(end) &&
        start >= 0 &&
        start < end &&
        end <= text.length
      ))
        throw new UserError(`${start}–${end} is not a passage of article ${target.articleId}`)
      range = { start, end }
      // The reader's text and this one should agree; where they do not, the nearest place of its text.
      if (
        target.expect !== undefined &&
        text.slice(start, end) !== target.expect.replace(/[\s\u00a0]+/g, ' ')
      ) {
        const exact = target.expect.replace(/[\s\u00a0]+/g, ' ')
        range = placeAnchor(text, { exact, prefix: '', suffix: '', start, end })
        if (!range)
          throw new UserError(`the text "${ellipsis(exact)}" does not occur in article ${target.articleId}`)
      }
    }
    const anchor = anchorOf(text, range.start, range.end)
    const now = new Date().toISOString()
    const highlight: Highlight = {
      id: newId(),
      articleId: article.id,
      feedId: article.feedId,
      text: anchor.exact,
      prefix: anchor.prefix,
      suffix: anchor.suffix,
      start: anchor.start,
      end: anchor.end,
      color: checkedColor(options.color),
      note: checkedNote(options.note),
      created: now,
      updated: now,
    }
    await this.#file.change((highlights) => ({ highlights: [...highlights, highlight], result: undefined }))
    return placed(highlight, { text, title: article.title })
  }

  /** Changes a highlight's note or colour. */
  async update(id: string, change: { note?: string; color?: HighlightColor }): Promise<HighlightView> {
    const updated = await this.#file.change((highlights) => {
      const before = highlights.find((h) => h.id === id)
      if (!before) throw new UserError(`no highlight with id ${id}`)
      const next: Highlight = {
        ...before,
        ...(change.note !== undefined && { note: checkedNote(change.note) }),
        ...(change.color !== undefined && { color: checkedColor(change.color) }),
        updated: new Date().toISOString(),
      }
      return { highlights: highlights.map((h) => (h === before ? next : h)), result: next }
    })
    return placed(updated, await this.#textOf(updated.articleId))
  }

  /** Removes a highlight and returns it, so that it can be put back ({@link restore}: undo). */
  async remove(id: string): Promise<Highlight> {
    return this.#file.change((highlights) => {
      const removed = highlights.find((h) => h.id === id)
      if (!removed) throw new UserError(`no highlight with id ${id}`)
      return { highlights: highlights.filter((h) => h !== removed), result: removed }
    })
  }

  /** Puts back a highlight removed before, as it was (undo). */
  async restore(highlight: Highlight): Promise<void> {
    await this.#file.change((highlights) => ({
      highlights: highlights.some((h) => h.id === highlight.id) ? highlights : [...highlights, highlight],
      result: undefined,
    }))
  }

  async #textOf(articleId: string): Promise<{ text: string; title: string } | null> {
    const article = await this.#articles.get(articleId)
    return article && { text: canonicalText(textNodesOf(article.contentHtml)).text, title: article.title }
  }
}

/** A highlight placed in its article's text as it is now: moved to where its quote went, or orphaned. */
function placed(highlight: Highlight, article: { text: string; title: string } | null): HighlightView {
  const range = article && placeAnchor(article.text, { ...highlight, exact: highlight.text })
  return {
    ...highlight,
    ...range,
    orphaned: range === null,
    articleTitle: article?.title ?? '',
  }
}

function checkedColor(color: string | undefined): HighlightColor {
  if (color === undefined) return HIGHLIGHT_COLORS[0]
  if ((HIGHLIGHT_COLORS as readonly string[]).includes(color)) return color as HighlightColor
  throw new UserError(`no colour "${color}": choose ${HIGHLIGHT_COLORS.join(', ')}`)
}

function checkedNote(note: string | undefined): string {
  const text = (note ?? '').trim()
  if (text.length > MAX_NOTE_LENGTH) throw new UserError(`a note is at most ${MAX_NOTE_LENGTH} characters`)
  return text
}

function ellipsis(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text
}

import { memo, useLayoutEffect, useRef } from 'react'
import type { HighlightView } from '../../../shared/types'
import { withCacheUrls } from '../api-client'
import { highlightTerms, MATCH_CLASS } from '../highlight'
import { openInBrowser } from '../open-link'
import { markHighlights } from '../reader-highlights'
import { STRINGS } from '../strings'
import { useLocale } from '../locale'

const NO_HIGHLIGHTS: readonly HighlightView[] = []

/**
 * The article's HTML, sanitized by core (DOMPurify, an allowlist) before it was stored, with cached
 * images pointing where this transport serves them, search matches and the person's highlights marked,
 * and links opening in the system browser instead of in the reader.
 */
export const ArticleBody = memo(function ArticleBody({
  html,
  terms,
  highlights = NO_HIGHLIGHTS,
  onOpenHighlight,
}: {
  html: string
  terms: readonly string[]
  highlights?: readonly HighlightView[]
  /** A highlight's mark was clicked, or pressed with Enter or Space. */
  onOpenHighlight?: (id: string, mark: HTMLElement) => void
}) {
  const body = useRef<HTMLDivElement>(null)
  // The marks' labels are in the interface's language: a switch labels them again.
  const locale = useLocale()
  const marked = useRef(false)
  const highlighted = useRef(false)
  // The opening whose first match was scrolled to: once each, so the reader's own scrolling stays.
  const scrolledTo = useRef<string | null>(null)
  // Another article starts at its top, not where the last one was left — before its first search match
  // is scrolled to (the effect below), which a reset in the reader's own effect would undo.
  useLayoutEffect(() => {
    const pane = body.current?.closest<HTMLElement>('.reader-scroll')
    if (pane) pane.scrollTop = 0
  }, [html])
  useLayoutEffect(() => {
    if (body.current) boxTables(body.current, STRINGS.reader.table)
  }, [html, locale])
  useLayoutEffect(() => {
    // Nothing to mark and nothing marked before: no walk over the article (most opens).
    if (!body.current || (terms.length === 0 && !marked.current)) return
    marked.current = highlightTerms(body.current, terms) > 0
    // Once per article and search: a new search's matches in the same article are scrolled to as well.
    const opening = `${terms.join('\u0000')}\u0001${html}`
    if (marked.current && scrolledTo.current !== opening) {
      scrolledTo.current = opening
      scrollToFirstMatch(body.current)
    }
  }, [html, terms])
  useLayoutEffect(() => {
    if (!body.current || (highlights.length === 0 && !highlighted.current)) return
    highlighted.current =
      markHighlights(body.current, highlights, (h) => STRINGS.highlights.mark(h.text, h.note)).size > 0
  }, [html, highlights, locale])

  const markOf = (target: EventTarget): HTMLElement | null =>
    (target as Element).closest?.<HTMLElement>('mark.reader-highlight') ?? null

  const onClick = (event: React.MouseEvent): void => {
    const mark = markOf(event.target)
    if (mark && onOpenHighlight && window.getSelection()?.isCollapsed !== false) {
      onOpenHighlight(mark.dataset.highlightId ?? '', mark)
      return
    }
    const link = (event.target as Element).closest?.('a[href]')
    if (!link) return
    event.preventDefault()
    openInBrowser((link as HTMLAnchorElement).href)
  }
  const onKeyDown = (event: React.KeyboardEvent): void => {
    const mark = markOf(event.target)
    if (!mark || !onOpenHighlight || (event.key !== 'Enter' && event.key !== ' ')) return
    event.preventDefault()
    event.stopPropagation()
    onOpenHighlight(mark.dataset.highlightId ?? '', mark)
  }

  return (
    <div
      ref={body}
      className="article-body"
      onClick={onClick}
      onKeyDown={onKeyDown}
      dangerouslySetInnerHTML={{ __html: withCacheUrls(html) }}
    />
  )
})

/**
 * Puts each table in a box of its own that scrolls sideways: a table wider than the article (a page of
 * figures, a timetable) scrolled the whole reader sideways, text and all. The box can take the keyboard's
 * focus, so arrow keys scroll it too, and is a named region (the table's caption, else "Table").
 */
function boxTables(body: HTMLElement, label: string): void {
  for (const table of body.querySelectorAll('table')) {
    let box = table.parentElement
    if (!box?.classList.contains('table-scroll')) {
      box = document.createElement('div')
      box.className = 'table-scroll'
      box.tabIndex = 0
      box.setAttribute('role', 'region')
      table.replaceWith(box)
      box.append(table)
    }
    box.setAttribute('aria-label', table.caption?.textContent?.trim() || label)
  }
}

/** Brings the article's first marked match into its scrolling pane, a third down, unless it is in view. */
function scrollToFirstMatch(body: HTMLElement): void {
  const mark = body.querySelector<HTMLElement>(`mark.${MATCH_CLASS}`)
  const pane = body.closest<HTMLElement>('.reader-scroll')
  if (!mark || !pane) return
  const view = pane.getBoundingClientRect()
  const box = mark.getBoundingClientRect()
  if (box.top >= view.top && box.bottom <= view.bottom) return
  // The pane only: scrollIntoView would also scroll the window's hidden overflow around it.
  pane.scrollTop += box.top - view.top - pane.clientHeight / 3
}

import { memo, useLayoutEffect, useRef } from 'react'
import { withCacheUrls } from '../api-client'
import { highlightTerms, MATCH_CLASS } from '../highlight'
import { openInBrowser } from '../open-link'

/**
 * The article's HTML, sanitized by core (DOMPurify, an allowlist) before it was stored, with cached
 * images pointing where this transport serves them, search matches marked, and links opening in the
 * system browser instead of in the reader.
 */
export const ArticleBody = memo(function ArticleBody({
  html,
  terms,
}: {
  html: string
  terms: readonly string[]
}) {
  const body = useRef<HTMLDivElement>(null)
  const marked = useRef(false)
  // The opening whose first match was scrolled to: once each, so the reader's own scrolling stays.
  const scrolledTo = useRef<string | null>(null)
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

  const onClick = (event: React.MouseEvent): void => {
    const link = (event.target as Element).closest?.('a[href]')
    if (!link) return
    event.preventDefault()
    openInBrowser((link as HTMLAnchorElement).href)
  }

  return (
    <div
      ref={body}
      className="article-body"
      onClick={onClick}
      dangerouslySetInnerHTML={{ __html: withCacheUrls(html) }}
    />
  )
})

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

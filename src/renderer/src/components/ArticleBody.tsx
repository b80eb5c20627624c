import { memo, useLayoutEffect, useRef } from 'react'
import { withCacheUrls } from '../api-client'
import { highlightTerms } from '../highlight'
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
  useLayoutEffect(() => {
    // Nothing to mark and nothing marked before: no walk over the article (most opens).
    if (!body.current || (terms.length === 0 && !marked.current)) return
    marked.current = highlightTerms(body.current, terms) > 0
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

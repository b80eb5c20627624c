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
  useLayoutEffect(() => {
    if (body.current) highlightTerms(body.current, terms)
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

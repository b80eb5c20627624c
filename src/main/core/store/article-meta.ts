import type { Article, ArticleMeta } from '../../../shared/types'

const SNIPPET_LENGTH = 200

/** The catalog record of an article. */
export function metaOf(article: Article): ArticleMeta {
  const sortTime = sortTimeOf(article)
  return {
    id: article.id,
    feedId: article.feedId,
    title: article.title,
    url: article.url,
    author: article.author,
    published: article.published,
    fetchedAt: article.fetchedAt,
    sortTime,
    snippet: snippetOf(article.contentText),
    imageHashes: article.images.flatMap((image) => (image.hash ? [image.hash] : [])),
    ...(article.remoteId ? { remoteId: article.remoteId } : {}),
    ...(article.language ? { language: article.language } : {}),
  }
}

/** When an article sorts: when it was published, or fetched if that is earlier or unknown. */
export function sortTimeOf(article: Pick<Article, 'fetchedAt' | 'published'>): number {
  const fetched = Date.parse(article.fetchedAt)
  const published = article.published ? Date.parse(article.published) : Number.NaN
  // A date in the future (a wrong clock at the publisher) sorts as the time we fetched it.
  return Number.isFinite(published) ? Math.min(published, fetched) : fetched
}

/** Characters of an article's text read for its snippet when they give enough of it (see snippetOf). */
const SNIPPET_PREFIX = SNIPPET_LENGTH * 2

/**
 * The article's text on one line (its runs of whitespace one space), cut to SNIPPET_LENGTH with an
 * ellipsis. Read from a prefix of the text when that gives more than SNIPPET_LENGTH characters: the
 * prefix's flattened text then begins the whole text's (a whitespace run cut at its end is still one
 * space), so the snippet is the same to the byte without flattening a long text whole.
 */
export function snippetOf(text: string): string {
  if (text.length > SNIPPET_PREFIX) {
    const head = flatten(text.slice(0, SNIPPET_PREFIX))
    if (head.length > SNIPPET_LENGTH) return cut(head)
  }
  const flat = flatten(text)
  return flat.length <= SNIPPET_LENGTH ? flat : cut(flat)
}

function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function cut(flat: string): string {
  return `${flat.slice(0, SNIPPET_LENGTH - 1).trimEnd()}…`
}

import type { Article, ArticleMeta } from '../../../shared/types'

const SNIPPET_LENGTH = 200

/** The catalog record of an article. */
export function metaOf(article: Article): ArticleMeta {
  const fetched = Date.parse(article.fetchedAt)
  const published = article.published ? Date.parse(article.published) : Number.NaN
  // A date in the future (a wrong clock at the publisher) sorts as the time we fetched it.
  const sortTime = Number.isFinite(published) ? Math.min(published, fetched) : fetched
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

function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= SNIPPET_LENGTH ? flat : `${flat.slice(0, SNIPPET_LENGTH - 1).trimEnd()}…`
}

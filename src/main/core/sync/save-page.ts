import { SAVED_FEED_ID, type Article } from '../../../shared/types'
import type { SyncContext } from './sync-context'
import { stableId } from '../store/ids'
import { UserError } from '../errors'
import { decodeText } from '../net/charset'
import { explainFetchFailure, fetchFailureParams } from '../net/fetch-failures'
import { FetchError } from '../net/http-fetch'
import { isConnectionFailure } from '../net/web-url'
import { cachedText, type BuildDeps } from './article-builder'
import type { ContentBuilder } from './build-jobs'
import { fetchFor } from './downloader'
import { cacheArticleImages } from './image-cache'

/**
 * Saves one web page for offline reading: fetched, its story extracted (the whole sanitized page when no
 * story is found), its images cached, stored as a saved article. Saving the same URL again refreshes it.
 * The address is the user's own, so it may be a private one; the page's images too, on its host only.
 * The page's DOM work is a build job (`content`: in a worker, never on the thread that answers the reader).
 */
export async function savePage(
  core: SyncContext,
  url: string,
  deps: BuildDeps,
  content: ContentBuilder,
  signal?: AbortSignal,
): Promise<Article> {
  const on = fetchFor(url)
  let html: string
  let pageUrl: string
  try {
    const result = await deps.downloader.fetch(url, 'page', { ...on, signal })
    if (result.status !== 'ok') {
      throw new UserError(`could not save ${url}: the server sent nothing`, {
        code: 'page-empty',
        params: { url },
      })
    }
    const type = (result.contentType ?? 'text/html').toLowerCase()
    if (!/html|xml/.test(type)) {
      throw new UserError(`could not save ${url}: it is not a web page (${type})`, {
        code: 'page-not-html',
        params: { url, type },
      })
    }
    html = decodeText(result.bytes, result.contentType, 'html')
    pageUrl = result.url
  } catch (error) {
    // A connection failure stays a FetchError, so that a bare address can be tried over http next.
    if (error instanceof FetchError && !isConnectionFailure(error))
      throw new UserError(`could not save ${url}: ${explainFetchFailure(error)}`, {
        code: 'page-unreachable',
        params: { url, ...fetchFailureParams(error) },
      })
    throw error
  }
  const saved = await content.run('saved', { html, pageUrl })
  signal?.throwIfAborted()
  const id = stableId(SAVED_FEED_ID, url)
  const previous = await core.articles.get(id)
  const cached = await cacheArticleImages(saved.content.clean, pageUrl, previous?.images ?? [], deps, on)
  const article: Article = {
    id,
    feedId: SAVED_FEED_ID,
    guid: url,
    url: pageUrl,
    title: saved.title || new URL(pageUrl).host,
    author: saved.byline,
    published: saved.published,
    summary: saved.summary,
    contentHtml: cached.html,
    contentText: await cachedText(saved.content, cached.html, cached.images, content),
    images: cached.images,
    fetchedAt: previous?.fetchedAt ?? deps.now().toISOString(),
    fullTextFrom: 'page',
    fullTextError: null,
  }
  await core.articles.put([article])
  return article
}

import { FeedUnreachableError, UserError } from '../errors'
import { decodeText } from '../net/charset'
import { explainFetchFailure, fetchFailureParams } from '../net/fetch-failures'
import { FetchError } from '../net/http-fetch'
import { withTypedUrl } from '../net/web-url'
import type { DiscoveredFeed } from '../subscriptions/new-feeds'
import { fetchFor, type Downloader, type FetchFor } from './downloader'
import type { ContentBuilder } from './build-jobs'
import { FeedParseError } from './feed-parse'

/** Where sites commonly keep their feed, tried when a page names none. */
const COMMON_PATHS = ['/feed', '/rss.xml', '/atom.xml', '/feed.xml', '/index.xml', '/rss', '/feed.json']

/**
 * Finds the feed behind a URL: the URL itself when it is a feed; else the feeds its page names with
 * `<link rel="alternate">` (RSS, Atom, JSON Feed), in page order; else the common paths. A URL that is
 * neither is refused with a message that says so; one that could not be fetched at all (the server is
 * busy, did not answer, refused) is a {@link FeedUnreachableError} saying what happened. A bare address
 * ("example.com/blog") is tried over https, then over http should https not connect. Every fetch is on
 * behalf of the URL the user gave: a feed the page names on another host must be at a public address.
 * Reading the feed and the page is DOM work for `content` (build jobs: in a worker, never on the thread
 * that answers the reader). `signal` cancels it (the add dialog's Cancel).
 */
export async function discoverFeed(
  typed: string,
  downloader: Downloader,
  content: ContentBuilder,
  signal?: AbortSignal,
): Promise<DiscoveredFeed> {
  const first = await withTypedUrl(
    typed,
    (url) => tryFeed(url, downloader, { ...fetchFor(url), signal }, content),
    (attempt) => ('failure' in attempt ? attempt.failure : null),
  )
  if ('feed' in first) return first.feed
  const url = first.url
  const given = { ...fetchFor(url), signal }
  if (first.failure && mayComeBack(first.failure)) {
    throw new FeedUnreachableError(
      `could not fetch ${url}: ${explainFetchFailure(first.failure)}`,
      url,
      fetchFailureParams(first.failure),
    )
  }
  if (!first.html) {
    const reason = first.failure ? fetchFailureParams(first.failure) : { reason: 'not-feed' }
    throw new UserError(`${url} is not a feed: ${first.error}`, {
      code: 'feed-not-a-feed',
      params: { url, ...reason },
    })
  }
  const candidates = await content.run('links', { html: first.html, pageUrl: first.url })
  const origin = new URL(first.url).origin
  for (const path of COMMON_PATHS) candidates.push(new URL(path, origin).href)
  // A feed the page names that is busy or away is that feed, for now unreachable: not "no feed".
  let unreachable: { url: string; failure: FetchError } | null = null
  for (const candidate of new Set(candidates)) {
    if (candidate === first.url) continue
    signal?.throwIfAborted()
    const found = await tryFeed(candidate, downloader, given, content)
    if ('feed' in found) return found.feed
    if (!unreachable && found.failure && mayComeBack(found.failure))
      unreachable = { url: candidate, failure: found.failure }
  }
  if (unreachable) {
    throw new FeedUnreachableError(
      `could not fetch ${unreachable.url}: ${explainFetchFailure(unreachable.failure)}`,
      unreachable.url,
      fetchFailureParams(unreachable.failure),
    )
  }
  throw new UserError(
    `no feed found at ${url}: the page does not link to one and none is at the usual places`,
    { code: 'feed-none-found', params: { url } },
  )
}

type Attempt =
  { feed: DiscoveredFeed } | { error: string; html: string | null; url: string; failure?: FetchError }

async function tryFeed(
  url: string,
  downloader: Downloader,
  given: FetchFor & { signal?: AbortSignal | undefined },
  content: ContentBuilder,
): Promise<Attempt> {
  let text: string
  let finalUrl = url
  let contentType: string | null = null
  try {
    const result = await downloader.fetch(url, 'feed', given)
    if (result.status !== 'ok') return { error: 'the server sent nothing', html: null, url }
    finalUrl = result.url
    contentType = result.contentType
    const kind = /json/i.test(contentType ?? '') ? 'json' : /html/i.test(contentType ?? '') ? 'html' : 'xml'
    text = decodeText(result.bytes, contentType, kind)
  } catch (error) {
    if (error instanceof FetchError) return { error: error.message, html: null, url, failure: error }
    throw error
  }
  try {
    const parsed = await content.run('feed', { text, url: finalUrl })
    return { feed: { feedUrl: finalUrl, title: parsed.title.trim(), siteUrl: parsed.siteUrl } }
  } catch (error) {
    if (!(error instanceof FeedParseError)) throw error
    const html = error.isHtml || /html/i.test(contentType ?? '') ? text : null
    return { error: error.message, html, url: finalUrl }
  }
}

/** A failure that says nothing about whether the address is a feed: busy, down, unreachable for now. */
function mayComeBack(failure: FetchError): boolean {
  if (failure.kind === 'network' || failure.kind === 'timeout') return true
  return failure.status !== undefined && (failure.status === 429 || failure.status >= 500)
}

import type { Feed, OpmlImportResult } from '../../../shared/types'
import { hostOf } from '../../../shared/urls'
import { plainLine } from '../content/text'
import { parseWebUrl } from '../net/web-url'
import type { ConfigData } from '../store/config-schema'
import { newFeedDefaults } from '../store/config-schema'
import { newId } from '../store/ids'
import { ensureFolderIn, pathTitles } from './folders'

/** A feed to subscribe to: its URL as given, and what is known of it. */
export interface NewFeed {
  url: string
  title?: string
  siteUrl?: string | null
  /** A folder path: "Tech/Rust", or its titles. */
  folder?: string | readonly string[]
}

/** What autodiscovery found behind a URL (a feed, or a website that links to one). */
export interface DiscoveredFeed {
  feedUrl: string
  title: string
  siteUrl: string | null
}

/**
 * Adds subscriptions of this computer (in `data`, a copy about to be written), creating their folders: an
 * invalid URL, or one already subscribed here (or repeated), is skipped.
 */
export function addFeedsIn(data: ConfigData, feeds: readonly NewFeed[]): OpmlImportResult {
  const result: OpmlImportResult = { added: [], skipped: [] }
  // Every URL subscribed here, as sameUrl compares them: an import of 2,000 feeds once compared each with
  // every one before it (two million comparisons, 4 s).
  const subscribed = new Set(data.feeds.filter((feed) => !feed.account).map((feed) => urlKey(feed.url)))
  for (const input of feeds) {
    let url: string
    try {
      url = parseWebUrl(input.url)
    } catch {
      result.skipped.push(input.url)
      continue
    }
    const key = urlKey(url)
    if (subscribed.has(key)) {
      result.skipped.push(input.url)
      continue
    }
    subscribed.add(key)
    const feed: Feed = {
      ...newFeedDefaults(),
      id: newId(),
      url,
      title: feedTitleOf(input.title, url),
      siteUrl: siteUrlOf(input.siteUrl),
      folderId: input.folder ? ensureFolderIn(data.folders, pathTitles(input.folder)) : null,
    }
    data.feeds.push(feed)
    result.added.push(feed)
  }
  return result
}

/** Two feed URLs name the same feed when they differ only in a trailing slash or the fragment. */
export function sameUrl(a: string, b: string): boolean {
  return urlKey(a) === urlKey(b)
}

/** A feed URL as {@link sameUrl} compares it: no fragment, no trailing slash, in lower case. */
function urlKey(url: string): string {
  const hash = url.indexOf('#')
  let end = hash === -1 ? url.length : hash
  while (end > 0 && url.charCodeAt(end - 1) === 0x2f) end-- // "/"
  return url.slice(0, end).toLowerCase()
}

/**
 * A feed's title as stored, whoever gave it (a file, a server, a feed, a person): one plain line (no
 * terminal escapes, bidi overrides or zero-width characters), else the feed's host.
 */
export function feedTitleOf(title: string | null | undefined, url: string): string {
  return plainLine(title ?? '') || hostOf(url)
}

/** A site address as stored: an absolute http(s) URL, else null (a `javascript:` "site" is no site). */
export function siteUrlOf(url: string | null | undefined): string | null {
  if (!url?.trim()) return null
  try {
    return parseWebUrl(url)
  } catch {
    return null
  }
}

/**
 * A change to a feed (a sync's: the title and link its document gives) with its title and site stored
 * as every other feed's.
 */
export function withPlainText(patch: Partial<Omit<Feed, 'id'>>, url: string): Partial<Omit<Feed, 'id'>> {
  return {
    ...patch,
    ...('title' in patch ? { title: feedTitleOf(patch.title, url) } : {}),
    ...('siteUrl' in patch ? { siteUrl: siteUrlOf(patch.siteUrl) } : {}),
  }
}

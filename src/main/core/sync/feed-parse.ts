import {
  MalformedError,
  parseFeed,
  type AnyFeed,
  type AtomFeed,
  type JsonFeed,
  type RdfFeed,
  type RssFeed,
} from 'feedsmith'
import { normalizeLanguage } from '../../../shared/language'
import { plainLine, sanitizeTitle } from '../content/text'
import { parseFeedDate } from './feed-dates'

/** One item of a feed, normalized across RSS, RDF, Atom and JSON Feed. HTML here is not yet sanitized. */
export interface ParsedItem {
  /** guid / id / rdf:about, or null when the feed gives none. */
  guid: string | null
  /** Absolute URL of the story's page. */
  url: string | null
  /** Title as HTML-ish text (RSS titles often carry entities and tags); see `titleIsHtml`. */
  title: string
  titleIsHtml: boolean
  author: string | null
  /** ISO date, or null. */
  published: string | null
  /** The full content the feed carries, as HTML (plain text is escaped into HTML here). */
  contentHtml: string | null
  /** The summary/description, as HTML. */
  summaryHtml: string | null
  /** An image the feed names for the item (enclosure, media:content, JSON Feed image). */
  imageUrl: string | null
  /**
   * The language the item declares (Atom xml:lang, JSON Feed, dc:language) as a BCP 47 tag; absent when it
   * declares none (so an item's fingerprint, `itemHash`, is what it was before languages were read).
   */
  language?: string
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json'
  /** Plain text, one line: it is shown, notified and printed as it is. */
  title: string
  siteUrl: string | null
  /** The language the feed declares (RSS <language>, Atom xml:lang, dc:language, JSON Feed), or null. */
  language: string | null
  items: ParsedItem[]
  /** How many items the document held, when more than {@link MAX_ITEMS_PER_SYNC} (only those are in `items`). */
  itemsInDocument?: number
}

/**
 * The items taken from one feed document per sync, the newest. A feed can hold any number (one of 100,000
 * tiny items is 3.6 MB), and with guids that change, every sync would store them all again; no real feed
 * carries this many new items between two syncs. What is left out is said in the feed's status.
 */
export const MAX_ITEMS_PER_SYNC = 1_000

/**
 * A parsed feed with its newest {@link MAX_ITEMS_PER_SYNC} items (by date; undated ones after the dated,
 * in the feed's order, as feeds list newest first), in the feed's own order.
 */
export function newestItems(feed: ParsedFeed): ParsedFeed {
  if (feed.items.length <= MAX_ITEMS_PER_SYNC) return feed
  const dated = feed.items.map((item, index) => ({ index, time: Date.parse(item.published ?? '') }))
  dated.sort((a, b) => {
    const ta = Number.isNaN(a.time) ? -Infinity : a.time
    const tb = Number.isNaN(b.time) ? -Infinity : b.time
    return tb - ta || a.index - b.index
  })
  const taken = dated
    .slice(0, MAX_ITEMS_PER_SYNC)
    .map((entry) => entry.index)
    .sort((a, b) => a - b)
  return {
    ...feed,
    items: taken.map((index) => feed.items[index] as ParsedItem),
    itemsInDocument: feed.items.length,
  }
}

/** A document that is not a feed, or a feed that cannot be read; the message is one plain line. */
export class FeedParseError extends Error {
  constructor(
    message: string,
    /** True when the document is a web page (autodiscovery may find the feed it links to). */
    readonly isHtml = false,
  ) {
    super(message)
    this.name = 'FeedParseError'
  }
}

/** True when text looks like an HTML page rather than XML or JSON. */
export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!--[\s\S]*?-->\s*)*(<!doctype html|<html[\s>])/i.test(text.slice(0, 4096))
}

/** Parses RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 or JSON Feed 1.0/1.1; relative links resolve against baseUrl. */
export function parseFeedDocument(text: string, baseUrl: string): ParsedFeed {
  if (looksLikeHtml(text)) throw new FeedParseError('the address gives a web page, not a feed', true)
  let parsed: AnyFeed<string>
  try {
    parsed = parseFeed<string>(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    if (error instanceof MalformedError) throw new FeedParseError('the feed is not well-formed XML')
    throw new FeedParseError('the document is not an RSS, Atom or JSON feed')
  }
  const abs = (url: string | undefined | null) => absolute(url, baseUrl)
  switch (parsed.format) {
    case 'rss':
      return {
        format: 'rss',
        // RSS titles are HTML in practice (items' are read the same way, see `titleIsHtml`).
        title: sanitizeTitle(parsed.feed.title ?? ''),
        siteUrl: abs(parsed.feed.link),
        language: normalizeLanguage(parsed.feed.language ?? parsed.feed.dc?.languages?.[0]),
        items: (parsed.feed.items ?? []).map((item) => rssItem(item, abs)),
      }
    case 'rdf':
      return {
        format: 'rdf',
        title: sanitizeTitle(parsed.feed.title ?? ''),
        siteUrl: abs(parsed.feed.link),
        language: normalizeLanguage(parsed.feed.dc?.languages?.[0]),
        items: (parsed.feed.items ?? []).map((item) => rdfItem(item, abs)),
      }
    case 'atom': {
      const site = parsed.feed.links?.find((link) => !link.rel || link.rel === 'alternate')
      return {
        format: 'atom',
        title: atomTitle(parsed.feed.title),
        siteUrl: abs(site?.href),
        language: normalizeLanguage(parsed.feed.xml?.lang),
        items: (parsed.feed.entries ?? []).map((entry) => atomEntry(entry, abs)),
      }
    }
    case 'json':
      return {
        format: 'json',
        title: plainLine(parsed.feed.title ?? ''),
        siteUrl: abs(parsed.feed.home_page_url),
        language: normalizeLanguage(parsed.feed.language),
        items: (parsed.feed.items ?? []).map((item) => jsonItem(item, abs)),
      }
  }
}

type Abs = (url: string | undefined | null) => string | null

function rssItem(item: RssFeed.Item<string>, abs: Abs): ParsedItem {
  const image =
    item.enclosures?.find((e) => e.type?.startsWith('image/'))?.url ??
    item.media?.contents?.find((c) => c.medium === 'image' || c.type?.startsWith('image/'))?.url ??
    item.media?.thumbnails?.[0]?.url
  return {
    guid: item.guid?.value?.trim() || null,
    url: abs(item.link) ?? (item.guid?.isPermaLink !== false ? abs(item.guid?.value) : null),
    title: item.title ?? '',
    titleIsHtml: true,
    author: item.authors?.[0]?.name ?? item.dc?.creators?.[0] ?? null,
    published: parseFeedDate(item.pubDate ?? item.dc?.dates?.[0] ?? item.atom?.published),
    contentHtml: item.content?.encoded ?? null,
    summaryHtml: item.description ?? null,
    imageUrl: abs(image),
    ...declaredLanguage(item.dc?.languages?.[0]),
  }
}

function rdfItem(item: RdfFeed.Item<string>, abs: Abs): ParsedItem {
  return {
    guid: item.rdf?.about?.trim() || null,
    url: abs(item.link),
    title: item.title ?? '',
    titleIsHtml: true,
    author: item.dc?.creators?.[0] ?? null,
    published: parseFeedDate(item.dc?.dates?.[0]),
    contentHtml: item.content?.encoded ?? null,
    summaryHtml: item.description ?? null,
    imageUrl: null,
    ...declaredLanguage(item.dc?.languages?.[0]),
  }
}

function atomEntry(entry: AtomFeed.Entry<string>, abs: Abs): ParsedItem {
  const link =
    entry.links?.find((l) => !l.rel || l.rel === 'alternate') ?? entry.links?.find((l) => l.rel !== 'self')
  const image = entry.links?.find((l) => l.rel === 'enclosure' && l.type?.startsWith('image/'))?.href
  return {
    guid: entry.id?.trim() || null,
    url: abs(link?.href),
    title: entry.title?.value ?? '',
    titleIsHtml: entry.title?.type === 'html' || entry.title?.type === 'xhtml',
    author: entry.authors?.[0]?.name ?? null,
    published: parseFeedDate(entry.published ?? entry.updated),
    contentHtml: atomHtml(entry.content),
    summaryHtml: atomHtml(entry.summary),
    imageUrl: abs(image),
    ...declaredLanguage(entry.xml?.lang),
  }
}

function jsonItem(item: JsonFeed.Item<string>, abs: Abs): ParsedItem {
  return {
    guid: item.id != null ? String(item.id).trim() || null : null,
    url: abs(item.url ?? item.external_url),
    title: item.title ?? '',
    titleIsHtml: false,
    author: item.authors?.[0]?.name ?? null,
    published: parseFeedDate(item.date_published ?? item.date_modified),
    contentHtml: item.content_html ?? (item.content_text ? textToHtml(item.content_text) : null),
    summaryHtml: item.summary ? textToHtml(item.summary) : null,
    imageUrl: abs(item.image ?? item.banner_image),
    ...declaredLanguage(item.language),
  }
}

/** An item's `language`, spread in only when it declares one. */
function declaredLanguage(value: string | undefined): { language?: string } {
  const language = normalizeLanguage(value)
  return language ? { language } : {}
}

/** An Atom title as plain text: markup read as markup only where its type says it is. */
function atomTitle(title: { value?: string; type?: string } | undefined): string {
  const value = title?.value ?? ''
  return title?.type === 'html' || title?.type === 'xhtml' ? sanitizeTitle(value) : plainLine(value)
}

/** Atom text constructs: type="text" (the default) is text, even when it looks like markup. */
function atomHtml(text: { value?: string; type?: string } | undefined): string | null {
  if (!text?.value) return null
  return text.type === 'html' || text.type === 'xhtml' ? text.value : textToHtml(text.value)
}

/** Escapes plain text into HTML paragraphs. */
export function textToHtml(text: string): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escape(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n')
}

/** The absolute http(s) URL, or null: a javascript: or file: link in a feed is dropped here. */
function absolute(url: string | undefined | null, base: string): string | null {
  if (!url?.trim()) return null
  try {
    const resolved = new URL(url.trim(), base)
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : null
  } catch {
    return null
  }
}

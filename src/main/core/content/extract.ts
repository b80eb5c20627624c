import { Readability } from '@mozilla/readability'
import { parseDocument, resolveUrl } from './dom'
import { collectImageUrls, isWebUrl } from './images'
import { sanitizeHtml, type SanitizeOptions } from './sanitize'
import { htmlToText, sanitizeTitle } from './text'

/** The article found on a web page, ready to store: safe HTML, its text and what is known about it. */
export interface ExtractedArticle {
  title: string
  byline: string | null
  /** ISO 8601, or null when the page does not say (or says something that is not a date). */
  published: string | null
  /** Sanitized ({@link sanitizeHtml}) with the page as base: every URL in it is absolute. */
  contentHtml: string
  contentText: string
  excerpt: string | null
  /** Absolute http(s): the page's og:image / twitter:image, else the article's first image. */
  leadImage: string | null
  siteName: string | null
  lang: string | null
}

const LEAD_IMAGE_META = [
  'og:image:secure_url',
  'og:image:url',
  'og:image',
  'twitter:image',
  'twitter:image:src',
]
const PUBLISHED_META = [
  'article:published_time',
  'og:published_time',
  'datePublished',
  'pubdate',
  'date',
  'dc.date',
]

/**
 * The article of a web page (`pageUrl` is where it came from, after redirects: relative URLs resolve
 * against it), or null when the page holds no article. Readability finds the article; before it runs,
 * page chrome it tends to keep (share bars, "most popular" lists, newsletter boxes, cookie banners) is
 * removed, and the metadata Readability does not read is taken from the page first. `options` are the
 * story's sanitizing options (a caller collecting its images sanitizes it once, here).
 */
export function extractArticle(
  html: string,
  pageUrl: string,
  options: SanitizeOptions = {},
): ExtractedArticle | null {
  const page = resolveUrl(pageUrl, null)
  if (!page) return null
  const found = readPage(html, page)
  if (!found) return null
  const { base, metadata, parsed } = found
  // The story's first image, seen as it is sanitized: parsing the story again to find it cost as much as
  // sanitizing it (and held a second DOM of it).
  const seen: { firstImage: string | null } = { firstImage: null }
  const { rewriteImage } = options
  const contentHtml = sanitizeHtml(
    parsed.content,
    base,
    rewriteImage
      ? {
          rewriteImage: (url) => {
            seen.firstImage ??= url
            return rewriteImage(url)
          },
        }
      : {},
  )
  const contentText = htmlToText(contentHtml)
  if (!contentText) return null
  const byline = plain(parsed.byline)
  return {
    title: plain(parsed.title) ?? metadata.title ?? '',
    byline: byline && !isWebUrl(byline) ? byline : null,
    published: isoDate(parsed.publishedTime) ?? metadata.published,
    contentHtml,
    contentText,
    excerpt: plain(parsed.excerpt),
    leadImage:
      metadata.leadImage ?? (rewriteImage ? seen.firstImage : collectImageUrls(contentHtml, base)[0]) ?? null,
    siteName: plain(parsed.siteName) ?? metadata.siteName,
    lang: plain(parsed.lang) ?? metadata.lang,
  }
}

/**
 * The page's metadata and what Readability found in it, as strings: the page's document (a page of 20,000
 * elements is 100 MB of jsdom nodes) is garbage once this returns, before the story is sanitized.
 */
function readPage(
  html: string,
  page: string,
): { base: string; metadata: PageMetadata; parsed: ReadabilityArticle & { content: string } } | null {
  const document = parseDocument(html, page)
  const base = document.baseURI
  const metadata = readMetadata(document, base)
  removePageChrome(document)
  const parsed = new Readability(document).parse()
  if (!parsed?.content) return null
  return { base, metadata, parsed: { ...parsed, content: parsed.content } }
}

type ReadabilityArticle = NonNullable<ReturnType<Readability['parse']>>

interface PageMetadata {
  title: string | null
  published: string | null
  leadImage: string | null
  siteName: string | null
  lang: string | null
}

/** What the page says about itself outside the article; read before anything is removed. */
function readMetadata(document: Document, base: string): PageMetadata {
  const byName = new Map<string, string>()
  // One query per tag name (a static list: a live getElementsByTagName collection is refreshed by jsdom on
  // every later change to the page, which made Readability's work quadratic), then plain JS.
  for (const element of document.querySelectorAll('meta')) {
    if (!element.hasAttribute('content')) continue
    const key =
      element.getAttribute('property') ?? element.getAttribute('name') ?? element.getAttribute('itemprop')
    const name = key?.trim().toLowerCase()
    if (name && !byName.has(name)) byName.set(name, element.getAttribute('content') ?? '')
  }
  const first = (names: string[]): string | null => {
    for (const name of names) {
      const value = byName.get(name.toLowerCase())?.trim()
      if (value) return value
    }
    return null
  }
  const imageLink = [...document.querySelectorAll('link')].find((link) =>
    (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('image_src'),
  )
  const leadImage = LEAD_IMAGE_META.map((name) => byName.get(name)?.trim())
    .concat(imageLink?.getAttribute('href') ?? undefined)
    .map((value) => (value ? resolveUrl(value, base) : null))
    .find((url): url is string => url !== null && isWebUrl(url))
  const times = [...document.querySelectorAll('time')].filter((time) => time.hasAttribute('datetime'))
  const timeElement =
    times.find(
      (time) => time.hasAttribute('pubdate') || /\bdatePublished\b/.test(time.getAttribute('itemprop') ?? ''),
    ) ??
    times.find((time) => time.closest('article')) ??
    times[0]
  return {
    title: plain(first(['og:title', 'twitter:title']) ?? document.title),
    published: isoDate(first(PUBLISHED_META)) ?? isoDate(timeElement?.getAttribute('datetime')),
    leadImage: leadImage ?? null,
    siteName: plain(first(['og:site_name', 'application-name'])),
    lang: plain(document.documentElement.getAttribute('lang') ?? first(['content-language', 'og:locale'])),
  }
}

/** Plain text of a metadata value, or null for nothing. */
function plain(value: string | null | undefined): string | null {
  return value ? sanitizeTitle(value) || null : null
}

/** A date a page gives, as ISO 8601; null for none or for anything that is not a date. */
function isoDate(value: string | null | undefined): string | null {
  if (!value?.trim()) return null
  const time = Date.parse(value.trim())
  return Number.isNaN(time) ? null : new Date(time).toISOString()
}

/** Class and id words (split at `-`, `_` and camelCase) that mark page furniture, not the story. */
const CHROME_WORDS = new Set([
  ...['share', 'sharing', 'sharebar', 'social', 'popular', 'mostread', 'mostviewed', 'trending', 'related'],
  ...['recommended', 'recommendations'],
  ...['newsletter', 'subscribe', 'subscription', 'signup', 'promo', 'promotion', 'sponsored', 'ad', 'ads'],
  ...['advert', 'advertisement', 'cookie', 'cookies', 'consent', 'gdpr', 'comments', 'disqus'],
])
/** Headings of link lists that sit beside a story: "Most popular", "Related", "많이 본 뉴스"… */
const CHROME_HEADING =
  /^(most (popular|read|viewed|shared)|popular|trending|related( \w+)?|more (stories|news)|recommended|you (may|might) also like|read (more|next)|top stories|많이 본|인기|관련 ?기사|추천 ?기사|人気|関連記事|相关)/i
const ALWAYS_CHROME = new Set(['nav', 'form', 'button', 'dialog', 'navigation', 'alertdialog'])
/** Chrome outside the article; inside it an aside may be a fact box and a footer may hold the byline. */
const CHROME_OUTSIDE_ARTICLE = new Set(['aside', 'footer', 'complementary', 'contentinfo'])
/** Elements judged by their class and id: containers only, as `<p class="popular-vote">` is text. */
const NAMED_CONTAINERS = new Set(['div', 'section', 'aside', 'ul', 'ol', 'header', 'footer', 'dialog'])
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'])

/**
 * Removes what Readability tends to keep: share bars, "most popular" and "related" link lists, newsletter
 * and cookie boxes. Careful, because a wrong guess removes the story: nothing is removed that holds the
 * article's root element or half of the page's text (an ASP.NET page is one big <form>).
 */
function removePageChrome(document: Document): void {
  const body = document.body
  if (!body) return
  // One pass over a static snapshot (querySelectorAll: spreading a live collection is quadratic in jsdom),
  // in plain JS.
  const elements = [...body.querySelectorAll('*')]
  const roots = elements.filter(isArticleRoot)
  const chrome = new Set<Element>()
  for (const element of elements) {
    const tag = element.localName
    const role = element.getAttribute('role') ?? ''
    if (ALWAYS_CHROME.has(tag) || ALWAYS_CHROME.has(role)) chrome.add(element)
    else if (CHROME_OUTSIDE_ARTICLE.has(tag) || CHROME_OUTSIDE_ARTICLE.has(role)) {
      if (!element.parentElement?.closest('article')) chrome.add(element)
    } else if (NAMED_CONTAINERS.has(tag) && isChromeName(element)) chrome.add(element)
    if (
      (HEADINGS.has(tag) || role === 'heading') &&
      CHROME_HEADING.test((element.textContent ?? '').trim())
    ) {
      const list = element.parentElement
      if (list && linkDensity(list) > 0.5) chrome.add(list)
    }
  }
  const pageText = textLength(body)
  for (const element of chrome) {
    // Already gone with an ancestor, or too much to be furniture.
    if (!element.isConnected) continue
    if (roots.some((root) => element.contains(root)) || textLength(element) * 2 >= pageText) continue
    element.remove()
  }
}

function isArticleRoot(element: Element): boolean {
  return (
    element.localName === 'article' ||
    element.localName === 'main' ||
    element.getAttribute('role') === 'main' ||
    /\barticleBody\b/.test(element.getAttribute('itemprop') ?? '')
  )
}

/** `share-bar`, `mostPopular`, `cookie_banner`: a class or id with a chrome word in it (alone or as a pair). */
function isChromeName(element: Element): boolean {
  const names = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`.split(/\s+/)
  return names.some((name) => {
    const words = name
      .replace(/([a-z])([A-Z])/g, '$1-$2')
      .toLowerCase()
      .split(/[_-]+/)
    return words.some(
      (word, index) => CHROME_WORDS.has(word) || CHROME_WORDS.has(word + (words[index + 1] ?? '')),
    )
  })
}

function textLength(element: Element): number {
  return (element.textContent ?? '').replace(/\s+/g, '').length
}

/** The share of an element's text that is link text: near 1 for a list of headlines. */
function linkDensity(element: Element): number {
  const total = textLength(element)
  if (!total) return 0
  let linked = 0
  for (const link of element.querySelectorAll('a')) linked += textLength(link)
  return linked / total
}

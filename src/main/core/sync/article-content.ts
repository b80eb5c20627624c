import type { FullTextMode } from '../../../shared/types'
import { extractArticle } from '../content/extract'
import { sanitizeHtml } from '../content/sanitize'
import { htmlToText, plainLine, sanitizeTitle } from '../content/text'
import type { ParsedItem } from './feed-parse'
import { imageCollector, sanitizeWithImages, type CleanHtml } from './image-cache'

/**
 * The DOM work of building an article — parsing, sanitizing, extracting, text — as pure functions of
 * plain data, so that it runs the same on the sync's thread or in a build worker (see build-pool.ts).
 * Everything that waits on the network or the disk stays with the caller (article-builder.ts).
 */

/**
 * A description (RSS `description`, Atom `summary`, JSON Feed `summary`) shorter than this, in letters,
 * is taken for a summary when the feed has no content field: the story's page has the article.
 */
const SUMMARY_CHARS = 700

/** One feed item to draft, with what its stored article says about the story's page. */
export interface DraftInput {
  item: ParsedItem
  /** What the feed's relative URLs resolve against. */
  base: string
  mode: FullTextMode
  /** The page extraction stored last time, when there is one: it stands, rather than a new fetch. */
  storedPage: { contentHtml: string; url: string | null; imageUrls: string[] } | null
  /** False once fetching the page has failed as often as it may. */
  mayFetchPage: boolean
}

/** Sanitized article HTML with its images, and its plain text. */
export interface ArticleContent {
  clean: CleanHtml
  /** The text of `clean.html` (image URLs, which caching rewrites, are not part of it). */
  text: string
}

/** What a feed item gives before anything is fetched for it. */
export interface Draft {
  title: string
  summary: string | null
  /** The feed has only a summary (or the feed's setting says so): the page has the article. */
  wantsPage: boolean
  /**
   * The feed's text is a summary (see {@link feedHasSummaryOnly}): only then does a page that could not be
   * fetched leave the reader with less than the article, worth saying.
   */
  summaryOnly: boolean
  /** The content is the stored page extraction. */
  fromStoredPage: boolean
  /**
   * The finished content; null when the page is to be fetched first, and then `fromFeed` is the feed's
   * own content, sanitized: what the page must beat, and the fallback (sent only then: it crosses threads).
   */
  content: ArticleContent | null
  fromFeed: CleanHtml | null
}

/** A fetched page to extract the story from, and what to fall back on. */
export interface PageInput {
  html: string
  /** Where the page came from, after redirects. */
  pageUrl: string
  /** The item's link: the extracted story's base, as a reader opening the link would have it. */
  itemUrl: string
  base: string
  fromFeed: CleanHtml
  leadImage: string | null
}

export type PageOutcome =
  | {
      content: ArticleContent
      fromPage: boolean
      byline: string | null
      published: string | null
      /** The page's language (<html lang>, Content-Language), when the story came from it. */
      lang?: string | null
    }
  | { error: string }

/** Content to finish: the lead image added when the article has none, and the text. */
export interface FinishInput {
  clean: CleanHtml
  leadImage: string | null
  base: string
}

/** Drafts a feed item: its title, summary and content, or what is needed to fetch its page. */
export function draftItem(input: DraftInput): Draft {
  const { item, base, mode } = input
  const title = (item.titleIsHtml ? sanitizeTitle(item.title) : plainLine(item.title)) || 'Untitled'
  // Parsing HTML is the cost of a sync: each piece is parsed as few times as it can be.
  const fromFeed = sanitizeWithImages(item.contentHtml ?? item.summaryHtml ?? '', base)
  const summary = !item.summaryHtml
    ? null
    : item.contentHtml
      ? sanitizeHtml(item.summaryHtml, base)
      : fromFeed.html
  const summaryOnly = feedHasSummaryOnly(item, fromFeed.html)
  const wantsPage = item.url !== null && (mode === 'always' || (mode === 'auto' && summaryOnly))
  const draft = { title, summary, wantsPage, summaryOnly, fromStoredPage: false, fromFeed: null }
  if (wantsPage && input.storedPage) {
    // Fetched once: the stored extraction stands (its images are the ones cached before).
    const stored = input.storedPage
    const clean = sanitizeWithImages(stored.contentHtml, stored.url)
    clean.imageUrls = stored.imageUrls
    return {
      ...draft,
      fromStoredPage: true,
      content: finishContent({ clean, leadImage: item.imageUrl, base }),
    }
  }
  if (wantsPage && input.mayFetchPage) return { ...draft, content: null, fromFeed }
  return { ...draft, content: finishContent({ clean: fromFeed, leadImage: item.imageUrl, base }) }
}

/** The story of a fetched page, when it has more text than the feed; else the feed's content. */
export function pageContent(input: PageInput): PageOutcome {
  let extracted
  const images = imageCollector()
  try {
    // The story sanitized once, its images collected as it is (a second pass cost as much as the first).
    extracted = extractArticle(input.html, input.pageUrl, { rewriteImage: images.rewriteImage })
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
  if (!extracted) return { error: 'no article could be found on the page' }
  if (textLength(extracted.contentHtml) <= textLength(input.fromFeed.html)) {
    const content = finishContent({ clean: input.fromFeed, leadImage: input.leadImage, base: input.base })
    return { content, fromPage: false, byline: null, published: null }
  }
  const clean = { html: extracted.contentHtml, imageUrls: images.imageUrls }
  const leadImage = input.leadImage ?? extracted.leadImage
  return {
    content: finishContent({ clean, leadImage, base: input.base }),
    fromPage: true,
    byline: extracted.byline,
    published: extracted.published,
    lang: extracted.lang,
  }
}

/** Adds the lead image as a figure when the article shows no image, and reads the text. */
export function finishContent({ clean, leadImage, base }: FinishInput): ArticleContent {
  let result = clean
  if (leadImage && clean.imageUrls.length === 0) {
    const figure = sanitizeWithImages(
      `<figure><img src="${escapeAttribute(leadImage)}" alt=""></figure>`,
      base,
    )
    result = { html: `${figure.html}\n${clean.html}`, imageUrls: figure.imageUrls }
  }
  return { clean: result, text: htmlToText(result.html) }
}

/**
 * Letters of sanitized HTML's text, counted without parsing it: what is left once the tags are removed
 * (`<…>`), each entity (`&…;`) counts one, and white space none. One pass over the markup, with no
 * strings made: three replacements over every item's content cost a sync's builders more than the
 * checks that read the count.
 */
export function textLength(html: string): number {
  // A `<` opens a tag only when a `>` follows somewhere: the expression `<[^>]*>` does not match otherwise.
  const lastClose = html.lastIndexOf('>')
  let count = 0
  // The characters of a possible entity read so far (its `&`, then name characters), not yet counted.
  let pending = 0
  for (let i = 0; i < html.length; i++) {
    const code = html.charCodeAt(i)
    if (code === 0x3c && i < lastClose) {
      i = html.indexOf('>', i)
      continue
    }
    if (pending > 0) {
      if (isEntityNameChar(code)) {
        pending++
        continue
      }
      if (code === 0x3b && pending > 1) {
        count++
        pending = 0
        continue
      }
      count += pending
      pending = 0
    }
    if (code === 0x26) pending = 1
    else if (!isSpace(code)) count++
  }
  return count + pending
}

/** `[#\w]`: what an entity's name is made of. */
function isEntityNameChar(code: number): boolean {
  return (
    code === 0x23 ||
    code === 0x5f ||
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a)
  )
}

/** `\s` in a JavaScript expression: ASCII white space, no-break and the other Unicode spaces, and the BOM. */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d)
  if (code < 0xa0) return false
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  )
}

/** How a cut-off text ends: an ellipsis, or a "read more" link, in the languages feeds commonly use. */
export const TRUNCATED =
  /(\.\.\.|…|\[…\]|\[\.\.\.\]|read more|continue reading|more\s*»|더 ?보기|계속 ?읽기|続きを読む|阅读全文|weiterlesen|lire la suite|leer más)\s*[\W_]*$/i

/**
 * How far before the text's last run of characters other than ASCII letters and digits a match of
 * {@link TRUNCATED} can start: the most ASCII letters an ending has ("continue reading", 16), twice.
 */
const ENDING_LETTERS = 32

/**
 * `TRUNCATED.test(text)`, reading only the text's end. A match runs to the end of the text, and after
 * an ending only `\s` and `[\W_]` may follow, neither of which is an ASCII letter or digit; an ending's
 * other characters (…, », Hangul, Kana, Han, á) are `\W` too. So a match starts at most
 * {@link ENDING_LETTERS} before the text's last run of such characters. Tried at every position of a
 * whole article, the expression cost a sync's builders more than sanitizing its text.
 */
export function endsCutOff(text: string): boolean {
  let end = text.length
  while (end > 0 && !isAsciiWordChar(text.charCodeAt(end - 1))) end--
  return TRUNCATED.test(text.slice(Math.max(0, end - ENDING_LETTERS)))
}

function isAsciiWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)
}

/**
 * Whether the feed carries only a summary of the story, decided from the feed rather than from length
 * alone: text that ends cut off ("…", "Read more") is a summary whatever field holds it; the feed's content
 * field (Atom `content`, RSS `content:encoded`, JSON Feed `content_html`/`content_text`) is otherwise the
 * article, however short (a short Korean story is complete in a few hundred letters); a description alone
 * (RSS `description`, Atom `summary`) is a summary when it is short. `html` is the sanitized text shown.
 */
export function feedHasSummaryOnly(item: Pick<ParsedItem, 'contentHtml'>, html: string): boolean {
  const letters = textLength(html)
  if (letters === 0) return true
  if (letters < SUMMARY_CHARS * 3 && endsCutOff(html.replace(/<[^>]*>/g, ' ').trim())) return true
  if (item.contentHtml?.trim()) return false
  return letters < SUMMARY_CHARS
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
}

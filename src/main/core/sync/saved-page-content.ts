import { parseDocument } from '../content/dom'
import { extractArticle } from '../content/extract'
import { sanitizeHtml } from '../content/sanitize'
import { htmlToText, sanitizeTitle } from '../content/text'
import type { ArticleContent } from './article-content'
import { sanitizeWithImages } from './image-cache'

/** A page to save, as fetched. */
export interface SavedPageInput {
  html: string
  /** Where it came from, after redirects. */
  pageUrl: string
}

/** What saving a page keeps of it, before its images are cached. */
export interface SavedPageContent {
  title: string
  /** Sanitized, with its images to cache, and its text. */
  content: ArticleContent
  byline: string | null
  published: string | null
  summary: string | null
}

/**
 * The DOM work of saving a page (a build job: see build-jobs.ts), as a pure function of plain data: its
 * story extracted, else the whole page sanitized; the lead image as a figure when the story shows none.
 */
export function savedPageContent({ html, pageUrl }: SavedPageInput): SavedPageContent {
  const extracted = extractArticle(html, pageUrl)
  let title: string
  let body: string
  if (extracted) {
    title = extracted.title
    body = extracted.contentHtml
  } else {
    const document = parseDocument(html, pageUrl)
    title = sanitizeTitle(document.title)
    body = document.body?.innerHTML ?? ''
  }
  if (extracted?.leadImage && !/<img\b/i.test(body)) {
    body = `<figure><img src="${extracted.leadImage.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" alt=""></figure>\n${body}`
  }
  const clean = sanitizeWithImages(body, pageUrl)
  return {
    title,
    content: { clean, text: htmlToText(clean.html) },
    byline: extracted?.byline ?? null,
    published: extracted?.published ?? null,
    summary: extracted?.excerpt
      ? sanitizeHtml(`<p>${extracted.excerpt.replace(/</g, '&lt;')}</p>`, pageUrl)
      : null,
  }
}

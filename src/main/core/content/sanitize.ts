import createDOMPurify, { type Config, type DOMPurify, type WindowLike } from 'dompurify'
import { surelyWithinBounds } from './bounded-markup'
import {
  boundedFragmentHtml,
  domWindow,
  fillFromTree,
  parseInertTree,
  parseTree,
  rememberTree,
  resolveUrl,
  serializeTree,
  type TreeFragment,
  type TreeNode,
} from './dom'
import { mailtoAttachesFiles } from '../../../shared/urls'
import { chosenImage, imageUrl, isWebUrl, parseSrcset } from './images'

/** How {@link sanitizeHtml} treats images, besides making them safe. */
export interface SanitizeOptions {
  /**
   * Called with the absolute http(s) URL of each image an article shows (its best `srcset` candidate,
   * picture sources and video posters too). A string returned becomes the image's URL (the offline copy,
   * `broadsheet-cache://<sha256>`); null keeps the absolute original. Either way `srcset` is dropped, so
   * the one image shown is the one that was cached.
   */
  rewriteImage?: (absoluteUrl: string) => string | null
}

/** Ordinary article markup. Anything not listed is removed; its text is kept unless listed further down. */
const ALLOWED_TAGS = [
  ...['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div', 'span', 'section', 'article', 'main'],
  ...['header', 'footer', 'aside', 'address', 'details', 'summary', 'blockquote', 'q', 'cite', 'dfn'],
  ...['a', 'img', 'picture', 'source', 'figure', 'figcaption', 'video', 'audio'],
  ...['ul', 'ol', 'li', 'dl', 'dt', 'dd'],
  ...['table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'],
  ...['pre', 'code', 'kbd', 'samp', 'var', 'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'sub', 'sup'],
  ...['small', 'mark', 'abbr', 'time', 'wbr', 'bdi', 'bdo', 'ruby', 'rt', 'rp'],
]

const KEPT_TAGS = new Set(ALLOWED_TAGS)

/**
 * No `id`/`name` (DOM clobbering), `class` (a page's classes would meet the app's stylesheet), `style`
 * (`url(javascript:…)`, overlays), `on*`, `data-*`, `srcdoc` or `formaction`: none are listed.
 */
const ALLOWED_ATTR = [
  ...['href', 'src', 'srcset', 'sizes', 'media', 'type', 'poster', 'cite', 'alt', 'title', 'lang', 'dir'],
  ...['width', 'height', 'colspan', 'rowspan', 'headers', 'scope', 'span', 'abbr', 'datetime'],
  ...['start', 'reversed', 'value', 'open', 'controls', 'loop', 'muted', 'playsinline'],
]

/** Elements whose content goes with them: widgets and embeds say nothing without their element. */
const DROPPED_WITH_CONTENT = ['button', 'select', 'option', 'datalist', 'textarea', 'object', 'embed']

/** Where each URL-bearing attribute means something; anywhere else it is removed. */
const URL_ATTRIBUTES: Record<string, Set<string>> = {
  href: new Set(['a']),
  src: new Set(['img', 'source', 'video', 'audio']),
  srcset: new Set(['img', 'source']),
  poster: new Set(['video']),
  cite: new Set(['blockquote', 'q', 'del', 'ins']),
}

const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:'])
const WEB_SCHEMES = new Set(['http:', 'https:'])

/**
 * DOMPurify tests every attribute not on its short "URI-safe" list against this, so it has to let plain
 * words (`auto`, `ko`) through as its default does; it differs from the default only in the schemes it
 * names, the cache's among them (the default would strip `broadsheet-cache:` URLs). The real URL policy
 * is {@link fixUrls}, which parses each URL as a browser would.
 */
const ALLOWED_URI_REGEXP = /^(?:(?:https?|mailto|broadsheet-cache):|[^a-z]|[a-z+.-]+(?:[^a-z+.:-]|$))/i

/**
 * Set once on the instance ({@link getPurifier}): passed to every call, DOMPurify would parse it again
 * each time. `IN_PLACE`: it sanitizes the tree {@link purify} parsed, instead of parsing a new document.
 */
const CONFIG: Config = {
  IN_PLACE: true,
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP,
  ADD_URI_SAFE_ATTR: ['abbr', 'media', 'sizes'],
  ADD_FORBID_CONTENTS: DROPPED_WITH_CONTENT,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
}

interface Pass {
  /** The element whose content is being sanitized (kept: it is the container, not content). */
  root: Element | null
  baseUrl: string | null
  rewriteImage: ((absoluteUrl: string) => string | null) | undefined
}

/** The call being sanitized; hooks are per DOMPurify instance, so they read their options from here. */
let pass: Pass | null = null
let purifier: DOMPurify | null = null

function getPurifier(): DOMPurify {
  if (purifier) return purifier
  // DOMPurify on a DOM that is not a real one (linkedom) returns its input untouched; jsdom is real.
  const instance = createDOMPurify(domWindow() as unknown as WindowLike)
  if (!instance.isSupported) throw new Error('DOMPurify cannot run on this DOM')
  instance.setConfig(CONFIG)
  instance.addHook('beforeSanitizeAttributes', (node) => {
    if (node.nodeType === 1) promoteLazyImage(node as Element)
  })
  instance.addHook('uponSanitizeElement', (node) => {
    // Only elements that stay: the rest go, `is` and all. Not the root, the container DOMPurify walks.
    const element = node as Element
    if (node.nodeType === 1 && element.hasAttribute('is') && KEPT_TAGS.has(element.localName)) {
      if (element !== pass?.root && element !== element.ownerDocument.body) replaceCustomizedElement(element)
    }
  })
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (pass && node.nodeType === 1) fixUrls(node as Element, pass)
  })
  purifier = instance
  return instance
}

/**
 * `<p is="x-widget">` asks for a customized built-in element: the page's own code, were it registered.
 * The element keeps its `is` value when the attribute is removed, and the serializer writes it back, so
 * DOMPurify's removal does not stick; a new element without it does. DOMPurify goes on to the new one
 * (and its children) next.
 */
function replaceCustomizedElement(element: Element): void {
  const plain = element.ownerDocument.createElementNS(element.namespaceURI, element.localName)
  for (const attribute of element.attributes) {
    if (attribute.name !== 'is') plain.setAttributeNodeNS(attribute.cloneNode() as Attr)
  }
  plain.append(...element.childNodes)
  element.replaceWith(plain)
}

/** Lazy-loading pages keep the real image in `data-src` behind a placeholder; show the real one. */
function promoteLazyImage(element: Element): void {
  if (element.localName !== 'img' && element.localName !== 'source') return
  const src = element.getAttribute('src') ?? ''
  if (!src || src.startsWith('data:')) {
    const lazy = ['data-src', 'data-lazy-src', 'data-original'].map((name) => element.getAttribute(name))
    const real = lazy.find((value) => value && !value.startsWith('data:'))
    if (real) element.setAttribute('src', real)
  }
  const lazySrcset = element.getAttribute('data-srcset')
  if (lazySrcset && !element.hasAttribute('srcset')) element.setAttribute('srcset', lazySrcset)
}

/** Makes every URL on `element` absolute and of an allowed scheme, or removes it (and a useless element). */
function fixUrls(element: Element, { baseUrl, rewriteImage }: Pass): void {
  const tag = element.localName
  for (const [name, tags] of Object.entries(URL_ATTRIBUTES)) {
    if (element.hasAttribute(name) && !tags.has(tag)) element.removeAttribute(name)
  }
  const keepImage = (url: string): string => {
    const rewritten = rewriteImage && isWebUrl(url) ? rewriteImage(url) : null
    return rewritten && imageUrl(rewritten, null) ? rewritten : url
  }
  const setOrRemove = (name: string, value: string | null): void => {
    if (value) element.setAttribute(name, value)
    else element.removeAttribute(name)
  }
  const parentTag = element.parentElement?.localName
  if (tag === 'a') {
    const href = schemeUrl(element.getAttribute('href'), baseUrl, LINK_SCHEMES)
    setOrRemove('href', href && !mailtoAttachesFiles(href) ? href : null)
    if (element.hasAttribute('href')) {
      element.setAttribute('rel', 'noopener noreferrer')
      element.setAttribute('target', '_blank')
    }
  } else if (tag === 'img' || (tag === 'source' && parentTag === 'picture')) {
    const chosen = chosenImage(element, baseUrl)
    if (!chosen) return element.remove()
    if (rewriteImage) {
      element.setAttribute(tag === 'img' ? 'src' : 'srcset', keepImage(chosen))
      if (tag === 'img') element.removeAttribute('srcset')
      element.removeAttribute('sizes')
    } else {
      setOrRemove('srcset', normalizeSrcset(element.getAttribute('srcset') ?? '', baseUrl))
      if (tag === 'img')
        element.setAttribute('src', imageUrl(element.getAttribute('src') ?? '', baseUrl) ?? chosen)
      if (!element.hasAttribute('srcset')) element.removeAttribute('sizes')
    }
    if (tag === 'source') element.removeAttribute('src')
  } else if (tag === 'source') {
    const src = schemeUrl(element.getAttribute('src'), baseUrl, WEB_SCHEMES)
    if (!src || (parentTag !== 'video' && parentTag !== 'audio')) return element.remove()
    element.setAttribute('src', src)
    element.removeAttribute('srcset')
    element.removeAttribute('sizes')
  } else if (tag === 'video' || tag === 'audio') {
    setOrRemove('src', schemeUrl(element.getAttribute('src'), baseUrl, WEB_SCHEMES))
    const poster = imageUrl(element.getAttribute('poster') ?? '', baseUrl)
    setOrRemove('poster', poster && keepImage(poster))
    // Never autoplay (the attribute is not allowed) and fetch nothing until the reader presses play.
    element.setAttribute('controls', '')
    element.setAttribute('preload', 'none')
  }
  if (element.hasAttribute('cite'))
    setOrRemove('cite', schemeUrl(element.getAttribute('cite'), baseUrl, WEB_SCHEMES))
}

/**
 * `url` resolved against `baseUrl` by the WHATWG URL parser (the one browsers use: it drops leading
 * control characters and spaces and tabs or newlines inside, so `java\tscript:` is seen for what it is),
 * if its scheme is allowed; else null. With no base, a relative URL has nothing to mean and is dropped.
 */
function schemeUrl(url: string | null, baseUrl: string | null, schemes: Set<string>): string | null {
  const absolute = url?.trim() ? resolveUrl(url, baseUrl) : null
  return absolute && schemes.has(new URL(absolute).protocol) ? absolute : null
}

/** The usable candidates of a `srcset`, absolute, written back in one canonical form (or null: none). */
function normalizeSrcset(srcset: string, baseUrl: string | null): string | null {
  const parts: string[] = []
  for (const candidate of parseSrcset(srcset)) {
    const url = imageUrl(candidate.url, baseUrl)
    // A URL ending in a comma would be read back as a different candidate list.
    if (!url || url.endsWith(',')) continue
    const descriptor = candidate.width
      ? ` ${candidate.width}w`
      : candidate.density !== null
        ? ` ${candidate.density}x`
        : ''
    parts.push(url + descriptor)
  }
  return parts.length ? parts.join(', ') : null
}

/**
 * Plain markup: elements from this list in the HTML namespace, none with an attribute, and text. All of
 * them are allowed, none is touched by a hook (fixUrls, lazy images, `is`), none holds raw text or
 * parses differently by context (no `pre`, `table`, `a`, `noscript`…), so DOMPurify would remove
 * nothing from it and its result is the markup's own serialization: {@link purify} returns that without
 * building a DOM (tests/main/core/content/sanitize-plain.test.ts checks both ways agree). Feeds whose
 * items are paragraphs of text then never start jsdom at all.
 */
const PLAIN_TAGS = new Set([
  ...['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div', 'span', 'blockquote'],
  ...['ul', 'ol', 'li', 'dl', 'dt', 'dd', 'em', 'strong', 'b', 'i', 'u', 's', 'sub', 'sup', 'small'],
  ...['mark', 'code', 'kbd', 'samp', 'var', 'q', 'cite', 'dfn', 'abbr', 'del', 'ins'],
])

/** Switches for tests, which compare the shortcut's results with DOMPurify's own. */
export const sanitizeShortcuts = { plain: true }

/** Whether a parsed fragment is {@link PLAIN_TAGS plain}. */
function isPlainTree(tree: TreeFragment): boolean {
  const stack: TreeNode[] = [...tree.childNodes]
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.nodeName === '#text') continue
    if (!('tagName' in node)) return false
    if (node.namespaceURI !== HTML_NAMESPACE || node.attrs.length > 0 || !PLAIN_TAGS.has(node.tagName))
      return false
    stack.push(...node.childNodes)
  }
  return true
}

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml'

/**
 * The document {@link purify} parses into, made afresh only every {@link PURIFY_DOCUMENT_USES} calls:
 * DOMPurify would make one for every call, which costs more than the parse. Not for good: each call adds
 * a NodeIterator to the document, which keeps it (weakly, until a collection) and visits it on every
 * node removed from that document, so removals slow down with every call the document has seen.
 * Like DOMPurify's, it comes from DOMParser, so scripting is off and `<noscript>` holds markup, and it
 * has a doctype: a document without one is in quirks mode, where `<p><table>` nests a table in a
 * paragraph; the app's pages (and {@link reserialize}) are in standards mode, where it does not. It has
 * no browsing context: nothing parsed into it loads or runs.
 */
let purifyDocument: Document | null = null
let purifyDocumentUses = 0
const PURIFY_DOCUMENT_USES = 32

/**
 * The body's content parsed (in a `<div>` of a standards-mode document, which parses it as a body
 * would: the HTML fragment algorithm) and sanitized in place, then serialized. Text is parsed too:
 * `a &amp b` comes back as `a &amp; b`, what a browser reads in it.
 */
function purify(html: string): string {
  // Large markup: bounded, and parsed by DOMPurify itself as a document (linear, where innerHTML is
  // quadratic in siblings).
  if (!surelyWithinBounds(html)) return purifyAsDocument(html)
  const tree = parseInertTree(html)
  if (sanitizeShortcuts.plain && isPlainTree(tree)) {
    const result = serializeTree(tree)
    // Its own parse's serialization reads back as itself (and the scripting flag changes nothing in a
    // plain tree, which has no <noscript>): stable, and the parse is the one parseTree would make.
    if (result === html) rememberTree(html, tree)
    return result
  }
  const purifier = getPurifier()
  if (!purifyDocument || purifyDocumentUses >= PURIFY_DOCUMENT_USES) {
    purifyDocument = new (domWindow().DOMParser)().parseFromString('<!DOCTYPE html><body>', 'text/html')
    purifyDocumentUses = 0
  }
  purifyDocumentUses += 1
  const root = purifyDocument.createElement('div')
  // As `root.innerHTML = html` parses it (the document is DOMParser's: scripting off), at a fraction of
  // the cost: jsdom's parser was most of a sync's work.
  fillFromTree(root, tree, html)
  ;(pass as Pass).root = root
  try {
    purifier.sanitize(root)
    return root.innerHTML
  } catch {
    // In place, DOMPurify refuses what it cannot hand back, the container itself condemned among them
    // (text only, and text that reads as markup: `&lt;j<!---->`); it would remove the container and
    // sanitize on. Its own way does just that: a document of its own, parsed from the string.
    return purifyAsDocument(html)
  }
}

/** DOMPurify's own way: the markup (bounded) parsed as a document of its own, and sanitized. */
function purifyAsDocument(html: string): string {
  ;(pass as Pass).root = null
  return getPurifier().sanitize(`<!DOCTYPE html><body>${boundedFragmentHtml(html)}`)
}

/**
 * Parses and serializes: the HTML a browser (and so the next sanitize) would see in `html`. parse5's own
 * tree, not jsdom's DOM: the same parser and serializer at a fraction of the cost, and the article's text
 * (htmlToText in text.ts) is then read from that very parse.
 */
function reserialize(html: string): string {
  return serializeTree(parseTree(html))
}

/**
 * Article HTML reduced to what is safe to show inside the app: an allowlist of article markup (see
 * above), links and images made absolute against `baseUrl` and restricted to http(s) (links also
 * mailto:, images also the cache scheme), links opening outside with `rel="noopener noreferrer"`, and,
 * with `rewriteImage`, images pointed at their offline copies. Idempotent: sanitizing the result again
 * changes nothing, so stored articles can be re-sanitized (after a policy change) safely.
 */
export function sanitizeHtml(html: string, baseUrl: string | null, options: SanitizeOptions = {}): string {
  const outer = pass
  pass = { root: null, baseUrl: baseUrl && resolveUrl(baseUrl, null), rewriteImage: options.rewriteImage }
  try {
    let result = purify(html)
    // Removing an element can leave a tree the parser would never build (a <p> inside a <p> once an
    // <object> between them goes), which reads back as a different tree; sanitize until it reads back
    // the same, which is what makes the result stable. Nearly always there is nothing to redo.
    for (let round = 0; round < 4; round++) {
      const reread = reserialize(result)
      if (reread === result) break
      result = purify(reread)
    }
    return result
  } finally {
    pass = outer
    // DOMPurify keeps what its last call removed until the next call, and a removed node holds its whole
    // document: after a 20,000-element article, a worker kept 130 MB of jsdom nodes alive between jobs.
    if (purifier) purifier.removed = []
  }
}

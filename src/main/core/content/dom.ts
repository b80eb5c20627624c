import { createRequire } from 'node:module'
import type * as Jsdom from 'jsdom'
import type { DOMWindow } from 'jsdom'

/**
 * jsdom, loaded on first use: loading it takes a few hundred milliseconds, and the reader's startup (the
 * app's core, `broadsheet serve`, the CLI's lists) never parses HTML. Only syncing and saving pages do.
 */
function loadJsdom(): typeof Jsdom {
  return createRequire(import.meta.url)('jsdom') as typeof Jsdom
}

let shared: DOMWindow | null = null

/**
 * The one jsdom window this process parses HTML with. Creating a JSDOM costs tens of milliseconds, so it
 * is made once, on first use, and every fragment and page is parsed by it. Scripts never run in it (jsdom
 * runs none unless asked) and it loads no resources; its console is silent, because pages are full of CSS
 * jsdom cannot parse and those complaints are noise.
 */
export function domWindow(): DOMWindow {
  if (shared) return shared
  const { JSDOM, VirtualConsole } = loadJsdom()
  const window = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
    virtualConsole: new VirtualConsole(),
  }).window
  // Every document jsdom creates (each DOMParser parse, each createHTMLDocument) sets up a CSS selector
  // engine that adds nine focus/keyboard/mouse listeners to its window and never removes them: the
  // window then keeps every parsed page alive (hundreds of MB after a few dozen pages) and each new
  // document is slower to make than the last. This window runs no script and is sent no events, so
  // nothing needs to listen to it.
  window.addEventListener = () => undefined
  shared = window
  return shared
}

let inert: Document | null = null
/**
 * The last fragment parsed. Sanitizing parses its result once more (to check that it reads back the
 * same), and what follows it — the article's text, its images — parses that very string again: this
 * makes the second parse free. An article's worth of nodes is all it keeps alive.
 */
let last: { html: string; container: HTMLElement } | null = null

/**
 * Parses an HTML fragment the way a page body is parsed (a `<div>` context, so a stray `<tr>` is dropped
 * as it would be in `<body>`), inside a document that has no browsing context: nothing in it loads or
 * runs, whatever a caller does with it. The container is detached and may be handed to the next caller
 * parsing the same string: read it, do not change it or keep it around.
 */
export function parseFragment(html: string): HTMLElement {
  if (last?.html === html) return last.container
  inert ??= domWindow().document.implementation.createHTMLDocument('')
  const container = inert.createElement('div')
  container.innerHTML = html
  last = { html, container }
  return container
}

/**
 * Parses a whole page into its own document (cheap next to a window) whose base URL is `pageUrl`, so that
 * `baseURI`, `a.href` and Readability resolve relative URLs as the browser did. A `<base href>` the page
 * declares itself still wins, resolved against the page URL as a browser would.
 */
export function parseDocument(html: string, pageUrl: string): Document {
  const document = new (domWindow().DOMParser)().parseFromString(html, 'text/html')
  const declared = [...document.getElementsByTagName('base')].find((base) => base.hasAttribute('href'))
  const base = resolveUrl(declared?.getAttribute('href') ?? '', pageUrl) ?? pageUrl
  if (declared) {
    declared.setAttribute('href', base)
  } else {
    const element = document.createElement('base')
    element.setAttribute('href', base)
    document.head.prepend(element)
  }
  return document
}

/** `url` made absolute against `base` (null: no base), or null when it cannot be (or is not a URL). */
export function resolveUrl(url: string, base: string | null): string | null {
  try {
    return new URL(url, base ?? undefined).href
  } catch {
    return null
  }
}

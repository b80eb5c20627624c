import { createRequire } from 'node:module'
import type * as Jsdom from 'jsdom'
import type { DOMWindow } from 'jsdom'
import type * as Parse5 from 'parse5'
import type { DefaultTreeAdapterTypes } from 'parse5'
import { boundTree, surelyWithinBounds } from './bounded-markup'

/**
 * jsdom, loaded on first use: loading it takes a few hundred milliseconds, and the reader's startup (the
 * app's core, `broadsheet serve`, the CLI's lists) never parses HTML. Only syncing and saving pages do.
 */
function loadJsdom(): typeof Jsdom {
  return createRequire(import.meta.url)('jsdom') as typeof Jsdom
}

let parse5: typeof Parse5 | null = null
/** parse5 (the HTML parser jsdom parses with), loaded on first use like jsdom. */
function loadParse5(): typeof Parse5 {
  return (parse5 ??= createRequire(import.meta.url)('parse5') as typeof Parse5)
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
  // window then keeps every parsed page alive and each new document is slower to make than the last.
  // This window runs no script and is sent no events, so nothing needs to listen to it.
  window.addEventListener = () => undefined
  forgetNamedElements()
  shared = window
  return shared
}

/**
 * jsdom's window keeps each element with an `id` (or a `name`) that is in one of its documents, for
 * `window.x`, until the element leaves its document. Nothing here reads `window.x` (no script runs), but
 * the documents parsed for the sync are never taken apart: a page or an article with one named element
 * stayed alive as long as the window, a build worker's, through it. DOMPurify leaves copies of an
 * article's top elements, ids and all, in the document it parses. Twenty small pages with ids kept 29 MB;
 * a sync that extracted pages kept every one of them until its workers stopped. jsdom calls these hooks
 * through its module's exports, so they are replaced there; tests/main/core/content/dom.test.ts fails
 * if a jsdom release moves them and pages with ids are kept again.
 */
function forgetNamedElements(): void {
  try {
    const hooks = createRequire(import.meta.url)('jsdom/lib/jsdom/living/window-properties.js') as Record<
      string,
      unknown
    >
    for (const name of ['elementAttached', 'elementAttributeModified'])
      if (typeof hooks[name] === 'function') hooks[name] = () => undefined
  } catch {
    // Another layout of jsdom: its windows keep named elements again (the test named above says so).
  }
}

let inert: Document | null = null
/**
 * The last fragment parsed: a caller that parses the same string again (an article's images read from
 * the HTML just parsed for something else) gets it free. An article's worth of nodes is all it keeps
 * alive. ({@link parseTree} keeps its own last parse the same way.)
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
  let container: HTMLElement
  if (surelyWithinBounds(html)) {
    inert ??= domWindow().document.implementation.createHTMLDocument('')
    container = inert.createElement('div')
    container.innerHTML = html
  } else {
    container = parseLargeFragment(html)
  }
  last = { html, container }
  return container
}

/**
 * Markup too big to trust, parsed as a fragment is: bounded first (parse5 builds any shape in linear time;
 * see bounded-markup.ts), then parsed as the body of a document of its own, which jsdom builds in linear
 * time where `innerHTML` is quadratic in the number of siblings.
 */
function parseLargeFragment(html: string): HTMLElement {
  const document = new (domWindow().DOMParser)().parseFromString(
    `<!DOCTYPE html><body>${boundedFragmentHtml(html)}`,
    'text/html',
  )
  // The body is the container (moving 20,000 nodes into a <div> would be quadratic again).
  return document.body
}

/**
 * Parses stored article HTML as the body of a document of its own, for a caller that changes it (export
 * marks highlights and rewrites images): unlike {@link parseFragment}'s, the result is never shared.
 */
export function parseOwnDocument(html: string): Document {
  return new (domWindow().DOMParser)().parseFromString(
    `<!DOCTYPE html><body>${boundedFragmentHtml(html)}`,
    'text/html',
  )
}

/** A fragment's markup within the bounds of bounded-markup.ts (unchanged when it surely is). */
export function boundedFragmentHtml(html: string): string {
  if (surelyWithinBounds(html)) return html
  const fragment = parseFragmentTree(html)
  return boundTree(fragment) ? serializeTree(fragment) : html
}

function parseFragmentTree(html: string, scripting = true): TreeFragment {
  const { defaultTreeAdapter, html: spec, parseFragment: parse } = loadParse5()
  treeContext ??= defaultTreeAdapter.createElement('div', spec.NS.HTML, [])
  return parse(treeContext, html, { scriptingEnabled: scripting })
}

/**
 * `html` parsed into parse5's tree as `innerHTML` parses it in a document that DOMParser made (scripting
 * off: `<noscript>` holds markup), the fragment parsing algorithm in a `<div>`: see {@link fillFromTree}.
 * Markup within bounds only (bounded-markup.ts): the caller checks.
 */
export function parseInertTree(html: string): TreeFragment {
  return parseFragmentTree(html, false)
}

/**
 * Sets the empty `container`'s content to `tree`, the {@link parseInertTree} of `html`, as
 * `container.innerHTML = html` would in a DOMParser document, several times faster: jsdom's parser appends
 * each run of text (a word, then a space) to the text node it is building, every append a DOM mutation;
 * here parse5 has built its own tree of plain objects (the same parser, the same algorithm: the same
 * tree) and the DOM is made from it, one node per node. What the DOM's methods would make differently
 * from the parser (a name they refuse or would read as prefixed, namespaced attributes, `is`,
 * `<template>`'s content, a table's foster-parented text) is parsed by `innerHTML` itself.
 */
export function fillFromTree(container: Element, tree: TreeFragment, html: string): void {
  let built = false
  try {
    built = buildInto(container, tree)
  } catch {
    // A name the DOM's methods refuse (the parser takes `<a"b>`): parsed as the setter parses it.
  }
  if (!built) container.innerHTML = html
}

/**
 * Appends the DOM of a parse5 fragment to `container`; false (part of it appended) when the parser would
 * have made part of it differently.
 */
function buildInto(container: Element, fragment: TreeFragment): boolean {
  const document = container.ownerDocument
  const stack: Array<[TreeNode[], Node]> = [[fragment.childNodes, container]]
  while (stack.length > 0) {
    const [nodes, parent] = stack.pop() as [TreeNode[], Node]
    for (const node of nodes) {
      if (node.nodeName === '#text') {
        parent.appendChild(document.createTextNode((node as DefaultTreeAdapterTypes.TextNode).value))
      } else if (node.nodeName === '#comment') {
        parent.appendChild(document.createComment((node as DefaultTreeAdapterTypes.CommentNode).data))
      } else if ('tagName' in node) {
        const { tagName, namespaceURI, attrs, childNodes } = node
        // jsdom puts text foster-parented out of a table after the table, not before it as parse5 (and
        // a browser) does: any table is parsed by jsdom, so the DOM stays exactly what it was.
        if (tagName.includes(':') || tagName === 'template' || tagName === 'table') return false
        const element = document.createElementNS(namespaceURI, tagName)
        for (const { name, value, namespace } of attrs) {
          if (namespace || name === 'is') return false
          element.setAttribute(name, value)
        }
        parent.appendChild(element)
        if (childNodes.length > 0) stack.push([childNodes, element])
      } else {
        return false
      }
    }
  }
  return true
}

/** A fragment as parse5 builds it with its own tree of plain objects: see {@link parseTree}. */
export type TreeFragment = DefaultTreeAdapterTypes.DocumentFragment
export type TreeNode = DefaultTreeAdapterTypes.ChildNode

let treeContext: DefaultTreeAdapterTypes.Element | null = null
let lastTree: { html: string; fragment: TreeFragment } | null = null

/**
 * Parses an HTML fragment exactly as {@link parseFragment} does (the same parser, a `<div>` context in a
 * standards-mode document with scripting on, as in the reader's page) into parse5's tree of plain
 * objects instead of jsdom's DOM: several times cheaper to build, for the reads that need no DOM (the
 * round trip that proves sanitized HTML stable, an article's plain text). The last fragment is kept and
 * handed to the next caller parsing the same string: read it, do not change it.
 */
export function parseTree(html: string): TreeFragment {
  if (lastTree?.html === html) return lastTree.fragment
  const fragment = parseFragmentTree(html)
  // Its readers walk it recursively: a tree of any depth must not reach them.
  if (!surelyWithinBounds(html)) boundTree(fragment)
  lastTree = { html, fragment }
  return fragment
}

/**
 * Keeps `fragment` as {@link parseTree}'s last parse of `html`: for a caller that parsed `html` already
 * into the very tree parseTree would build (sanitize.ts's plain markup), so its readers need not again.
 */
export function rememberTree(html: string, fragment: TreeFragment): void {
  lastTree = { html, fragment }
}

/** The HTML of a {@link parseTree} fragment's content, as `innerHTML` would give it. */
export function serializeTree(fragment: TreeFragment): string {
  return loadParse5().serialize(fragment)
}

/**
 * Parses a whole page into its own document (cheap next to a window) whose base URL is `pageUrl`, so that
 * `baseURI`, `a.href` and Readability resolve relative URLs as the browser did. A `<base href>` the page
 * declares itself still wins, resolved against the page URL as a browser would.
 */
export function parseDocument(html: string, pageUrl: string): Document {
  const document = new (domWindow().DOMParser)().parseFromString(boundedDocumentHtml(html), 'text/html')
  const declared = [...document.querySelectorAll('base')].find((base) => base.hasAttribute('href'))
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

/** A whole page's markup within the bounds of bounded-markup.ts (unchanged when it surely is). */
function boundedDocumentHtml(html: string): string {
  if (surelyWithinBounds(html)) return html
  const { parse, serialize } = loadParse5()
  const document = parse(html)
  return boundTree(document) ? serialize(document) : html
}

/** `url` made absolute against `base` (null: no base), or null when it cannot be (or is not a URL). */
export function resolveUrl(url: string, base: string | null): string | null {
  try {
    return new URL(url, base ?? undefined).href
  } catch {
    return null
  }
}

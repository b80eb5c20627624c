import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { domWindow, fillFromTree, parseInertTree } from '../../../../src/main/core/content/dom'
import { sanitizeHtml, sanitizeShortcuts } from '../../../../src/main/core/content/sanitize'

/*
 * The sync's two shortcuts past jsdom's parser (issue 22, first sync as fast as newsboat's): plain markup
 * (attribute-free paragraphs, lists, emphasis) is sanitized without building a DOM, and other markup's
 * DOM is built from parse5's tree instead of by `innerHTML`. Both must give exactly what the long way
 * gives, on any markup.
 */

const PLAIN =
  'p br hr h1 h2 div span blockquote ul ol li dl dt dd em strong b i u s sub sup small mark code q cite abbr del ins'
const OTHER =
  'a img pre table tr td tbody template noscript script style svg math title textarea select option xmp iframe object form section figure video source picture'
const TEXTS = [
  'word',
  ' ',
  'a &amp; b',
  'x < y',
  '&lt;b&gt;',
  '&nbsp;',
  '\n',
  'caf\u00e9 \ud55c\uad6d',
  '&',
  '<!-- c -->',
  '"q"',
  "'",
]
const ATTRIBUTES = [
  ' href="https://news.example/a"',
  ' src="/i.png"',
  ' class="x"',
  ' is="x-widget"',
  ' xlink:href="#a"',
  ' xmlns="http://www.w3.org/2000/svg"',
  ' a"b="1"',
  ' onclick="alert(1)"',
  ' title="t"',
  ' viewbox="0 0 1 1"',
]

const tag = (names: string) => fc.constantFrom(...names.split(' '))
/** Mostly plain markup, often with a foreign element or an attribute that makes it not plain. */
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TEXTS) },
  { weight: 4, arbitrary: tag(PLAIN).map((name) => `<${name}>`) },
  { weight: 3, arbitrary: tag(PLAIN).map((name) => `</${name}>`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(tag(`${PLAIN} ${OTHER}`), fc.constantFrom(...ATTRIBUTES))
      .map(([name, attribute]) => `<${name}${attribute}>`),
  },
  { weight: 1, arbitrary: tag(OTHER).map((name) => `</${name}>`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('<a"b>', '<foo:bar>', '<x-y>', '</p >', '<p/>', '<br/>', '<!doctype html>'),
  },
)
const markup = fc.array(piece, { maxLength: 24 }).map((pieces) => pieces.join(''))

afterEach(() => {
  sanitizeShortcuts.plain = true
})

function theLongWay(html: string, base: string | null): string {
  sanitizeShortcuts.plain = false
  try {
    return sanitizeHtml(html, base)
  } finally {
    sanitizeShortcuts.plain = true
  }
}

describe('sanitizing plain markup without a DOM', () => {
  it('gives what DOMPurify gives, on random markup', () => {
    fc.assert(
      fc.property(markup, fc.constantFrom('https://news.example/a/', null), (html, base) => {
        expect(sanitizeHtml(html, base)).toBe(theLongWay(html, base))
      }),
      { numRuns: 1500 },
    )
  })

  it('gives what DOMPurify gives on paragraphs of text, entities and all', () => {
    for (const html of [
      '<p>one two.</p><p>three &amp; four &lt;five&gt;</p>',
      'bare text with a &nbsp; and a <b>bold</b> word',
      '<p>unclosed <em>emphasis<p>next',
      '<ul><li>a<li>b</ul><blockquote>q</blockquote>',
      '<p>a<p>b</p></p>',
      '',
    ])
      expect(sanitizeHtml(html, null)).toBe(theLongWay(html, null))
  })

  it('does not load jsdom for a feed of plain paragraphs, and does for a link', () => {
    const sanitize = resolve('src/main/core/content/sanitize.ts')
    const jsdomLoaded = (html: string): string =>
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          `import { createRequire } from 'node:module'
           const { sanitizeHtml } = await import(${JSON.stringify(sanitize)})
           sanitizeHtml(${JSON.stringify(html)}, 'https://news.example/')
           const cache = createRequire(import.meta.url).cache
           console.log(Object.keys(cache).some((key) => key.includes('/node_modules/jsdom/')))`,
        ],
        { encoding: 'utf8' },
      ).trim()
    expect(jsdomLoaded('<p>one <em>two</em> three.</p><p>four &amp; five</p>')).toBe('false')
    expect(jsdomLoaded('<p>one <a href="/x">two</a></p>')).toBe('true')
  })
})

describe('the DOM built from parse5’s tree', () => {
  it('is built without jsdom’s parser (innerHTML) for ordinary markup', () => {
    const document = new (domWindow().DOMParser)().parseFromString('<!DOCTYPE html><body>', 'text/html')
    const prototype = domWindow().Element.prototype
    const setter = Object.getOwnPropertyDescriptor(prototype, 'innerHTML') as PropertyDescriptor
    let parsed = 0
    Object.defineProperty(prototype, 'innerHTML', {
      ...setter,
      set(this: Element, value: string) {
        parsed += 1
        setter.set?.call(this, value)
      },
    })
    try {
      const html = '<p>one <a href="/x" title="t">two</a></p><svg viewBox="0 0 1 1"><circle r="1"/></svg>'
      const built = document.createElement('div')
      fillFromTree(built, parseInertTree(html), html)
      expect(parsed).toBe(0)
      expect(built.innerHTML).toBe(
        '<p>one <a href="/x" title="t">two</a></p><svg viewBox="0 0 1 1"><circle r="1"></circle></svg>',
      )
      // What the DOM's methods would make differently goes to the parser itself.
      fillFromTree(document.createElement('div'), parseInertTree('<a"b>x'), '<a"b>x')
      expect(parsed).toBe(1)
    } finally {
      Object.defineProperty(prototype, 'innerHTML', setter)
    }
  })

  it('is the DOM innerHTML builds, on random markup', () => {
    const document = new (domWindow().DOMParser)().parseFromString('<!DOCTYPE html><body>', 'text/html')
    fc.assert(
      fc.property(markup, (html) => {
        const expected = document.createElement('div')
        expected.innerHTML = html
        const built = document.createElement('div')
        fillFromTree(built, parseInertTree(html), html)
        expect(built.innerHTML).toBe(expected.innerHTML)
        expect(built.isEqualNode(expected)).toBe(true)
      }),
      { numRuns: 1500 },
    )
  })
})

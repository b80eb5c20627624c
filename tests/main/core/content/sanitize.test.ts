import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { sanitizeHtml } from '../../../../src/main/core/content/sanitize'

const BASE = 'https://news.example/world/story.html'

/** What may appear in sanitized HTML: the test's own copy of the policy, so a loosened policy fails here. */
const ALLOWED = new Set(
  (
    'p br hr h1 h2 h3 h4 h5 h6 div span section article main header footer aside address details summary ' +
    'blockquote q cite dfn a img picture source figure figcaption video audio ul ol li dl dt dd table caption ' +
    'colgroup col thead tbody tfoot tr th td pre code kbd samp var em strong b i u s del ins sub sup small ' +
    'mark abbr time wbr bdi bdo ruby rt rp'
  ).split(' '),
)
const URL_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'poster', 'cite'])
const FORBIDDEN_ATTRIBUTES = new Set([
  'style',
  'id',
  'name',
  'class',
  'srcdoc',
  'formaction',
  'action',
  'autoplay',
])
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'broadsheet-cache:'])

/**
 * Fails unless `html`, parsed independently of the code under test, holds only allowed elements, no
 * event handler or forbidden attribute, and URLs of safe schemes only.
 */
function expectSafe(html: string): void {
  expect(html).not.toMatch(
    /<(script|style|iframe|noscript|template|svg|math|object|embed|form|meta|base|link)\b/i,
  )
  const fragment = JSDOM.fragment(html)
  for (const element of fragment.querySelectorAll('*')) {
    expect(ALLOWED, `<${element.localName}> in ${html}`).toContain(element.localName)
    expect(element.namespaceURI).toBe('http://www.w3.org/1999/xhtml')
    for (const attribute of element.attributes) {
      expect(attribute.name, `${attribute.name} in ${html}`).not.toMatch(/^on/i)
      expect(FORBIDDEN_ATTRIBUTES, `${attribute.name} in ${html}`).not.toContain(attribute.name)
      if (!URL_ATTRIBUTES.has(attribute.name)) continue
      const urls =
        attribute.name === 'srcset'
          ? attribute.value.split(/,\s+/).map((candidate) => candidate.trim().split(/\s+/)[0]!)
          : [attribute.value]
      for (const url of urls) {
        expect(SAFE_SCHEMES, `${attribute.name}="${attribute.value}"`).toContain(new URL(url).protocol)
      }
    }
  }
}

/** `javascript:` spelled every way the HTML and URL parsers are known to forgive. */
const SCRIPT_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  '\u0001\u0002 javascript:alert(1)',
  '&#14;javascript:alert(1)',
  '&#x20;&#x01;javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'java\rscript:alert(1)',
  'java&#9;script:alert(1)',
  'java&Tab;script:alert(1)',
  'java&NewLine;script:alert(1)',
  'jav&#x0D;ascript:alert(1)',
  '&#106;avascript:alert(1)',
  '&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)',
  '&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)',
  'javascript&colon;alert(1)',
  'javascript&#58;alert(1)',
  'javascript://%0aalert(1)',
  'vbscript:msgbox(1)',
  'VBScript&#58;msgbox(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'DATA:text/html,<script>alert(1)</script>',
  ' d&#x61;ta:image/svg+xml,<svg onload=alert(1)>',
]

describe('sanitizeHtml: script URLs', () => {
  it.each(SCRIPT_URLS)('removes %j wherever a URL goes', (url) => {
    const attribute = url.replace(/"/g, '&quot;')
    const html =
      `<p><a href="${attribute}">link</a><img src="${attribute}" alt="i"><img src="a.jpg" srcset="${attribute} 2x">` +
      `<video src="${attribute}" poster="${attribute}"></video><blockquote cite="${attribute}">q</blockquote></p>`
    for (const base of [BASE, null]) {
      const out = sanitizeHtml(html, base)
      expectSafe(out)
      expect(out).not.toMatch(/javascript|vbscript|data:/i)
      // The link text stays; only its target goes.
      expect(JSDOM.fragment(out).querySelector('a')?.textContent).toBe('link')
    }
  })
})

/** Markup that runs script in some browser, some parser state or some sanitizer's past. */
const VECTORS: Record<string, string> = {
  script: '<script>alert(1)</script><SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  'img onerror': '<img src=x onerror=alert(1)><img src="x:alert(alt)" onerror="eval(src)" alt="0">',
  'body onload': '<body onload=alert(1)><p>text</p>',
  'details ontoggle': '<details open ontoggle=alert(1)><summary>s</summary></details>',
  'svg onload': '<svg onload=alert(1)><circle r=1 /></svg><svg><script>alert(1)</script></svg>',
  'svg link': '<svg><a xlink:href="javascript:alert(1)"><text x=1>x</text></a></svg>',
  math: '<math href="javascript:alert(1)"><mi xlink:href="javascript:alert(1)">x</mi></math>',
  'math mutation':
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  'svg style mutation': '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  iframe: '<iframe src="javascript:alert(1)"></iframe><iframe srcdoc="<script>alert(1)</script>"></iframe>',
  frameset: '<frameset onload=alert(1)><frame src="javascript:alert(1)"></frameset>',
  form:
    '<form action="javascript:alert(1)"><input type=submit formaction="javascript:alert(1)">' +
    '<button formaction="javascript:alert(1)">go</button><select><option>a</option></select><textarea>t</textarea></form>',
  isindex: '<isindex action="javascript:alert(1)" type=image>',
  'meta refresh': '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>x</p>',
  base: '<base href="javascript:alert(1)//"><a href="/x">x</a>',
  link: '<link rel=stylesheet href="javascript:alert(1)"><link rel=import href="//evil.example/x">',
  'object and embed':
    '<object data="javascript:alert(1)"><param name=x value=y></object><embed src="javascript:alert(1)"><applet code=x></applet>',
  'style element':
    "<style>@import 'javascript:alert(1)'; body{background:url(javascript:alert(1))}</style><p>x</p>",
  'style attribute':
    '<div style="background:url(javascript:alert(1))">x</div><p style="behavior:url(x.htc)">y</p>',
  noscript: '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  template: '<template><script>alert(1)</script><img src=x onerror=alert(1)></template>',
  xmp: '<xmp><p title="</xmp><img src=x onerror=alert(1)>"></xmp>',
  title: '<title><img src=x onerror=alert(1)></title>',
  comment: '<!--<img src=x onerror=alert(1)>--><p>x</p><!--><img src=x onerror=alert(2)>-->',
  cdata: '<![CDATA[<img src=x onerror=alert(1)>]]><?xml-stylesheet href="javascript:alert(1)"?>',
  'clobbering img name': '<img name=getElementById src="a.jpg"><img name="cookie" src="b.jpg">',
  'clobbering ids': '<form id=x><input name=attributes></form><a id=location href="/a">a</a><p id=body>p</p>',
  'custom elements': '<x-widget onclick=alert(1)>w</x-widget><p is="x-foo" onmouseover=alert(1)>p</p>',
  'video autoplay':
    '<video autoplay onplay=alert(1) src="https://v.example/a.mp4"><source onerror=alert(1)></video>',
  'link handlers': '<a href="/x" onclick=alert(1) target="_self" ping="https://evil.example">x</a>',
}

describe('sanitizeHtml: dangerous markup', () => {
  it.each(Object.entries(VECTORS))('removes %s', (_name, html) => {
    const out = sanitizeHtml(html, BASE)
    expectSafe(out)
    expect(out).not.toMatch(/onerror|onload|alert|ontoggle|onclick|javascript|<input|<button|<textarea/i)
  })

  it('drops id and name, so sanitized content cannot clobber the document', () => {
    const out = sanitizeHtml(VECTORS['clobbering img name']! + VECTORS['clobbering ids']!, BASE)
    expect(out).not.toMatch(/\b(id|name)=/)
    expect(JSDOM.fragment(out).querySelectorAll('img')).toHaveLength(2)
  })

  it('keeps the text of a removed form but not of its widgets', () => {
    const out = sanitizeHtml(
      '<form><p>Article inside a form</p><button>Share</button><select><option>x</option></select></form>',
      BASE,
    )
    expect(out).toBe('<p>Article inside a form</p>')
  })

  it('forces controls and no preloading on media', () => {
    const out = sanitizeHtml(VECTORS['video autoplay']!, BASE)
    const video = JSDOM.fragment(out).querySelector('video')!
    expect(video.hasAttribute('controls')).toBe(true)
    expect(video.getAttribute('preload')).toBe('none')
    expect(video.getAttribute('src')).toBe('https://v.example/a.mp4')
    expect(video.querySelector('source')).toBeNull()
  })

  it('takes a whole document and keeps only its body', () => {
    const html =
      '<!doctype html><html><head><title>T</title><style>p{}</style><meta charset=utf-8></head><body><p>Body</p></body></html>'
    expect(sanitizeHtml(html, BASE)).toBe('<p>Body</p>')
  })

  it('returns empty for empty input', () => {
    expect(sanitizeHtml('', BASE)).toBe('')
  })
})

const TAGS = [
  'p',
  'div',
  'a',
  'img',
  'b',
  'table',
  'tr',
  'td',
  'li',
  'ul',
  'pre',
  'object',
  'form',
  'svg',
  'math',
]
const MORE_TAGS = [
  'script',
  'style',
  'noscript',
  'template',
  'select',
  'option',
  'textarea',
  'title',
  'picture',
]
const MEDIA_TAGS = ['source', 'video', 'audio', 'figure', 'blockquote', 'h1', 'span', 'q', 'caption', 'col']
const ATTRIBUTE_NAMES = [
  'href',
  'src',
  'srcset',
  'id',
  'name',
  'style',
  'onclick',
  'title',
  'class',
  'cite',
  'poster',
]
const ATTRIBUTE_VALUES = [
  'x',
  '/a b',
  '../img.png 2x, b.jpg 640w',
  'javascript:alert(1)',
  'https://other.example/p?q=1&r=2',
  '//cdn.example/i.jpg',
  'mailto:a@example.com',
  '#top',
  'data:image/png;base64,AA==',
  'broadsheet-cache://abc',
  '"quoted" & <angled>',
]
const TEXTS = [
  'text',
  ' ',
  '\n  indented\n',
  '<',
  'a & b',
  '&amp;',
  '"\'',
  '한국어 기사',
  '</p>',
  '<!--',
  ']]>',
]

/** Random, often malformed HTML: real tags and attributes, unbalanced and misnested at will. */
const htmlPiece = fc.oneof(
  fc.constantFrom(...TEXTS),
  fc
    .record({
      tag: fc.constantFrom(...TAGS, ...MORE_TAGS, ...MEDIA_TAGS),
      attributes: fc.array(
        fc.tuple(fc.constantFrom(...ATTRIBUTE_NAMES), fc.constantFrom(...ATTRIBUTE_VALUES)),
        {
          maxLength: 3,
        },
      ),
    })
    .map(({ tag, attributes }) => {
      const written = attributes
        .map(([name, value]) => ` ${name}="${value.replace(/"/g, '&quot;')}"`)
        .join('')
      return `<${tag}${written}>`
    }),
  fc.constantFrom(...TAGS, ...MORE_TAGS, ...MEDIA_TAGS).map((tag) => `</${tag}>`),
)
const randomHtml = fc.array(htmlPiece, { maxLength: 30 }).map((pieces) => pieces.join(''))

function cacheRewrite(url: string): string | null {
  // Some images are cached, some are not: both paths must be stable.
  const hash = createHash('sha256').update(url).digest('hex')
  return hash.startsWith('a') ? null : `broadsheet-cache://${hash}`
}

describe('sanitizeHtml: properties', () => {
  it('is idempotent and safe on random markup', () => {
    fc.assert(
      fc.property(randomHtml, fc.constantFrom(BASE, null), (html, base) => {
        const once = sanitizeHtml(html, base)
        expect(sanitizeHtml(once, base)).toBe(once)
        expectSafe(once)
      }),
      { numRuns: 400 },
    )
  })

  it('is idempotent with images rewritten to the cache', () => {
    fc.assert(
      fc.property(randomHtml, (html) => {
        const once = sanitizeHtml(html, BASE, { rewriteImage: cacheRewrite })
        expect(sanitizeHtml(once, BASE, { rewriteImage: cacheRewrite })).toBe(once)
        expectSafe(once)
      }),
      { numRuns: 200 },
    )
  })

  it('is idempotent on arbitrary strings', () => {
    const chars = fc.constantFrom(...'<>/="\' &;#abpqrsvgiltx-!?\n\t'.split(''))
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 60 }), (html) => {
        const once = sanitizeHtml(html, BASE)
        expect(sanitizeHtml(once, BASE)).toBe(once)
      }),
      { numRuns: 400 },
    )
  })

  it('is idempotent on the known reparse traps', () => {
    const traps = [
      '<p>a<object><p>b</p></object></p>',
      '<a href="/1">x<object><a href="/2">y</a></object></a>',
      '<table><tr><td>a<form><tr><td>b</form></table>',
      '<pre>\n\nleading newlines</pre>',
      '<p>a &amp b</p>',
      'a &amp b',
      '<ul><li>x<svg><li>y</svg></ul>',
      '<picture><source src="/a.jpg"><img src="/b.jpg"></picture>',
    ]
    for (const html of traps) {
      const once = sanitizeHtml(html, BASE)
      expect(sanitizeHtml(once, BASE), html).toBe(once)
    }
  })
})

import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import {
  domWindow,
  parseDocument,
  parseFragment,
  parseTree,
  resolveUrl,
  serializeTree,
} from '../../../../src/main/core/content/dom'

describe('the shared window', () => {
  it('is made once', () => {
    expect(domWindow()).toBe(domWindow())
  })

  it('does not keep parsed pages alive, named elements and all', async () => {
    // jsdom's selector engine hangs listeners holding each document on the window, and the window keeps
    // every element with an id or a name (for `window.x`) while it is in a document; dom.ts stops both.
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const refs: WeakRef<Document>[] = []
    for (let i = 0; i < 20; i++) {
      const document = parseDocument(
        `<div id="main"><p id="p${i}">page ${i}</p><form name="f"></form><img name="i" src="/i.png"><a href="/x">x</a></div>`,
        'https://news.example/',
      )
      expect(document.querySelector('a')?.getAttribute('href')).toBe('/x')
      refs.push(new WeakRef(document))
    }
    for (let round = 0; round < 5 && refs.filter((ref) => ref.deref()).length > 1; round++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      gc()
    }
    // One may stay cached by the selector engine until the next query; twenty would be the leak.
    expect(refs.filter((ref) => ref.deref()).length).toBeLessThanOrEqual(1)
  })
})

describe('parseDocument', () => {
  it('resolves relative URLs against the page', () => {
    const document = parseDocument(
      '<a href="../b/c.html">x</a><img src="/i.png">',
      'https://news.example/a/page.html',
    )
    expect(document.baseURI).toBe('https://news.example/a/page.html')
    expect((document.querySelector('a') as HTMLAnchorElement).href).toBe('https://news.example/b/c.html')
    expect((document.querySelector('img') as HTMLImageElement).src).toBe('https://news.example/i.png')
  })

  it("honours the page's own <base>, itself resolved against the page", () => {
    const html = '<head><base href="/static/"></head><body><a href="x.html">x</a></body>'
    const document = parseDocument(html, 'https://news.example/a/page.html')
    expect(document.baseURI).toBe('https://news.example/static/')
    expect((document.querySelector('a') as HTMLAnchorElement).href).toBe('https://news.example/static/x.html')
  })

  it('runs no scripts', () => {
    const document = parseDocument(
      '<script>document.title = "ran"</script><title>kept</title>',
      'https://a.example/',
    )
    expect(document.title).toBe('kept')
  })
})

describe('parseFragment', () => {
  it('parses in a body context, as the reader will', () => {
    expect(parseFragment('<tr><td>x</td></tr><p>y').innerHTML).toBe('x<p>y</p>')
  })
})

describe('resolveUrl', () => {
  it('is null for what cannot be resolved', () => {
    expect(resolveUrl('/x', null)).toBeNull()
    expect(resolveUrl('http://[bad', 'https://a.example/')).toBeNull()
    expect(resolveUrl('/x', 'https://a.example/b/')).toBe('https://a.example/x')
  })
})

describe('parseTree', () => {
  // The cheap parse must read markup exactly as jsdom's does: sanitizing relies on the two agreeing.
  const cases = {
    'a body context': '<tr><td>x</td></tr><p>y',
    'standards mode (a table closes a paragraph)': '<p>a<table><tr><td>b</td></tr></table>',
    'scripting on (noscript holds text, as in the reader)':
      '<noscript><p title="</noscript><img src=x>">x</p></noscript>',
    'template content': '<template><p>in</p></template><p>out</p>',
    'foreign content':
      '<svg><p>a</p><style><a title="</style><img src=x>"></style></svg><math><mi>x</mi></math>',
    'a leading newline in pre': '<pre>\n\nline</pre><textarea>\nx</textarea>',
    entities: '<p title="a &amp; b &quot;">&lt;tag&gt; &copy; &#x1F389; &nbsp;&amp</p>',
    'misnesting and stray end tags': '<b><i>x</b>y</i></p><a href=1><a href=2>z</a></div>',
    comments: '<!-- c --><p>x<!--></p><!-',
  }
  for (const [name, html] of Object.entries(cases)) {
    it(`reads ${name} as jsdom does`, () => {
      expect(serializeTree(parseTree(html))).toBe(parseFragment(html).innerHTML)
    })
  }

  it('puts foster-parented text before the table, as the spec (and the browser) does', () => {
    // jsdom's tree adapter appends such text at the end instead; parse5's own tree follows the spec.
    expect(serializeTree(parseTree('<table>text<tr><td>cell'))).toBe(
      'text<table><tbody><tr><td>cell</td></tr></tbody></table>',
    )
  })

  it('hands back the same tree for the same string, and a new one for another', () => {
    const tree = parseTree('<p>one</p>')
    expect(parseTree('<p>one</p>')).toBe(tree)
    expect(parseTree('<p>two</p>')).not.toBe(tree)
    expect(serializeTree(parseTree('<p>two</p>'))).toBe('<p>two</p>')
  })
})

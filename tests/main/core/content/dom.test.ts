import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { domWindow, parseDocument, parseFragment, resolveUrl } from '../../../../src/main/core/content/dom'

describe('the shared window', () => {
  it('is made once', () => {
    expect(domWindow()).toBe(domWindow())
  })

  it('does not keep parsed pages alive', async () => {
    // jsdom's selector engine hangs listeners holding each document on the window; dom.ts stops that.
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const refs: WeakRef<Document>[] = []
    for (let i = 0; i < 20; i++) {
      const document = parseDocument(`<p>page ${i}</p><a href="/x">x</a>`, 'https://news.example/')
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

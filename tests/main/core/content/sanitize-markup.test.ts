import { JSDOM } from 'jsdom'
import { describe, expect, it, vi } from 'vitest'
import { sanitizeHtml } from '../../../../src/main/core/content/sanitize'

const BASE = 'https://news.example/world/story.html'

function parse(html: string): DocumentFragment {
  return JSDOM.fragment(html)
}

const RICH = `
<h2>Results</h2>
<table>
  <caption>Votes by region</caption>
  <colgroup><col span="2"></colgroup>
  <thead><tr><th scope="col">Region</th><th scope="col" abbr="N">Votes</th></tr></thead>
  <tbody><tr><td>North</td><td>1,204</td></tr><tr><td colspan="2">South: no count</td></tr></tbody>
  <tfoot><tr><td>Total</td><td>1,204</td></tr></tfoot>
</table>
<figure><img src="/img/chart.png" alt="A chart" width="640" height="480"><figcaption>The <em>chart</em>.</figcaption></figure>
<pre><code>function add(a, b) {
    return a + b  // four spaces
}

if (a &lt; b &amp;&amp; c) {}</code></pre>
<ul><li>One<ul><li>One point one</li><li>One point two<ol start="3" reversed><li>deep</li></ol></li></ul></li><li>Two</li></ul>
<blockquote cite="/sources/1"><p>Quoted <q cite="https://other.example/q">words</q>.</p></blockquote>
<dl><dt>Term</dt><dd>Definition</dd></dl>
<p lang="ko" dir="ltr">한국어 <ruby>漢<rt>한</rt></ruby> <time datetime="2024-03-05T09:30:00+09:00">3월 5일</time>
<abbr title="World Health Organization">WHO</abbr> H<sub>2</sub>O x<sup>2</sup> <kbd>Ctrl</kbd> <mark>hi</mark>
<del>old</del><ins>new</ins> <s>gone</s> <small>fine print</small></p>
<details open><summary>More</summary><p>Hidden detail</p></details>
<hr>`

describe('sanitizeHtml: article markup survives', () => {
  const out = sanitizeHtml(RICH, BASE)
  const doc = parse(out)

  it('keeps tables whole', () => {
    const table = doc.querySelector('table')!
    expect(table.querySelector('caption')?.textContent).toBe('Votes by region')
    expect(table.querySelector('col')?.getAttribute('span')).toBe('2')
    expect(table.querySelectorAll('thead th')).toHaveLength(2)
    expect(table.querySelector('th[abbr="N"]')?.getAttribute('scope')).toBe('col')
    expect(table.querySelectorAll('tbody tr')).toHaveLength(2)
    expect(table.querySelector('td[colspan="2"]')?.textContent).toBe('South: no count')
    expect(table.querySelector('tfoot td')?.textContent).toBe('Total')
  })

  it('keeps figures with captions and image sizes', () => {
    const figure = doc.querySelector('figure')!
    const img = figure.querySelector('img')!
    expect(img.getAttribute('src')).toBe('https://news.example/img/chart.png')
    expect(img.getAttribute('alt')).toBe('A chart')
    expect(img.getAttribute('width')).toBe('640')
    expect(figure.querySelector('figcaption')?.innerHTML).toBe('The <em>chart</em>.')
  })

  it('keeps code blocks with their whitespace', () => {
    const code = doc.querySelector('pre > code')!
    expect(code.textContent).toBe(
      'function add(a, b) {\n    return a + b  // four spaces\n}\n\nif (a < b && c) {}',
    )
  })

  it('keeps nested lists and their attributes', () => {
    expect(doc.querySelectorAll('ul > li > ul > li')).toHaveLength(2)
    const ol = doc.querySelector('ul ul ol')!
    expect(ol.getAttribute('start')).toBe('3')
    expect(ol.hasAttribute('reversed')).toBe(true)
    expect(ol.textContent).toBe('deep')
  })

  it('keeps quotes, definitions, inline semantics and details', () => {
    expect(doc.querySelector('blockquote')?.getAttribute('cite')).toBe('https://news.example/sources/1')
    expect(doc.querySelector('blockquote q')?.getAttribute('cite')).toBe('https://other.example/q')
    expect(doc.querySelector('dl dt')?.textContent).toBe('Term')
    expect(doc.querySelector('dl dd')?.textContent).toBe('Definition')
    const p = doc.querySelector('p[lang="ko"]')!
    expect(p.getAttribute('dir')).toBe('ltr')
    expect(p.querySelector('ruby rt')?.textContent).toBe('한')
    expect(p.querySelector('time')?.getAttribute('datetime')).toBe('2024-03-05T09:30:00+09:00')
    expect(p.querySelector('abbr')?.getAttribute('title')).toBe('World Health Organization')
    for (const tag of ['sub', 'sup', 'kbd', 'mark', 'del', 'ins', 's', 'small']) {
      expect(p.querySelector(tag), tag).not.toBeNull()
    }
    expect(doc.querySelector('details')?.hasAttribute('open')).toBe(true)
    expect(doc.querySelector('details summary')?.textContent).toBe('More')
    expect(doc.querySelector('hr')).not.toBeNull()
  })
})

describe('sanitizeHtml: URLs', () => {
  it('resolves relative URLs against the base', () => {
    const out = sanitizeHtml(
      '<a href="../about">a</a><a href="//cdn.example/x">b</a><a href="?page=2">c</a><a href="#notes">d</a>' +
        '<img src="img/a.jpg" srcset="img/a-640.jpg 640w, /img/a-1280.jpg 1280w">',
      BASE,
    )
    const doc = parse(out)
    expect([...doc.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://news.example/about',
      'https://cdn.example/x',
      'https://news.example/world/story.html?page=2',
      'https://news.example/world/story.html#notes',
    ])
    const img = doc.querySelector('img')!
    expect(img.getAttribute('src')).toBe('https://news.example/world/img/a.jpg')
    expect(img.getAttribute('srcset')).toBe(
      'https://news.example/world/img/a-640.jpg 640w, https://news.example/img/a-1280.jpg 1280w',
    )
  })

  it('gives every link rel=noopener noreferrer and a new window, and keeps mailto', () => {
    const doc = parse(
      sanitizeHtml('<a href="https://a.example/">a</a><a href="mailto:desk@news.example">m</a>', BASE),
    )
    for (const a of doc.querySelectorAll('a')) {
      expect(a.getAttribute('rel')).toBe('noopener noreferrer')
      expect(a.getAttribute('target')).toBe('_blank')
    }
    expect(doc.querySelectorAll('a')[1]?.getAttribute('href')).toBe('mailto:desk@news.example')
  })

  it('drops mailto links that ask the mail program to attach files, however the field is written', () => {
    const attaching = [
      'mailto:desk@news.example?attach=/etc/passwd',
      'mailto:desk@news.example?subject=Hi&amp;attachment=%7E/.ssh/id_rsa',
      'MAILTO:desk@news.example?ATTACH=C:%5CUsers%5Cme%5Cdoc.pdf',
      'mailto:desk@news.example?%61ttach=/etc/passwd',
      'mailto:desk@news.example?subject=Hi;attach=/etc/passwd',
      'mailto:desk@news.example?subject=Hi%26attach%3D/etc/passwd',
      'mailto:?to=desk@news.example&amp;attachments=/etc/shadow',
    ]
    const kept = 'mailto:desk@news.example?subject=See%20attached&body=The%20attached%20file'
    const html = [...attaching, kept].map((href) => `<a href="${href}">m</a>`).join('')
    const links = [...parse(sanitizeHtml(html, BASE)).querySelectorAll('a')]
    expect(links.map((a) => a.getAttribute('href'))).toEqual([...attaching.map(() => null), kept])
  })

  it('drops other schemes and, with no base, relative URLs (they mean nothing)', () => {
    const html =
      '<a href="ftp://files.example/x">f</a><a href="tel:123">t</a><a href="/relative">r</a>' +
      '<a href="https://abs.example/">k</a><img src="/relative.png"><img src="https://abs.example/i.png">'
    const doc = parse(sanitizeHtml(html, null))
    expect([...doc.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      null,
      null,
      null,
      'https://abs.example/',
    ])
    // An image with nothing to show is removed rather than left broken.
    expect([...doc.querySelectorAll('img')].map((img) => img.getAttribute('src'))).toEqual([
      'https://abs.example/i.png',
    ])
  })

  it('keeps cache URLs for images but not for links', () => {
    const doc = parse(
      sanitizeHtml('<img src="broadsheet-cache://abc"><a href="broadsheet-cache://abc">x</a>', BASE),
    )
    expect(doc.querySelector('img')?.getAttribute('src')).toBe('broadsheet-cache://abc')
    expect(doc.querySelector('a')?.hasAttribute('href')).toBe(false)
  })

  it('removes URL attributes where they do nothing', () => {
    const out = sanitizeHtml('<p src="https://a.example/x" href="https://a.example/y">x</p>', BASE)
    expect(out).toBe('<p>x</p>')
  })

  it('shows lazy-loaded images instead of their placeholders', () => {
    const doc = parse(
      sanitizeHtml(
        '<img src="data:image/gif;base64,R0lGOD" data-src="/real.jpg"><img data-srcset="/a.jpg 1x, /b.jpg 2x">',
        BASE,
      ),
    )
    const [first, second] = [...doc.querySelectorAll('img')]
    expect(first?.getAttribute('src')).toBe('https://news.example/real.jpg')
    expect(second?.getAttribute('src')).toBe('https://news.example/b.jpg')
    expect(doc.querySelector('[data-src], [data-srcset]')).toBeNull()
  })
})

describe('sanitizeHtml: rewriteImage', () => {
  const cache = (url: string): string => `broadsheet-cache://${Buffer.from(url).toString('hex').slice(-16)}`

  it('rewrites the best srcset candidate into src and drops srcset', () => {
    const rewrite = vi.fn(cache)
    const out = sanitizeHtml(
      '<img src="small.jpg" srcset="small.jpg 320w, large.jpg 1280w, medium.jpg 640w" sizes="100vw">' +
        '<img src="a.jpg" srcset="a.jpg, a@3x.jpg 3x, a@2x.jpg 2x">',
      BASE,
      { rewriteImage: rewrite },
    )
    expect(rewrite.mock.calls.map(([url]) => url)).toEqual([
      'https://news.example/world/large.jpg',
      'https://news.example/world/a@3x.jpg',
    ])
    const imgs = [...parse(out).querySelectorAll('img')]
    expect(imgs.map((img) => img.getAttribute('src'))).toEqual([
      cache('https://news.example/world/large.jpg'),
      cache('https://news.example/world/a@3x.jpg'),
    ])
    expect(out).not.toMatch(/srcset|sizes/)
  })

  it('keeps the absolute original when the image is not cached, or the rewrite is not an image URL', () => {
    const out = sanitizeHtml('<img src="/a.jpg"><img src="/b.jpg">', BASE, {
      rewriteImage: (url) => (url.endsWith('a.jpg') ? null : 'javascript:alert(1)'),
    })
    expect([...parse(out).querySelectorAll('img')].map((img) => img.getAttribute('src'))).toEqual([
      'https://news.example/a.jpg',
      'https://news.example/b.jpg',
    ])
  })

  it('rewrites picture sources and video posters, and never passes a cache URL back', () => {
    const rewrite = vi.fn(cache)
    const out = sanitizeHtml(
      '<picture><source srcset="/a.avif 1x, /a2.avif 2x" type="image/avif" media="(min-width: 600px)">' +
        '<img src="/a.jpg"></picture><video poster="/poster.jpg" src="/v.mp4"></video>' +
        '<img src="broadsheet-cache://already">',
      BASE,
      { rewriteImage: rewrite },
    )
    expect(rewrite.mock.calls.map(([url]) => url)).toEqual([
      'https://news.example/a2.avif',
      'https://news.example/a.jpg',
      'https://news.example/poster.jpg',
    ])
    const doc = parse(out)
    const source = doc.querySelector('picture source')!
    expect(source.getAttribute('srcset')).toBe(cache('https://news.example/a2.avif'))
    expect(source.getAttribute('type')).toBe('image/avif')
    expect(source.getAttribute('media')).toBe('(min-width: 600px)')
    expect(doc.querySelector('video')?.getAttribute('poster')).toBe(cache('https://news.example/poster.jpg'))
    expect(doc.querySelector('video')?.getAttribute('src')).toBe('https://news.example/v.mp4')
    expect(doc.querySelectorAll('img')[1]?.getAttribute('src')).toBe('broadsheet-cache://already')
  })
})

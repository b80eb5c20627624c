import { describe, expect, it } from 'vitest'
import { bestSrcsetCandidate, collectImageUrls, parseSrcset } from '../../../../src/main/core/content/images'

const BASE = 'https://news.example/world/story.html'

describe('parseSrcset', () => {
  it('reads URLs and descriptors as the HTML standard does', () => {
    expect(parseSrcset(' a.jpg 1x,b.jpg  2x ,\n c.jpg')).toEqual([
      { url: 'a.jpg', width: null, density: 1 },
      { url: 'b.jpg', width: null, density: 2 },
      { url: 'c.jpg', width: null, density: null },
    ])
    // Commas inside a URL belong to it; trailing ones end it.
    expect(parseSrcset('https://img.example/f_auto,w_640/a.jpg 640w, b.jpg,, c.jpg 1.5x')).toEqual([
      { url: 'https://img.example/f_auto,w_640/a.jpg', width: 640, density: null },
      { url: 'b.jpg', width: null, density: null },
      { url: 'c.jpg', width: null, density: 1.5 },
    ])
  })

  it('drops candidates with meaningless descriptors', () => {
    expect(parseSrcset('a.jpg 0w, b.jpg foo, c.jpg 2x 640w, d.jpg -1x, e.jpg 100w')).toEqual([
      { url: 'e.jpg', width: 100, density: null },
    ])
  })
})

describe('bestSrcsetCandidate', () => {
  it('prefers the widest candidate', () => {
    expect(bestSrcsetCandidate('s.jpg 320w, l.jpg 1280w, m.jpg 640w', BASE)).toBe(
      'https://news.example/world/l.jpg',
    )
  })

  it('else the densest, a bare URL counting as 1x', () => {
    expect(bestSrcsetCandidate('/a.jpg, /a3.jpg 3x, /a2.jpg 2x', BASE)).toBe('https://news.example/a3.jpg')
    expect(bestSrcsetCandidate('/a.jpg, /half.jpg 0.5x', BASE)).toBe('https://news.example/a.jpg')
  })

  it('ignores candidates that are not web or cache images', () => {
    expect(bestSrcsetCandidate('data:image/png;base64,AA 2000w, /real.jpg 640w', BASE)).toBe(
      'https://news.example/real.jpg',
    )
    expect(bestSrcsetCandidate('javascript:alert(1) 2x', BASE)).toBeNull()
    expect(bestSrcsetCandidate('relative.jpg 2x', null)).toBeNull()
    expect(bestSrcsetCandidate('', BASE)).toBeNull()
  })
})

describe('collectImageUrls', () => {
  it('finds every image an article shows, absolute, once each, in order', () => {
    const html = `
      <p><img src="/a.jpg"><img src="small.jpg" srcset="small.jpg 300w, big.jpg 1200w"></p>
      <picture><source srcset="/p.avif 1x, /p2.avif 2x" type="image/avif"><img src="/p.jpg"></picture>
      <video poster="//cdn.example/poster.jpg" src="/v.mp4"></video>
      <img src="/a.jpg"><img src="data:image/gif;base64,R0lGOD"><img src="broadsheet-cache://abc">
      <img src=""><a href="/not-an-image.jpg">link</a>`
    expect(collectImageUrls(html, BASE)).toEqual([
      'https://news.example/a.jpg',
      'https://news.example/world/big.jpg',
      'https://news.example/p2.avif',
      'https://news.example/p.jpg',
      'https://cdn.example/poster.jpg',
    ])
  })

  it('finds nothing relative without a base', () => {
    expect(collectImageUrls('<img src="/a.jpg"><img src="https://i.example/b.png">', null)).toEqual([
      'https://i.example/b.png',
    ])
  })
})

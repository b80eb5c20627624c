import { CACHE_SCHEME } from '../../../shared/types'
import { parseFragment, resolveUrl } from './dom'

/** One `srcset` entry: its URL as written and its descriptor (`640w`, `2x`), if it had a valid one. */
export interface SrcsetCandidate {
  url: string
  width: number | null
  density: number | null
}

const WEB_SCHEMES = new Set(['http:', 'https:'])
/** The schemes an image in a stored article may use: the web, or the app's own cache of it. */
const IMAGE_SCHEMES = new Set(['http:', 'https:', `${CACHE_SCHEME}:`])

const SPACE = /[\t\n\f\r ]/

/**
 * Splits a `srcset` the way the HTML standard does: a URL is a run of non-space characters (commas
 * inside it are part of it, trailing ones end it), and a descriptor list ends at a comma that is not in
 * parentheses. Candidates with descriptors that mean nothing (`abc`, `-1w`, both `w` and `x`) are
 * dropped, as browsers drop them.
 */
export function parseSrcset(srcset: string): SrcsetCandidate[] {
  const found: SrcsetCandidate[] = []
  let at = 0
  while (at < srcset.length) {
    while (at < srcset.length && (SPACE.test(srcset[at]!) || srcset[at] === ',')) at++
    if (at >= srcset.length) break
    const start = at
    while (at < srcset.length && !SPACE.test(srcset[at]!)) at++
    let url = srcset.slice(start, at)
    const descriptors: string[] = []
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '')
    } else {
      let current = ''
      let inParens = false
      for (; at < srcset.length; at++) {
        const char = srcset[at]!
        if (inParens) {
          if (char === ')') inParens = false
          current += char
        } else if (SPACE.test(char)) {
          if (current) descriptors.push(current)
          current = ''
        } else if (char === ',') {
          at++
          break
        } else {
          if (char === '(') inParens = true
          current += char
        }
      }
      if (current) descriptors.push(current)
    }
    const candidate = readDescriptors(url, descriptors)
    if (candidate && url) found.push(candidate)
  }
  return found
}

function readDescriptors(url: string, descriptors: string[]): SrcsetCandidate | null {
  let width: number | null = null
  let density: number | null = null
  for (const descriptor of descriptors) {
    const value = descriptor.slice(0, -1)
    const kind = descriptor.slice(-1).toLowerCase()
    if (kind === 'w' && width === null && density === null && /^\d+$/.test(value) && Number(value) > 0) {
      width = Number(value)
    } else if (kind === 'x' && width === null && density === null && /^\d*\.?\d+(e[+-]?\d+)?$/i.test(value)) {
      density = Number(value)
      if (!(density >= 0)) return null
    } else if (kind === 'h' && /^\d+$/.test(value)) {
      // A height hint only ever accompanies a width; it changes nothing here.
    } else {
      return null
    }
  }
  return { url, width, density }
}

/**
 * The absolute URL of the sharpest candidate of a `srcset`: the largest width when any candidate has a
 * width, otherwise the highest density (a bare URL counts as 1x). Only http(s) and cache URLs count, so a
 * `data:` placeholder never wins. Null when no candidate is usable.
 */
export function bestSrcsetCandidate(srcset: string, baseUrl: string | null): string | null {
  let best: { url: string; width: number; density: number } | null = null
  for (const candidate of parseSrcset(srcset)) {
    const url = imageUrl(candidate.url, baseUrl)
    if (!url) continue
    const width = candidate.width ?? 0
    const density = candidate.density ?? 1
    if (!best || width > best.width || (width === best.width && density > best.density)) {
      best = { url, width, density }
    }
  }
  return best?.url ?? null
}

/** `url` made absolute, if it is one an article may show as an image (http, https, the cache); else null. */
export function imageUrl(url: string, baseUrl: string | null): string | null {
  // An empty URL resolves to the page itself, which is no image.
  const absolute = url.trim() ? resolveUrl(url, baseUrl) : null
  return absolute && IMAGE_SCHEMES.has(new URL(absolute).protocol) ? absolute : null
}

/** True for an absolute http(s) URL: something that can be downloaded. */
export function isWebUrl(url: string): boolean {
  try {
    return WEB_SCHEMES.has(new URL(url).protocol)
  } catch {
    return false
  }
}

/**
 * The one image an `<img>` (or a picture's `<source>`) shows: its best `srcset` candidate if it has one,
 * else (an `<img>`) its `src`. Sanitizing and collecting both use this, so the cache holds exactly what
 * is shown.
 */
export function chosenImage(element: Element, baseUrl: string | null): string | null {
  const srcset = element.getAttribute('srcset')
  const fromSrcset = srcset ? bestSrcsetCandidate(srcset, baseUrl) : null
  if (fromSrcset || element.localName !== 'img') return fromSrcset
  const src = element.getAttribute('src')
  return src ? imageUrl(src, baseUrl) : null
}

/**
 * The absolute http(s) URLs an article needs to be read offline: each image's chosen source (see
 * {@link chosenImage}), each picture source's, and each video poster; in document order, without repeats.
 */
export function collectImageUrls(html: string, baseUrl: string | null): string[] {
  const found = new Set<string>()
  const root = parseFragment(html)
  for (const element of root.querySelectorAll('img, picture > source, video[poster]')) {
    const url =
      element.localName === 'video'
        ? imageUrl(element.getAttribute('poster') ?? '', baseUrl)
        : chosenImage(element, baseUrl)
    if (url && isWebUrl(url)) found.add(url)
  }
  return [...found]
}

import { cacheUrl, type ArticleImage } from '../../../shared/types'
import type { BlobStore } from '../store/blob-store'
import { sanitizeHtml } from '../content/sanitize'
import type { Downloader, FetchFor } from './downloader'

/** Image types we keep; anything else (HTML error pages served as images, scripts) is refused. */
export const IMAGE_TYPE =
  /^image\/(avif|webp|png|jpeg|jpg|pjpeg|gif|svg\+xml|bmp|x-icon|vnd\.microsoft\.icon)$/i

/** Sanitized article HTML and the absolute http(s) images it shows, in order. */
export interface CleanHtml {
  html: string
  imageUrls: string[]
}

/**
 * Sanitizes article HTML and collects its images in the same pass: each image's `srcset` is reduced to
 * the one candidate the reader will show (in `src`), so that candidate is what gets cached.
 */
export function sanitizeWithImages(html: string, baseUrl: string | null): CleanHtml {
  const images = imageCollector()
  const clean = sanitizeHtml(html, baseUrl, { rewriteImage: images.rewriteImage })
  return { html: clean, imageUrls: images.imageUrls }
}

/**
 * A `rewriteImage` for {@link sanitizeHtml} that keeps each image's URL (in order, once) and rewrites
 * nothing: what {@link sanitizeWithImages} collects, for a caller that sanitizes by way of another step.
 */
export function imageCollector(): {
  rewriteImage: (url: string) => null
  imageUrls: string[]
} {
  const imageUrls: string[] = []
  const seen = new Set<string>()
  return {
    imageUrls,
    rewriteImage: (url) => {
      if (!seen.has(url)) {
        seen.add(url)
        imageUrls.push(url)
      }
      return null
    },
  }
}

export interface ImageCacheDeps {
  downloader: Downloader
  blobs: BlobStore
  maxImages: number
  cacheLimitBytes: number
  /**
   * Images downloaded (or being downloaded) during this sync, by URL and {@link FetchFor}: a feed that
   * shows one image in many articles (a logo, an author's photo) has it fetched once, and an image fetched
   * for one feed's host is never handed to a feed that may not reach it. Failures are not kept: the next
   * article using the image tries again.
   */
  downloads?: Map<string, Promise<string | null>>
}

/**
 * Downloads an article's images into the blob store and points the HTML at them. The article's URL goes
 * as Referer only to its own site: an image from another site (a CDN, a tracker) learns nothing of what
 * is being read. Images already cached (`known`) are not fetched again; a failed one keeps its original
 * URL and `hash: null`, so a later sync retries it; so does one refused by `on` (at a private address).
 */
export async function cacheArticleImages(
  clean: CleanHtml,
  articleUrl: string | null,
  known: readonly ArticleImage[],
  deps: ImageCacheDeps,
  on: FetchFor,
): Promise<{ html: string; images: ArticleImage[] }> {
  const urls = clean.imageUrls.slice(0, deps.maxImages)
  const hashes = new Map(
    known.filter((image) => image.hash).map((image) => [image.url, image.hash as string]),
  )
  await Promise.all(
    urls.map(async (url) => {
      if (hashes.has(url) && (await deps.blobs.has(hashes.get(url) as string))) return
      hashes.delete(url)
      // A full cache keeps new images remote (retention frees room) rather than growing without bound.
      if ((await deps.blobs.totalBytes()) >= deps.cacheLimitBytes) return
      const hash = await downloadOnce(url, articleUrl, deps, on)
      if (hash) hashes.set(url, hash)
    }),
  )
  let html = clean.html
  for (const url of urls) {
    const hash = hashes.get(url)
    if (hash) html = pointAt(html, url, cacheUrl(hash))
  }
  return { html, images: urls.map((url) => ({ url, hash: hashes.get(url) ?? null })) }
}

/**
 * Rewrites image attributes of sanitized HTML from one URL to another. Sanitized HTML is serialized
 * canonically (double-quoted attributes, `&` as `&amp;`, `"` as `&quot;`), so an exact match of the
 * attribute is exact, and much cheaper than parsing the article again.
 */
function pointAt(html: string, from: string, to: string): string {
  const attribute = (url: string) =>
    url
      .replace(/&/g, '&amp;')
      .replace(/"/g, '&quot;')
      .replace(/\u00a0/g, '&nbsp;')
  const needle = attribute(from)
  let result = html
  for (const name of ['src', 'srcset', 'poster'])
    result = result.split(` ${name}="${needle}"`).join(` ${name}="${attribute(to)}"`)
  return result
}

/** {@link downloadImage}, once per sync for each URL (see {@link ImageCacheDeps.downloads}). */
function downloadOnce(
  url: string,
  referer: string | null,
  deps: ImageCacheDeps,
  on: FetchFor,
): Promise<string | null> {
  const downloads = deps.downloads
  if (!downloads) return downloadImage(url, referer, deps, on)
  const key = `${on.trustedHosts.join(' ')}\n${url}`
  let download = downloads.get(key)
  if (!download) {
    download = downloadImage(url, referer, deps, on).then((hash) => {
      if (!hash) downloads.delete(key)
      return hash
    })
    downloads.set(key, download)
  }
  return download
}

async function downloadImage(
  url: string,
  referer: string | null,
  deps: { downloader: Downloader; blobs: BlobStore },
  on: FetchFor,
): Promise<string | null> {
  try {
    const result = await deps.downloader.fetch(url, 'image', {
      ...on,
      referer: referer && sameOrigin(url, referer) ? referer : null,
    })
    if (result.status !== 'ok') return null
    const type = (result.contentType ?? '').split(';')[0]?.trim() ?? ''
    if (!IMAGE_TYPE.test(type)) return null
    return await deps.blobs.put(result.bytes, type.toLowerCase(), url)
  } catch {
    return null
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    const origin = new URL(a).origin
    // Opaque origins ("null") are never the same as anything.
    return origin !== 'null' && origin === new URL(b).origin
  } catch {
    return false
  }
}

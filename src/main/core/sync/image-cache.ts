import { cacheUrl, type ArticleImage } from '../../../shared/types'
import type { BlobStore } from '../blob-store'
import { collectImageUrls } from '../content/images'
import { sanitizeHtml } from '../content/sanitize'
import type { Downloader } from './downloader'

/** Image types we keep; anything else (HTML error pages served as images, scripts) is refused. */
const IMAGE_TYPE = /^image\/(avif|webp|png|jpeg|jpg|pjpeg|gif|svg\+xml|bmp|x-icon|vnd\.microsoft\.icon)$/i

export interface CachedImages {
  /** The HTML with every cached image pointing at the cache. */
  html: string
  images: ArticleImage[]
}

/**
 * Downloads an article's images into the blob store (with the article's URL as Referer) and points the
 * HTML at them. Images already cached (`known`) are not fetched again; a failed one keeps its original
 * URL and `hash: null`, so a later sync retries it.
 */
export async function cacheArticleImages(
  html: string,
  articleUrl: string | null,
  known: readonly ArticleImage[],
  deps: { downloader: Downloader; blobs: BlobStore; maxImages: number; cacheLimitBytes: number },
): Promise<CachedImages> {
  const urls = collectImageUrls(html, articleUrl).slice(0, deps.maxImages)
  const hashes = new Map(
    known.filter((image) => image.hash).map((image) => [image.url, image.hash as string]),
  )
  await Promise.all(
    urls.map(async (url) => {
      if (hashes.has(url) && (await deps.blobs.has(hashes.get(url) as string))) return
      hashes.delete(url)
      // A full cache keeps new images remote (retention frees room) rather than growing without bound.
      if ((await deps.blobs.totalBytes()) >= deps.cacheLimitBytes) return
      const hash = await downloadImage(url, articleUrl, deps)
      if (hash) hashes.set(url, hash)
    }),
  )
  const cached = sanitizeHtml(html, articleUrl, {
    rewriteImage: (url) => {
      const hash = hashes.get(url)
      return hash ? cacheUrl(hash) : null
    },
  })
  return { html: cached, images: urls.map((url) => ({ url, hash: hashes.get(url) ?? null })) }
}

async function downloadImage(
  url: string,
  referer: string | null,
  deps: { downloader: Downloader; blobs: BlobStore },
): Promise<string | null> {
  try {
    const result = await deps.downloader.fetch(url, 'image', { referer })
    if (result.status !== 'ok') return null
    const type = (result.contentType ?? '').split(';')[0]?.trim() ?? ''
    if (!IMAGE_TYPE.test(type)) return null
    return await deps.blobs.put(result.bytes, type.toLowerCase(), url)
  } catch {
    return null
  }
}

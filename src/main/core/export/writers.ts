import type { ExportArticle, ImagePolicy } from './prepare'

/** What a writer reads cached images through. */
export type ReadImage = (hash: string) => Promise<Uint8Array | null>

/** What a writer knows before the first article: the book's title and every article's. */
export interface BookInfo {
  title: string
  entries: { title: string }[]
}

/** One export format, written article by article so that memory stays bounded whatever the count. */
export interface ExportWriter {
  /** How this format keeps images (embedded, beside the file, inside the book). */
  readonly images: ImagePolicy
  begin(book: BookInfo): Promise<void>
  add(article: ExportArticle, readImage: ReadImage): Promise<void>
  /** Puts the file in place. */
  finish(): Promise<void>
  /** Removes what was written (the export failed or was cancelled). */
  discard(): Promise<void>
}

// Declared once, in the contract (the app's dialog offers the same formats).
export { EXPORT_FORMATS, type ExportFormat } from '../../../shared/contract'

/** File name extensions of the image types exports keep. */
export const IMAGE_EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/svg+xml': 'svg',
}

/** Escapes text for HTML and XML content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )
}

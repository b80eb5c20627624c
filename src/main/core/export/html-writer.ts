import { EXPORT_CSS, decorate } from './decorate'
import { OutputFile } from './output-file'
import type { ExportArticle } from './prepare'
import { escapeXml, IMAGE_EXTENSIONS, type BookInfo, type ExportWriter, type ReadImage } from './writers'

/** Where an image goes until its bytes are read: replaced by a data: URL as the article is written. */
const PLACEHOLDER = 'broadsheet-export-image:'

/**
 * Standalone HTML: one file that any browser opens offline, every image embedded as a data: URL, no
 * script (a Content-Security-Policy that allows none), highlights as `<mark>` with their notes listed
 * after each article.
 */
export class HtmlWriter implements ExportWriter {
  readonly #path: string
  #out: OutputFile | null = null

  constructor(path: string) {
    this.#path = path
  }

  readonly images = {
    src: (image: { hash: string; mediaType: string }) =>
      image.mediaType in IMAGE_EXTENSIONS ? `${PLACEHOLDER}${image.hash}` : null,
  }

  async begin(book: BookInfo): Promise<void> {
    this.#out = await OutputFile.create(this.#path)
    const contents =
      book.entries.length < 2
        ? ''
        : `<nav><h1>${escapeXml(book.title)}</h1><ol>${book.entries
            .map((entry, i) => `<li><a href="#article-${i + 1}">${escapeXml(entry.title)}</a></li>`)
            .join('')}</ol></nav>\n`
    await this.#out.write(
      `<!DOCTYPE html>\n<html><head><meta charset="utf-8">\n` +
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">\n` +
        `<meta name="generator" content="Broadsheet">\n<title>${escapeXml(book.title)}</title>\n` +
        `<style>${EXPORT_CSS}</style></head><body>\n${contents}`,
    )
  }

  async add(article: ExportArticle, readImage: ReadImage): Promise<void> {
    const out = this.#out!
    decorate(article)
    const lang = article.language ? ` lang="${article.language}"` : ''
    const html = `<article id="article-${article.index + 1}"${lang}>${article.body.innerHTML}</article>\n`
    // Write around each image, reading its bytes only when it is reached.
    let at = 0
    for (const match of html.matchAll(new RegExp(`${PLACEHOLDER}([0-9a-f]{64})`, 'g'))) {
      await out.write(html.slice(at, match.index))
      const hash = match[1]!
      const image = article.images.find((i) => i.hash === hash)
      const bytes = await readImage(hash)
      await out.write(
        bytes && image ? `data:${image.mediaType};base64,${Buffer.from(bytes).toString('base64')}` : '',
      )
      at = match.index + match[0].length
    }
    await out.write(html.slice(at))
  }

  async finish(): Promise<void> {
    await this.#out!.write(`</body></html>\n`)
    await this.#out!.commit()
  }

  async discard(): Promise<void> {
    await this.#out?.discard()
  }
}

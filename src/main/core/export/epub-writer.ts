import { randomUUID } from 'node:crypto'
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate'
import { domWindow } from '../content/dom'
import { EXPORT_CSS, decorate } from './decorate'
import { OutputFile } from './output-file'
import type { ExportArticle, ExportImage } from './prepare'
import { escapeXml, IMAGE_EXTENSIONS, type BookInfo, type ExportWriter, type ReadImage } from './writers'

/** Image types every EPUB 3 reading system shows (EPUB's core media types; epubcheck accepts them). */
const EPUB_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif'])

const XHTML_NS = 'http://www.w3.org/1999/xhtml'
const EPUB_NS = 'http://www.idpf.org/2007/ops'

/**
 * EPUB 3: one book, a chapter per article (title, byline, source, text, highlights as `<mark>`, notes as
 * EPUB footnotes), a table of contents, and the cached images inside. Written as a zip stream (fflate)
 * chapter by chapter, each image once however many articles show it, so memory holds one article at a
 * time. The package document and the navigation come last: by then every chapter and image is known.
 */
export class EpubWriter implements ExportWriter {
  readonly #path: string
  #out: OutputFile | null = null
  #zip: Zip | null = null
  /** Zip output not yet on disk, and the first failure. */
  #writing: Promise<void> = Promise.resolve()
  #failure: unknown = null
  #title = ''
  readonly #chapters: { file: string; title: string; language: string | null }[] = []
  readonly #images = new Map<string, ExportImage>()

  constructor(path: string) {
    this.#path = path
  }

  readonly images = {
    src: (image: ExportImage) =>
      EPUB_IMAGE_TYPES.has(image.mediaType) ? `images/${imageName(image)}` : null,
  }

  async begin(book: BookInfo): Promise<void> {
    this.#title = book.title
    const out = await OutputFile.create(this.#path)
    this.#out = out
    this.#zip = new Zip((error, chunk, final) => {
      if (error) this.#failure ??= error
      else this.#writing = this.#writing.then(() => out.write(chunk))
      void final
    })
    // The mimetype first and uncompressed, as EPUB's container format requires.
    this.#file('mimetype', 'application/epub+zip', false)
    this.#file(
      'META-INF/container.xml',
      `<?xml version="1.0" encoding="UTF-8"?>\n<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">` +
        `<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>\n`,
    )
    this.#file('OEBPS/style.css', EXPORT_CSS)
    await this.#drain()
  }

  async add(article: ExportArticle, readImage: ReadImage): Promise<void> {
    decorate(article, { epub: true })
    makeXhtmlSafe(article.body)
    const file = `a${String(article.index + 1).padStart(5, '0')}.xhtml`
    const language = article.language
    const body = new (domWindow().XMLSerializer)()
      .serializeToString(article.body)
      .replace(/^<body xmlns="http:\/\/www\.w3\.org\/1999\/xhtml"/, '<body')
    this.#file(
      `OEBPS/${file}`,
      `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n` +
        `<html xmlns="${XHTML_NS}" xmlns:epub="${EPUB_NS}"${language ? ` lang="${language}" xml:lang="${language}"` : ''}>` +
        `<head><meta charset="UTF-8"/><title>${escapeXml(article.title || 'Untitled')}</title>` +
        `<link rel="stylesheet" type="text/css" href="style.css"/></head>${withoutInvalidXml(body)}</html>\n`,
    )
    this.#chapters.push({ file, title: article.title || 'Untitled', language })
    for (const image of article.images) {
      if (this.#images.has(image.hash)) continue
      const bytes = await readImage(image.hash)
      if (!bytes) continue
      this.#images.set(image.hash, image)
      // Pictures are compressed already: stored, not deflated again.
      this.#file(`OEBPS/images/${imageName(image)}`, bytes, false)
      await this.#drain()
    }
    await this.#drain()
  }

  async finish(): Promise<void> {
    const language = mostCommon(this.#chapters.map((c) => c.language ?? 'en'))
    this.#file('OEBPS/nav.xhtml', this.#nav(language))
    this.#file('OEBPS/content.opf', this.#packageDocument(language))
    this.#zip!.end()
    await this.#drain()
    await this.#out!.commit()
  }

  async discard(): Promise<void> {
    this.#zip?.terminate()
    await this.#writing.catch(() => undefined)
    await this.#out?.discard()
  }

  #file(name: string, data: string | Uint8Array, deflate = true): void {
    const entry = deflate ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name)
    this.#zip!.add(entry)
    entry.push(typeof data === 'string' ? new TextEncoder().encode(data) : data, true)
  }

  /** Waits until what the zip has given is on disk: one article's worth is all that waits in memory. */
  async #drain(): Promise<void> {
    await this.#writing
    if (this.#failure) throw this.#failure
  }

  #nav(language: string): string {
    const items = this.#chapters
      .map((c) => `<li><a href="${c.file}">${escapeXml(c.title)}</a></li>`)
      .join('\n')
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n` +
      `<html xmlns="${XHTML_NS}" xmlns:epub="${EPUB_NS}" lang="${language}" xml:lang="${language}">` +
      `<head><meta charset="UTF-8"/><title>${escapeXml(this.#title)}</title>` +
      `<link rel="stylesheet" type="text/css" href="style.css"/></head><body>` +
      `<nav epub:type="toc" id="toc"><h1>${escapeXml(this.#title)}</h1><ol>\n${items}\n</ol></nav></body></html>\n`
    )
  }

  #packageDocument(language: string): string {
    const modified = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
    const manifest = [
      `<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>`,
      `<item id="css" href="style.css" media-type="text/css"/>`,
      ...this.#chapters.map(
        (c, i) => `<item id="c${i + 1}" href="${c.file}" media-type="application/xhtml+xml"/>`,
      ),
      ...[...this.#images.values()].map(
        (image) =>
          `<item id="i${image.hash.slice(0, 16)}" href="images/${imageName(image)}" media-type="${image.mediaType}"/>`,
      ),
    ]
    const spine = [`<itemref idref="nav"/>`, ...this.#chapters.map((_, i) => `<itemref idref="c${i + 1}"/>`)]
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n` +
      `<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${language}">\n` +
      `<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n` +
      `<dc:identifier id="book-id">urn:uuid:${randomUUID()}</dc:identifier>\n` +
      `<dc:title>${escapeXml(withoutInvalidXml(this.#title))}</dc:title>\n` +
      `<dc:language>${language}</dc:language>\n<dc:creator>Broadsheet</dc:creator>\n` +
      `<meta property="dcterms:modified">${modified}</meta>\n</metadata>\n` +
      `<manifest>\n${manifest.join('\n')}\n</manifest>\n<spine>\n${spine.join('\n')}\n</spine>\n</package>\n`
    )
  }
}

function imageName(image: ExportImage): string {
  return `${image.hash.slice(0, 16)}.${IMAGE_EXTENSIONS[image.mediaType] ?? 'bin'}`
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'en'
}

/** Characters XML 1.0 cannot hold (controls, lone surrogates, U+FFFE/F): dropped. */
function withoutInvalidXml(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- these are exactly what is being removed
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '',
  )
}

/** Where each element the sanitizer keeps may stand in XHTML; anywhere else it is made valid. */
const PARENTS: Record<string, string[]> = {
  li: ['ul', 'ol', 'menu'],
  dt: ['dl', 'div'],
  dd: ['dl', 'div'],
  figcaption: ['figure'],
  summary: ['details'],
  rt: ['ruby'],
  rp: ['ruby'],
}

/**
 * Makes stored HTML valid XHTML for an EPUB content document: attributes whose values HTML tolerates
 * and XHTML's schema does not (non-numeric sizes, `headers` naming ids the sanitizer removed, free-form
 * `datetime`, network `srcset`), links that do not leave the book by http(s) or mailto, and elements
 * outside the parents they need (a stray `<li>` becomes a paragraph).
 */
function makeXhtmlSafe(body: HTMLElement): void {
  for (const element of [...body.querySelectorAll('*')]) {
    for (const name of ['width', 'height', 'span', 'colspan', 'rowspan', 'start', 'value']) {
      const value = element.getAttribute(name)
      if (value !== null && !/^\d+$/.test(value.trim())) element.removeAttribute(name)
    }
    for (const name of ['headers', 'datetime', 'srcset', 'sizes', 'media', 'type', 'poster', 'cite']) {
      if (name === 'type' && element.localName === 'ol') continue
      element.removeAttribute(name)
    }
    if (element.localName === 'a') {
      const href = element.getAttribute('href')
      if (href !== null && !/^(https?:|mailto:|#)/i.test(href)) element.removeAttribute('href')
    }
    const parents = PARENTS[element.localName]
    if (parents && !parents.includes(element.parentElement?.localName ?? '')) {
      const replacement = body.ownerDocument.createElement(element.localName === 'rt' ? 'span' : 'p')
      replacement.append(...element.childNodes)
      element.replaceWith(replacement)
    }
  }
}

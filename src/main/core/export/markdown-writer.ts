import { mkdir, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import TurndownService from 'turndown'
import { bylineOf } from './decorate'
import { cannotWrite, OutputFile } from './output-file'
import type { ExportArticle } from './prepare'
import { IMAGE_EXTENSIONS, type BookInfo, type ExportWriter, type ReadImage } from './writers'

/**
 * Markdown (CommonMark, through turndown): highlights as `==marked==` (the highlight syntax of Obsidian,
 * Typora, iA Writer and markdown-it-mark), each note as a footnote (`[^1-2]`, the article's number and
 * the note's) defined after its article; images written beside the file in a folder of their own
 * (`NAME-images/`) and linked relatively.
 */
export class MarkdownWriter implements ExportWriter {
  readonly #path: string
  readonly #imageFolder: string
  #folderMade = false
  #out: OutputFile | null = null
  readonly #turndown: TurndownService
  #first = true

  constructor(path: string) {
    this.#path = path
    this.#imageFolder = `${basename(path, extname(path))}-images`
    this.#turndown = new TurndownService({
      headingStyle: 'atx',
      codeBlockStyle: 'fenced',
      bulletListMarker: '-',
      emDelimiter: '*',
    })
    this.#turndown.addRule('highlight', {
      filter: (node) => node.nodeName === 'MARK',
      replacement: (content) => (content.trim() ? `==${content}==` : content),
    })
    this.#turndown.addRule('note reference', {
      filter: (node) =>
        node.nodeName === 'SUP' &&
        /^#a\d+-note\d+$/.test(node.querySelector('a')?.getAttribute('href') ?? ''),
      replacement: (_content, node) => {
        const [, article, note] = /^#a(\d+)-note(\d+)$/.exec(
          (node as HTMLElement).querySelector('a')!.getAttribute('href')!,
        )!
        return `[^${Number(article) + 1}-${note}]`
      },
    })
  }

  readonly images = {
    src: (image: { hash: string; mediaType: string }) => {
      const extension = IMAGE_EXTENSIONS[image.mediaType]
      return extension ? `${this.#imageFolder}/${image.hash.slice(0, 16)}.${extension}` : null
    },
  }

  async begin(_book: BookInfo): Promise<void> {
    this.#out = await OutputFile.create(this.#path)
  }

  async add(article: ExportArticle, readImage: ReadImage): Promise<void> {
    for (const image of article.images) {
      const bytes = await readImage(image.hash)
      if (bytes) await this.#writeImage(this.images.src(image)!, bytes)
    }
    const parts = [`# ${this.#turndown.escape(article.title)}`]
    const byline = bylineOf(article)
    if (byline) parts.push(`*${this.#turndown.escape(byline)}*`)
    if (article.url) parts.push(`<${article.url}>`)
    parts.push(this.#turndown.turndown(article.body.innerHTML))
    for (const note of article.notes) {
      const quote = this.#turndown.escape(note.text)
      parts.push(`[^${article.index + 1}-${note.n}]: ==${quote}== — ${this.#turndown.escape(note.note)}`)
    }
    if (article.orphaned.length > 0) {
      parts.push('**Highlights no longer found in the article:**')
      parts.push(
        article.orphaned
          .map(
            (h) =>
              `- ==${this.#turndown.escape(h.text)}==${h.note ? ` — ${this.#turndown.escape(h.note)}` : ''}`,
          )
          .join('\n'),
      )
    }
    await this.#out!.write(`${this.#first ? '' : '\n\n---\n\n'}${parts.join('\n\n')}\n`)
    this.#first = false
  }

  async #writeImage(relative: string, bytes: Uint8Array): Promise<void> {
    const path = join(dirname(this.#path), relative)
    try {
      if (!this.#folderMade) await mkdir(dirname(path), { recursive: true })
      this.#folderMade = true
      await writeFile(path, bytes)
    } catch (error) {
      throw cannotWrite(path, error)
    }
  }

  async finish(): Promise<void> {
    await this.#out!.commit()
  }

  async discard(): Promise<void> {
    await this.#out?.discard()
    if (this.#folderMade)
      await rm(join(dirname(this.#path), this.#imageFolder), { recursive: true, force: true })
  }
}

import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { basename, dirname, extname, join } from 'node:path'
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate'
import type { ExportFormat } from '../../../shared/contract'
import { UserError } from '../errors'
import type { ExportTarget } from '../export/export-target'

/** A download's path in the preview: a random id, served once. */
export const DOWNLOAD_PATH = /^\/download\/([0-9a-f]{32})$/

const CONTENT_TYPES: Record<ExportFormat | 'zip', string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  epub: 'application/epub+zip',
  zip: 'application/zip',
}

/** A download not fetched by then is removed: the page that asked for it is gone or failed. */
const DOWNLOAD_EXPIRY_MS = 10 * 60_000

interface Ready {
  file: string
  fileName: string
  contentType: string
  /** The export's own temporary folder, removed once it is served (or the preview stops). */
  folder: string
}

/**
 * The browser preview's exports: each is written into a temporary folder of its own, then offered once
 * as a download (`GET /download/<id>`, with the preview's token) and removed as soon as it has been
 * sent. A Markdown export with images (a file and a folder) is offered as one .zip. Files are streamed,
 * never read whole: a book may be hundreds of MB.
 */
export class PreviewDownloads implements ExportTarget {
  readonly #root: string
  readonly #ready = new Map<string, Ready>()
  readonly #folders = new Set<string>()

  readonly #expireMs: number

  /** `expireMs`: how long an export waits to be downloaded before it is removed unfetched. */
  constructor(root = tmpdir(), expireMs = DOWNLOAD_EXPIRY_MS) {
    this.#root = root
    this.#expireMs = expireMs
  }

  async choose({ fileName }: { fileName: string }): Promise<string> {
    const folder = await mkdtemp(join(this.#root, 'broadsheet-export-'))
    this.#folders.add(folder)
    return join(folder, fileName)
  }

  async delivered(
    path: string,
    { format }: { fileName: string; format: ExportFormat },
  ): Promise<{ fileName: string; download: string }> {
    const folder = dirname(path)
    let file = path
    let contentType = CONTENT_TYPES[format]
    if (format === 'md' && (await readdir(folder)).length > 1) {
      file = join(folder, `${basename(path, extname(path))}.zip`)
      await zipFolder(folder, [basename(file)], file)
      contentType = CONTENT_TYPES.zip
    }
    const id = randomBytes(16).toString('hex')
    this.#ready.set(id, { file, fileName: basename(file), contentType, folder })
    setTimeout(() => {
      if (!this.#ready.delete(id)) return
      void this.#remove(folder)
    }, this.#expireMs).unref()
    return { fileName: basename(file), download: `/download/${id}` }
  }

  async abandon(path: string): Promise<void> {
    await this.#remove(dirname(path))
  }

  reveal(): Promise<void> {
    return Promise.reject(new UserError('the browser preview cannot show files: look in your downloads'))
  }

  /** Sends a download once and removes it; false when there is none by that id (or it was sent). */
  async serve(id: string, response: ServerResponse): Promise<boolean> {
    const ready = this.#ready.get(id)
    if (!ready) return false
    this.#ready.delete(id)
    try {
      const { size } = await stat(ready.file)
      response.writeHead(200, {
        'Content-Type': ready.contentType,
        'Content-Length': String(size),
        'Content-Disposition': contentDisposition(ready.fileName),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        // An exported page opened from here runs nothing and reaches nothing of the preview.
        'Content-Security-Policy': 'sandbox',
      })
      // Done with the file once it is read to its end (or the download stops): the response may wait
      // on a kept-alive connection long after.
      const file = createReadStream(ready.file)
      await new Promise<void>((resolve) => {
        file.once('close', resolve)
        response.once('close', () => file.destroy())
        file.once('error', () => response.destroy())
        file.pipe(response)
      })
    } finally {
      await this.#remove(ready.folder)
    }
    return true
  }

  /** Removes every export not yet downloaded (the preview is stopping). */
  async close(): Promise<void> {
    this.#ready.clear()
    await Promise.all([...this.#folders].map((folder) => this.#remove(folder)))
  }

  async #remove(folder: string): Promise<void> {
    this.#folders.delete(folder)
    await rm(folder, { recursive: true, force: true })
  }
}

/** `attachment` with the name: plain ASCII for old clients, the exact name in RFC 5987's `filename*`. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/** Zips a folder's files (but `skip`) into `out`, streaming: images stored as they are, text deflated. */
async function zipFolder(folder: string, skip: string[], out: string): Promise<void> {
  const output = createWriteStream(out)
  let failure: unknown = null
  const finished = new Promise<void>((resolve, reject) => {
    output.on('finish', resolve)
    output.on('error', reject)
  })
  const zip = new Zip((error, chunk, final) => {
    if (error) failure ??= error
    else output.write(chunk)
    if (final || error) output.end()
  })
  const entries = await readdir(folder, { recursive: true, withFileTypes: true })
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const full = join(entry.parentPath, entry.name)
    const name = full
      .slice(folder.length + 1)
      .split('\\')
      .join('/')
    if (skip.includes(name)) continue
    const compressed = /\.(md|txt|html|css|svg)$/i.test(name)
    const file = compressed ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name)
    zip.add(file)
    for await (const chunk of createReadStream(full) as AsyncIterable<Buffer>) {
      file.push(chunk)
      // Let the file stream drain what the zip wrote, so memory holds a chunk or two.
      if (output.writableNeedDrain)
        await new Promise<void>((resolve) => output.once('drain', () => resolve()))
    }
    file.push(new Uint8Array(0), true)
  }
  zip.end()
  await finished
  if (failure) throw failure
}

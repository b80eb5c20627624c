import { readdirSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it, vi } from 'vitest'
import { cacheUrl } from '../../../../src/shared/types'
import { contentDisposition, PreviewDownloads } from '../../../../src/main/core/preview/downloads'
import { useTempDirs } from '../../../helpers/temp-dir'
import { png } from '../../../helpers/feeds'
import { makeArticle } from '../../../helpers/make-articles'
import { usePreviews } from './preview-fixture'

const startPreview = usePreviews()
const tempDir = useTempDirs('downloads')

async function withArticle(fixture: Awaited<ReturnType<typeof startPreview>>) {
  const hash = await fixture.core.blobs.put(png(1), 'image/png', 'https://news.test/river.png')
  const article = makeArticle(1, {
    title: 'The river',
    contentHtml: `<p>The river rose in the night.</p><p><img src="${cacheUrl(hash)}" alt="river"></p>`,
    contentText: 'The river rose in the night.',
    images: [{ url: 'https://news.test/river.png', hash }],
  })
  await fixture.core.articles.put([article])
  await fixture.core.highlights.add({ articleId: article.id, text: 'rose in the night' }, { note: 'When?' })
  return article
}

describe('exports in the browser preview', () => {
  it('serves an export once, as an attachment, to the token only, and removes its file', async () => {
    const fixture = await startPreview()
    const article = await withArticle(fixture)
    const { body } = await fixture.call('exportArticles', {
      source: { articleIds: [article.id] },
      format: 'html',
    })
    const { download, fileName } = body as { download: string; fileName: string }
    expect(fileName).toBe('The river.html')
    expect(download).toMatch(/^\/download\/[0-9a-f]{32}$/)
    const url = `${fixture.preview.origin}${download}`
    // Without the token, or with a wrong one: refused, and still there for the right one.
    expect((await fetch(url)).status).toBe(401)
    expect((await fetch(url, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(403)
    const response = await fetch(url, { headers: { Authorization: `Bearer ${fixture.preview.token}` } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="The river.html"; filename*=UTF-8''The%20river.html`,
    )
    expect(response.headers.get('content-security-policy')).toBe('sandbox')
    const html = await response.text()
    expect(html).toContain('<mark')
    expect(html).toContain('When?')
    // Served once; the temporary file is gone.
    const again = await fetch(url, { headers: { Authorization: `Bearer ${fixture.preview.token}` } })
    expect(again.status).toBe(404)
    await vi.waitFor(() => expect(readdirSync(fixture.downloadRoot)).toEqual([]))
  })

  it('offers a Markdown export with images as one .zip of the file and its images folder', async () => {
    const fixture = await startPreview()
    const article = await withArticle(fixture)
    const { body } = await fixture.call('exportArticles', {
      source: { articleIds: [article.id] },
      format: 'md',
    })
    const { download, fileName } = body as { download: string; fileName: string }
    expect(fileName).toBe('The river.zip')
    const response = await fetch(`${fixture.preview.origin}${download}`, {
      headers: { Authorization: `Bearer ${fixture.preview.token}` },
    })
    expect(response.headers.get('content-type')).toBe('application/zip')
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()))
    expect(Object.keys(files).sort()).toEqual([
      expect.stringMatching(/^The river-images\/\w+\.png$/),
      'The river.md',
    ])
    expect(strFromU8(files['The river.md']!)).toContain('rose in the night')
    await vi.waitFor(() => expect(readdirSync(fixture.downloadRoot)).toEqual([]))
  })

  it('serves an EPUB as a book, and removes what a failed export set aside', async () => {
    const fixture = await startPreview()
    const article = await withArticle(fixture)
    const { body } = await fixture.call('exportArticles', {
      source: { articleIds: [article.id] },
      format: 'epub',
    })
    const response = await fetch(`${fixture.preview.origin}${(body as { download: string }).download}`, {
      headers: { Authorization: `Bearer ${fixture.preview.token}` },
    })
    expect(response.headers.get('content-type')).toBe('application/epub+zip')
    const book = unzipSync(new Uint8Array(await response.arrayBuffer()))
    expect(strFromU8(book.mimetype!)).toBe('application/epub+zip')
    expect(strFromU8(book['OEBPS/a00001.xhtml']!)).toContain('<mark')
    // Nothing to export: refused in one line, and no folder is left behind.
    const empty = await fixture.call('exportArticles', {
      source: { list: { bookmarked: true } },
      format: 'epub',
    })
    expect(empty).toEqual({
      status: 400,
      body: expect.objectContaining({ error: expect.stringMatching(/^nothing to export/) }),
    })
    await vi.waitFor(() => expect(readdirSync(fixture.downloadRoot)).toEqual([]))
  })

  it('removes an export nobody fetched after a while', async () => {
    const root = await tempDir()
    const downloads = new PreviewDownloads(root, 50)
    const path = await downloads.choose({ fileName: 'Book.epub' })
    await writeFile(path, 'book')
    const { download } = await downloads.delivered(path, { fileName: 'Book.epub', format: 'epub' })
    expect(readdirSync(root)).toHaveLength(1)
    await vi.waitFor(() => expect(readdirSync(root)).toEqual([]))
    const response = { writeHead: vi.fn() } as never
    expect(await downloads.serve(download.split('/').pop()!, response)).toBe(false)
  })

  it('names the attachment safely whatever its characters', () => {
    expect(contentDisposition('Söz "x".epub')).toBe(
      `attachment; filename="S_z _x_.epub"; filename*=UTF-8''S%C3%B6z%20%22x%22.epub`,
    )
  })
})

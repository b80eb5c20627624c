import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { unzipSync, strFromU8 } from 'fflate'
import { beforeEach, describe, expect, it } from 'vitest'
import { cacheUrl } from '../../../../src/shared/types'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { epubcheck, epubcheckMissing } from '../../../helpers/epubcheck'
import { png } from '../../../helpers/feeds'
import { makeArticle } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('export')
let core: Broadsheet
let out: string
let pictureHash: string
let ids: string[]

const GONE = 'a'.repeat(64)

beforeEach(async () => {
  core = await startServices({ dataDir: await tempDir() })
  out = await tempDir()
  pictureHash = await core.blobs.put(png(1), 'image/png', 'https://news.test/river.png')
  const webp = await core.blobs.put(new Uint8Array([82, 73, 70, 70, 1, 2, 3]), 'image/webp')
  const articles = [
    makeArticle(1, {
      title: 'The river & the city',
      author: 'Ana Lee',
      contentHtml:
        `<p>The river rose in the <em>night</em>.</p><figure><img src="${cacheUrl(pictureHash)}" alt="The river">` +
        `<figcaption>The river at dawn</figcaption></figure><p>Nobody in Khabarovsk remembered a flood like it.</p>` +
        `<p><img src="${cacheUrl(GONE)}"> <img src="${cacheUrl(webp)}"></p><li>a stray item</li>` +
        `<table><tr><td headers="x" width="50%">cell</td></tr></table><p>Bad\u0001char</p>`,
      contentText:
        'The river rose in the night.\n\nThe river at dawn\n\nNobody in Khabarovsk remembered a flood like it.',
      images: [
        { url: 'https://news.test/river.png', hash: pictureHash },
        { url: 'https://news.test/evicted.jpg', hash: GONE },
        { url: 'https://news.test/modern.webp', hash: webp },
      ],
    }),
    makeArticle(2, {
      title: '홍수 소식',
      contentHtml: '<p>하바롭스크에서 큰 홍수가 일어났습니다.</p>',
      contentText: '하바롭스크에서 큰 홍수가 일어났습니다.',
      images: [],
    }),
  ]
  await core.articles.put(articles)
  ids = articles.map((a) => a.id)
  await core.highlights.add(
    { articleId: ids[0]!, text: 'river rose in the night' },
    { note: 'When exactly?' },
  )
  await core.highlights.add({ articleId: ids[0]!, text: 'Khabarovsk' }, { color: 'blue' })
  await core.highlights.add({ articleId: ids[1]!, text: '큰 홍수' }, { note: '규모 확인' })
  await core.flags.setBookmarked(ids[1]!, true)
})

describe('export to Markdown', () => {
  it('writes highlights as ==marks==, notes as footnotes, and images beside the file', async () => {
    const path = join(out, 'reading.md')
    const result = await core.exports.export({ source: { ids }, format: 'md', out: path })
    // The PNG and the WebP (the evicted one is not there to write).
    expect(result).toMatchObject({ articles: 2, images: 2, highlights: 3 })
    const md = readFileSync(path, 'utf8')
    expect(md).toContain('# The river & the city')
    // A highlight crossing into <em> is marked on each side of it.
    expect(md).toContain('The ==river rose in the== *==night==[^1-1]*.')
    expect(md).toContain('[^1-1]: ==river rose in the night== — When exactly?')
    expect(md).toContain('==Khabarovsk==')
    expect(md).toMatch(/!\[The river\]\(reading-images\/[0-9a-f]{16}\.png\)/)
    const image = readdirSync(join(out, 'reading-images')).find((name) => name.endsWith('.png'))
    expect(readFileSync(join(out, 'reading-images', image!))).toEqual(Buffer.from(png(1)))
    expect(readdirSync(join(out, 'reading-images')).sort()).toEqual(
      [image, expect.stringMatching(/\.webp$/)].sort(),
    )
    // The evicted image keeps its original address, with a word on why it is not there.
    expect(md).toContain(
      '\\[an image not kept offline: [https://news.test/evicted.jpg](https://news.test/evicted.jpg)\\]',
    )
    expect(md).toContain('==큰 홍수==[^2-1]')
    expect(md).toContain('\n\n---\n\n')
  })
})

describe('export to standalone HTML', () => {
  it('embeds images, marks highlights with their notes, and allows no script', async () => {
    const path = join(out, 'reading.html')
    await core.exports.export({ source: { ids }, format: 'html', out: path })
    const html = readFileSync(path, 'utf8')
    expect(html).toContain(`src="data:image/png;base64,${Buffer.from(png(1)).toString('base64')}"`)
    expect(html).toMatch(
      /<mark class="highlight yellow">river rose in the <\/mark><em><mark[^>]*>night<\/mark><sup><a href="#a0-note1" id="a0-ref1">1<\/a><\/sup><\/em>/,
    )
    expect(html).toContain('<mark class="highlight blue">Khabarovsk</mark>')
    expect(html).toMatch(
      /<li id="a0-note1"><blockquote>river rose in the night<\/blockquote><p>When exactly\?<\/p>/,
    )
    expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`)
    expect(html).not.toMatch(/<script|broadsheet-cache:|broadsheet-export-image:/)
    expect(html).toContain(
      '<nav><h1>2 articles</h1><ol><li><a href="#article-1">The river &amp; the city</a>',
    )
    expect(html).toContain('<article id="article-2" lang="ko">')
  })
})

describe('export to EPUB', () => {
  it('makes one book with a table of contents, its images inside, highlights and notes kept', async () => {
    const path = join(out, 'reading.epub')
    await core.exports.export({ source: { ids }, format: 'epub', out: path })
    const bytes = readFileSync(path)
    // The mimetype entry first and stored: the container's signature at a fixed offset.
    expect(bytes.subarray(30, 38).toString()).toBe('mimetype')
    expect(bytes.subarray(38, 58).toString()).toBe('application/epub+zip')
    const files = unzipSync(bytes)
    const names = Object.keys(files)
    expect(names).toEqual(
      expect.arrayContaining(['META-INF/container.xml', 'OEBPS/content.opf', 'OEBPS/nav.xhtml']),
    )
    expect(names.filter((n) => n.startsWith('OEBPS/images/'))).toHaveLength(1)
    const first = strFromU8(files['OEBPS/a00001.xhtml']!)
    expect(first).toContain('<mark class="highlight yellow">river rose in the </mark>')
    expect(first).toContain('epub:type="footnote"')
    expect(first).not.toContain('\u0001')
    expect(strFromU8(files['OEBPS/nav.xhtml']!)).toContain('<a href="a00002.xhtml">홍수 소식</a>')
  })

  it('passes epubcheck with no errors', async (context) => {
    const missing = epubcheckMissing()
    if (missing) {
      console.log(`skipped: ${missing}`)
      context.skip()
    }
    const path = join(out, 'checked.epub')
    await core.exports.export({ source: { ids }, format: 'epub', out: path })
    const result = await epubcheck(path)
    expect(result.output).not.toMatch(/^(ERROR|FATAL)/m)
    expect(result.code).toBe(0)
  }, 120_000)
})

describe('what is exported, and bad requests', () => {
  it('exports the bookmarks, a feed, and a search’s results', async () => {
    const md = join(out, 'b.md')
    expect(await core.exports.export({ source: { bookmarked: true }, format: 'md', out: md })).toMatchObject({
      articles: 1,
    })
    expect(readFileSync(md, 'utf8')).toMatch(/^# 홍수 소식/)

    await core.subscriptions.add([{ url: 'http://127.0.0.1:9/feed', title: 'Local news' }])
    const [feed] = await core.subscriptions.summaries()
    await core.articles.put([3, 4, 5].map((i) => makeArticle(i, { feedId: feed!.id })))
    const html = join(out, 'feed.html')
    expect(
      await core.exports.export({ source: { feedId: feed!.id }, format: 'html', out: html }),
    ).toMatchObject({
      articles: 3,
    })
    expect(readFileSync(html, 'utf8')).toContain('<title>Local news</title>')
    expect(readFileSync(html, 'utf8').match(/<article /g)).toHaveLength(3)

    const found = join(out, 'found.md')
    expect(
      await core.exports.export({ source: { search: 'Khabarovsk' }, format: 'md', out: found }),
    ).toMatchObject({
      articles: 1,
    })
    expect(readFileSync(found, 'utf8')).toMatch(/^# The river & the city/)
    await expect(
      core.exports.export({ source: { search: 'Vladivostok' }, format: 'md', out: found }),
    ).rejects.toThrow('nothing to export: the search "Vladivostok" has no articles')
  })

  it('refuses to export nothing, an unknown id, a path it cannot write — and leaves no file', async () => {
    await expect(
      core.exports.export({ source: { ids: [] }, format: 'html', out: join(out, 'x.html') }),
    ).rejects.toThrow('nothing to export: the selection has no articles')
    await expect(
      core.exports.export({ source: { ids: ['nope'] }, format: 'html', out: join(out, 'x.html') }),
    ).rejects.toThrow('no article with id nope')
    await expect(
      core.exports.export({ source: { ids }, format: 'epub', out: join(out, 'missing', 'x.epub') }),
    ).rejects.toThrow(`cannot write ${join(out, 'missing', 'x.epub')}: its folder does not exist`)
    const locked = join(out, 'locked')
    mkdirSync(locked)
    chmodSync(locked, 0o500)
    if (process.getuid?.() !== 0) {
      await expect(
        core.exports.export({ source: { ids }, format: 'md', out: join(locked, 'x.md') }),
      ).rejects.toThrow(/permission denied/)
    }
    expect(readdirSync(out).filter((n) => n !== 'locked')).toEqual([])
  })

  it('leaves an existing file as it was when an export is cancelled halfway', async () => {
    const path = join(out, 'book.epub')
    writeFileSync(path, 'the old book')
    const controller = new AbortController()
    await expect(
      core.exports.export({
        source: { ids },
        format: 'epub',
        out: path,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    ).rejects.toThrow()
    expect(readFileSync(path, 'utf8')).toBe('the old book')
    expect(readdirSync(out)).toEqual(['book.epub'])
    expect(existsSync(join(out, 'book-images'))).toBe(false)
  })
})

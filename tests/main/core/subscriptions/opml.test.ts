import { describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { countingWrites } from '../../../helpers/counting-conf'
import { OpmlError, readOpml, writeOpml } from '../../../../src/main/core/subscriptions/opml'
import { newFeedDefaults } from '../../../../src/main/core/store/config-schema'
import type { Feed, Folder } from '../../../../src/shared/types'
import { useTempDirs } from '../../../helpers/temp-dir'
import { subscribeTo } from '../../../helpers/subscribe'

const tempDir = useTempDirs('opml')

const TRICKY = 'Q&A <weekly> "quoted" it’s \'single\' 🚀'

function feed(
  id: string,
  url: string,
  title: string,
  folderId: string | null,
  siteUrl: string | null = null,
): Feed {
  return { ...newFeedDefaults(), id, url, title, siteUrl, folderId }
}

const folders: Folder[] = [
  { id: 'tech', title: 'Tech', parentId: null },
  { id: 'rust', title: 'Rust', parentId: 'tech' },
  { id: 'async', title: 'Async & Await', parentId: 'rust' },
  { id: 'korea', title: '한국 뉴스', parentId: null },
  { id: 'empty', title: 'Empty for now', parentId: null },
]
const feeds: Feed[] = [
  feed('f1', 'https://top.test/feed.xml', 'Top level', null, 'https://top.test/'),
  feed('f2', 'https://tech.test/rss', 'Tech news', 'tech'),
  feed(
    'f3',
    'https://rust.test/atom.xml?lang=en&sort=new',
    'This Week in Rust',
    'rust',
    'https://rust.test/',
  ),
  feed('f4', 'https://tokio.test/feed', TRICKY, 'async'),
  feed('f5', 'https://news.kr.test/rss', '연합뉴스 속보', 'korea', 'https://news.kr.test/'),
  feed('f6', 'https://orphan.test/feed', 'Folder gone', 'deleted-folder'),
]

describe('writeOpml and readOpml', () => {
  it('round-trip nested folders, Korean titles, XML specials and emoji', () => {
    const text = writeOpml(feeds, folders, new Date('2026-11-27T12:00:00Z'))
    expect(text).toContain('<opml version="2.0">')
    expect(text).toContain('&amp;')
    expect(text).toContain('&lt;weekly&gt;')
    expect(text).toContain('연합뉴스 속보')
    expect(text).not.toContain('<weekly>')

    const byUrl = new Map(readOpml(text).map((sub) => [sub.url, sub]))
    expect(byUrl.size).toBe(feeds.length)
    expect(byUrl.get('https://top.test/feed.xml')).toEqual({
      url: 'https://top.test/feed.xml',
      title: 'Top level',
      siteUrl: 'https://top.test/',
      folder: [],
    })
    expect(byUrl.get('https://tech.test/rss')?.folder).toEqual(['Tech'])
    expect(byUrl.get('https://rust.test/atom.xml?lang=en&sort=new')).toEqual({
      url: 'https://rust.test/atom.xml?lang=en&sort=new',
      title: 'This Week in Rust',
      siteUrl: 'https://rust.test/',
      folder: ['Tech', 'Rust'],
    })
    expect(byUrl.get('https://tokio.test/feed')).toMatchObject({
      title: TRICKY,
      folder: ['Tech', 'Rust', 'Async & Await'],
      siteUrl: null,
    })
    expect(byUrl.get('https://news.kr.test/rss')).toMatchObject({
      title: '연합뉴스 속보',
      folder: ['한국 뉴스'],
    })
    // A feed whose folder is gone is still exported, at the top level.
    expect(byUrl.get('https://orphan.test/feed')?.folder).toEqual([])
    expect(text).toContain('Empty for now')
  })

  it('reads OPML 1.0 with `text` only, feeds nested at any depth', () => {
    const opml = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>old reader</title></head>
  <body>
    <outline text="World">
      <outline text="Asia">
        <outline text="서울 소식" type="rss" xmlUrl="http://seoul.test/rss" htmlUrl="http://seoul.test/"/>
      </outline>
      <outline text="BBC" type="rss" xmlUrl=" https://bbc.test/rss "/>
    </outline>
    <outline text="Loose" xmlUrl="https://loose.test/feed"/>
  </body>
</opml>`
    expect(readOpml(opml)).toEqual([
      {
        url: 'http://seoul.test/rss',
        title: '서울 소식',
        siteUrl: 'http://seoul.test/',
        folder: ['World', 'Asia'],
      },
      { url: 'https://bbc.test/rss', title: 'BBC', siteUrl: null, folder: ['World'] },
      { url: 'https://loose.test/feed', title: 'Loose', siteUrl: null, folder: [] },
    ])
  })

  it('reads a file that starts with a byte order mark, or with upper-case tags', () => {
    const bom =
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><body><outline text="한국" xmlUrl="https://k.test/rss"/></body></opml>'
    expect(readOpml(bom)).toEqual([{ url: 'https://k.test/rss', title: '한국', siteUrl: null, folder: [] }])
    const upper =
      '<OPML version="1.0"><BODY><OUTLINE text="Shouty" xmlUrl="https://s.test/rss"/></BODY></OPML>'
    expect(readOpml(upper).map((sub) => sub.url)).toEqual(['https://s.test/rss'])
  })

  it('reads an OPML document without subscriptions as none', () => {
    expect(readOpml('<opml version="2.0"><head><title>x</title></head><body></body></opml>')).toEqual([])
    expect(readOpml('<opml version="2.0"><body><outline text="Only a folder"/></body></opml>')).toEqual([])
  })

  it('writes an empty library as OPML that reads back as empty', () => {
    const text = writeOpml([], [], new Date('2026-11-27T12:00:00Z'))
    expect(text).toContain('<opml version="2.0">')
    expect(text).toContain('<dateCreated>Fri, 27 Nov 2026 12:00:00 GMT</dateCreated>')
    expect(readOpml(text)).toEqual([])
  })

  it('refuses what is not OPML with one plain line', () => {
    const notOpml = [
      '',
      'just some text',
      '{"feeds": []}',
      '<rss version="2.0"><channel><title>x</title></channel></rss>',
      '<!doctype html><html><body><p>hello</p></body></html>',
      '<opml version="2.0"><head><title>cut sh',
    ]
    for (const text of notOpml) {
      expect(() => readOpml(text)).toThrow(OpmlError)
      try {
        readOpml(text)
      } catch (error) {
        expect((error as Error).message).not.toContain('\n')
      }
    }
  })
})

describe('OPML import and export of a library', () => {
  async function original(): Promise<Broadsheet> {
    const core = await startServices({ dataDir: await tempDir() })
    await subscribeTo(core, 'https://top.test/feed.xml', { title: 'Top level' })
    await subscribeTo(core, 'https://rust.test/atom.xml?a=1&b=2', { folder: 'Tech/Rust', title: 'Rust' })
    await subscribeTo(core, 'https://tokio.test/feed', { folder: 'Tech/Rust/Async', title: TRICKY })
    await subscribeTo(core, 'https://news.kr.test/rss', { folder: '한국 뉴스', title: '연합뉴스 속보' })
    await subscribeTo(core, 'https://tech.test/rss', { folder: 'Tech', title: 'Tech news' })
    return core
  }

  const shape = async (core: Broadsheet) =>
    (await core.subscriptions.summaries())
      .map((f) => ({ url: f.url, title: f.title, folder: f.folder }))
      .sort((a, b) => a.url.localeCompare(b.url))

  it('imports into a fresh library with the same folder paths and titles', async () => {
    const from = await original()
    const into = await startServices({ dataDir: await tempDir() })
    const result = await into.subscriptions.importOpml(await from.subscriptions.exportOpml())
    expect(result.added).toHaveLength(5)
    expect(result.skipped).toEqual([])
    expect(await shape(into)).toEqual(await shape(from))
    expect(await shape(into)).toContainEqual({
      url: 'https://tokio.test/feed',
      title: TRICKY,
      folder: 'Tech/Rust/Async',
    })
    // And exporting the copy gives the same subscriptions back.
    expect(
      readOpml(await into.subscriptions.exportOpml()).sort((a, b) => a.url.localeCompare(b.url)),
    ).toEqual(readOpml(await from.subscriptions.exportOpml()).sort((a, b) => a.url.localeCompare(b.url)))
  })

  it('skips what is already subscribed and makes no second copy of a folder', async () => {
    const from = await original()
    const into = await startServices({ dataDir: await tempDir() })
    const opml = await from.subscriptions.exportOpml()
    await into.subscriptions.importOpml(opml)
    const folders = into.subscriptions.folders()
    const again = await into.subscriptions.importOpml(opml)
    expect(again.added).toEqual([])
    expect(again.skipped.sort()).toEqual(
      into.subscriptions
        .feeds()
        .map((feed) => feed.url)
        .sort(),
    )
    expect(into.subscriptions.feeds()).toHaveLength(5)
    expect(into.subscriptions.folders()).toEqual(folders)
  })

  it('keeps htmlUrl as the site, skips non-web URLs and repeats within one file (a slash, a fragment, case)', async () => {
    const core = await startServices({ dataDir: await tempDir() })
    const result = await core.subscriptions.importOpml(`<opml version="2.0"><body>
      <outline text="Site" xmlUrl="https://site.test/feed" htmlUrl="https://site.test/"/>
      <outline text="Again" xmlUrl="https://site.test/feed/"/>
      <outline text="And again" xmlUrl="HTTPS://Site.test/FEED//#latest"/>
      <outline text="Another" xmlUrl="https://site.test/feed/other"/>
      <outline text="FTP" xmlUrl="ftp://files.test/feed"/>
      <outline text="Script" xmlUrl="javascript:alert(1)"/>
      <outline text="Nonsense" xmlUrl="not a url"/>
    </body></opml>`)
    expect(result.added.map((f) => [f.url, f.title, f.siteUrl])).toEqual([
      ['https://site.test/feed', 'Site', 'https://site.test/'],
      ['https://site.test/feed/other', 'Another', null],
    ])
    expect(result.skipped).toEqual([
      'https://site.test/feed/',
      'HTTPS://Site.test/FEED//#latest',
      'ftp://files.test/feed',
      'javascript:alert(1)',
      'not a url',
    ])
  })

  it('refuses a file that is not OPML and changes nothing', async () => {
    const core = await startServices({ dataDir: await tempDir() })
    await expect(core.subscriptions.importOpml('<rss><channel/></rss>')).rejects.toBeInstanceOf(OpmlError)
    expect(core.subscriptions.feeds()).toEqual([])
    expect(core.subscriptions.folders()).toEqual([])
  })
})

describe('OPML import of a big file', () => {
  it('writes config.json once for 2,000 feeds in 200 nested folders', async () => {
    const { factory, writes } = countingWrites()
    const core = await startServices({ dataDir: await tempDir(), confFactory: factory })
    const folders = Array.from({ length: 200 }, (_, f) => {
      const feeds = Array.from(
        { length: 10 },
        (_, n) => `<outline text="Feed ${f}-${n}" xmlUrl="https://feeds${f}.test/${n}.xml"/>`,
      )
      return `<outline text="Group ${f % 20}"><outline text="Topic ${f}">${feeds.join('')}</outline></outline>`
    })
    const opml = `<opml version="2.0"><body>${folders.join('\n')}</body></opml>`

    writes.clear()
    const result = await core.subscriptions.importOpml(opml)
    expect(result.added).toHaveLength(2_000)
    expect(writes.get('config.json')).toBe(1)
    expect(core.subscriptions.feeds()).toHaveLength(2_000)
    expect(core.subscriptions.folders()).toHaveLength(220)
  })
})

import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { readOpml } from '../../../../src/main/core/subscriptions/opml'
import { useTempDirs } from '../../../helpers/temp-dir'
import { subscribeTo } from '../../../helpers/subscribe'

/*
 * Every way a title gets into config.json stores it as one plain line (content/text.ts's plainLine): no
 * terminal escapes, no bidi overrides, no zero-width characters. A folder title never holds the path
 * separator, and a site address is http(s) or nothing.
 */
const tempDir = useTempDirs('subscription-text')

const ESC = '\u001b'
/** Sets the terminal's title, clears the screen, and an RLO that shows "exe.txt" backwards. */
const HOSTILE = `Daily${ESC}]0;owned\u0007 ${ESC}[2JNews\u202etxt.exe\u200b`
const CLEAN = 'Daily ]0;owned [2JNewstxt.exe'
// eslint-disable-next-line no-control-regex -- what no stored title may hold
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\ufeff]/

const xmlAttr = (text: string): string =>
  // eslint-disable-next-line no-control-regex -- C0 goes in as character references
  text.replace(/[\u0000-\u001f&<>"]/g, (char) => `&#${char.charCodeAt(0)};`)

async function fresh(): Promise<Broadsheet> {
  return startServices({ dataDir: await tempDir() })
}

function everyTitle(core: Broadsheet): string[] {
  return [
    ...core.subscriptions.feeds().map((f) => f.title),
    ...core.subscriptions.folders().map((f) => f.title),
  ]
}

describe('titles from an OPML file', () => {
  it('are stored as plain lines, a "/" in a folder title nests, and only an http(s) site is kept', async () => {
    const core = await fresh()
    // Escapes written as character references, as a hostile file would (the parser decodes them).
    const opml = `<?xml version="1.0"?><opml version="2.0"><body>
      <outline text="${xmlAttr(HOSTILE)}">
        <outline text="Tech/Rust\u2066">
          <outline text="${xmlAttr(HOSTILE)}" xmlUrl="https://a.test/feed" htmlUrl="javascript:alert(1)"/>
        </outline>
      </outline>
      <outline text="\u200b\u202e" xmlUrl="https://b.test/feed" htmlUrl="https://b.test/"/>
      <outline text="Files" xmlUrl="https://c.test/feed" htmlUrl="file:///etc/passwd"/>
    </body></opml>`
    expect(opml).toContain('&#27;')
    const { added } = await core.subscriptions.importOpml(opml)
    expect(added).toHaveLength(3)
    const summaries = await core.subscriptions.summaries()
    const byUrl = new Map(summaries.map((feed) => [feed.url, feed]))
    expect(byUrl.get('https://a.test/feed')).toMatchObject({
      title: CLEAN,
      folder: `${CLEAN}/Tech/Rust`,
      siteUrl: null,
    })
    // A title with nothing visible left is the feed's host, as a missing one is.
    expect(byUrl.get('https://b.test/feed')).toMatchObject({ title: 'b.test', siteUrl: 'https://b.test/' })
    expect(byUrl.get('https://c.test/feed')?.siteUrl).toBeNull()
    expect(
      core.subscriptions
        .folders()
        .map((f) => f.path)
        .sort(),
    ).toEqual([CLEAN, `${CLEAN}/Tech`, `${CLEAN}/Tech/Rust`])
    for (const title of everyTitle(core)) expect(title).not.toMatch(UNSAFE)
  })
})

describe('titles people type', () => {
  it('rename a feed and a folder to plain lines, and refuse a title with nothing visible', async () => {
    const core = await fresh()
    const feed = await subscribeTo(core, 'https://a.test/feed', { folder: 'Tech' })
    expect((await core.subscriptions.rename(feed.id, HOSTILE)).title).toBe(CLEAN)
    await expect(core.subscriptions.rename(feed.id, '\u200b\u202e ')).rejects.toThrow(/visible character/)
    const tech = core.subscriptions.folders()[0]!
    expect((await core.subscriptions.renameFolder(tech.id, HOSTILE)).path).toBe(CLEAN)
    await expect(core.subscriptions.renameFolder(tech.id, '\u2066\u2069')).rejects.toThrow(
      /visible character/,
    )
    expect(core.subscriptions.feed(feed.id)?.title).toBe(CLEAN)
  })

  it('refuse "/" in a folder name on rename, as import reads it: a level of the path', async () => {
    const core = await fresh()
    await subscribeTo(core, 'https://a.test/feed', { folder: 'Tech' })
    const tech = core.subscriptions.folders()[0]!
    await expect(core.subscriptions.renameFolder(tech.id, 'Tech/Rust')).rejects.toThrow(
      'not a folder name: Tech/Rust ("/" separates the folders of a path)',
    )
    expect(core.subscriptions.folders().map((f) => f.path)).toEqual(['Tech'])
  })

  it('move a feed along a folder path of plain lines', async () => {
    const core = await fresh()
    const feed = await subscribeTo(core, 'https://a.test/feed')
    await core.subscriptions.move(feed.id, `World${ESC}[2J/\u202eAsia`)
    expect((await core.subscriptions.summaries())[0]?.folder).toBe('World [2J/Asia')
  })
})

describe('titles from feeds and servers', () => {
  it('a sync’s record of a feed keeps its title a plain line and its site http(s)', async () => {
    const core = await fresh()
    const feed = await subscribeTo(core, 'https://a.test/feed')
    await core.subscriptions.recordFetches(
      new Map([[feed.id, { title: HOSTILE, siteUrl: 'javascript:alert(1)', lastError: null }]]),
    )
    expect(core.subscriptions.feed(feed.id)).toMatchObject({ title: CLEAN, siteUrl: null })
  })

  it('a server account’s subscriptions: titles, labels and sites as every other', async () => {
    const core = await fresh()
    const { added } = await core.subscriptions.mirror('acct', [
      {
        streamId: 'feed/1',
        title: HOSTILE,
        url: 'https://a.test/feed',
        siteUrl: 'javascript:alert(1)',
        label: `Tech/${ESC}[2JRust\u200b`,
      },
      {
        streamId: 'feed/2',
        title: '\u202e',
        url: 'https://b.test/feed',
        siteUrl: 'https://b.test/',
        label: null,
      },
    ])
    expect(added.map((f) => [f.title, f.siteUrl])).toEqual([
      [CLEAN, null],
      ['b.test', 'https://b.test/'],
    ])
    expect(
      core.subscriptions
        .folders()
        .map((f) => f.path)
        .sort(),
    ).toEqual(['Tech', 'Tech/[2JRust'])
  })
})

describe('OPML export of a config.json edited by hand', () => {
  it('is well-formed XML with plain titles and only http(s) sites, whatever is stored', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    await subscribeTo(core, 'https://a.test/feed', { folder: 'Tech' })
    await subscribeTo(core, 'https://b.test/feed')
    const file = join(dir, 'config.json')
    const config = JSON.parse(await readFile(file, 'utf8')) as {
      feeds: { title: string; siteUrl: string | null }[]
      folders: { title: string }[]
    }
    config.feeds[0]!.title = `${HOSTILE}\u0000\ud800\uffff`
    config.feeds[0]!.siteUrl = 'javascript:alert(1)'
    config.feeds[1]!.title = `\u0007\u200b`
    config.folders[0]!.title = `Te${ESC}[2Jch\u0001\udfff`
    await writeFile(file, JSON.stringify(config))

    const exported = await (await startServices({ dataDir: dir })).subscriptions.exportOpml()
    const xml = new new JSDOM('').window.DOMParser().parseFromString(exported, 'text/xml')
    expect(xml.getElementsByTagName('parsererror')).toHaveLength(0)
    expect(exported).not.toContain('javascript:')
    const read = readOpml(exported).sort((a, b) => a.url.localeCompare(b.url))
    expect(read).toEqual([
      { url: 'https://a.test/feed', title: CLEAN, siteUrl: null, folder: ['Te [2Jch'] },
      { url: 'https://b.test/feed', title: 'b.test', siteUrl: null, folder: [] },
    ])
  })
})

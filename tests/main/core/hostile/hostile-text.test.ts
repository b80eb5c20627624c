import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { JSDOM } from 'jsdom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { jsonFeed, longArticle, rss2 } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { makeArticle } from '../../../helpers/make-articles'
import { cliIn, expectOk } from '../../../helpers/run-cli'
import { useTempDirs } from '../../../helpers/temp-dir'
import { policyViolations } from '../../../helpers/xss-vectors'

/*
 * Hostile text: titles and authors that carry terminal escapes (set the window title, clear the screen),
 * bidi overrides and zero-width characters, from every way in — a feed and its items, a saved page, an
 * OPML file, a server's list (see subscriptions/subscription-text.test.ts), a config.json edited by hand —
 * are stored as plain lines, printed by the CLI with nothing a terminal obeys, and exported as XML that
 * parses. Served from 127.0.0.1.
 */
const tempDir = useTempDirs('hostile-text')
const ESC = '\u001b'
/** Sets the terminal's title, rings, clears the screen; an RLO that shows "exe.txt" backwards; a ZWSP. */
const HOSTILE = `Daily${ESC}]0;owned\u0007 ${ESC}[2JNews\u202etxt.exe\u200b`
const CLEAN = 'Daily ]0;owned [2JNewstxt.exe'
/** The same as HTML references, for the places a feed's text is HTML (RSS titles). */
const HOSTILE_HTML = 'Daily&#27;]0;owned&#7; &#x1b;[2JNews&#x202E;txt.exe&#8203;'
// eslint-disable-next-line no-control-regex -- what no stored title or author may hold
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\ufeff]/
// eslint-disable-next-line no-control-regex -- what a terminal obeys (the CLI keeps tabs and newlines)
const OBEYED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

let server: FixtureServer
beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(async () => {
  await server.close()
})

async function library(dir?: string): Promise<{ core: Broadsheet; dir: string }> {
  const dataDir = dir ?? (await tempDir())
  const core = await startServices({
    dataDir,
    sync: { downloader: new Downloader({ timeoutMs: 3000 }), content: 'in-thread' },
  })
  return { core, dir: dataDir }
}

/** Runs CLI commands over the library and returns everything they printed (each must succeed). */
async function printed(dir: string, ...commands: string[][]): Promise<string> {
  const cli = cliIn(dir)
  let out = ''
  for (const argv of commands) {
    const run = await cli(...argv)
    expectOk(run)
    out += run.stdout
  }
  return out
}

function wellFormed(xml: string): boolean {
  const document = new new JSDOM('').window.DOMParser().parseFromString(xml, 'text/xml')
  return document.getElementsByTagName('parsererror').length === 0
}

describe('hostile text from feeds and pages', () => {
  it('stores feed titles, article titles and authors as plain lines; the CLI prints them safely', async () => {
    const { core, dir } = await library()
    const site = server.url('/')
    const items = (prefix: string, title: string, author: string) => [
      { id: `${prefix}-1`, title, author, link: server.url(`/${prefix}/1`), content: longArticle(prefix) },
    ]
    server.serve('/feed.json', {
      headers: { 'Content-Type': 'application/feed+json' },
      body: jsonFeed(HOSTILE, site, items('json', HOSTILE, `\u202eAlice${ESC}[31m`)),
    })
    server.serve('/feed.xml', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2(HOSTILE_HTML, site, items('rss', HOSTILE_HTML, 'Bob\u2067\u200b')),
    })
    const json = await core.subscriptions.subscribe(server.url('/feed.json'))
    const rss = await core.subscriptions.subscribe(server.url('/feed.xml'))
    expect([json.title, rss.title]).toEqual([CLEAN, CLEAN])
    await core.sync.run()

    const articles = await core.articles.list()
    expect(articles.map((a) => [a.title, a.author]).sort()).toEqual([
      [CLEAN, 'Alice [31m'],
      [CLEAN, 'Bob'],
    ])
    for (const feed of core.subscriptions.feeds()) expect(feed.title).not.toMatch(UNSAFE)
    const out = await printed(dir, ['feeds'], ['articles'], ['show', articles[0]!.id], ['articles', '--json'])
    expect(out).toContain(CLEAN)
    expect(out).not.toMatch(OBEYED)
  })

  it('keeps no mailto link that would attach the reader’s files, in the feed’s content or the page’s', async () => {
    const { core } = await library()
    const links = [
      'mailto:tips@news.test?attach=/etc/passwd',
      'mailto:tips@news.test?subject=Hi&amp;Attachment=%7E/.ssh/id_rsa',
      'mailto:tips@news.test?subject=Hi;attach=/etc/shadow',
    ]
    const body = `${links.map((href) => `<p><a href="${href}">Send us a tip</a></p>`).join('')}${longArticle('tips')}`
    server.serve('/tips.json', {
      headers: { 'Content-Type': 'application/feed+json' },
      body: jsonFeed('Tips', server.url('/'), [
        { id: 't', title: 'Tips', link: server.url('/t'), content: body },
      ]),
    })
    await core.subscriptions.subscribe(server.url('/tips.json'))
    await core.sync.run()
    const [stored] = await core.articles.list()
    const article = await core.articles.open(stored!.id)
    expect(article.contentHtml).toContain('Send us a tip')
    expect(article.contentHtml).not.toMatch(/attach/i)
    expect(policyViolations(article.contentHtml, { base: server.url('/') })).toEqual([])
  })

  it('stores a saved page’s title as a plain line', async () => {
    const { core } = await library()
    server.serve('/page', {
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body: `<!doctype html><title>${HOSTILE_HTML}</title><article>${longArticle('page')}</article>`,
    })
    expect((await core.sync.save(server.url('/page'))).title).toBe(CLEAN)
  })

  it('stores what any caller puts as plain lines (the articles service is the one way in)', async () => {
    const { core } = await library()
    const article = makeArticle(1, { title: HOSTILE, author: `\u2066${ESC}c` })
    await core.articles.put([article])
    expect(await core.articles.open(article.id)).toMatchObject({ title: CLEAN, author: 'c' })
  })
})

describe('hostile text from an OPML file and a library edited by hand', () => {
  it('imports an OPML file of escapes: the CLI prints no escape and exports well-formed XML', async () => {
    const dir = await tempDir()
    const file = join(dir, 'hostile.opml')
    const title = 'Daily&#27;]0;owned&#7; &#x1b;[2JNews&#x202E;txt.exe&#8203;'
    await writeFile(
      file,
      `<?xml version="1.0"?><opml version="2.0"><body><outline text="${title}">
        <outline text="${title}" xmlUrl="https://a.test/feed" htmlUrl="javascript:alert(1)"/>
      </outline></body></opml>`,
    )
    const out = await printed(dir, ['import-opml', file], ['feeds'], ['feeds', '--json'])
    expect(out).toContain(CLEAN)
    expect(out).not.toMatch(OBEYED)
    expect(out).not.toContain('javascript:')
    const exported = await printed(dir, ['export-opml'])
    expect(wellFormed(exported)).toBe(true)
  })

  it('prints a config.json and articles edited by hand safely, and exports them as well-formed XML', async () => {
    const { core, dir } = await library()
    const { added } = await core.subscriptions.add([
      { url: 'https://a.test/feed', title: 'Plain feed', folder: 'Plain folder' },
    ])
    const article = makeArticle(1, { feedId: added[0]!.id, title: 'Plain title', author: 'Plain author' })
    await core.articles.put([article])
    // The first line of defence skipped: the hostile text written straight into the files.
    const hostile = JSON.stringify(`${HOSTILE}\u0000\ud800`).slice(1, -1)
    const files = [join(dir, 'config.json'), ...filesUnder(join(dir, 'articles'))]
    for (const path of files) {
      // An article body is gzip-compressed JSON: edited as its text, and compressed again.
      const bytes = readFileSync(path)
      const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b
      const text = (gzipped ? gunzipSync(bytes) : bytes).toString('utf8')
      const edited = text.replace(/"Plain (feed|folder|title|author)"/g, `"${hostile}"`)
      writeFileSync(path, gzipped ? gzipSync(edited) : edited)
    }
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toContain('\\u001b')

    const out = await printed(dir, ['feeds'], ['articles'], ['show', article.id], ['read', article.id])
    expect(out).toContain('Daily')
    expect(out).not.toMatch(OBEYED)
    expect(wellFormed(await printed(dir, ['export-opml']))).toBe(true)
  })
})

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
}

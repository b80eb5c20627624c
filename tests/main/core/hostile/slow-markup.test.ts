import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import { MAX_CHILDREN, MAX_DEPTH, MAX_ELEMENTS } from '../../../../src/main/core/content/bounded-markup'
import {
  parseDocument,
  parseFragment,
  parseTree,
  type TreeFragment,
} from '../../../../src/main/core/content/dom'
import { extractArticle } from '../../../../src/main/core/content/extract'
import { sanitizeHtml } from '../../../../src/main/core/content/sanitize'
import { htmlToText } from '../../../../src/main/core/content/text'
import { MAX_ITEMS_PER_SYNC } from '../../../../src/main/core/sync/feed-parse'
import { DEFAULT_SETTINGS } from '../../../../src/shared/types'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { longArticle, rss2 } from '../../../helpers/feeds'
import { subscribeTo } from '../../../helpers/subscribe'
import { useTempDirs } from '../../../helpers/temp-dir'
import { translate } from '../../../../src/shared/i18n'

/**
 * The shapes of markup that froze the core or cost a feed its items (issue 17): generated, large enough
 * that a cost growing with the square of their size would show (jsdom's innerHTML over 40,000 siblings
 * took ~52 s; 20,000 nested elements overflowed the stack), small enough for `npm test`. What is asserted
 * is the shape the parsers are given (bounded: the guarantee of linear cost) and that the text survives;
 * the times are `npm run bench`'s (its "hostile" row).
 */
const SHAPES = {
  /** 160 KB of line breaks: 40,000 siblings. */
  breaks: '<p>' + 'line<br>'.repeat(40_000) + '</p>',
  /** 20,000 nested links (the parser makes them siblings), 250 KB. */
  links: '<a href="/x">'.repeat(20_000) + 'the end',
  /** 20,000 nested blocks: deep. */
  deep: '<div>'.repeat(20_000) + 'the bottom' + '</div>'.repeat(20_000),
  /** 50,000 paragraphs, 1 MB: more elements than any article. */
  many: '<p>word</p>'.repeat(50_000),
}

interface Shape {
  widest: number
  depth: number
  elements: number
}

/** The widest element, the depth and the element count below `root` (walked without recursion). */
function shapeOf<N>(root: N, elementChildren: (node: N) => N[]): Shape {
  const shape: Shape = { widest: 0, depth: 0, elements: 0 }
  const stack = [{ node: root, depth: 0 }]
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as (typeof stack)[number]
    const children = elementChildren(node)
    shape.widest = Math.max(shape.widest, children.length)
    shape.depth = Math.max(shape.depth, depth)
    shape.elements += children.length
    for (const child of children) stack.push({ node: child, depth: depth + 1 })
  }
  return shape
}

type TreeNode = { childNodes?: TreeNode[]; tagName?: string }
const treeShape = (root: TreeFragment) =>
  shapeOf(root as TreeNode, (node) => (node.childNodes ?? []).filter((child) => child.tagName))
const domShape = (root: Element) => shapeOf(root, (element) => [...element.children])

function withinBounds(name: string, shape: Shape): void {
  expect(shape.widest, name).toBeLessThanOrEqual(MAX_CHILDREN)
  expect(shape.depth, name).toBeLessThanOrEqual(MAX_DEPTH + 2)
  expect(shape.elements, name).toBeLessThanOrEqual(MAX_ELEMENTS + 2)
}

describe(
  'hostile markup is bounded before jsdom, DOMPurify or Readability see it',
  { timeout: 120_000 },
  () => {
    it('gives the DOM parsers no element wider than MAX_CHILDREN, deeper than MAX_DEPTH or past MAX_ELEMENTS', () => {
      for (const [name, html] of Object.entries(SHAPES)) {
        const fragment = parseFragment(html)
        withinBounds(name, domShape(fragment))
        withinBounds(name, treeShape(parseTree(html)))
        const document = parseDocument(
          `<!doctype html><html><body>${html}</body></html>`,
          'http://127.0.0.1/',
        )
        withinBounds(name, domShape(document.body))
      }
    })

    it('keeps the text of a wide or deep article: grouped and flattened, not dropped', () => {
      const breaks = htmlToText(sanitizeHtml(SHAPES.breaks, 'http://127.0.0.1/'))
      // A line per break, up to MAX_ELEMENTS breaks (what comes after the bound goes, as for any element).
      const lines = breaks.split('\n').filter(Boolean)
      expect(lines.length).toBeGreaterThan(MAX_ELEMENTS * 0.9)
      expect(lines.length).toBeLessThanOrEqual(MAX_ELEMENTS + 1)
      expect(lines.every((line) => /^(line)+$/.test(line))).toBe(true)
      expect(htmlToText(sanitizeHtml(SHAPES.deep, 'http://127.0.0.1/'))).toBe('the bottom')
      // 15,000 links (within MAX_ELEMENTS), grouped: the last one's text is still there.
      const links = '<a href="/x">'.repeat(15_000) + 'the end'
      expect(htmlToText(sanitizeHtml(links, 'http://127.0.0.1/'))).toContain('the end')
    })

    it('cuts an article past MAX_ELEMENTS at the bound, in document order', () => {
      const text = htmlToText(sanitizeHtml(SHAPES.many, 'http://127.0.0.1/'))
      const words = text.split('\n\n')
      // Grouping adds a <div> per MAX_CHILDREN paragraphs: those count too.
      expect(words.length).toBeGreaterThan(MAX_ELEMENTS * 0.9)
      expect(words.length).toBeLessThanOrEqual(MAX_ELEMENTS)
      expect(new Set(words)).toEqual(new Set(['word']))
    })

    it('extracts the story of a page made of any of these shapes (Readability is never given them raw)', () => {
      for (const html of Object.values(SHAPES)) {
        const page = `<!doctype html><html><head><title>Hostile</title></head><body><article><h1>Hostile</h1>${longArticle('hostile', 4)}${html}</article></body></html>`
        const article = extractArticle(page, 'http://127.0.0.1/story')
        expect(article?.contentText).toContain('hostile')
      }
    })

    it('reads the whole text of a long article (2 MB; its time is for bench:hostile to show)', () => {
      // 20,000 paragraphs of 100 characters: the text is 2 MB. Asking a string built with `+=` about its
      // end copies it each time: 20,000 copies of up to 2 MB. A piece list asks only its last piece.
      const html = `<div>${'<p>' + 'x'.repeat(100) + '</p>'}</div>`.repeat(MAX_ELEMENTS / 2 - 10)
      const text = htmlToText(html)
      expect(text.length).toBe((MAX_ELEMENTS / 2 - 10) * 102 - 2)
    })
  },
)

describe('a hostile item costs its feed nothing else', { timeout: 120_000 }, () => {
  const tempDir = useTempDirs('slow-markup')
  let server: FixtureServer
  beforeAll(async () => {
    server = await startFixtureServer()
  })
  afterAll(async () => {
    await server.close()
  })

  it('stores the good items of a feed whose item nests 20,000 elements, and that item too (flattened)', async () => {
    const core = await startServices({ dataDir: await tempDir(), sync: { content: 'in-thread' } })
    server.serve('/deep.xml', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('Deep', server.url('/'), [
        { id: 'good-1', title: 'Good one', link: server.url('/good-1'), content: longArticle('good one') },
        { id: 'deep', title: 'Deep one', link: server.url('/deep'), content: SHAPES.deep },
        { id: 'good-2', title: 'Good two', link: server.url('/good-2'), content: longArticle('good two') },
      ]),
    })
    const feed = await subscribeTo(core, server.url('/deep.xml'))
    const result = await core.sync.run()
    expect(result.feeds[0]?.error).toBeNull()
    expect(result.feeds[0]?.newArticles).toBe(3)
    const stored = await core.articles.list({ feedIds: [feed.id], limit: 10 })
    expect(stored.map((article) => article.title).sort()).toEqual(['Deep one', 'Good one', 'Good two'])
    const deep = stored.find((article) => article.title === 'Deep one')
    expect((await core.articles.get(deep?.id ?? ''))?.contentText).toBe('the bottom')
    await core.close()
  })

  it(`takes the newest ${MAX_ITEMS_PER_SYNC} items of a feed of thousands, and says so in its status`, async () => {
    const core = await startServices({ dataDir: await tempDir(), sync: { content: 'in-thread' } })
    const count = MAX_ITEMS_PER_SYNC * 3
    const start = Date.parse('2026-01-01T00:00:00Z')
    // Out of order, as a hostile feed may be: the newest are spread through the document.
    const items = Array.from({ length: count }, (_, n) => {
      const age = (n * 7919) % count
      return {
        id: `item-${age}`,
        title: `Item ${age}`,
        link: server.url(`/item/${age}`),
        content: `<p>item ${age}</p>`,
        date: new Date(start - age * 60_000).toUTCString(),
      }
    })
    server.serve('/flood.xml', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('Flood', server.url('/'), items),
    })
    const feed = await subscribeTo(core, server.url('/flood.xml'))
    const result = await core.sync.run()
    const notice = 'took the newest 1,000 of its 3,000 items'
    expect(result.feeds[0]?.notice).toBe(notice)
    expect(result.feeds[0]?.newArticles).toBe(MAX_ITEMS_PER_SYNC)
    const stored = await core.articles.list({ feedIds: [feed.id], limit: count })
    const ages = stored.map((article) => Number(article.title.replace('Item ', ''))).sort((a, b) => a - b)
    expect(ages).toEqual(Array.from({ length: MAX_ITEMS_PER_SYNC }, (_, n) => n))
    expect(core.subscriptions.feeds()[0]?.notice).toBe(notice)
    // Coded too, for the UI to word in its language: the same words in English, and in Korean.
    const coded = core.subscriptions.feeds()[0]?.noticeCode
    expect(coded).toMatchObject({ code: 'sync-notice', params: { items: 3000, max: 1000, skipped: 0 } })
    expect(translate('en', 'errors.sync-notice', coded!.params)).toBe(notice)
    expect(translate('ko', 'errors.sync-notice', coded!.params)).toBe('항목 3,000개 중 최신 1,000개만 가져옴')
    // A sync that takes everything clears it.
    server.serve('/flood.xml', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('Flood', server.url('/'), items.slice(0, 10)),
    })
    await core.sync.run()
    expect(core.subscriptions.feeds()[0]?.notice ?? null).toBeNull()
    expect(core.subscriptions.feeds()[0]?.noticeCode ?? null).toBeNull()
    await core.close()
  })

  it('keeps at most a few thousand articles per feed unless told otherwise', async () => {
    expect(DEFAULT_SETTINGS.retentionMaxPerFeed).toBeGreaterThanOrEqual(MAX_ITEMS_PER_SYNC)
    const core = await startServices({ dataDir: await tempDir() })
    expect(core.settings.get().retentionMaxPerFeed).toBe(DEFAULT_SETTINGS.retentionMaxPerFeed)
    await core.close()
  })
})

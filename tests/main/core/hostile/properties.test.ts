import fc from 'fast-check'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { parseFragment, parseTree, serializeTree } from '../../../../src/main/core/content/dom'
import { sanitizeHtml } from '../../../../src/main/core/content/sanitize'
import { decodeText } from '../../../../src/main/core/net/charset'
import { tokenize } from '../../../../src/main/core/search/tokenize'
import { FeedParseError, parseFeedDocument, type ParsedFeed } from '../../../../src/main/core/sync/feed-parse'
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir'
import { EVENT_NAMES, SCRIPT_URLS, policyViolations, xssVectors } from '../../../helpers/xss-vectors'

/**
 * Properties of the code that meets hostile input first. Runs are modest by default, so the suite stays
 * quick; BROADSHEET_FUZZ_RUNS=20000 (say) turns this file into a long fuzz run.
 */
const FUZZ_RUNS = Number(process.env.BROADSHEET_FUZZ_RUNS) || 0
/** A long fuzz run gets the time it needs (a sanitizer run takes a few milliseconds). */
const FUZZ_TIMEOUT = Math.max(30_000, FUZZ_RUNS * 20)
/** The runs of one property: its default, or the fuzz setting. */
function runs(fallback: number): number {
  return FUZZ_RUNS > 0 ? FUZZ_RUNS : fallback
}
console.log(
  `hostile properties: numRuns sanitizer=${runs(250)} parses=${runs(250)} tokenizer=${runs(500)} feed-parse=${runs(300)} charset=${runs(500)}` +
    (FUZZ_RUNS ? ' (BROADSHEET_FUZZ_RUNS)' : ''),
)

const BASE = 'https://news.example/world/story.html'

// HTML-ish input: real tags, attributes, event names, schemes, entities and quotes, misnested at will,
// with the corpus's own vectors (whole and cut anywhere) and random text mixed in.
const TAGS = [
  ...['p', 'div', 'a', 'img', 'b', 'table', 'tr', 'td', 'li', 'ul', 'pre', 'picture', 'source', 'video'],
  ...['script', 'style', 'noscript', 'template', 'textarea', 'title', 'xmp', 'iframe', 'object', 'embed'],
  ...['svg', 'math', 'mtext', 'mglyph', 'malignmark', 'foreignObject', 'desc', 'animate', 'set', 'use'],
  ...['form', 'button', 'input', 'select', 'option', 'base', 'meta', 'link', 'body', 'html', 'plaintext'],
]
const ATTRIBUTES = [
  ...EVENT_NAMES.map((event) => `on${event}`),
  ...['href', 'src', 'srcset', 'poster', 'cite', 'action', 'formaction', 'data', 'background', 'xlink:href'],
  ...['style', 'id', 'name', 'is', 'srcdoc', 'title', 'alt', 'http-equiv', 'content', 'attributeName', 'to'],
]
const VALUES = [
  ...Object.values(SCRIPT_URLS),
  ...['x', '/a b', 'img.png 2x, b.jpg 640w', 'https://ok.example/p?q=1&r=2', '//cdn.example/i.jpg'],
  ...['mailto:a@example.com', '#top', 'broadsheet-cache://abc', 'background:url(javascript:x)'],
  ...['expression(x)', '0;url=javascript:x', '</style><img src=x onerror=x>', '"><svg onload=x>'],
]
const ENTITIES = [
  '&#106;',
  '&#x6A',
  '&#0000106',
  '&colon;',
  '&#58;',
  '&Tab;',
  '&NewLine;',
  '&lt;',
  '&gt;',
  '&amp;',
]
const TEXTS = ['text', ' ', '\n', '<', '>', '</', '<!--', '-->', '<![CDATA[', ']]>', '<?', '"', "'", '`', '=']
const CORPUS = xssVectors().map((vector) => vector.html)

const quoted = fc
  .tuple(fc.constantFrom('"', "'", ''), fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 8 })))
  .map(
    ([quote, value]) =>
      `${quote}${quote ? value.replaceAll(quote, '') : value.replace(/[\s>]/g, '')}${quote}`,
  )
const tag = fc
  .record({
    name: fc.constantFrom(...TAGS),
    attributes: fc.array(fc.tuple(fc.constantFrom(...ATTRIBUTES), quoted), { maxLength: 3 }),
    separator: fc.constantFrom(' ', '/', '\n', '\t'),
    close: fc.constantFrom('>', '/>', ''),
  })
  .map(
    ({ name, attributes, separator, close }) =>
      `<${name}${attributes.map(([attribute, value]) => `${separator}${attribute}=${value}`).join('')}${close}`,
  )
const htmlPiece = fc.oneof(
  tag,
  fc.constantFrom(...TAGS).map((name) => `</${name}>`),
  fc.constantFrom(...ENTITIES, ...TEXTS),
  fc.constantFrom(...CORPUS),
  fc
    .tuple(fc.constantFrom(...CORPUS), fc.nat(), fc.nat())
    .map(([html, a, b]) => html.slice(a % html.length, b)),
  fc.string({ maxLength: 6 }),
)
const htmlish = fc.array(htmlPiece, { maxLength: 24 }).map((pieces) => pieces.join(''))

describe('property: the sanitizer', () => {
  it('is idempotent and never outputs a forbidden construct', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(htmlish, fc.constantFrom(BASE, null), (html, base) => {
        const once = sanitizeHtml(html, base)
        expect(sanitizeHtml(once, base)).toBe(once)
        expect(policyViolations(once)).toEqual([])
      }),
      { numRuns: runs(250) },
    )
  })
})

describe('property: the two parses', () => {
  it('sanitized HTML reads back the same in jsdom and in a spec parser', { timeout: FUZZ_TIMEOUT }, () => {
    // The sanitizer checks its result with parse5's own tree (the spec's parser, as the reader's browser
    // parses); the next sanitize parses it with jsdom. The two differ on raw hostile markup (jsdom puts
    // foster-parented text after a table: see dom.test.ts), never on what the sanitizer stores.
    fc.assert(
      fc.property(htmlish, fc.constantFrom(BASE, null), (html, base) => {
        const once = sanitizeHtml(html, base)
        expect(serializeTree(parseTree(once))).toBe(once)
        expect(parseFragment(once).innerHTML).toBe(once)
      }),
      { numRuns: runs(250) },
    )
  })
})

// Text in many scripts, with the characters normalization and case mapping treat specially.
const LETTERS = [
  ...'aZéÉñÑçßİıǅﬁﬃſＡｚΣσςΑθήΫЖжЁёЇ',
  ...'שָׁלוֹםمَرْحَباनमस्तेதமிழ்ภาษาไทยๆພາສາລາວខ្មែរမြန်မာ',
  ...'한국어ᄀ\u1161ᆨ日本語カタカナｶﾀｶﾅひらがなー々〆中文漢字𠮷',
]
const OTHERS = [
  ...' \t\n.,;:!?-\'’"()[]0123456789٣',
  '\u0301',
  '\u0308',
  '\u200d',
  '\u00ad',
  '🎉',
  "'s",
  '’s',
]
const textOf = fc.oneof(
  fc.array(fc.constantFrom(...LETTERS, ...OTHERS), { maxLength: 40 }).map((chars) => chars.join('')),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
)

/**
 * A letter compared as the tokenizer may have written it: compatibility-decomposed, without marks, case
 * folded both ways (`ẞ` lowers to `ß`, which uppers to `SS`; a final `ς` and `Σ` meet at `Σ`).
 */
function comparable(text: string): string {
  return text.normalize('NFKD').toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase()
}

/**
 * The letters the tokenizer is documented to drop: the `s` of a possessive (`Korea's` → `korea`), an s
 * after an inner apostrophe that ends its word, or its run of one script (`a'sナ` is `a's` and `ナ`).
 */
const POSSESSIVE_S =
  /(?<=[\p{L}\p{N}\p{M}]['’])\p{L}(?!\p{M}|(?![\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30fc\u3005\u3006])[\p{L}\p{N}])/gu

function possessiveS(text: string): Set<number> {
  const dropped = new Set<number>()
  for (const match of text.matchAll(POSSESSIVE_S)) if (comparable(match[0]) === 'S') dropped.add(match.index)
  return dropped
}

describe('property: the tokenizer', () => {
  it(
    'keeps every letter of every script: each is in a token that covers its place',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(textOf, (text) => {
          const tokens = tokenize(text)
          const dropped = possessiveS(text)
          const lost: string[] = []
          for (const match of text.matchAll(/\p{L}/gu)) {
            if (dropped.has(match.index)) continue
            const letter = comparable(match[0])
            const found = tokens.some(
              (token) =>
                token.start <= match.index &&
                match.index < token.start + token.length &&
                comparable(token.text).includes(letter),
            )
            if (!found)
              lost.push(`${match[0]} (U+${match[0].codePointAt(0)!.toString(16)}) at ${match.index}`)
          }
          expect(lost, JSON.stringify(text)).toEqual([])
        }),
        { numRuns: runs(500) },
      )
    },
  )
})

// Feed-ish input: the pieces of every format, entity tricks (a billion laughs among them), broken nesting.
const FEED_PIECES = [
  ...['<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.1"?>', '<rss version="2.0">', '</rss>'],
  ...['<channel>', '</channel>', '<item>', '</item>', '<title>', '</title>', '<link>', '</link>'],
  ...['<description>', '</description>', '<guid isPermaLink="true">', '</guid>', '<pubDate>', '</pubDate>'],
  ...['<content:encoded>', '</content:encoded>', '<dc:creator>', '</dc:creator>', '<author>', '</author>'],
  ...['<enclosure url="/i.png" type="image/png"/>', '<media:content url="x" medium="image"/>'],
  ...['<feed xmlns="http://www.w3.org/2005/Atom">', '</feed>', '<entry>', '</entry>', '<id>', '</id>'],
  ...['<link rel="alternate" href="javascript:x"/>', '<content type="xhtml">', '<content type="html">'],
  ...['</content>', '<summary>', '</summary>', '<div xmlns="http://www.w3.org/1999/xhtml">', '</div>'],
  ...['<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'],
  ...['</rdf:RDF>', '<![CDATA[', ']]>', '<!--', '-->', '&amp;', '&lt;', '&#0;', '&#x1F;', '&bogus;', '&e;'],
  ...[
    '<!DOCTYPE r [<!ENTITY e "ee"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;">]>',
    '<!ENTITY x SYSTEM "file:///etc/passwd">',
  ],
  ...[
    '<html>',
    '<!doctype html>',
    'javascript:alert(1)',
    'http://127.0.0.1/a',
    'Tue, 10 Jun 2003 04:00:00 GMT',
  ],
]
const JSON_VALUES = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(...Object.values(SCRIPT_URLS), 'https://ok.example/', '2026-01-01T00:00:00Z'),
)
const jsonFeedText = fc
  .record(
    {
      version: fc.constantFrom('https://jsonfeed.org/version/1.1', 'https://jsonfeed.org/version/1'),
      title: JSON_VALUES,
      home_page_url: JSON_VALUES,
      items: fc.oneof(
        JSON_VALUES,
        fc.array(
          fc.record(
            Object.fromEntries(
              ['id', 'url', 'external_url', 'title', 'content_html', 'content_text', 'summary', 'image']
                .concat(['date_published', 'date_modified', 'authors', 'author', 'tags'])
                .map((key) => [key, JSON_VALUES]),
            ),
            { requiredKeys: [] },
          ),
          { maxLength: 4 },
        ),
      ),
    },
    { requiredKeys: ['version'] },
  )
  .map((feed) => JSON.stringify(feed))
/** Well-formed RSS and Atom whose every field is hostile: what a real, malicious feed looks like. */
const fieldText = fc.oneof(
  fc.constantFrom(...CORPUS, ...Object.values(SCRIPT_URLS), '', ' ', 'Tue, 10 Jun 2003 04:00:00 GMT'),
  fc.string({ maxLength: 20 }),
)
const field = fc
  .tuple(fieldText, fc.boolean())
  .map(([text, asCdata]) =>
    asCdata
      ? `<![CDATA[${text.replaceAll(']]>', '')}]]>`
      : text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  )
const RSS_FIELDS = [
  'title',
  'link',
  'description',
  'content:encoded',
  'dc:creator',
  'author',
  'guid',
  'pubDate',
]
const ATOM_FIELDS = ['title', 'id', 'summary', 'content', 'published', 'updated']
const fields = (names: string[]) =>
  fc.array(fc.tuple(fc.constantFrom(...names), field), { maxLength: 6 }).map((pairs) =>
    pairs
      .map(([name, value]) => {
        const type = name === 'content' || name === 'summary' || name === 'title' ? ' type="html"' : ''
        return `<${name}${type}>${value}</${name}>`
      })
      .join(''),
  )
const wellFormedFeed = fc.oneof(
  fc
    .tuple(field, fc.array(fields(RSS_FIELDS), { maxLength: 4 }))
    .map(
      ([title, items]) =>
        `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" ` +
        `xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>${title}</title>` +
        `${items.map((item) => `<item>${item}</item>`).join('')}</channel></rss>`,
    ),
  fc
    .tuple(field, fc.array(fields(ATOM_FIELDS), { maxLength: 4 }))
    .map(
      ([title, entries]) =>
        `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="html">${title}</title>` +
        `${entries.map((entry) => `<entry><link href="${entry.length % 2 ? 'javascript:x' : '/a'}"/>${entry}</entry>`).join('')}</feed>`,
    ),
)
const feedText = fc.oneof(
  fc
    .array(fc.oneof(fc.constantFrom(...FEED_PIECES), fc.string({ maxLength: 10 })), { maxLength: 30 })
    .map((p) => p.join('')),
  { arbitrary: wellFormedFeed, weight: 3 },
  { arbitrary: jsonFeedText, weight: 2 },
  fc.string({ unit: 'binary', maxLength: 200 }),
)
const feedBytes = fc.oneof(
  feedText.map((text) => new Uint8Array(Buffer.from(text))),
  fc.uint8Array({ maxLength: 600 }),
)
const CONTENT_TYPES = [
  null,
  'application/rss+xml',
  'application/json',
  'text/xml; charset=utf-16',
  'text/html',
]

const isWebUrlOrNull = (url: unknown): boolean =>
  url === null || (typeof url === 'string' && /^https?:$/.test(new URL(url).protocol))
const isStringOrNull = (value: unknown): boolean => value === null || typeof value === 'string'

/** The shape the sync relies on (it trims titles, resolves URLs): wrong types here are crashes later. */
function expectWellFormed(feed: ParsedFeed): void {
  expect(['rss', 'atom', 'rdf', 'json']).toContain(feed.format)
  expect(typeof feed.title).toBe('string')
  expect(isWebUrlOrNull(feed.siteUrl)).toBe(true)
  expect(Array.isArray(feed.items)).toBe(true)
  for (const item of feed.items) {
    expect(typeof item.title).toBe('string')
    expect(typeof item.titleIsHtml).toBe('boolean')
    for (const value of [item.guid, item.author, item.contentHtml, item.summaryHtml]) {
      expect(isStringOrNull(value), JSON.stringify(item)).toBe(true)
    }
    expect(item.published === null || !Number.isNaN(Date.parse(item.published))).toBe(true)
    expect(isWebUrlOrNull(item.url) && isWebUrlOrNull(item.imageUrl)).toBe(true)
  }
}

describe('property: feed parsing', () => {
  it(
    'decodes and parses any bytes into a well-formed feed or a FeedParseError, nothing else',
    { timeout: FUZZ_TIMEOUT },
    () => {
      let parsed = 0
      fc.assert(
        fc.property(
          feedBytes,
          fc.constantFrom(...CONTENT_TYPES),
          fc.constantFrom('xml', 'json'),
          (bytes, type, kind) => {
            let feed: ParsedFeed
            try {
              feed = parseFeedDocument(decodeText(bytes, type, kind), 'http://127.0.0.1:8080/feed')
            } catch (error) {
              expect(error, String(error)).toBeInstanceOf(FeedParseError)
              expect((error as Error).message).not.toMatch(/\n/)
              return
            }
            expectWellFormed(feed)
            parsed += 1
          },
        ),
        { numRuns: runs(300) },
      )
      // Not a property of refusals only: many of the documents were feeds, and were read. About a quarter
      // are, varying with fast-check's seed (59 of 300 once): a tenth is well clear of that spread, and still
      // fails when parsing refuses what it should read.
      expect(parsed).toBeGreaterThan(runs(300) / 10)
    },
  )
})

describe('feed parsing: entity tricks', () => {
  it('expands no DOCTYPE entity: no billion laughs, no file read through an external entity', async () => {
    const laughs = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']
      .map((name, i, all) => `<!ENTITY ${name} "${i === 0 ? 'lol' : `&${all[i - 1]};`.repeat(10)}">`)
      .join('')
    const feed = parseFeedDocument(
      `<?xml version="1.0"?><!DOCTYPE rss [${laughs}]><rss version="2.0"><channel><title>&h;</title>` +
        `<item><title>&d;</title><description>&h;</description></item></channel></rss>`,
      'http://127.0.0.1/',
    )
    expect(feed.title.length).toBeLessThan(10)
    expect(JSON.stringify(feed.items).length).toBeLessThan(1000)
    const dir = await makeTempDir('xxe')
    try {
      const secret = join(dir, 'secret.txt')
      await writeFile(secret, 'SECRET-7f3a9c')
      const external = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "${pathToFileURL(secret).href}">]>
<rss version="2.0"><channel><title>&x;</title><item><title>&x;</title></item></channel></rss>`
      let parsed: ParsedFeed | null = null
      try {
        parsed = parseFeedDocument(external, 'http://127.0.0.1/')
      } catch (error) {
        expect(error).toBeInstanceOf(FeedParseError)
      }
      expect(JSON.stringify(parsed)).not.toContain('SECRET')
    } finally {
      await removeTempDir(dir)
    }
  })
})

// Labels a server or a document may declare: real ones, ones browsers refuse, and garbage.
const LABELS = [
  ...['utf-8', 'UTF8', ' utf-8 ', 'utf-16', 'utf-16le', 'utf-16be', 'iso-8859-1', 'latin1', 'us-ascii'],
  ...['euc-kr', 'ks_c_5601-1987', 'shift_jis', 'euc-jp', 'gb2312', 'gbk', 'gb18030', 'big5', 'koi8-r'],
  ...[
    'windows-1251',
    'windows-874',
    'x-mac-cyrillic',
    'utf-7',
    'iso-2022-jp',
    'x-user-defined',
    'replacement',
  ],
  ...['', '"', "'utf-8'", '"euc-kr"', 'utf-8;', 'base64', 'binary', 'constructor', '__proto__', 'toString'],
]
const label = fc.oneof(
  fc.constantFrom(...LABELS),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
)
const declaredBytes = fc
  .tuple(label, fc.constantFrom('xml', 'meta', 'http-equiv', 'none'), fc.uint8Array({ maxLength: 300 }))
  .map(([name, where, body]) => {
    const head = {
      xml: `<?xml version="1.0" encoding="${name}"?>`,
      meta: `<meta charset="${name}">`,
      'http-equiv': `<meta http-equiv="Content-Type" content="text/html; charset=${name}">`,
      none: '',
    }[where]
    return new Uint8Array(Buffer.concat([Buffer.from(head, 'latin1'), body]))
  })

describe('property: the charset decoder', () => {
  it(
    'never throws, whatever the bytes and whatever charset is declared, and drops the BOM',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(
          fc.oneof(declaredBytes, fc.uint8Array({ maxLength: 300 })),
          fc.oneof(
            fc.constant(null),
            label.map((name) => `text/html; charset=${name}`),
            fc.string({ maxLength: 20 }),
          ),
          fc.constantFrom('xml', 'html', 'json'),
          (bytes, contentType, kind) => {
            const text = decodeText(bytes, contentType, kind)
            expect(typeof text).toBe('string')
            expect(text.startsWith('\uFEFF')).toBe(false)
          },
        ),
        { numRuns: runs(500) },
      )
    },
  )

  it(
    'gives back any text exactly, sent as UTF-8 with a header or as UTF-16 with a BOM',
    { timeout: FUZZ_TIMEOUT },
    () => {
      const text = fc.string({ unit: 'binary', maxLength: 60 }).filter((s) => !s.startsWith('\uFEFF'))
      fc.assert(
        fc.property(text, fc.constantFrom('xml', 'html', 'json'), (original, kind) => {
          expect(decodeText(new Uint8Array(Buffer.from(original)), 'text/plain; charset=utf-8', kind)).toBe(
            original,
          )
          const utf16 = new Uint8Array(iconv.encode(original, 'utf-16le', { addBOM: true }))
          expect(decodeText(utf16, 'text/plain; charset=iso-8859-1', kind)).toBe(original)
        }),
        { numRuns: runs(500) },
      )
    },
  )
})

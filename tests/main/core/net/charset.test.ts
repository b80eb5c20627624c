import fc from 'fast-check'
import iconv from 'iconv-lite'
import { describe, expect, test } from 'vitest'
import { decodeText } from '../../../../src/main/core/net/charset'

/** A language's text, the iconv-lite codec that writes it, and the labels a document may use for it. */
const LANGUAGES = [
  {
    name: 'Korean',
    codec: 'euc-kr',
    labels: ['EUC-KR', 'ks_c_5601-1987', 'korean'],
    text: '서울에서 열린 국제 회의 소식입니다',
  },
  {
    name: 'Japanese',
    codec: 'shift_jis',
    labels: ['Shift_JIS', 'shift-jis', 'x-sjis', 'windows-31j'],
    text: '東京の天気予報：明日は晴れ、ところにより雨',
  },
  {
    name: 'Japanese',
    codec: 'euc-jp',
    labels: ['EUC-JP', 'x-euc-jp'],
    text: '東京の天気予報：明日は晴れ、ところにより雨',
  },
  {
    name: 'Chinese',
    codec: 'gbk',
    labels: ['GBK', 'gb2312', 'x-gbk'],
    text: '北京新闻：今天天气晴朗，气温二十度',
  },
  // U+20000 exists only in GB18030's four-byte sequences, not in GBK.
  { name: 'Chinese', codec: 'gb18030', labels: ['GB18030'], text: '北京新闻：今天天气晴朗 𠀀' },
  {
    name: 'Chinese',
    codec: 'big5',
    labels: ['Big5', 'x-x-big5', 'big5-hkscs'],
    text: '臺北新聞：今天天氣晴朗，氣溫二十度',
  },
  {
    name: 'Russian',
    codec: 'windows-1251',
    labels: ['windows-1251', 'cp1251'],
    text: 'Новости: съешь же ещё этих мягких французских булок',
  },
  {
    name: 'Russian',
    codec: 'koi8-r',
    labels: ['KOI8-R', 'koi8'],
    text: 'Новости: съешь же ещё этих мягких французских булок',
  },
  {
    name: 'French',
    codec: 'windows-1252',
    labels: ['windows-1252', 'ISO-8859-1', 'latin1', 'us-ascii'],
    text: 'Café crème — 5 € “à emporter”',
  },
]

const DECLARATIONS = {
  header: (label: string, body: string) => ({
    contentType: `text/html; charset=${label}`,
    kind: 'html' as const,
    document: `<html><head><title>t</title></head><body><p>${body}</p></body></html>`,
  }),
  'quoted header': (label: string, body: string) => ({
    contentType: `application/json; charset="${label}"`,
    kind: 'json' as const,
    document: JSON.stringify({ title: body }),
  }),
  'XML declaration': (label: string, body: string) => ({
    contentType: 'application/rss+xml',
    kind: 'xml' as const,
    document: `<?xml version="1.0" encoding="${label}"?>\n<rss><channel><title>${body}</title></channel></rss>`,
  }),
  'meta charset': (label: string, body: string) => ({
    contentType: 'text/html',
    kind: 'html' as const,
    document: `<!doctype html><html><head><meta charset="${label}"><title>x</title></head><body>${body}</body></html>`,
  }),
  'meta http-equiv': (label: string, body: string) => ({
    contentType: null,
    kind: 'html' as const,
    document: `<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=${label}"></head><body>${body}</body></html>`,
  }),
}

const cases = LANGUAGES.flatMap((language) =>
  language.labels.flatMap((label) =>
    Object.entries(DECLARATIONS).map(([how, make]) => ({
      ...language,
      label,
      how,
      ...make(label, language.text),
    })),
  ),
)

describe('decodeText', () => {
  test.each(cases)(
    '$name in $codec, labelled $label by $how',
    ({ codec, text, document, contentType, kind }) => {
      const bytes = iconv.encode(document, codec)
      // The test's own check: the codec really writes this text (no '?' for unmappable characters).
      expect(iconv.decode(bytes, codec)).toBe(document)
      expect(bytes.equals(Buffer.from(document))).toBe(false)
      const decoded = decodeText(bytes, contentType, kind)
      expect(decoded).toBe(document)
      expect(decoded).toContain(text)
      expect(decoded).not.toContain('\uFFFD')
    },
  )

  test('a byte order mark wins over the header, and is not part of the text', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Café €')])
    expect(decodeText(bytes, 'text/html; charset=windows-1252', 'html')).toBe('Café €')
    expect(decodeText(bytes, null, 'json')).toBe('Café €')
  })

  test.each([
    ['UTF-16LE', 'utf-16le', [0xff, 0xfe]],
    ['UTF-16BE', 'utf-16be', [0xfe, 0xff]],
  ])('a %s byte order mark is followed without any declaration', (_name, codec, bom) => {
    const document = '<?xml version="1.0"?><rss><title>Новости 北京 €</title></rss>'
    const bytes = Buffer.concat([Buffer.from(bom), iconv.encode(document, codec)])
    expect(decodeText(bytes, 'application/xml', 'xml')).toBe(document)
    expect(decodeText(bytes, 'text/html; charset=iso-8859-1', 'html')).toBe(document)
  })

  test('a header charset without a BOM still decodes UTF-16', () => {
    const bytes = iconv.encode('{"a":"ü"}', 'utf-16le')
    expect(decodeText(bytes, 'application/json; charset=utf-16', 'json')).toBe('{"a":"ü"}')
  })

  test('a UTF-8 BOM is stripped when the header already said UTF-8', () => {
    const bytes = Buffer.from('\uFEFF<rss/>')
    expect(decodeText(bytes, 'application/xml; charset=UTF-8', 'xml')).toBe('<rss/>')
  })

  test('the header wins over the document’s declaration', () => {
    const document = '<meta charset="koi8-r"><p>Новости</p>'
    const bytes = iconv.encode(document, 'windows-1251')
    expect(decodeText(bytes, 'text/html; charset=windows-1251', 'html')).toBe(document)
  })

  test('an unknown header label is skipped in favour of the declaration', () => {
    const document = '<?xml version="1.0" encoding="koi8-r"?><title>Новости</title>'
    const bytes = iconv.encode(document, 'koi8-r')
    expect(decodeText(bytes, 'text/xml; charset=x-bogus', 'xml')).toBe(document)
  })

  test('unknown and unsafe labels fall back to UTF-8', () => {
    for (const label of ['x-bogus', 'utf-7', 'iso-2022-jp', '', '../../etc']) {
      const bytes = Buffer.from(`<meta charset="${label}"><p>Café</p>`)
      expect(decodeText(bytes, `text/html; charset=${label}`, 'html')).toBe(
        `<meta charset="${label}"><p>Café</p>`,
      )
    }
  })

  test('no declaration at all means UTF-8', () => {
    expect(decodeText(Buffer.from('<p>日本語 Café</p>'), null, 'html')).toBe('<p>日本語 Café</p>')
    expect(decodeText(Buffer.from('<rss>Новости</rss>'), 'application/xml', 'xml')).toBe('<rss>Новости</rss>')
  })

  test('a declared UTF-16 readable as ASCII is really UTF-8', () => {
    const document = '<?xml version="1.0" encoding="UTF-16"?><title>Café</title>'
    expect(decodeText(Buffer.from(document), null, 'xml')).toBe(document)
    const page = '<meta charset="utf-16"><p>Café</p>'
    expect(decodeText(Buffer.from(page), null, 'html')).toBe(page)
  })

  test('a meta inside a comment is not a declaration', () => {
    const document = '<!-- <meta charset="koi8-r"> --><meta charset="windows-1251"><p>Новости</p>'
    expect(decodeText(iconv.encode(document, 'windows-1251'), null, 'html')).toBe(document)
  })

  test('declarations of the other kind are ignored', () => {
    const html = '<meta charset="windows-1251"><p>Новости</p>'
    expect(decodeText(Buffer.from(html), null, 'xml')).toBe(html)
    expect(decodeText(Buffer.from(html), null, 'json')).toBe(html)
    const xml = '<?xml version="1.0" encoding="windows-1251"?><p>Новости</p>'
    expect(decodeText(Buffer.from(xml), null, 'html')).toBe(xml)
  })

  test('bytes invalid in their encoding become U+FFFD', () => {
    expect(decodeText(Uint8Array.from([0x41, 0xff, 0xfe, 0x42]), 'text/plain; charset=utf-8', 'json')).toBe(
      'A\uFFFD\uFFFDB',
    )
  })

  test('a Uint8Array view into a larger buffer decodes only its own bytes', () => {
    const backing = Buffer.from('xxxxCafé ok!yyyy')
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 4, backing.length - 8)
    expect(decodeText(view, null, 'json')).toBe('Café ok!')
  })

  test('never throws, whatever the bytes and labels', () => {
    const labels = [
      null,
      'text/html',
      'text/html; charset=',
      'text/html; charset=utf-16be',
      'text/xml; charset=big5',
      'a;b;;charset=shift_jis;',
      'x; charset="gb18030',
    ]
    const prefixes = ['', '<?xml version="1.0" encoding="euc-kr"?>', '<meta charset="euc-jp">', '\uFEFF']
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.constantFrom(...labels),
        fc.constantFrom(...prefixes),
        fc.constantFrom('xml' as const, 'html' as const, 'json' as const),
        (bytes, contentType, prefix, kind) => {
          const input = Buffer.concat([Buffer.from(prefix), bytes])
          expect(typeof decodeText(input, contentType, kind)).toBe('string')
        },
      ),
      { numRuns: 2000 },
    )
  })
})

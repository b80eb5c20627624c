import iconv from 'iconv-lite'

/** How far into a document its own charset declaration is looked for. */
const SNIFF_BYTES = 2048

/**
 * The WHATWG Encoding Standard's labels (https://encoding.spec.whatwg.org/#names-and-labels), keyed
 * by the iconv-lite codec that decodes them. The standard's mappings are what browsers do, and they
 * differ from the names' literal meaning on purpose: "iso-8859-1" and "us-ascii" mean windows-1252,
 * "gb2312" means GBK (decoded by the GB18030 decoder, a superset), "euc-kr" means windows-949
 * (iconv-lite's cp949), "big5" means Big5-HKSCS. Labels outside this table (utf-7, iso-2022-jp, ...) are
 * not decoded, as browsers do not (UTF-7 smuggles markup past filters), and fall through to UTF-8.
 */
const LABELS: Record<string, string> = {
  'utf-8': 'unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8',
  cp866: '866 cp866 csibm866 ibm866',
  'iso-8859-2': 'csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2',
  'iso-8859-3': 'csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3',
  'iso-8859-4': 'csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4',
  'iso-8859-5':
    'csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988',
  'iso-8859-6':
    'arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987',
  'iso-8859-7':
    'csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek',
  'iso-8859-8':
    'csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical',
  'iso-8859-10': 'csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6',
  'iso-8859-13': 'iso-8859-13 iso8859-13 iso885913',
  'iso-8859-14': 'iso-8859-14 iso8859-14 iso885914',
  'iso-8859-15': 'csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9',
  'iso-8859-16': 'iso-8859-16',
  'koi8-r': 'cskoi8r koi koi8 koi8-r koi8_r',
  'koi8-u': 'koi8-ru koi8-u',
  macintosh: 'csmacintosh mac macintosh x-mac-roman',
  'windows-874': 'dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874',
  'windows-1250': 'cp1250 windows-1250 x-cp1250',
  'windows-1251': 'cp1251 windows-1251 x-cp1251',
  'windows-1252':
    'ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252',
  'windows-1253': 'cp1253 windows-1253 x-cp1253',
  'windows-1254':
    'cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254',
  'windows-1255': 'cp1255 windows-1255 x-cp1255',
  'windows-1256': 'cp1256 windows-1256 x-cp1256',
  'windows-1257': 'cp1257 windows-1257 x-cp1257',
  'windows-1258': 'cp1258 windows-1258 x-cp1258',
  maccyrillic: 'x-mac-cyrillic x-mac-ukrainian',
  gb18030: 'chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030',
  big5hkscs: 'big5 big5-hkscs cn-big5 csbig5 x-x-big5',
  'euc-jp': 'cseucpkdfmtjapanese euc-jp x-euc-jp',
  shift_jis: 'csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis',
  cp949:
    'cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949',
  'utf-16be': 'unicodefffe utf-16be',
  'utf-16le': 'csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le',
}

const CODECS = new Map(
  Object.entries(LABELS).flatMap(([codec, labels]) => labels.split(' ').map((label) => [label, codec])),
)

/**
 * Decodes a fetched text document, choosing its encoding in this order:
 * 1. a byte order mark (UTF-8, UTF-16LE/BE) — the WHATWG rule: a BOM is the most reliable signal
 *    there is, and a server's charset header is often a server-wide default that is wrong;
 * 2. the charset of the Content-Type header;
 * 3. the document's own declaration: for XML `<?xml ... encoding="..."?>`, for HTML a `<meta charset>`
 *    or `<meta http-equiv="Content-Type" content="...; charset=...">` near the top (JSON has none);
 * 4. UTF-8.
 * A source naming an encoding we do not know is skipped. The BOM is not part of the result.
 * Never throws: bytes that do not fit the encoding decode to U+FFFD.
 */
export function decodeText(
  bytes: Uint8Array,
  contentType: string | null,
  kind: 'xml' | 'html' | 'json',
): string {
  const bom = sniffBom(bytes)
  const codec =
    bom?.codec ??
    codecOf(charsetOfContentType(contentType)) ??
    (kind === 'xml' ? declaredCodec(sniffXmlEncoding(bytes)) : undefined) ??
    (kind === 'html' ? declaredCodec(sniffHtmlCharset(bytes)) : undefined) ??
    'utf-8'
  const body = bytes.subarray(bom?.length ?? 0)
  let text: string
  try {
    text = iconv.decode(body, codec, { stripBOM: false })
  } catch {
    text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
  }
  // A BOM-like U+FEFF can still lead when the header or a declaration chose the codec.
  return text.startsWith('\uFEFF') ? text.slice(1) : text
}

function sniffBom(bytes: Uint8Array): { codec: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { codec: 'utf-8', length: 3 }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { codec: 'utf-16le', length: 2 }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { codec: 'utf-16be', length: 2 }
  return undefined
}

/** The iconv-lite codec for an encoding label, or undefined for a label the standard does not know. */
function codecOf(label: string | undefined): string | undefined {
  return label === undefined ? undefined : CODECS.get(label.trim().toLowerCase())
}

/**
 * A codec named inside the document itself. A declaration we could read as ASCII cannot be UTF-16, so
 * UTF-16 there means UTF-8 (the HTML standard's rule, which holds for XML just as well).
 */
function declaredCodec(label: string | undefined): string | undefined {
  const codec = codecOf(label)
  return codec === 'utf-16le' || codec === 'utf-16be' ? 'utf-8' : codec
}

function charsetOfContentType(contentType: string | null): string | undefined {
  if (!contentType) return undefined
  for (const parameter of contentType.split(';').slice(1)) {
    const [name, ...rest] = parameter.split('=')
    if (name?.trim().toLowerCase() === 'charset') return unquote(rest.join('=').trim())
  }
  return undefined
}

/** The start of a document as one char per byte: markup is ASCII in every encoding we may meet here. */
function asciiPrefix(bytes: Uint8Array): string {
  const head = bytes.subarray(0, SNIFF_BYTES)
  return Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1')
}

function sniffXmlEncoding(bytes: Uint8Array): string | undefined {
  return /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']?([A-Za-z0-9._:-]+)/.exec(asciiPrefix(bytes))?.[1]
}

/**
 * The charset an HTML document declares in its first 2 KB: `<meta charset>` or the http-equiv
 * Content-Type form, ignoring comments. A looser scan than the HTML standard's prescan (which stops at
 * 1 KB and tracks tag state), reading the same declarations in practice.
 */
function sniffHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = asciiPrefix(bytes).replace(/<!--[\s\S]*?(?:-->|$)/g, '')
  for (const tag of head.matchAll(/<meta\b([^>]*)>?/gi)) {
    const attributes = parseAttributes(tag[1] ?? '')
    const charset = attributes.get('charset')
    if (charset) return charset
    const content = attributes.get('content')
    if (attributes.get('http-equiv')?.toLowerCase() === 'content-type' && content) {
      const match = /charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))/i.exec(content)
      const value = match?.[1] ?? match?.[2] ?? match?.[3]
      if (value) return value
    }
  }
  return undefined
}

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>()
  for (const match of source.matchAll(/([^\s"'=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
    const name = match[1]!.toLowerCase()
    // The first of a repeated attribute wins, as in the HTML parser.
    if (!attributes.has(name)) attributes.set(name, unquote(match[2] ?? '').trim())
  }
  return attributes
}

function unquote(value: string): string {
  return /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value
}

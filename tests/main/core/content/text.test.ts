import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  collapseWhiteSpace,
  htmlToText,
  plainLine,
  sanitizeTitle,
  trimTrailingBreaks,
} from '../../../../src/main/core/content/text'

describe('htmlToText', () => {
  it('separates blocks with a blank line and collapses whitespace inside them', () => {
    const html =
      '<h1>  Title\n</h1><p>First   paragraph,\n  <b>bold</b> <i>and</i>  more.</p><div><p>Second.</p></div>'
    expect(htmlToText(html)).toBe('Title\n\nFirst paragraph, bold and more.\n\nSecond.')
  })

  it('turns <br> into a line break, and two into a blank line', () => {
    expect(htmlToText('<p>one<br>two <br> three<br><br>four</p>')).toBe('one\ntwo\nthree\n\nfour')
    expect(htmlToText('<p>a</p><br><br><p>b</p>')).toBe('a\n\nb')
  })

  it('puts list items and table rows on lines of their own', () => {
    expect(
      htmlToText(
        '<p>Intro</p><ul><li>one</li><li>two<ol><li>two.a</li></ol></li><li>three</li></ul><p>End</p>',
      ),
    ).toBe('Intro\n\none\ntwo\ntwo.a\nthree\n\nEnd')
    expect(
      htmlToText('<table><tr><th>Name</th><th>Votes</th></tr><tr><td>Kim</td><td>12</td></tr></table>'),
    ).toBe('Name Votes\nKim 12')
  })

  it('keeps whitespace inside <pre> as written', () => {
    expect(htmlToText('<p>Code:</p><pre>if (x) {\n    y()\n}</pre><p>after</p>')).toBe(
      'Code:\n\nif (x) {\n    y()\n}\n\nafter',
    )
  })

  it('decodes entities and leaves no markup or script text', () => {
    const text = htmlToText(
      '<p>Tom &amp; Jerry &lt;3 &quot;q&quot; &#xD55C;&#xAD6D;&nbsp;어</p><script>var x = 1</script><style>p{}</style>',
    )
    expect(text).toBe('Tom & Jerry <3 "q" 한국 어')
  })

  it('is empty for empty or markup-only input', () => {
    expect(htmlToText('')).toBe('')
    expect(htmlToText('<p> </p><img src="x.jpg"><br>')).toBe('')
  })
})

describe('sanitizeTitle', () => {
  it('strips tags, decodes entities and collapses whitespace', () => {
    expect(sanitizeTitle('  <b>Breaking</b>:\n  Tom &amp; Jerry&#8217;s <em>big</em>   day ')).toBe(
      'Breaking: Tom & Jerry’s big day',
    )
  })

  it('removes scripts and comments entirely', () => {
    expect(sanitizeTitle('A<script>alert(1)</script> B<!-- hidden --> C')).toBe('A B C')
  })

  it('keeps a lone < as text', () => {
    expect(sanitizeTitle('x < y and a<b')).toBe('x < y and a<b')
    expect(sanitizeTitle('&lt;img src=x onerror=alert(1)&gt;')).toBe('<img src=x onerror=alert(1)>')
  })

  it('decodes one level of entities only', () => {
    expect(sanitizeTitle('Q&amp;amp;A')).toBe('Q&amp;A')
  })

  it('turns control characters into spaces and drops invisible ones, encoded or not', () => {
    expect(sanitizeTitle('a\u0000b\u0007c\u200bd 한국어')).toBe('a b cd 한국어')
    expect(sanitizeTitle('<b>x</b>&#x202E;gnp.exe &#27;[2J&#8203;y')).toBe('xgnp.exe [2Jy')
  })
})

describe('plainLine', () => {
  it('turns terminal escapes (C0, DEL, C1) into spaces, so no sequence is left to obey', () => {
    expect(plainLine('A\u001b]0;owned\u0007B\u001b[2J\u009b31mC\u007fD')).toBe('A ]0;owned B [2J 31mC D')
  })

  it('drops bidi embeddings, overrides and isolates, keeps the marks right-to-left text uses', () => {
    const overrides = [
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ]
    for (const control of overrides) expect(plainLine(`invoice${control}fdp.exe`)).toBe('invoicefdp.exe')
    expect(plainLine('שלום!\u200f')).toBe('שלום!\u200f')
    expect(plainLine('\u200eabc\u061c')).toBe('\u200eabc\u061c')
  })

  it('drops zero-width characters, and joiners where they join nothing', () => {
    expect(plainLine('Pay\u200bPal \u2060Pay\u200dPal Pay\u200cPal\ufeff\u180e\u2062')).toBe(
      'PayPal PayPal PayPal',
    )
    expect(plainLine('\u200dstart end\u200c')).toBe('start end')
  })

  it('keeps joiners inside emoji sequences and in scripts that spell with them', () => {
    const kept = [
      '👨\u200d👩\u200d👧', // a family
      '👩🏽\u200d💻', // with a skin tone
      '🏃\u200d♀\ufe0f', // with a variation selector
      'می\u200cخواهم', // Persian's half-space
      'क्\u200dष', // a Devanagari half form
      'ශ්\u200dරී', // Sinhala
    ]
    for (const text of kept) expect(plainLine(text)).toBe(text)
  })

  it('keeps tag characters only in a subdivision flag', () => {
    const england = '🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}'
    expect(plainLine(`Football ${england}`)).toBe(`Football ${england}`)
    expect(plainLine('News\u{e0069}\u{e0067}\u{e006e}\u{e006f}\u{e0072}\u{e0065} today')).toBe('News today')
  })

  it('gives one line with nothing a terminal obeys or a reader cannot see, and is idempotent', () => {
    const risky = ['\u001b', '\u0007', '\u009b', '\u202e', '\u2067', '\u200b', '\u200d', '\u200c', '\ufeff']
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc
        .array(fc.constantFrom(...risky, 'a', 'ی', 'क', '्', '👩', ' ', '\n'), { maxLength: 30 })
        .map((c) => c.join('')),
    )
    fc.assert(
      fc.property(text, (input) => {
        const line = plainLine(input)
        // eslint-disable-next-line no-control-regex -- what must not be left
        expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\ufeff]/)
        expect(line).not.toMatch(/^\s|\s$|\s\s/)
        expect(plainLine(line)).toBe(line)
      }),
      { numRuns: 300 },
    )
  })
})

describe('the white-space helpers', () => {
  // Pieces where the two expressions have something to find: every kind of space, runs of them, words.
  const piece = fc.constantFrom(
    ' ',
    '  ',
    '\t',
    '\n',
    '\f',
    '\r',
    '\u00a0',
    '\u3000',
    '\u2003',
    'word',
    '서울',
    '.',
  )
  const texts = fc.array(piece, { maxLength: 16 }).map((pieces) => pieces.join(''))

  it('collapseWhiteSpace is the replacement it stands for', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(collapseWhiteSpace(text)).toBe(text.replace(/[\t\n\f\r \u00a0]+/g, ' '))
      }),
      { numRuns: 2000 },
    )
  })

  it('trimTrailingBreaks is the replacement it stands for', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(trimTrailingBreaks(text)).toBe(text.replace(/[ \n]+$/, ''))
      }),
      { numRuns: 2000 },
    )
  })
})

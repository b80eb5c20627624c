import { describe, expect, it } from 'vitest'
import { htmlToText, sanitizeTitle } from '../../../../src/main/core/content/text'

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

  it('turns control characters into spaces', () => {
    expect(sanitizeTitle('a\u0000b\u0007c\u200bd 한국어')).toBe('a b c\u200bd 한국어')
  })
})

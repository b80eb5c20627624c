// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { anchorOf, canonicalText } from '../../src/shared/anchor'
import type { HighlightView } from '../../src/shared/types'
import {
  clearHighlightMarks,
  markHighlights,
  selectionOffsets,
} from '../../src/renderer/src/reader-highlights'

const HTML =
  '<h1>Floods</h1><p>The river rose in the <em>night</em>.</p>\n<p>Nobody in Khabarovsk remembered it.</p>'

function body(): HTMLElement {
  const div = document.createElement('div')
  div.innerHTML = HTML
  document.body.replaceChildren(div)
  return div
}

function textOf(root: HTMLElement): string {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  const pieces: string[] = []
  for (let node = walker.nextNode(); node; node = walker.nextNode()) pieces.push((node as Text).data)
  return canonicalText(pieces).text
}

function highlightOf(root: HTMLElement, exact: string, extra: Partial<HighlightView> = {}): HighlightView {
  const text = textOf(root)
  const start = text.indexOf(exact)
  const anchor = anchorOf(text, start, start + exact.length)
  return {
    id: `h-${exact.length}`,
    articleId: 'a',
    feedId: 'f',
    ...anchor,
    text: anchor.exact,
    color: 'yellow',
    note: '',
    created: '',
    updated: '',
    orphaned: false,
    articleTitle: '',
    ...extra,
  }
}

describe('highlight marks in the reader', () => {
  it('marks a highlight across elements, without changing the text, and takes the marks out again', () => {
    const root = body()
    const before = root.textContent
    const h = highlightOf(root, 'river rose in the night', { note: 'when?', color: 'green' })
    const marks = markHighlights(root, [h], (x) => `Highlight: ${x.text} (${x.note})`)
    const mine = marks.get(h.id)!
    expect(mine.map((m) => m.textContent)).toEqual(['river rose in the ', 'night'])
    expect(mine.every((m) => m.className === 'reader-highlight green')).toBe(true)
    // Reachable by Tab once, and named.
    expect(mine[0]!.tabIndex).toBe(0)
    expect(mine[0]!.getAttribute('aria-label')).toBe('Highlight: river rose in the night (when?)')
    expect(mine[1]!.hasAttribute('tabindex')).toBe(false)
    expect(root.textContent).toBe(before)
    clearHighlightMarks(root)
    expect(root.querySelector('mark')).toBeNull()
    expect(root.innerHTML).toBe(HTML)
  })

  it('marks nothing for an orphan, and the overlap of two highlights once', () => {
    const root = body()
    const a = highlightOf(root, 'Nobody in Khabarovsk')
    const b = { ...highlightOf(root, 'Khabarovsk remembered'), id: 'b' }
    const orphan = { ...highlightOf(root, 'Floods'), id: 'o', orphaned: true }
    const marks = markHighlights(root, [a, b, orphan], () => '')
    expect(marks.has('o')).toBe(false)
    expect(root.querySelectorAll('mark').length).toBe(2)
    expect([...root.querySelectorAll('mark')].map((m) => m.textContent).join('|')).toBe(
      'Nobody in |Khabarovsk remembered',
    )
  })

  it('turns a selection into the canonical offsets the core stores', () => {
    const root = body()
    const text = textOf(root)
    const range = document.createRange()
    const em = root.querySelector('em')!.firstChild!
    const p = root.querySelector('p')!.firstChild!
    range.setStart(p, 4)
    range.setEnd(em, 5)
    expect(selectionOffsets(root, range)).toEqual({
      start: text.indexOf('river'),
      end: text.indexOf('night') + 5,
    })
    // A selection from element boundaries (a triple click) starts at the first text after it.
    const whole = document.createRange()
    whole.selectNodeContents(root.querySelectorAll('p')[1]!)
    const offsets = selectionOffsets(root, whole)!
    expect(text.slice(offsets.start, offsets.end)).toBe('Nobody in Khabarovsk remembered it.')
    const outside = document.createRange()
    outside.selectNodeContents(document.body)
    expect(selectionOffsets(root, outside)).toBeNull()
  })
})

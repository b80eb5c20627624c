import { describe, expect, it } from 'vitest'
import stringWidth from 'string-width'
import {
  clip,
  dateAndAge,
  groupDigits,
  plural,
  printJson,
  printTable,
  terminalSafe,
  wrap,
  type CliIO,
} from '../../src/cli/output'
import { durationWords } from '../../src/shared/relative-time'

/*
 * The CLI's second line of defence: whatever reached the data dir (a config.json edited by hand), what it
 * prints from there holds nothing a terminal obeys — no escape sequence, no bell, no carriage return, no
 * bidi override — and a table stays one line per row.
 */
const ESC = '\u001b'
const HOSTILE = `A${ESC}]0;owned\u0007B${ESC}[2J\rC\u009b31m\u202eD\u2066E\u007f`
// eslint-disable-next-line no-control-regex -- what must never reach a terminal
const OBEYED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

function captured(): { io: CliIO; out: () => string } {
  let text = ''
  const io: CliIO = { stdout: (t) => (text += t), stderr: (t) => (text += t), env: {}, isTTY: true }
  return { io, out: () => text }
}

describe('terminal-safe output', () => {
  it('shows every control and bidi override as U+FFFD, one for one, keeping tabs and newlines', () => {
    const safe = terminalSafe(`${HOSTILE}\tF\nG`)
    expect(safe).toBe('A\ufffd]0;owned\ufffdB\ufffd[2J\ufffdC\ufffd31m\ufffdD\ufffdE\ufffd\tF\nG')
    expect(safe).toHaveLength(`${HOSTILE}\tF\nG`.length)
  })

  it('prints table cells as one safe line each, the flags column’s spaces kept', () => {
    const { io, out } = captured()
    printTable(io, ['ID', 'FLAGS', 'TITLE'], [['a1', ' ★ ', `two\nlines ${HOSTILE}`]])
    const lines = out().split('\n').filter(Boolean)
    expect(lines).toHaveLength(2)
    expect(out()).not.toMatch(OBEYED)
    expect(lines[1]).toMatch(/^a1 {3}★ {5}two lines A\ufffd\]0;owned/)
  })

  it('clips and wraps safely', () => {
    expect(clip(HOSTILE, 100)).not.toMatch(OBEYED)
    expect(wrap(`${HOSTILE}\n\nsecond paragraph`)).not.toMatch(OBEYED)
    expect(wrap(`${HOSTILE}\n\nsecond paragraph`)).toContain('\n\nsecond paragraph')
  })

  it('prints JSON that still parses to the same value, with C1 and bidi controls escaped', () => {
    const { io, out } = captured()
    printJson(io, { title: HOSTILE })
    expect(out()).not.toMatch(OBEYED)
    expect(JSON.parse(out())).toEqual({ title: HOSTILE })
  })
})

describe('display width', () => {
  /** Where each cell after the first starts, in terminal cells. */
  const starts = (line: string, cells: string[]): number[] =>
    cells.map((cell) => stringWidth(line.slice(0, line.indexOf(cell))))

  it('aligns table columns by terminal cells: Hangul and CJK take two, combining marks none', () => {
    const { io, out } = captured()
    const titles = ['북한 경제 뉴스', '東京の天気', 'Cafe\u0301 crème', 'plain']
    printTable(
      io,
      ['ID', 'TITLE', 'STATUS'],
      titles.map((title, n) => [`f${n}`, title, `status${n}`]),
    )
    const lines = out().trimEnd().split('\n')
    const columns = lines.slice(1).map((line, n) => starts(line, [titles[n]!, `status${n}`]))
    // Every row's STATUS starts in the same terminal column as the header's.
    const header = starts(lines[0]!, ['TITLE', 'STATUS'])
    for (const row of columns) expect(row).toEqual(header)
    expect(header[1]).toBe(4 + stringWidth('북한 경제 뉴스') + 2)
  })

  it('clips to a width in cells, never splitting a wide character or an accent from its letter', () => {
    const clipped = clip('한국어 기사 제목이 아주 깁니다', 10)
    expect(stringWidth(clipped)).toBeLessThanOrEqual(10)
    expect(clipped).toBe('한국어 기…')
    expect(clip('e\u0301e\u0301e\u0301e\u0301', 3)).toBe('e\u0301e\u0301…')
    expect(clip('東京', 4)).toBe('東京')
  })

  it('wraps by cells, breaking a run of Chinese or Japanese that has no spaces', () => {
    const text =
      `${'日本語の文章です。'.repeat(12)}\n\n한국어 문장은 띄어쓰기가 있습니다 `.repeat(1) +
      '한국어 '.repeat(20)
    const lines = wrap(text, 30).split('\n').filter(Boolean)
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(30)
    expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/\s/g, ''))
  })
})

describe('words for counts and times', () => {
  it('says one in the singular', () => {
    expect(plural(1, 'article')).toBe('1 article')
    expect(plural(0, 'article')).toBe('0 articles')
    expect(plural(2, 'new article')).toBe('2 new articles')
    expect(plural(1234, 'feed')).toBe('1,234 feeds')
  })

  it('groups digits as en-US does', () => {
    const counts = [0, 7, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -123_456_789, 2 ** 53 - 1, 1.5, 1e21]
    for (let n = 1; n < 1e15; n = n * 7 + 3) counts.push(n, -n)
    for (const count of counts) expect(groupDigits(count), String(count)).toBe(count.toLocaleString('en-US'))
  })

  it('shows a time in local time with how long ago or how soon', () => {
    const now = Date.UTC(2026, 11, 4, 12, 0)
    const past = new Date(now - 3 * 3600_000 - 5 * 60_000)
    const local = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
    expect(dateAndAge(past.toISOString(), now)).toBe(`${local(past)} (3 h 5 min ago)`)
    const soon = new Date(now + 58 * 60_000)
    expect(dateAndAge(soon.toISOString(), now)).toBe(`${local(soon)} (in 58 min)`)
    expect(dateAndAge(new Date(now - 20_000).toISOString(), now)).toMatch(/\(just now\)$/)
    expect(dateAndAge(null, now)).toBe('—')
  })

  it('rounds a span to the minute, in the largest unit that reads well', () => {
    expect(durationWords(20_000)).toBe('under a minute')
    expect(durationWords(58 * 60_000 + 10_000)).toBe('58 min')
    expect(durationWords(3599_000)).toBe('1 h')
    expect(durationWords(3 * 3600_000 + 5 * 60_000)).toBe('3 h 5 min')
    expect(durationWords(-2 * 86400_000)).toBe('2 days')
    expect(durationWords(86400_000)).toBe('1 day')
  })
})

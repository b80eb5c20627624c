import { describe, expect, it } from 'vitest'
import { clip, printJson, printTable, terminalSafe, wrap, type CliIO } from '../../src/cli/output'

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

import stringWidth from 'string-width'
import { relativeWords } from '../shared/relative-time'

/** Where the CLI writes; tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void
  stderr: (text: string) => void
  env: NodeJS.ProcessEnv
  /** True when stdout is a terminal (progress bars, colours). */
  isTTY: boolean
  /** All of standard input, as text (`--password-stdin`). */
  readStdin?: () => Promise<string>
  /** Asks on the terminal without echoing the answer; absent where stdin is not a terminal. */
  askSecret?: (question: string) => Promise<string>
  /** Aborted when the person stops the command (Ctrl-C, SIGTERM): a long command winds down early. */
  interrupted?: AbortSignal
}

/** How long a command may take to wind down after the first Ctrl-C or SIGTERM before the process ends. */
export const STOP_GRACE_MS = 2_000

/** The exit code when the program reading the output closed it first: 128 + SIGPIPE, as a shell reports. */
export const OUTPUT_GONE_EXIT = 141

/**
 * The process's streams, with Ctrl-C and SIGTERM handled: the first aborts `interrupted` (a sync then
 * starts no other feed, stores what it has and says so) and ends the process within {@link STOP_GRACE_MS}
 * whatever is still running; a second ends it at once. Exit codes as a shell expects: 130 and 143; 141
 * when the output's reader went away.
 */
export function processIO(): CliIO {
  const stop = new AbortController()
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      process.exitCode = code
      if (stop.signal.aborted) process.exit(code)
      stop.abort(new Error(`stopped by ${signal}`))
      setTimeout(() => process.exit(code), STOP_GRACE_MS).unref()
    })
  }
  // The program reading the output has gone (`broadsheet search x | head -3`): as SIGPIPE ends a C
  // program, the command ends quietly, exit 141 (128 + SIGPIPE), winding down as on Ctrl-C.
  let outputGone = false
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    if (outputGone) return
    outputGone = true
    process.exitCode = OUTPUT_GONE_EXIT
    stop.abort(new Error('the output was closed'))
    setTimeout(() => process.exit(OUTPUT_GONE_EXIT), STOP_GRACE_MS).unref()
  })
  return {
    interrupted: stop.signal,
    stdout: (text) => {
      if (!outputGone) process.stdout.write(text)
    },
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    readStdin: async () => {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array))
      return Buffer.concat(chunks).toString('utf8')
    },
    askSecret: process.stdin.isTTY ? askSecretOnTerminal : undefined,
  }
}

/** Reads one line from the terminal with echo off. */
function askSecretOnTerminal(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin
    process.stderr.write(question)
    input.setRawMode(true)
    input.resume()
    input.setEncoding('utf8')
    let answer = ''
    const done = (error?: Error): void => {
      input.setRawMode(false)
      input.pause()
      input.off('data', onData)
      process.stderr.write('\n')
      if (error) reject(error)
      else resolve(answer)
    }
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done()
        if (char === '\u0003') return done(new Error('cancelled'))
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1)
        else answer += char
      }
    }
    input.on('data', onData)
  })
}

/**
 * What a terminal obeys or reorders rather than shows: C0 controls but tab and newline, DEL, C1 (a lone
 * U+009B is a CSI to some terminals), the bidi embeddings, overrides and isolates.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g

/**
 * Text from the library as the CLI prints it: what a terminal would obey shows as U+FFFD instead. The
 * core stores titles as plain lines already (content/text.ts); this is the second line, for what reached
 * the data dir another way (a config.json edited by hand, an older version's files). One character for
 * one, so positions into the text (search highlights) still hold.
 */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_CONTROLS, '\ufffd')
}

/** Prints a value as the only thing on stdout (JSON escapes C0 itself; C1 and bidi controls too, here). */
export function printJson(io: CliIO, value: unknown): void {
  const json = JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
  io.stdout(`${json}\n`)
}

/**
 * Left-aligned columns, the last one left unpadded; every cell one line of terminal-safe text. Columns
 * are measured in terminal cells, not characters: Hangul, CJK and emoji take two, combining marks none.
 */
export function printTable(io: CliIO, header: string[], rows: string[][]): void {
  // Cells keep their spaces (the flags column is aligned with them); a line break would end the row.
  const all = [header, ...rows].map((row) => row.map((cell) => terminalSafe(cell).replace(/[\t\n]/g, ' ')))
  const widths = header.map((_, column) => Math.max(...all.map((row) => displayWidth(row[column] ?? ''))))
  for (const row of all) {
    const cells = row.map((cell, column) =>
      column === row.length - 1 ? cell : padToWidth(cell, widths[column] ?? 0),
    )
    io.stdout(`${cells.join('  ').trimEnd()}\n`)
  }
}

/** How many terminal cells text takes (string-width: East Asian wide characters count two). */
export function displayWidth(text: string): number {
  return stringWidth(text)
}

function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)))
}

/** "1 article", "2 articles": a count with its noun in the right number. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${groupDigits(count)} ${count === 1 ? singular : pluralForm}`
}

/**
 * 12345 as "12,345", as toLocaleString('en-US') writes it. A whole number's commas are put in here:
 * the first toLocaleString of a process loads ICU's number formatting (about 5 ms of a CLI search).
 */
export function groupDigits(count: number): string {
  if (!Number.isSafeInteger(count)) return count.toLocaleString('en-US')
  return String(count).replace(/\B(?=(\d{3})+$)/g, ',')
}

/** "2026-11-27 21:04" in local time, or "—". */
export function shortDate(iso: string | null): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return '—'
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/**
 * A time as the CLI shows a past or coming event: local time, then how far from now —
 * "2026-11-27 21:04 (3 h ago)", "2026-11-28 09:00 (in 58 min)" — or "—".
 */
export function dateAndAge(iso: string | null, now = Date.now()): string {
  const date = shortDate(iso)
  if (date === '—' || !iso) return date
  return `${date} (${relativeWords(Date.parse(iso), now)})`
}

/** Text as one terminal-safe line. */
export function oneLine(text: string): string {
  return terminalSafe(text).replace(/\s+/g, ' ').trim()
}

/** Cuts text to a width in terminal cells, with an ellipsis: one terminal-safe line. */
export function clip(text: string, width: number): string {
  const line = oneLine(text)
  if (displayWidth(line) <= width) return line
  let out = ''
  let used = 0
  // By grapheme, so a wide character is never cut in half and an accent stays on its letter.
  for (const { segment } of GRAPHEMES.segment(line)) {
    const cells = displayWidth(segment)
    if (used + cells > width - 1) break
    out += segment
    used += cells
  }
  return `${out.trimEnd()}…`
}

const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' })

/**
 * Wraps plain text at a width in terminal cells, keeping paragraphs: terminal-safe. A run wider than
 * the line with no space to break at (Chinese and Japanese are written without spaces) breaks between
 * characters.
 */
export function wrap(text: string, width = 80): string {
  return terminalSafe(text)
    .split(/\n{2,}/)
    .map((paragraph) => {
      const lines: string[] = []
      let line = ''
      const words = paragraph
        .replace(/\s+/g, ' ')
        .trim()
        .split(' ')
        .flatMap((word) => pieces(word, width))
      for (const word of words) {
        if (line && displayWidth(line) + 1 + displayWidth(word) > width) {
          lines.push(line)
          line = word
        } else {
          line = line ? `${line} ${word}` : word
        }
      }
      if (line) lines.push(line)
      return lines.join('\n')
    })
    .filter(Boolean)
    .join('\n\n')
}

/** A word cut into pieces no wider than `width` cells (itself when it fits). */
function pieces(word: string, width: number): string[] {
  if (displayWidth(word) <= width) return [word]
  const out: string[] = []
  let piece = ''
  for (const { segment } of GRAPHEMES.segment(word)) {
    if (piece && displayWidth(piece + segment) > width) {
      out.push(piece)
      piece = ''
    }
    piece += segment
  }
  if (piece) out.push(piece)
  return out
}

/**
 * Search snippets: a window of a text centred on its best match, cut to a width in columns (a Hangul,
 * Han or Kana character, or a fullwidth form, takes two columns, as on a terminal and about as in a
 * proportional font). The core cuts a snippet for every result with it; the list cuts that again to the
 * columns its row has, so the match is in the middle of what the row shows, never past its edge.
 */

/** [start, length] in UTF-16 code units, as the contract's TextRange. */
type Range = [number, number]

const ELLIPSIS = '…'
/**
 * A window may give up this many columns at either end to start or end on a word boundary (a sixth of
 * a narrow window: a row should show as much context as it has room for).
 */
const WORD_SLACK = 12
const WORD_SLACK_SHARE = 1 / 6

const WIDE =
  /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}]/u

/** The columns one code point takes. */
function columnsOf(codePoint: string): number {
  return WIDE.test(codePoint) ? 2 : 1
}

/** The columns a text takes. */
export function displayColumns(text: string): number {
  let columns = 0
  for (const char of text) columns += columnsOf(char)
  return columns
}

/**
 * `text` cut to at most `columns` columns (its ellipses included) around its best match, with `ranges`
 * moved to the cut. The best match is the first of the densest cluster of matches (the most matches in
 * one window); the window is centred on that cluster, or on the start of the text when nothing matched,
 * and slides to the text's start or end near them. Every whitespace character becomes one space (so
 * offsets stay those of the text). A match longer than the window is shown from its start.
 */
export function fitSnippet(
  text: string,
  ranges: readonly Range[],
  columns: number,
): { text: string; ranges: Range[] } {
  const flat = text.replace(/\s/g, ' ')
  const width = Math.max(8, Math.floor(columns))
  // at[i]: the column where UTF-16 unit i starts (a low surrogate starts where its pair does).
  const at = new Array<number>(flat.length + 1)
  let column = 0
  for (let i = 0; i < flat.length;) {
    const char = String.fromCodePoint(flat.codePointAt(i) as number)
    at[i] = column
    if (char.length === 2) at[i + 1] = column
    column += columnsOf(char)
    i += char.length
  }
  at[flat.length] = column
  const total = column
  const sorted = ranges
    .filter(([start, length]) => length > 0 && start >= 0 && start + length <= flat.length)
    .map(([start, length]): Range => [start, length])
    .sort((a, b) => a[0] - b[0])
  if (total <= width) return { text: flat, ranges: sorted }

  // The densest cluster: for each match, how many start within the window that starts at it.
  let focus: [number, number] = [0, 0]
  let bestCount = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    const [start] = sorted[i] as Range
    j = Math.max(j, i)
    while (j < sorted.length && endColumn(sorted[j] as Range) - at[start]! <= width - 2) j++
    const count = Math.max(1, j - i)
    if (count > bestCount) {
      bestCount = count
      const last = sorted[Math.max(i, j - 1)] as Range
      focus = [start, last[0] + last[1]]
    }
  }
  function endColumn([start, length]: Range): number {
    return at[start + length]!
  }

  // Centre the focus in the columns left after both ellipses; where the window reaches the text's
  // start or end there is one ellipsis, and the window takes the column the other would have used.
  const inner = width - 2
  const focusStart = at[focus[0]]!
  const focusEnd = at[focus[1]]!
  let startColumn =
    bestCount === 0
      ? 0
      : focusEnd - focusStart >= inner
        ? focusStart
        : Math.round((focusStart + focusEnd) / 2 - inner / 2)
  startColumn = Math.max(0, Math.min(startColumn, total - inner))
  let from = indexAtColumn(at, flat.length, startColumn, 'up')
  let to = indexAtColumn(at, flat.length, at[from]! + inner, 'down')
  if (from === 0) to = indexAtColumn(at, flat.length, width - 1, 'down')
  else if (to === flat.length) from = indexAtColumn(at, flat.length, total - (width - 1), 'up')

  // Start and end on word boundaries where one is near, never cutting into the focus.
  const slack = Math.min(WORD_SLACK, Math.floor(width * WORD_SLACK_SHARE))
  if (from > 0 && flat[from - 1] !== ' ') {
    const space = flat.indexOf(' ', from)
    if (space >= 0 && space < focus[0] && at[space]! - at[from]! < slack) from = space + 1
  }
  if (to < flat.length && flat[to] !== ' ') {
    const space = flat.lastIndexOf(' ', to)
    if (space >= focus[1] && space > from && at[to]! - at[space]! < slack) to = space
  }
  while (from < to && flat[from] === ' ' && from > 0) from++
  while (to > from && flat[to - 1] === ' ' && to < flat.length) to--

  const prefix = from > 0 ? ELLIPSIS : ''
  const snippet = `${prefix}${flat.slice(from, to)}${to < flat.length ? ELLIPSIS : ''}`
  const inside = sorted
    .map(([start, length]): Range | null => {
      const s = Math.max(start, from)
      const e = Math.min(start + length, to)
      return e > s ? [s - from + prefix.length, e - s] : null
    })
    .filter((range): range is Range => range !== null)
  return { text: snippet, ranges: inside }
}

/** The UTF-16 index of a column: the first starting at or after it ('up'), or the last at or before it. */
function indexAtColumn(at: readonly number[], length: number, column: number, round: 'up' | 'down'): number {
  let low = 0
  let high = length
  // The first index whose column is >= column.
  while (low < high) {
    const mid = (low + high) >> 1
    if (at[mid]! < column) low = mid + 1
    else high = mid
  }
  let index = low
  if (round === 'down' && (index > length || at[index]! > column)) index--
  index = Math.max(0, Math.min(length, index))
  // Never between the halves of a surrogate pair.
  while (index > 0 && index < length && at[index] === at[index - 1]) index += round === 'up' ? 1 : -1
  return index
}

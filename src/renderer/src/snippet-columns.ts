import { displayColumns } from '../../shared/snippet'

/** Text a row's lines are measured with: Latin and Hangul, the wider per column counts. */
const SAMPLES = [
  'The committee met on Tuesday to discuss the budget and roads',
  '국회는 화요일에 다시 모여 예산과 도로를',
]

/** How many columns (see shared/snippet.ts) a row's title and its snippet line each show. */
export interface RowColumns {
  title: number
  snippet: number
}

/**
 * How many columns of text one row of `list` shows in its title and in its snippet, measured with the
 * rows' own styles (an unread row: its bold title is the widest): a hidden row holding sample text.
 * Null where nothing is laid out (a hidden list, a test's DOM): the texts are then left as they are.
 */
export function measureRowColumns(list: HTMLElement): RowColumns | null {
  const document = list.ownerDocument
  const row = document.createElement('div')
  row.className = 'article-row unread'
  row.style.visibility = 'hidden'
  row.setAttribute('aria-hidden', 'true')
  const lines = ['row-title', 'row-snippet'].map((className) => {
    const line = document.createElement('div')
    line.className = className
    const spans = SAMPLES.map((sample) => {
      const span = document.createElement('span')
      span.textContent = sample
      line.append(span, document.createElement('br'))
      return span
    })
    row.append(line)
    return { line, spans }
  })
  list.append(row)
  try {
    const [title, snippet] = lines.map(({ line, spans }) => {
      const available = line.clientWidth
      const perColumn = Math.max(
        ...spans.map((span, i) => span.getBoundingClientRect().width / displayColumns(SAMPLES[i] as string)),
      )
      if (!(available > 0) || !(perColumn > 0)) return null
      // A column short: proportional text varies around the samples' average.
      return Math.max(8, Math.floor(available / perColumn) - 1)
    })
    return title && snippet ? { title, snippet } : null
  } finally {
    row.remove()
  }
}

import { displayColumns } from '../../shared/snippet'

/** Text a row's snippet is measured with: Latin and Hangul, the wider per column counts. */
const SAMPLES = [
  'The committee met on Tuesday to discuss the budget and roads',
  '국회는 화요일에 다시 모여 예산과 도로를',
]

/**
 * How many columns of snippet text (see shared/snippet.ts) one row of `list` shows, measured with the
 * rows' own styles: a hidden row holding sample text. Null where nothing is laid out (a hidden list, a
 * test's DOM): the snippet is then left as the core cut it.
 */
export function measureSnippetColumns(list: HTMLElement): number | null {
  const row = list.ownerDocument.createElement('div')
  row.className = 'article-row'
  row.style.visibility = 'hidden'
  row.setAttribute('aria-hidden', 'true')
  const line = list.ownerDocument.createElement('div')
  line.className = 'row-snippet'
  const spans = SAMPLES.map((sample) => {
    const span = list.ownerDocument.createElement('span')
    span.textContent = sample
    line.append(span, list.ownerDocument.createElement('br'))
    return span
  })
  row.append(line)
  list.append(row)
  try {
    const available = line.clientWidth
    const perColumn = Math.max(
      ...spans.map(
        (span, index) => span.getBoundingClientRect().width / displayColumns(SAMPLES[index] as string),
      ),
    )
    if (!(available > 0) || !(perColumn > 0)) return null
    // A column short: proportional text varies around the samples' average.
    return Math.max(8, Math.floor(available / perColumn) - 1)
  } finally {
    row.remove()
  }
}

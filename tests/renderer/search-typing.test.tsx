// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { SearchArgs, SearchResults } from '../../src/shared/contract'
import { withReaderPage } from './mock-api-client'
import { listRows, start, twoFeeds } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

withReaderPage()

/** A failure as the preload and the preview's client pass a coded one on (message, code, parameters). */
function coded(code: string, params: Record<string, string | number> = {}): Error {
  return Object.assign(new Error(`core's words for ${code}`), { code, params })
}

/**
 * Searches as the core answers (its query errors and their codes are tested in
 * tests/main/core/search/query-parse.test.ts, and end to end in tests/e2e/search-typing.spec.ts).
 */
function coreLikeSearch({ query }: SearchArgs): SearchResults {
  if ((query.match(/"/g) ?? []).length % 2 === 1) throw coded('query-unclosed-quote')
  const field = /(?:^|\s)(title:)(?:\s|$)/.exec(query)
  if (field) throw coded('query-lone-field', { field: field[1]! })
  const sign = /(?:^|\s)([-+])(?:\s|$)/.exec(query)
  if (sign) throw coded('query-lone-sign', { sign: sign[1]! })
  if (['a', 'about'].includes(query.trim()))
    throw coded('query-too-common', { words: query.trim(), count: 1 })
  if (/\w\*\w/.test(query)) throw coded('query-star-inside', { word: query.trim() })
  return {
    total: 1,
    totalIsExact: true,
    results: [
      {
        id: 'gazette-0',
        title: `Found by ${query}`,
        feedId: 'gazette',
        score: 1,
        matchedWords: 1,
        sortTime: 0,
        snippet: '',
        snippetPositions: [],
        positions: { title: [] },
      },
    ],
  }
}

const field = () => screen.getByRole('searchbox', { name: 'Search articles' }) as HTMLInputElement
const hint = () => document.getElementById('search-hint')
const rowTitles = () => listRows().map((row) => row.querySelector('.row-title')?.textContent)

/** Waits until the search of what the field holds has been answered. */
async function settled(fake: ReturnType<typeof twoFeeds>): Promise<void> {
  await waitFor(() =>
    expect(fake.api.search).toHaveBeenLastCalledWith(expect.objectContaining({ query: field().value })),
  )
  await waitFor(() =>
    expect(screen.getByRole('listbox', { name: 'Articles' }).getAttribute('aria-busy')).toBe('false'),
  )
}

describe('typing a search', () => {
  it('never says "Search failed" while a quote, a field or a -word is being typed: the last results stay', async () => {
    const fake = twoFeeds()
    fake.answerSearch(coreLikeSearch)
    const { user } = await start(fake)
    await user.type(field(), 'climate')
    await settled(fake)
    expect(rowTitles()).toEqual(['Found by climate'])

    const seen: { typed: string; hint: string | null }[] = []
    for (const char of ' "north korea" title: -') {
      // Character by character, as a person types.
      await user.type(field(), char)
      await settled(fake)
      expect(screen.queryByText(/Search failed/)).toBeNull()
      expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull()
      expect(listRows().length).toBe(1)
      seen.push({ typed: field().value, hint: hint()?.textContent ?? null })
    }
    const at = (typed: string) => seen.find((step) => step.typed === typed)
    // An open quote: the results of before it stay, and the field says what is missing.
    expect(at('climate "north')?.hint).toBe('Keep typing: end the phrase with a closing ".')
    expect(rowTitles()).not.toContain('Found by climate "north')
    // Closed: searched, and the hint is gone.
    expect(at('climate "north korea"')?.hint).toBeNull()
    expect(at('climate "north korea" title:')?.hint).toBe('Keep typing: a word after title:.')
    // The first thing missing is said: the word after title: comes before the one after -.
    expect(at('climate "north korea" title: -')?.hint).toBe('Keep typing: a word after title:.')
    // The last query that could run ("title" was a word before its colon came).
    expect(rowTitles()).toEqual(['Found by climate "north korea" title'])
    expect(hint()?.className).toBe('search-hint')
    expect(field().getAttribute('aria-describedby')).toBe('search-hint')
  })

  it('the first letter of "about" is not a failure, and neither is "about" itself', async () => {
    const fake = twoFeeds()
    fake.answerSearch(coreLikeSearch)
    const { user } = await start(fake)
    const listed = rowTitles()
    await user.type(field(), 'a')
    await settled(fake)
    expect(screen.queryByText(/Search failed/)).toBeNull()
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull()
    expect(hint()?.textContent).toBe('“a” is too common to search for: keep typing.')
    // What was listed stays listed.
    expect(rowTitles()).toEqual(listed)
    await user.type(field(), 'b')
    await settled(fake)
    expect(hint()).toBeNull()
    expect(rowTitles()).toEqual(['Found by ab'])
    await user.type(field(), 'out')
    await settled(fake)
    expect(hint()?.textContent).toBe('“about” is too common to search for: keep typing.')
    expect(rowTitles()).toEqual(['Found by abou'])
  })

  it('a wrong query is said under the field, not as a failure', async () => {
    const fake = twoFeeds()
    fake.answerSearch(coreLikeSearch)
    const { user } = await start(fake)
    await user.type(field(), 'ec*nomy')
    await settled(fake)
    expect(hint()?.textContent).toBe('* can only end a word (in “ec*nomy”), as in econom*.')
    expect(hint()?.className).toBe('search-hint search-hint-invalid')
    expect(screen.queryByText(/Search failed/)).toBeNull()
  })

  it('a real failure still says "Search failed" and offers to try again', async () => {
    const fake = twoFeeds()
    let broken = true
    fake.answerSearch((args) => {
      if (broken) throw new Error('the search index is being repaired')
      return coreLikeSearch(args)
    })
    const { user } = await start(fake)
    await user.type(field(), 'climate')
    expect(await screen.findByText('Search failed: the search index is being repaired')).toBeTruthy()
    expect(hint()).toBeNull()
    broken = false
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(rowTitles()).toEqual(['Found by climate']))
  })
})

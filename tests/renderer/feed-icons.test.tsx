// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { fakeApi, feedSummary, listItem } from './fake-api'
import { withReaderPage } from './mock-api-client'
import { listRows, start } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

withReaderPage()

const HASH = 'ab'.repeat(32)

function feeds() {
  return fakeApi({
    feeds: [
      feedSummary('gazette', 'The Gazette', { icon: HASH }),
      feedSummary('herald', 'The Herald'),
      // A hash that is not one (a hand-edited config) is never made into an address.
      feedSummary('odd', 'The Odd One', { icon: '../../etc/passwd' }),
    ],
    articles: [listItem(0, 'gazette'), listItem(1, 'herald'), listItem(2, 'odd')],
  })
}

describe('feed icons', () => {
  it('shows each feed’s cached icon (16 px) in the sidebar and its rows, and a neutral mark for the others', async () => {
    await start(feeds())
    const nav = screen.getByRole('navigation', { name: 'Feeds' })
    const gazette = within(nav).getByRole('button', { name: /^The Gazette/ })
    const icon = gazette.querySelector('img.feed-icon') as HTMLImageElement
    expect(icon.getAttribute('src')).toBe(`broadsheet-cache://${HASH}`)
    expect([icon.width, icon.height, icon.alt]).toEqual([16, 16, ''])
    for (const name of [/^The Herald/, /^The Odd One/]) {
      const button = within(nav).getByRole('button', { name })
      expect(button.querySelector('img')).toBeNull()
      expect(button.querySelector('.feed-icon-none')).not.toBeNull()
    }
    // The icon adds nothing to what is heard: the feed's name is beside it.
    expect(gazette.getAttribute('aria-label') ?? gazette.textContent).not.toMatch(/icon/i)

    const byFeed = (title: string) =>
      listRows().find((row) => row.querySelector('.row-feed')?.textContent === title) as HTMLElement
    expect(byFeed('The Gazette').querySelector('img.feed-icon')?.getAttribute('src')).toBe(
      `broadsheet-cache://${HASH}`,
    )
    expect(byFeed('The Herald').querySelector('.feed-icon-none')).not.toBeNull()
    expect(byFeed('The Odd One').querySelector('img')).toBeNull()
  })

  it('falls back to the neutral mark when the cached icon cannot be shown', async () => {
    await start(feeds())
    const nav = screen.getByRole('navigation', { name: 'Feeds' })
    const gazette = within(nav).getByRole('button', { name: /^The Gazette/ })
    fireEvent.error(gazette.querySelector('img.feed-icon') as HTMLImageElement)
    await waitFor(() => expect(gazette.querySelector('.feed-icon-none')).not.toBeNull())
    expect(gazette.querySelector('img')).toBeNull()
  })
})

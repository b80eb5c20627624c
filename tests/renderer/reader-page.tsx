import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { expect } from 'vitest'
import { App } from '../../src/renderer/src/App'
import { fakeApi, feedSummary, listItem, type FakeApi } from './fake-api'
import { current } from './mock-api-client'

/** Two feeds (the Herald failing), `count` articles alternating between them, newest first. */
export function twoFeeds(count = 3): FakeApi {
  const feeds = [
    feedSummary('gazette', 'The Gazette'),
    feedSummary('herald', 'The Herald', { lastError: 'the server answered 503 Service Unavailable' }),
  ]
  const articles = Array.from({ length: count }, (_, i) => listItem(i, i % 2 === 0 ? 'gazette' : 'herald'))
  return fakeApi({ feeds, articles })
}

/** Renders the reader over a fake core and waits for the list's first rows. */
export async function start(fake = twoFeeds()) {
  current.fake = fake
  const user = userEvent.setup()
  render(<App />)
  await waitFor(() => expect(listRows().length).toBeGreaterThan(0))
  return { fake, user }
}

/** The article list's rows (the search filters' <select> has options too). */
export const listRows = () =>
  within(screen.getByRole('listbox', { name: 'Articles' })).queryAllByRole('option')

/** The open article's title, if one is open. */
export const heading = () => screen.getByRole('main', { name: 'Article' }).querySelector('h1')?.textContent

import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFlagStore } from '../../../src/renderer/src/state/flags'
import { createLibrary, feedTitle } from '../../../src/renderer/src/state/library'
import { STRINGS } from '../../../src/renderer/src/strings'
import { SAVED_FEED_ID } from '../../../src/shared/types'
import { fakeApi, feedSummary, listItem } from '../fake-api'
import { current } from '../mock-api-client'

vi.mock('../../../src/renderer/src/api-client', async () =>
  (await import('../mock-api-client')).mockedClientModule(),
)

afterEach(() => {
  current.fake = null
})

/** The Gazette with 2 unread of 3, the Herald with 1 of 1. */
function loaded() {
  current.fake = fakeApi({
    feeds: [feedSummary('gazette', 'The Gazette'), feedSummary('herald', 'The Herald')],
    articles: [
      listItem(1, 'gazette'),
      listItem(2, 'gazette'),
      listItem(3, 'gazette', { read: true }),
      listItem(4, 'herald'),
    ],
  })
  const flags = createFlagStore()
  const library = createLibrary(flags)
  return { flags, library, fake: current.fake }
}

const unread = (library: ReturnType<typeof loaded>['library']) =>
  Object.fromEntries(library.state.get().feeds.map((feed) => [feed.id, feed.unread]))

describe('the library', () => {
  it('counts unread articles as the core does, plus the flag store’s changes, within 0 and the total', async () => {
    const { flags, library, fake } = loaded()
    flags.learn(await fake.api.listArticles(), flags.now())
    await library.reload()
    expect(unread(library)).toEqual({ gazette: 2, herald: 1 })
    flags.change({ id: 'gazette-1', feedId: 'gazette' }, { read: true })
    expect(unread(library)).toEqual({ gazette: 1, herald: 1 })
    flags.change({ id: 'gazette-3', feedId: 'gazette' }, { read: false })
    flags.change({ id: 'gazette-1', feedId: 'gazette' }, { read: false })
    expect(unread(library)).toEqual({ gazette: 3, herald: 1 })
    flags.change({ id: 'herald-4', feedId: 'herald' }, { read: true })
    // One the core does not know of, marked read here: the count stops at 0.
    flags.change({ id: 'herald-9', feedId: 'herald' }, { read: true })
    expect(unread(library)).toEqual({ gazette: 3, herald: 0 })
  })

  it('keeps a feed whose count did not change the same object (the sidebar redraws only the others)', async () => {
    const { flags, library } = loaded()
    await library.reload()
    const [gazette, herald] = library.state.get().feeds
    flags.change({ id: 'gazette-1', feedId: 'gazette' }, { read: true })
    const [gazetteNow, heraldNow] = library.state.get().feeds
    expect(heraldNow).toBe(herald)
    expect(gazetteNow).not.toBe(gazette)
    flags.change({ id: 'herald-4', feedId: 'herald' }, { bookmarked: true })
    expect(library.state.get().feeds[0]).toBe(gazetteNow)
  })

  it('does not count a change twice once the core’s counts include it', async () => {
    const { flags, library, fake } = loaded()
    await library.reload()
    const change = flags.change({ id: 'gazette-1', feedId: 'gazette' }, { read: true })
    change.sent()
    await fake.api.setRead({ ids: ['gazette-1'], read: true })
    await library.reload()
    expect(unread(library)).toEqual({ gazette: 1, herald: 1 })
  })

  it('keeps the titles map while titles stay, and names the Saved feed with the one Saved title', async () => {
    const { flags, library } = loaded()
    await library.reload()
    const titles = library.state.get().titles
    flags.change({ id: 'gazette-1', feedId: 'gazette' }, { read: true })
    await library.reload()
    expect(library.state.get().titles).toBe(titles)
    expect(feedTitle(titles, 'herald')).toBe('The Herald')
    expect(feedTitle(titles, SAVED_FEED_ID)).toBe(STRINGS.views.saved)
    expect(feedTitle(titles, 'gone')).toBe('')
    expect(STRINGS.savePage.hint).toContain(STRINGS.views.saved)
  })
})

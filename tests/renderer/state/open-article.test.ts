import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFlagStore } from '../../../src/renderer/src/state/flags'
import { createOpenArticle } from '../../../src/renderer/src/state/open-article'
import { fakeApi, listItem } from '../fake-api'
import { current } from '../mock-api-client'

vi.mock('../../../src/renderer/src/api-client', async () =>
  (await import('../mock-api-client')).mockedClientModule(),
)

afterEach(() => {
  vi.useRealTimers()
  current.fake = null
})

function withArticles() {
  current.fake = fakeApi({ articles: [listItem(1, 'gazette'), listItem(2, 'gazette', { bookmarked: true })] })
  return current.fake
}

describe('the open article', () => {
  it('asks for the article when chosen, and brings its flags to the flag store', async () => {
    const fake = withArticles()
    const flags = createFlagStore()
    const opened = createOpenArticle(flags)
    opened.open('gazette-2')
    expect(fake.api.getArticle).toHaveBeenCalledWith({ id: 'gazette-2' })
    expect(opened.state.get()).toMatchObject({ id: 'gazette-2', loading: true, article: null })
    await opened.arrived()
    await Promise.resolve()
    expect(opened.state.get()).toMatchObject({ loading: false, article: { title: 'Story 2 of gazette' } })
    expect(flags.of('gazette-2').bookmarked).toBe(true)
  })

  it('keeps the last article while the next comes, until that takes longer than a moment', async () => {
    const fake = withArticles()
    vi.useFakeTimers()
    const opened = createOpenArticle(createFlagStore())
    opened.open('gazette-1')
    await vi.runAllTimersAsync()
    fake.api.getArticle.mockImplementationOnce(() => new Promise(() => undefined))
    opened.open('gazette-2')
    expect(opened.state.get().lingering?.id).toBe('gazette-1')
    await vi.advanceTimersByTimeAsync(200)
    expect(opened.state.get()).toMatchObject({ lingering: null, loading: true })
  })

  it('belongs to one reader: another one’s requests are not its own', async () => {
    const fake = withArticles()
    fake.api.getArticle.mockImplementationOnce(() => new Promise(() => undefined))
    const first = createOpenArticle(createFlagStore())
    const second = createOpenArticle(createFlagStore())
    first.open('gazette-1')
    // The first reader's article never comes; the second has asked for nothing, so nothing holds it up.
    await expect(second.arrived()).resolves.toBeUndefined()
    expect(second.state.get().id).toBeNull()
  })
})

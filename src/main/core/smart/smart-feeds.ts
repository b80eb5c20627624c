import { join } from 'node:path'
import { z } from 'zod'
import type { DamageNotice, SearchResults, SmartFeed, SmartFeedView } from '../../../shared/contract'
import { UserError } from '../errors'
import { resolveIdPrefix } from '../id-prefix'
import type { Search } from '../search/search-service'
import { newId } from '../store/ids'
import { ListedFile } from '../store/listed-file'
import type { WriteLock } from '../store/write-lock'

export type { SmartFeed, SmartFeedView }

const smartFeedSchema = z.strictObject({
  id: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
  name: z.string().min(1).max(200),
  query: z.string().min(1).max(500),
  sort: z.enum(['newest', 'best']),
})

/**
 * Smart feeds: saved searches (smart-feeds.json, at a revision, under the write lock). A query is checked
 * by running it before it is kept, so a malformed one is refused with the search's own one-line
 * explanation and nothing is stored. Counts and articles come from the search each time they are asked.
 */
export class SmartFeeds {
  readonly #file: ListedFile<SmartFeed>

  constructor(
    dataDir: string,
    lock: WriteLock,
    damage: DamageNotice[],
    private readonly search: Search,
  ) {
    this.#file = new ListedFile(dataDir, join(dataDir, 'smart-feeds.json'), {
      key: 'smart',
      schema: smartFeedSchema,
      lock,
      damage,
      what: 'smart feeds',
    })
  }

  /** Every smart feed in its order, with its unread and total counts (one pass over each one's matches). */
  async list(): Promise<SmartFeedView[]> {
    const feeds = await this.#read()
    const counts = await Promise.all(feeds.map((feed) => this.#counts(feed.query)))
    return feeds.map((feed, i) => ({ ...feed, ...(counts[i] as { total: number; unread: number }) }))
  }

  /** Saves a search; its query must run (a malformed one is refused, and nothing is kept). */
  async add(name: string, query: string, sort: SmartFeed['sort'] = 'newest'): Promise<SmartFeed> {
    const feed: SmartFeed = { id: newId(), name: checkedName(name), query: await this.#checked(query), sort }
    await this.#change((feeds) => [...feeds, feed])
    return feed
  }

  /** Renames it, changes its query or its order of articles. */
  async update(id: string, change: Partial<Omit<SmartFeed, 'id'>>): Promise<SmartFeed> {
    const query = change.query === undefined ? undefined : await this.#checked(change.query)
    let updated: SmartFeed | null = null
    await this.#change((feeds) =>
      feeds.map((feed) => {
        if (feed.id !== id) return feed
        updated = {
          ...feed,
          ...(change.name !== undefined && { name: checkedName(change.name) }),
          ...(query !== undefined && { query }),
          ...(change.sort !== undefined && { sort: change.sort }),
        }
        return updated
      }),
    )
    if (!updated) throw new UserError(`no smart feed with id ${id}`)
    return updated
  }

  async remove(id: string): Promise<SmartFeed> {
    let removed: SmartFeed | null = null
    await this.#change((feeds) => feeds.filter((feed) => (feed.id === id ? ((removed = feed), false) : true)))
    if (!removed) throw new UserError(`no smart feed with id ${id}`)
    return removed
  }

  /** Removes it; returns the way back, which puts it where it was (or last, if the list got shorter). */
  async removeUndoably(id: string): Promise<() => Promise<void>> {
    const index = (await this.#read()).findIndex((feed) => feed.id === id)
    const removed = await this.remove(id)
    return () =>
      this.#change((feeds) => {
        if (feeds.some((feed) => feed.id === removed.id)) return feeds
        const back = [...feeds]
        back.splice(Math.max(0, Math.min(index, back.length)), 0, removed)
        return back
      })
  }

  /** Moves it to `index` in the list (the sidebar's order). */
  async move(id: string, index: number): Promise<void> {
    await this.#change((feeds) => {
      const feed = feeds.find((f) => f.id === id)
      if (!feed) throw new UserError(`no smart feed with id ${id}`)
      const rest = feeds.filter((f) => f !== feed)
      rest.splice(Math.max(0, Math.min(index, rest.length)), 0, feed)
      return rest
    })
  }

  /** The smart feed an id or a unique start of one (6+ characters) names. */
  async resolveId(input: string): Promise<string> {
    const feeds = await this.#read()
    return resolveIdPrefix(
      'smart feed',
      input,
      feeds.map((f) => ({ id: f.id, label: f.name })),
    )
  }

  /** Its articles: newest first (or best match first), with the list's filters. */
  async articles(
    id: string,
    options: { limit?: number; offset?: number; unread?: boolean } = {},
  ): Promise<SearchResults> {
    const feed = (await this.#read()).find((f) => f.id === id)
    if (!feed) throw new UserError(`no smart feed with id ${id}`)
    const { limit = 50, offset = 0, unread } = options
    // Newest first: every match by date (a smart feed is a list, not a ranking), a page at a time.
    return this.search.search({ query: feed.query, limit, offset, unread }, { order: feed.sort })
  }

  /** The ids of every unread article it matches now (its "mark all read"), in no order. */
  async unreadIds(id: string): Promise<string[]> {
    const feed = (await this.#read()).find((f) => f.id === id)
    if (!feed) throw new UserError(`no smart feed with id ${id}`)
    const { unread } = await this.search.counts(feed.query)
    if (unread === 0) return []
    const page = await this.search.search(
      { query: feed.query, limit: unread, offset: 0, unread: true },
      { snippets: false },
    )
    return page.results.map((hit) => hit.id)
  }

  async #counts(query: string): Promise<{ total: number; unread: number }> {
    try {
      return await this.search.counts(query)
    } catch {
      // A query that no longer runs (a folder or feed it names was removed): nothing to count.
      return { total: 0, unread: 0 }
    }
  }

  /** The query as kept, once it runs; the search's own error otherwise. */
  async #checked(query: string): Promise<string> {
    const text = query.trim()
    await this.search.search({ query: text, limit: 1 })
    return text
  }

  /** The smart feeds; a damaged file is set aside (quarantine) and its readable entries written back. */
  #read(): Promise<SmartFeed[]> {
    return this.#file.read()
  }

  async #change(change: (feeds: SmartFeed[]) => SmartFeed[]): Promise<void> {
    await this.#file.change(change)
  }
}

function checkedName(name: string): string {
  const text = name.replace(/\s+/g, ' ').trim()
  if (!text) throw new UserError('a smart feed needs a name')
  if (text.length > 200) throw new UserError('a smart feed’s name is at most 200 characters')
  return text
}

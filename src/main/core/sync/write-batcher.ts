import type { Article, Feed } from '../../../shared/types'
import type { PutResult } from '../store/article-store'
import type { SyncContext } from './sync-context'

type FeedPatch = Partial<Omit<Feed, 'id'>>

interface Pending {
  articles: Article[]
  /** Of `articles`, those that are the store's own copy, unchanged (see ArticleStore#put). */
  asStored: ReadonlySet<Article> | null
  feedId: string | null
  patch: FeedPatch | null
  resolve: (result: PutResult) => void
  reject: (error: unknown) => void
}

/**
 * Groups the writes of many feeds into few: a sync of 500 feeds would otherwise rewrite the current
 * week's catalog and config.json 500 times. Each submission resolves once its articles are stored AND,
 * after them, its feed's new state (ETag, Last-Modified) is saved — in that order, so a crash between the
 * two refetches the feed instead of losing items behind a 304. Batches are stored one after another; a
 * batch starts once the one before is stored, while the search index still takes that one in (its
 * segment is built in the index's worker while this batch's bodies are written in the store's).
 */
export class WriteBatcher {
  #pending: Pending[] = []
  #timer: NodeJS.Timeout | null = null
  /** Resolves once the last batch flushed is stored (not necessarily indexed): the next one may start. */
  #stored: Promise<void> = Promise.resolve()
  /** Resolves once every batch flushed so far is stored, indexed and its feeds' state saved. */
  #done: Promise<void> = Promise.resolve()

  constructor(
    private readonly context: SyncContext,
    private readonly maxArticles = 400,
    private readonly maxDelayMs = 250,
  ) {}

  /** Queues articles and then a feed's state change; resolves with what the store did with the articles. */
  submit(
    articles: Article[],
    feedId: string | null,
    patch: FeedPatch | null,
    asStored: ReadonlySet<Article> | null = null,
  ): Promise<PutResult> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ articles, asStored, feedId, patch, resolve, reject })
      const queued = this.#pending.reduce((n, p) => n + p.articles.length, 0)
      if (queued >= this.maxArticles) void this.flush()
      else this.#timer ??= setTimeout(() => void this.flush(), this.maxDelayMs)
    })
  }

  /** Writes everything queued so far; resolves once it and every batch before it is done. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    const batch = this.#pending
    this.#pending = []
    let stored = (): void => undefined
    const next = new Promise<void>((resolve) => (stored = resolve))
    const written = this.#stored.then(() => this.#write(batch, stored)).finally(stored)
    this.#stored = next
    this.#done = Promise.all([this.#done, written]).then(() => undefined)
    return this.#done
  }

  async #write(batch: Pending[], onStored: () => void = () => undefined): Promise<void> {
    if (batch.length === 0) return
    try {
      const articles = batch.flatMap((p) => p.articles)
      const asStored = new Set(batch.flatMap((p) => (p.asStored ? [...p.asStored] : [])))
      const result = await this.context.articles.put(articles, { asStored, onStored })
      const patches = new Map<string, FeedPatch>()
      for (const p of batch)
        if (p.feedId && p.patch) patches.set(p.feedId, { ...patches.get(p.feedId), ...p.patch })
      await this.context.subscriptions.recordFetches(patches)
      for (const p of batch) {
        const ids = new Set(p.articles.map((a) => a.id))
        p.resolve({
          added: result.added.filter((id) => ids.has(id)),
          updated: result.updated.filter((id) => ids.has(id)),
          unchanged: result.unchanged.filter((id) => ids.has(id)),
        })
      }
    } catch (error) {
      // One feed's write that fails must not fail the others of its batch (and mark them all with its
      // error): each is written again on its own, and only what fails alone is reported.
      if (batch.length === 1) return batch[0]!.reject(error)
      for (const p of batch) await this.#write([p])
    }
  }
}

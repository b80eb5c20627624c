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
 * two refetches the feed instead of losing items behind a 304.
 */
export class WriteBatcher {
  #pending: Pending[] = []
  #timer: NodeJS.Timeout | null = null
  #flushing: Promise<void> = Promise.resolve()

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

  /** Writes everything queued so far. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    const batch = this.#pending
    this.#pending = []
    this.#flushing = this.#flushing.then(() => this.#write(batch))
    return this.#flushing
  }

  async #write(batch: Pending[]): Promise<void> {
    if (batch.length === 0) return
    try {
      const articles = batch.flatMap((p) => p.articles)
      const asStored = new Set(batch.flatMap((p) => (p.asStored ? [...p.asStored] : [])))
      const result = await this.context.articles.put(articles, { asStored })
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

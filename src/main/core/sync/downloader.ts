import { PROJECT_VERSION } from '../store/config-schema'
import { fetchResource, type FetchResult, type ResourceKind } from '../net/http-fetch'
import { HostLimiter } from '../net/host-limiter'

const MB = 1024 * 1024

/** What is being fetched decides the size cap (and, in fetchResource, the Accept header). */
export type DownloadKind = ResourceKind

export interface DownloaderOptions {
  /** Per request, body included (ms). */
  timeoutMs?: number
  maxBytes?: Partial<Record<DownloadKind, number>>
  limiter?: HostLimiter
}

/** Every request of a sync goes through here: polite (bounded per host), capped, timed out. */
export class Downloader {
  readonly #limiter: HostLimiter
  readonly #timeoutMs: number
  readonly #maxBytes: Record<DownloadKind, number>

  constructor(options: DownloaderOptions = {}) {
    this.#limiter = options.limiter ?? new HostLimiter()
    this.#timeoutMs = options.timeoutMs ?? 20_000
    this.#maxBytes = { feed: 10 * MB, page: 5 * MB, image: 10 * MB, ...options.maxBytes }
  }

  fetch(
    url: string,
    kind: DownloadKind,
    extra: {
      etag?: string | null
      lastModified?: string | null
      referer?: string | null
      signal?: AbortSignal
    } = {},
  ): Promise<FetchResult> {
    return this.#limiter.run(url, () =>
      fetchResource(url, {
        kind,
        maxBytes: this.#maxBytes[kind],
        timeoutMs: this.#timeoutMs,
        version: PROJECT_VERSION,
        etag: extra.etag ?? undefined,
        lastModified: extra.lastModified ?? undefined,
        referer: extra.referer ?? undefined,
        signal: extra.signal,
      }),
    )
  }
}

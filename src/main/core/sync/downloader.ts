import { PROJECT_VERSION } from '../store/config-schema'
import { classifyAddress, type AddressClassifier } from '../net/address-class'
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
  /**
   * Says whether an address is public. Tests, whose servers all listen on 127.0.0.1, replace it to make
   * some of them public (see {@link AddressClassifier}).
   */
  classifyAddress?: AddressClassifier
}

/**
 * On whose behalf a fetch is made: the hosts it may reach at any address, private ones included (see
 * `trustedHosts` in http-fetch.ts). A feed the user subscribed to, a page the user saves, a server account
 * the user added: their own host. A link or image found in a feed or a page: the host of that feed or
 * page (and, for a server account's item, the account's server) — so a feed from a public address
 * reaches public addresses only, while a feed at http://192.168.1.5/ keeps its images there.
 */
export interface FetchFor {
  trustedHosts: readonly string[]
}

/** A fetch for the hosts of these addresses (the ones the user gave); ones that are not URLs add none. */
export function fetchFor(...urls: ReadonlyArray<string | null | undefined>): FetchFor {
  const hosts = new Set<string>()
  for (const url of urls) {
    if (!url) continue
    try {
      hosts.add(new URL(url).host)
    } catch {
      // not an address: trusts nothing
    }
  }
  return { trustedHosts: [...hosts] }
}

/**
 * Every request of a sync goes through here: polite (bounded per host), capped, timed out, and kept to
 * the addresses its {@link FetchFor} allows.
 */
export class Downloader {
  readonly #limiter: HostLimiter
  readonly #timeoutMs: number
  readonly #maxBytes: Record<DownloadKind, number>
  readonly #classify: AddressClassifier

  constructor(options: DownloaderOptions = {}) {
    this.#classify = options.classifyAddress ?? classifyAddress
    this.#limiter = options.limiter ?? new HostLimiter()
    this.#timeoutMs = options.timeoutMs ?? 20_000
    this.#maxBytes = { feed: 10 * MB, page: 5 * MB, image: 10 * MB, ...options.maxBytes }
  }

  fetch(
    url: string,
    kind: DownloadKind,
    extra: FetchFor & {
      etag?: string | null
      lastModified?: string | null
      referer?: string | null
      signal?: AbortSignal
    },
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
        trustedHosts: extra.trustedHosts,
        classifyAddress: this.#classify,
      }),
    )
  }
}

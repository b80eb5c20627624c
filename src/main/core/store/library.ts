import type Conf from 'conf'
import type { Feed, Folder, Settings } from '../../../shared/types'
import { hostOf } from '../../../shared/urls'
import { type ConfigData, type FlagsData, newFeedDefaults } from './config-schema'
import { explainWriteError } from './files'
import { newId } from './ids'
import { versionKey } from './revision'
import type { WriteLock } from './write-lock'

/** A request the user made that cannot be carried out (unknown id, duplicate); its message is for people. */
export class UserError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UserError'
  }
}

/** A feed to subscribe to. */
export interface NewFeed {
  url: string
  title?: string
  siteUrl?: string | null
  folderId?: string | null
}

/** Separates the levels of a folder path, as `--folder "Tech/Rust"` and the JSON output write it. */
export const FOLDER_SEPARATOR = '/'

/**
 * Subscriptions, folders, settings (config.json) and read/bookmark flags (flags.json).
 *
 * Each change below looks at the file inside the data dir's write lock (re-reading it when another
 * process replaced it) and writes it back whole: another process's change is never overwritten.
 */
export class Library {
  readonly #config: Conf<ConfigData>
  readonly #flags: Conf<FlagsData>
  readonly #lock: WriteLock
  /** Set while a change runs (synchronously, under the lock): its reads of config.json go to the file. */
  #changing = 0
  #configCache: { key: string; data: ConfigData } | null = null
  /** flags.json at the version this process last read or wrote, and the sets derived from it. Shared. */
  #flagsVersion: FlagsVersion | null = null

  constructor(config: Conf<ConfigData>, flags: Conf<FlagsData>, lock: WriteLock) {
    this.#config = config
    this.#flags = flags
    this.#lock = lock
  }

  /**
   * Runs a change of config.json or flags.json under the write lock. conf reports a full disk as a bare
   * ENOSPC from a temp file; this names the file and says what it means (the file itself is unchanged:
   * conf writes a temp file and renames it).
   */
  async #write<T>(store: Conf<ConfigData> | Conf<FlagsData>, change: () => T): Promise<T> {
    return this.#lock.run(() => {
      this.#changing += 1
      try {
        return change()
      } catch (error) {
        throw explainWriteError(error, store.path)
      } finally {
        this.#changing -= 1
      }
    })
  }

  /**
   * config.json as of now. conf reads, parses and validates the whole file on every get: with 500 feeds
   * that costs milliseconds a call, and one request may make hundreds (a folder path per feed). Reads
   * outside a change use the data parsed once per revision of the file instead (revision.ts); a change
   * reads the file afresh, and gets its own copy to change. What this returns is shared otherwise:
   * callers must not change it.
   */
  #configData(): ConfigData {
    if (this.#changing > 0) return this.#config.store
    const key = versionKey(this.#config.path, false)
    if (key === null || this.#configCache?.key !== key) {
      const data = this.#config.store
      if (key === null) return data
      this.#configCache = { key, data }
    }
    return this.#configCache.data
  }

  /**
   * flags.json as of now. conf's get and set would each read and parse the whole file (a megabyte at
   * 50,000 read articles, tens of milliseconds on the thread that answers the reader): while the file is
   * still the revision this process last read or wrote, that parse is reused. `forWrite` (under the write
   * lock): only a revision vouches for the copy (revision.ts), so the change builds on the file as any
   * other process left it.
   */
  #flagsNow(forWrite = false): FlagsVersion {
    const key = versionKey(this.#flags.path, forWrite)
    if (key === null || this.#flagsVersion?.key !== key)
      this.#flagsVersion = { key: key ?? '', data: this.#flags.store, sets: null }
    return this.#flagsVersion
  }

  /** The sets and counts of flags.json as of now, derived once per version of the file. */
  #flagSets(): FlagSets {
    const version = this.#flagsNow()
    version.sets ??= flagSetsOf(version.data)
    return version.sets
  }

  /**
   * Changes flags.json (inside {@link #write}): `change` gets a copy of the data to change (the arrays are
   * shared: replace them, do not change them) and returns the new data, and optionally how to bring the
   * sets of the old version up to date. That runs only after the write succeeded, so that a mark-read does
   * not rebuild sets of 50,000 ids (about 10 ms) for the one id it changed.
   */
  #changeFlags(
    change: (data: FlagsData) => { data: FlagsData; updateSets?: (sets: FlagSets) => void },
  ): void {
    const before = this.#flagsNow(true)
    const { data, updateSets } = change({ ...before.data, read: { ...before.data.read } })
    this.#flags.store = data
    const sets = updateSets && before.sets
    if (sets) updateSets(sets)
    this.#flagsVersion = { key: versionKey(this.#flags.path, true) ?? '', data, sets: sets || null }
  }

  feeds(): Feed[] {
    return this.#configData().feeds
  }

  feed(id: string): Feed | undefined {
    return this.feeds().find((feed) => feed.id === id)
  }

  /** The subscription to this URL (ignoring a trailing slash, the fragment and case), if any. */
  feedByUrl(url: string): Feed | undefined {
    return this.feeds().find((feed) => sameUrl(feed.url, url))
  }

  /** The feed, or a UserError naming the id. */
  requireFeed(id: string): Feed {
    const feed = this.feed(id)
    if (!feed) throw new UserError(`no feed with id ${id}`)
    return feed
  }

  async addFeed(input: NewFeed): Promise<Feed> {
    return this.#write(this.#config, () => {
      const feeds = this.feeds()
      const existing = this.feedByUrl(input.url)
      if (existing) throw new UserError(`already subscribed to ${input.url} (feed ${existing.id})`)
      const feed: Feed = {
        ...newFeedDefaults(),
        id: newId(),
        url: input.url,
        title: input.title || hostOf(input.url),
        siteUrl: input.siteUrl ?? null,
        folderId: input.folderId ?? null,
      }
      this.#config.set('feeds', [...feeds, feed])
      return feed
    })
  }

  async updateFeed(id: string, patch: Partial<Omit<Feed, 'id'>>): Promise<Feed> {
    return this.#write(this.#config, () => {
      let updated: Feed | undefined
      const feeds = this.feeds().map((feed) => (feed.id === id ? (updated = { ...feed, ...patch }) : feed))
      if (!updated) throw new UserError(`no feed with id ${id}`)
      this.#config.set('feeds', feeds)
      return updated
    })
  }

  /** Applies several feeds' changes in one write (a sync reports hundreds at once); unknown ids are skipped. */
  async updateFeeds(patches: ReadonlyMap<string, Partial<Omit<Feed, 'id'>>>): Promise<void> {
    if (patches.size === 0) return
    await this.#write(this.#config, () => {
      this.#config.set(
        'feeds',
        this.feeds().map((feed) => {
          const patch = patches.get(feed.id)
          return patch ? { ...feed, ...patch } : feed
        }),
      )
    })
  }

  async removeFeed(id: string): Promise<Feed> {
    return this.#write(this.#config, () => {
      const feed = this.requireFeed(id)
      this.#config.set(
        'feeds',
        this.feeds().filter((other) => other.id !== id),
      )
      return feed
    })
  }

  folders(): Folder[] {
    return this.#configData().folders
  }

  /** "Tech/Rust" for a folder nested in another; "" for none. */
  folderPath(folderId: string | null): string {
    const byId = new Map(this.folders().map((folder) => [folder.id, folder]))
    const names: string[] = []
    for (let folder = folderId ? byId.get(folderId) : undefined; folder;) {
      names.unshift(folder.title)
      folder = folder.parentId ? byId.get(folder.parentId) : undefined
      if (names.length > 64) break // a cycle written by hand into config.json
    }
    return names.join(FOLDER_SEPARATOR)
  }

  /** The folder at this path of titles, created level by level where missing. */
  async ensureFolder(titles: string[]): Promise<string | null> {
    const clean = titles.map((title) => title.trim()).filter(Boolean)
    if (clean.length === 0) return null
    return this.#write(this.#config, () => {
      const folders = this.folders()
      let parentId: string | null = null
      for (const title of clean) {
        let folder = folders.find((f) => f.parentId === parentId && f.title === title)
        if (!folder) {
          folder = { id: newId(), title, parentId }
          folders.push(folder)
        }
        parentId = folder.id
      }
      this.#config.set('folders', folders)
      return parentId
    })
  }

  /** Renames a folder; a sibling of the same name is a UserError (paths name folders). */
  async renameFolder(folderId: string, title: string): Promise<Folder> {
    return this.#write(this.#config, () => {
      const folders = this.folders()
      const folder = folders.find((f) => f.id === folderId)
      if (!folder) throw new UserError(`no folder with id ${folderId}`)
      const clean = title.trim()
      if (!clean || clean.includes(FOLDER_SEPARATOR)) throw new UserError(`not a folder name: ${title}`)
      if (folders.some((f) => f.id !== folderId && f.parentId === folder.parentId && f.title === clean)) {
        throw new UserError(`there is already a folder named ${clean} there`)
      }
      folder.title = clean
      this.#config.set('folders', folders)
      return folder
    })
  }

  /** The folder and every folder inside it. */
  folderAndDescendants(folderId: string): Set<string> {
    const result = new Set([folderId])
    const folders = this.folders()
    for (let grew = true; grew;) {
      grew = false
      for (const folder of folders) {
        if (folder.parentId && result.has(folder.parentId) && !result.has(folder.id)) {
          result.add(folder.id)
          grew = true
        }
      }
    }
    return result
  }

  settings(): Settings {
    return this.#configData().settings
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return this.#write(this.#config, () => {
      const settings = { ...this.settings(), ...patch }
      this.#config.set('settings', settings)
      return settings
    })
  }

  /** Every read article id (shared: do not change it). */
  readIds(): Set<string> {
    return this.#flagSets().read
  }

  /** How many articles of each feed are read (shared: do not change it). */
  readCounts(): Map<string, number> {
    return this.#flagSets().readCounts
  }

  /** Shared: do not change it. */
  bookmarkedIds(): Set<string> {
    return this.#flagSets().bookmarked
  }

  /** Marks articles read or unread; `articles` carry their feed so counts stay per feed. */
  async setRead(articles: { id: string; feedId: string }[], read: boolean): Promise<void> {
    if (articles.length === 0) return
    await this.#write(this.#flags, () =>
      this.#changeFlags((data) => {
        const byFeed = new Map<string, Set<string>>()
        for (const { id, feedId } of articles) {
          let ids = byFeed.get(feedId)
          if (!ids) byFeed.set(feedId, (ids = new Set(data.read[feedId] ?? [])))
          if (read) ids.add(id)
          else ids.delete(id)
        }
        for (const [feedId, ids] of byFeed) {
          if (ids.size > 0) data.read[feedId] = [...ids]
          else delete data.read[feedId]
        }
        const updateSets = (sets: FlagSets): void => {
          for (const { id } of articles) {
            if (read) sets.read.add(id)
            else sets.read.delete(id)
          }
          for (const [feedId, ids] of byFeed) {
            if (ids.size > 0) sets.readCounts.set(feedId, ids.size)
            else sets.readCounts.delete(feedId)
          }
        }
        return { data, updateSets }
      }),
    )
  }

  async setBookmarked(id: string, bookmarked: boolean): Promise<void> {
    await this.#write(this.#flags, () =>
      this.#changeFlags((data) => {
        const ids = new Set(data.bookmarked)
        if (bookmarked) ids.add(id)
        else ids.delete(id)
        const updateSets = (sets: FlagSets): void => {
          if (bookmarked) sets.bookmarked.add(id)
          else sets.bookmarked.delete(id)
        }
        return { data: { ...data, bookmarked: [...ids] }, updateSets }
      }),
    )
  }

  /** Drops the flags of articles that no longer exist (retention, unsubscribe). */
  async forgetArticles(articles: { id: string; feedId: string }[]): Promise<void> {
    if (articles.length === 0) return
    await this.#write(this.#flags, () =>
      this.#changeFlags((data) => {
        const gone = new Set(articles.map((article) => article.id))
        for (const feedId of new Set(articles.map((article) => article.feedId))) {
          const kept = (data.read[feedId] ?? []).filter((id) => !gone.has(id))
          if (kept.length > 0) data.read[feedId] = kept
          else delete data.read[feedId]
        }
        // Rare (retention, unsubscribe): the sets are derived afresh on the next read.
        return { data: { ...data, bookmarked: data.bookmarked.filter((id) => !gone.has(id)) } }
      }),
    )
  }
}

/** flags.json at one version of the file (its {@link versionKey}), with its sets once something asked. */
interface FlagsVersion {
  key: string
  data: FlagsData
  sets: FlagSets | null
}

/** What Library derives from one version of flags.json. */
interface FlagSets {
  read: Set<string>
  readCounts: Map<string, number>
  bookmarked: Set<string>
}

/** The sets and counts of flags.json's data. */
function flagSetsOf({ read, bookmarked }: FlagsData): FlagSets {
  return {
    read: new Set(Object.values(read).flat()),
    readCounts: new Map(Object.entries(read).map(([feedId, ids]) => [feedId, ids.length])),
    bookmarked: new Set(bookmarked),
  }
}

/** Two feed URLs name the same feed when they differ only in a trailing slash or the fragment. */
function sameUrl(a: string, b: string): boolean {
  const norm = (url: string) => url.replace(/#.*$/, '').replace(/\/+$/, '').toLowerCase()
  return norm(a) === norm(b)
}

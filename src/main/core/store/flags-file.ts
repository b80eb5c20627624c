import type Conf from 'conf'
import type { FlagsData } from './config-schema'
import { explainWriteError } from './atomic-write'
import { versionKey } from './revision'
import type { WriteLock } from './write-lock'

/**
 * flags.json: which articles are read (grouped by feed, so unread counts need no article scan) and which
 * are bookmarked. Owned by the flags service; nothing else opens it.
 */
export class FlagsFile {
  readonly #flags: Conf<FlagsData>
  readonly #lock: WriteLock
  /** flags.json at the version this process last read or wrote, and the sets derived from it. Shared. */
  #flagsVersion: FlagsVersion | null = null

  constructor(flags: Conf<FlagsData>, lock: WriteLock) {
    this.#flags = flags
    this.#lock = lock
  }

  /** Runs a change of flags.json under the write lock; a full disk is named in words. */
  async #write<T>(change: () => T): Promise<T> {
    return this.#lock.run(() => {
      try {
        return change()
      } catch (error) {
        throw explainWriteError(error, this.#flags.path)
      }
    })
  }

  /**
   * flags.json as of now. conf's get and set would each read and parse the whole file (megabytes in a
   * big library, on the thread that answers the reader): while the file is still the revision this
   * process last read or wrote, that parse is reused. `forWrite` (under the write
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
   * not rebuild sets of every read id for the one id it changed.
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

  /** Every hidden (muted) article id (shared: do not change it). */
  hiddenIds(): Set<string> {
    return this.#flagSets().hidden
  }

  /** Hidden article ids by feed (shared: do not change it). */
  hiddenByFeed(): Readonly<Record<string, readonly string[]>> {
    return this.#flagsNow().data.hidden ?? {}
  }

  /** Hides articles (out of lists and counts) or shows them again; `articles` carry their feed. */
  async setHidden(articles: { id: string; feedId: string }[], hidden: boolean): Promise<void> {
    await this.setMany({ hidden: articles }, hidden)
  }

  /** Marks articles read or unread; `articles` carry their feed so counts stay per feed. */
  async setRead(articles: { id: string; feedId: string }[], read: boolean): Promise<void> {
    await this.setMany({ read: articles }, read)
  }

  /** Bookmarks articles or takes their bookmarks off. */
  async setBookmarked(ids: readonly string[], bookmarked: boolean): Promise<void> {
    await this.setMany({ bookmarked: ids }, bookmarked)
  }

  /**
   * Sets (or clears) several flags of articles in one write of flags.json (the rules' changes of a sync):
   * `read` and `hidden` articles carry their feed.
   */
  async setMany(
    change: {
      read?: readonly { id: string; feedId: string }[]
      bookmarked?: readonly string[]
      hidden?: readonly { id: string; feedId: string }[]
    },
    value: boolean,
  ): Promise<void> {
    const changers: FlagChange[] = []
    if (change.read?.length) changers.push(readChange(change.read, value))
    if (change.bookmarked?.length) changers.push(bookmarkChange(change.bookmarked, value))
    if (change.hidden?.length) changers.push(hiddenChange(change.hidden, value))
    if (changers.length === 0) return
    await this.#write(() =>
      this.#changeFlags((start) => {
        let data = start
        const updates: ((sets: FlagSets) => void)[] = []
        for (const changer of changers) {
          const changed = changer(data)
          data = changed.data
          updates.push(changed.updateSets)
        }
        return { data, updateSets: (sets) => updates.forEach((update) => update(sets)) }
      }),
    )
  }

  /** Drops the flags of articles that no longer exist (retention, unsubscribe). */
  async forgetArticles(articles: { id: string; feedId: string }[]): Promise<void> {
    if (articles.length === 0) return
    await this.#write(() =>
      this.#changeFlags((data) => {
        const gone = new Set(articles.map((article) => article.id))
        for (const feedId of new Set(articles.map((article) => article.feedId))) {
          const kept = (data.read[feedId] ?? []).filter((id) => !gone.has(id))
          if (kept.length > 0) data.read[feedId] = kept
          else delete data.read[feedId]
        }
        const hidden = { ...data.hidden }
        for (const feedId of new Set(articles.map((article) => article.feedId))) {
          const kept = (hidden[feedId] ?? []).filter((id) => !gone.has(id))
          if (kept.length > 0) hidden[feedId] = kept
          else delete hidden[feedId]
        }
        // Rare (retention, unsubscribe): the sets are derived afresh on the next read.
        return { data: { ...data, bookmarked: data.bookmarked.filter((id) => !gone.has(id)), hidden } }
      }),
    )
  }
}

/** One change of flags.json's data (inside FlagsFile#changeFlags), and how it brings the sets up to date. */
type FlagChange = (data: FlagsData) => { data: FlagsData; updateSets: (sets: FlagSets) => void }

function readChange(articles: readonly { id: string; feedId: string }[], read: boolean): FlagChange {
  return (data) => {
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
  }
}

function bookmarkChange(ids: readonly string[], bookmarked: boolean): FlagChange {
  return (data) => {
    const all = new Set(data.bookmarked)
    for (const id of ids) {
      if (bookmarked) all.add(id)
      else all.delete(id)
    }
    const updateSets = (sets: FlagSets): void => {
      for (const id of ids) {
        if (bookmarked) sets.bookmarked.add(id)
        else sets.bookmarked.delete(id)
      }
    }
    return { data: { ...data, bookmarked: [...all] }, updateSets }
  }
}

function hiddenChange(articles: readonly { id: string; feedId: string }[], hidden: boolean): FlagChange {
  return (data) => {
    const all = { ...data.hidden }
    const byFeed = new Map<string, Set<string>>()
    for (const { id, feedId } of articles) {
      let ids = byFeed.get(feedId)
      if (!ids) byFeed.set(feedId, (ids = new Set(all[feedId] ?? [])))
      if (hidden) ids.add(id)
      else ids.delete(id)
    }
    for (const [feedId, ids] of byFeed) {
      if (ids.size > 0) all[feedId] = [...ids]
      else delete all[feedId]
    }
    const updateSets = (sets: FlagSets): void => {
      for (const { id } of articles) {
        if (hidden) sets.hidden.add(id)
        else sets.hidden.delete(id)
      }
    }
    return { data: { ...data, hidden: all }, updateSets }
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
  hidden: Set<string>
}

/** The sets and counts of flags.json's data. */
function flagSetsOf({ read, bookmarked, hidden }: FlagsData): FlagSets {
  return {
    hidden: new Set(Object.values(hidden ?? {}).flat()),
    read: new Set(Object.values(read).flat()),
    readCounts: new Map(Object.entries(read).map(([feedId, ids]) => [feedId, ids.length])),
    bookmarked: new Set(bookmarked),
  }
}

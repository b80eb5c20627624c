import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type Conf from 'conf'
import type { DamageNotice } from '../../../shared/contract'
import type { FlagsData } from './config-schema'
import { explainWriteError } from './atomic-write'
import { appendRecord, createLog, newLogHeader, readLog, type FlagsRecord } from './flags-log'
import {
  applyRecord,
  byFeedRecord,
  dataOf,
  groupByFeed,
  readChangesSince,
  stateOf,
  type FlagState,
  type ReadChange,
  type ReadIds,
} from './flags-state'
import { statOrNull } from './json-files'
import { quarantineFile } from './quarantine'
import { readRevision, revisionKey, versionKey } from './revision'
import type { WriteLock } from './write-lock'

/** The log is folded into flags.json once it is this long and longer than flags.json itself. */
const COMPACT_AT_LEAST_BYTES = 256 * 1024

/**
 * The flags: which articles are read (grouped by feed, so unread counts need no article scan), bookmarked
 * and hidden. Owned by the flags service; nothing else opens their files.
 *
 * flags.json holds them whole as of its revision; flags.log (flags-log.ts) the changes since, one line
 * each. A mark appends one line under the write lock, whatever the size of the library; once the log is
 * longer than flags.json (and than {@link COMPACT_AT_LEAST_BYTES}), the change that made it so folds it
 * into a new flags.json (written whole, atomically) and only then removes it, so the rewrite of every
 * read id costs once per that many bytes of changes. Every process checks flags.json's revision and the
 * log's header and length before it answers, and reads only the lines it has not read yet.
 */
export class FlagsFile {
  readonly #flags: Conf<FlagsData>
  readonly #lock: WriteLock
  readonly #reports: DamageNotice[]
  readonly #logPath: string
  /** flags.json at the version this process last read or wrote, with the log's lines read so far. */
  #view: FlagsView | null = null
  /** The last {@link stamp} given, and the flags it stood for. */
  #stamp: { state: FlagState; changes: number; token: object } | null = null
  /** What each stamp given stood for. */
  readonly #stamped = new WeakMap<object, { state: FlagState; changes: number }>()

  constructor(flags: Conf<FlagsData>, lock: WriteLock, reports: DamageNotice[] = []) {
    this.#flags = flags
    this.#lock = lock
    this.#reports = reports
    this.#logPath = join(dirname(flags.path), 'flags.log')
  }

  /** Where the log of changes lives (next to flags.json). */
  get logPath(): string {
    return this.#logPath
  }

  /**
   * Reads the flags at open: a damaged log is quarantined and reported (the records before the damage
   * kept in flags.json) where the caller holds the write lock; elsewhere (a read-only data dir) it is
   * reported, and read up to the damage.
   */
  open(): void {
    const view = this.#now(this.#lock.held)
    if (!view.damaged) return
    if (this.#lock.held) this.#repair(view)
    else
      this.#reports.push({
        file: this.#logPath,
        keptAt: '',
        reason: view.damaged,
        action: 'read the changes before the damage; the data dir cannot be written to set the file aside',
      })
  }

  /**
   * The flags as of now. While flags.json is still the revision this process read or wrote, only the
   * log's new lines are read. `forWrite` (under the write lock): only a revision vouches for the copy
   * (revision.ts), so the change builds on the files as any other process left them.
   */
  #now(forWrite = false): FlagsView {
    const key = versionKey(this.#flags.path, forWrite)
    let view = this.#view
    if (key === null || view?.key !== key) view = this.#load(key)
    if (!this.#catchUp(view)) {
      view = this.#load(key)
      this.#catchUp(view)
    }
    this.#view = view
    return view
  }

  #load(key: string | null): FlagsView {
    const { revision, read, bookmarked, hidden, ...rest } = this.#flags.store as FlagsData & {
      revision?: unknown
    }
    return {
      key: key ?? '',
      base: typeof revision === 'string' ? revision : null,
      rest,
      log: null,
      damaged: null,
      jsonBytes: statOrNull(this.#flags.path)?.size ?? 0,
      state: stateOf({ read: read ?? {}, bookmarked: bookmarked ?? [], hidden }),
    }
  }

  /**
   * Applies the log's lines this view has not read. False when the log is no longer the one it read (the
   * view must be read afresh).
   */
  #catchUp(view: FlagsView): boolean {
    if (view.base === null) return true
    const log = readLog(this.#logPath, view.log?.end ?? 0)
    // No log applies: right only if flags.json is still the one read (another process may have folded
    // the log into a new flags.json, and removed or replaced the log, since this one was parsed).
    const settled = (): boolean => view.log === null && readRevision(this.#flags.path) === view.base
    if (log.status === 'missing') return settled()
    if (log.status === 'damaged') {
      view.damaged = `flags.log: ${log.reason}`
      return view.log === null
    }
    // A log over another revision of flags.json was folded into it already: it applies to nothing.
    if (log.header.base !== view.base) {
      view.damaged = null
      return settled()
    }
    if (view.log && (view.log.id !== log.header.id || log.size < view.log.end)) return false
    for (const record of log.records) applyRecord(view.state, record)
    view.log = { id: log.header.id, end: log.end }
    view.damaged = log.damaged && `flags.log: ${log.damaged}`
    return true
  }

  /** Appends a change (under the write lock), and folds the log into flags.json once it is long. */
  async #change(record: FlagsRecord): Promise<void> {
    await this.#lock.run(() => {
      let view = this.#now(true)
      if (view.damaged) view = this.#repair(view)
      if (view.base === null) view = this.#compact(view)
      try {
        const base = view.base!
        if (view.log) view.log.end = appendRecord(this.#logPath, view.log.end, record)
        else {
          const header = newLogHeader(base)
          view.log = { id: header.id, end: createLog(this.#logPath, header, [record]) }
        }
      } catch (error) {
        // The log as this view read it is unchanged (a failed append is cut off): read it again next time.
        this.#view = null
        throw explainWriteError(error, this.#logPath)
      }
      applyRecord(view.state, record)
      if (view.log.end > Math.max(COMPACT_AT_LEAST_BYTES, view.jsonBytes)) {
        try {
          this.#compact(view)
        } catch {
          // The change is in the log; folding it in is tried again at the next change.
        }
      }
    })
  }

  /**
   * Writes the flags whole to flags.json at a new revision, then removes the log: a crash in between
   * leaves a log over the old revision, which applies to nothing (its changes are in flags.json).
   */
  #compact(view: FlagsView, keepLog = false): FlagsView {
    try {
      this.#flags.store = { ...view.rest, ...dataOf(view.state) } as FlagsData
    } catch (error) {
      this.#view = null
      throw explainWriteError(error, this.#flags.path)
    }
    const revision = readRevision(this.#flags.path)
    if (!keepLog) rmSync(this.#logPath, { force: true })
    this.#view = {
      ...view,
      key: revision ? revisionKey(revision) : '',
      base: revision,
      log: null,
      damaged: null,
      jsonBytes: statOrNull(this.#flags.path)?.size ?? 0,
    }
    return this.#view
  }

  /**
   * A damaged log (under the write lock): the changes before the damage go into flags.json, then the log
   * is moved to quarantine/ and reported; the flags are never reset.
   */
  #repair(view: FlagsView): FlagsView {
    const reason = view.damaged ?? 'flags.log is damaged'
    const repaired = this.#compact(view, true)
    const keptAt = quarantineFile(dirname(this.#flags.path), this.#logPath)
    this.#reports.push({
      file: this.#logPath,
      keptAt,
      reason,
      action: 'kept every change before the damage; the rest is in the file set aside',
    })
    return repaired
  }

  /** Folds the log into flags.json now (it happens by itself once the log is long): tests, the bench. */
  async compact(): Promise<void> {
    await this.#lock.run(() => {
      const view = this.#now(true)
      if (view.damaged) this.#repair(view)
      else this.#compact(view)
    })
  }

  /**
   * A token for the flags as they are now: the same object while no flag has changed (in this process
   * or another), a new one after any change. What is worked out from the flags can be kept under it.
   */
  stamp(): object {
    const state = this.#now().state
    const kept = this.#stamp
    if (kept?.state === state && kept.changes === state.changes) return kept.token
    this.#stamp = { state, changes: state.changes, token: {} }
    this.#stamped.set(this.#stamp.token, { state, changes: state.changes })
    return this.#stamp.token
  }

  /**
   * The read flags changed since `stamp` was given, in order: null when that cannot be told (the flags
   * were read afresh, too many changed, or bookmarks or hidden articles changed too).
   */
  readChangesSince(stamp: object): readonly ReadChange[] | null {
    const then = this.#stamped.get(stamp)
    const state = this.#now().state
    return then?.state === state ? readChangesSince(state, then.changes) : null
  }

  /** Every read article id, as one set: built on first need (shared: do not change it). */
  readIds(): Set<string> {
    return this.#now().state.read.all()
  }

  /** The read ids by feed, for lookups of articles whose feed is known (no set of every id is built). */
  reads(): ReadIds {
    return this.#now().state.read
  }

  /** How many articles of each feed are read (shared: do not change it). */
  readCounts(): Map<string, number> {
    return this.#now().state.read.counts()
  }

  /** Shared: do not change it. */
  bookmarkedIds(): Set<string> {
    return this.#now().state.bookmarked
  }

  /** Every hidden (muted) article id (shared: do not change it). */
  hiddenIds(): Set<string> {
    return this.#now().state.hidden
  }

  /** Hidden article ids by feed. */
  hiddenByFeed(): Readonly<Record<string, readonly string[]>> {
    return byFeedRecord(this.#now().state.hiddenByFeed)
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
   * Sets (or clears) several flags of articles in one record of the log (the rules' changes of a sync,
   * a mark all read of 100,000): `read` and `hidden` articles carry their feed.
   */
  async setMany(
    change: {
      read?: readonly { id: string; feedId: string }[]
      bookmarked?: readonly string[]
      hidden?: readonly { id: string; feedId: string }[]
    },
    value: boolean,
  ): Promise<void> {
    const record: FlagsRecord = { to: value }
    if (change.read?.length) record.read = groupByFeed(change.read)
    if (change.bookmarked?.length) record.bookmarked = [...new Set(change.bookmarked)]
    if (change.hidden?.length) record.hidden = groupByFeed(change.hidden)
    if (!record.read && !record.bookmarked && !record.hidden) return
    await this.#change(record)
  }

  /** Drops the flags of articles that no longer exist (retention, unsubscribe). */
  async forgetArticles(articles: { id: string; feedId: string }[]): Promise<void> {
    if (articles.length === 0) return
    await this.#change({ forget: groupByFeed(articles) })
  }
}

/** flags.json as read, with the log's lines read so far applied to its sets. */
interface FlagsView {
  /** flags.json's {@link versionKey} when it was read. */
  key: string
  /** flags.json's revision: the base a log must name to apply (null: a file from before revisions). */
  base: string | null
  /** flags.json's other keys (conf's), written back as they were. */
  rest: Record<string, unknown>
  /** The log read, up to the end of its last whole line; null when none applies. */
  log: { id: string; end: number } | null
  /** Why the log's line after `log.end` (or its header) is damaged, or null. */
  damaged: string | null
  jsonBytes: number
  state: FlagState
}

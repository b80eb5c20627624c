import type { ArticleMeta } from '../../../shared/types'
import { isPlainObject, readJsonFile } from './json-files'
import { stringifyAtRevision } from './revision'
import { applyWeekLog, type WeekLogRecord } from './week-log'

/*
 * The weeks' ids files of the article catalog (article-catalog.ts): what "mark all read" and search's
 * check against the store read in place of every week's records.
 */

/** An article as "mark all read" needs it: which it is, its feed, and its id on a server account. */
export interface ArticleRef {
  id: string
  feedId: string
  remoteId?: string
}

/**
 * A week's ids file (`articles/week-ids/<week>.json`): the week's ids by feed, and the server ids of those that have
 * one, written after the week file under the same revision. ~21 bytes an article where the week file
 * takes ~540: "mark all read" in a fresh process reads these instead of every week's records.
 */
export interface WeekIdsFile {
  revision: string
  feeds: Record<string, string[]>
  remote: Record<string, string>
  /**
   * The key (week-log.ts) of the week's log these ids include; absent: none. The week's log is read
   * only when it has grown since: a week's refs are read without its log once they are written again
   * with it (see ArticleCatalog#refs).
   */
  log?: string
}

/** The ref of a catalog record. */
export function refOf(meta: ArticleMeta): ArticleRef {
  return meta.remoteId
    ? { id: meta.id, feedId: meta.feedId, remoteId: meta.remoteId }
    : { id: meta.id, feedId: meta.feedId }
}

/** A week's ids file, as text under the week file's revision; `log`: the key of the log they include. */
export function idsFileText(articles: readonly ArticleRef[], revision: string, log = ''): string {
  const feeds: Record<string, string[]> = {}
  const remote: Record<string, string> = {}
  for (const article of articles) {
    ;(feeds[article.feedId] ??= []).push(article.id)
    if (article.remoteId) remote[article.id] = article.remoteId
  }
  return stringifyAtRevision(log ? { feeds, remote, log } : { feeds, remote }, revision)
}

function isIdsFile(value: unknown): value is WeekIdsFile {
  return (
    isPlainObject(value) &&
    typeof value.revision === 'string' &&
    isPlainObject(value.feeds) &&
    isPlainObject(value.remote) &&
    (value.log === undefined || typeof value.log === 'string') &&
    Object.values(value.feeds).every((ids) => Array.isArray(ids) && ids.every((id) => typeof id === 'string'))
  )
}

/** Which articles a caller wants, asked before a ref is made for one (500,000 refs are ~200 ms of garbage). */
export type RefMatch = (id: string, feedId: string) => boolean

/** The refs of an ids file with its week's log (of the same revision) applied: of `match` only when given. */
export function refsOfIdsFile(
  file: WeekIdsFile,
  log: readonly WeekLogRecord[],
  feedIds?: ReadonlySet<string>,
  match?: RefMatch,
): ArticleRef[] {
  const refs: ArticleRef[] = []
  const changed = new Set(log.flatMap((record) => [...record.remove, ...record.put.map((meta) => meta.id)]))
  // Most weeks have no log and no server ids: their 40,000 ids are not looked up in either.
  const remote = Object.keys(file.remote).length > 0 ? file.remote : null
  for (const [feedId, ids] of Object.entries(file.feeds)) {
    if (feedIds && !feedIds.has(feedId)) continue
    for (const id of ids) {
      if ((changed.size > 0 && changed.has(id)) || (match && !match(id, feedId))) continue
      const remoteId = remote?.[id]
      refs.push(typeof remoteId === 'string' ? { id, feedId, remoteId } : { id, feedId })
    }
  }
  if (changed.size === 0) return refs
  // Only the records the log put last are there now (a later line may remove or replace one).
  for (const meta of applyWeekLog([], log))
    if ((!feedIds || feedIds.has(meta.feedId)) && (!match || match(meta.id, meta.feedId)))
      refs.push(refOf(meta))
  return refs
}

/** The ids file at `path` when it is whole and has its week file's `revision`; else null (read the week). */
export async function readIdsFile(path: string, revision: string): Promise<WeekIdsFile | null> {
  const read = await readJsonFile<WeekIdsFile>(path)
  return read.status === 'ok' && isIdsFile(read.value) && read.value.revision === revision ? read.value : null
}

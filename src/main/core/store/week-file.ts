import { readFile } from 'node:fs/promises'
import type { ArticleMeta } from '../../../shared/types'
import { isPlainObject, readJsonFile } from './json-files'
import { stringifyAtRevision } from './revision'
import { isMetaRecord } from './week-log'

/*
 * A week file of the article catalog (`articles/catalog/<week>.json`, article-catalog.ts): the week's
 * records, newest first, under the revision of the write that made it.
 *
 * It is one JSON document, `{"revision":"…","articles":[…]}`, written with one record a line:
 *
 *     {"revision":"<16 hex>","articles":[
 *     {"id":"…","feedId":"…",…},
 *     {"id":"…","feedId":"…",…}
 *     ]}
 *
 * so it parses whole as before, and a fresh process that lists a folder's newest articles can parse only
 * its feeds' lines: a record's id and feed are its line's first keys, and JSON never holds a raw newline
 * in a string. At 500,000 articles a week is ~38,000 records (19 MB), and a folder of 60 feeds has
 * ~3% of them.
 */

/** A week's records under its revision (null: a file from before revisions). */
export interface WeekRead {
  metas: ArticleMeta[]
  revision: string | null
}

/** A week file's text: its records one a line, under `revision`. */
export function weekFileText(metas: readonly ArticleMeta[], revision: string): string {
  const head = stringifyAtRevision({ articles: [] }, revision).slice(0, -2)
  if (metas.length === 0) return `${head}]}`
  return `${head}\n${metas.map((meta) => JSON.stringify(meta)).join(',\n')}\n]}`
}

/** A week file's records, or why it is damaged (a vanished file has none). */
export async function readWeekFile(path: string): Promise<WeekRead | { damaged: string }> {
  const read = await readJsonFile<{ revision?: unknown; articles?: unknown } | ArticleMeta[]>(path)
  if (read.status === 'missing') return { metas: [], revision: null }
  if (read.status === 'damaged') return { damaged: read.reason }
  // A list of records is a week file from before revisions.
  const metas = Array.isArray(read.value)
    ? read.value
    : isPlainObject(read.value)
      ? read.value.articles
      : null
  const revision =
    isPlainObject(read.value) && typeof read.value.revision === 'string' ? read.value.revision : null
  return Array.isArray(metas) && metas.every(isMetaRecord)
    ? { metas: metas as ArticleMeta[], revision }
    : { damaged: 'it is not a list of articles' }
}

const HEAD = /^\{"revision":"([0-9a-f]{16})","articles":\[$/
/** A record line's start: its id and feed, read without parsing the line. */
const RECORD_START = /^\{"id":"((?:[^"\\]|\\.)*)","feedId":"((?:[^"\\]|\\.)*)"/
/** A feed id read from a line's start as it is (printable ASCII, no escapes). */
const PLAIN = /^[\x20-\x5b\x5d-\x7e]*$/
/** How much of a line is looked at for its id and feed (as latin1: they are ASCII). */
const START_BYTES = 160

/**
 * The records of `feedIds` only, from a week file written one record a line (see above), parsing only
 * their lines. null where the file is not laid out so (a file from before, or damaged, or missing):
 * the caller reads it whole, which also finds and repairs damage.
 */
export async function readWeekFileOf(path: string, feedIds: ReadonlySet<string>): Promise<WeekRead | null> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch {
    return null
  }
  let end = bytes.indexOf(0x0a)
  if (end === -1) return null
  const revision = HEAD.exec(bytes.toString('latin1', 0, end))?.[1]
  if (!revision) return null
  const metas: ArticleMeta[] = []
  for (let start = end + 1; ; start = end + 1) {
    end = bytes.indexOf(0x0a, start)
    if (end === -1) return bytes.toString('latin1', start) === ']}' ? { metas, revision } : null
    const last = bytes[end - 1] === 0x2c ? end - 1 : end
    const begins = RECORD_START.exec(bytes.toString('latin1', start, Math.min(last, start + START_BYTES)))
    // A line whose start is not as written, or whose feed id is not plain ASCII (escaped, or bytes read
    // here as latin1), is parsed to find its feed.
    if (begins && PLAIN.test(begins[2]!) && !feedIds.has(begins[2]!)) continue
    let meta: unknown
    try {
      meta = JSON.parse(bytes.toString('utf8', start, last))
    } catch {
      return null
    }
    if (!isMetaRecord(meta)) return null
    if (feedIds.has(meta.feedId)) metas.push(meta)
  }
}

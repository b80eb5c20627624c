import type { Broadsheet } from '../main/core/broadsheet'
import { ReadOnlyDataDirError } from '../main/core/store/read-only'
import type { SearchHit } from '../shared/contract'
import { type CliIO, clip, groupDigits, plural, printJson, shortDate, terminalSafe } from './output'
import { profilePhase } from './profile'

export interface SearchCommandOptions {
  limit?: number
  offset?: number
  json?: boolean
}

/** Repairs bigger than this say what they are doing on stderr (a first search indexes everything). */
const ANNOUNCE_REPAIR = 200

/**
 * `broadsheet search QUERY`: the best matches first. The index is brought in step with the store first
 * (articles stored while the index was not running are indexed; a first search builds it).
 */
export async function searchCommand(
  core: Broadsheet,
  io: CliIO,
  query: string,
  options: SearchCommandOptions,
) {
  let announced = false
  if (io.env.BROADSHEET_PROFILE === '1') {
    // Apart, for the profile: the index's code loaded and its manifest read (repair would do it first).
    await core.search.index()
    profilePhase(io, 'search index open')
  }
  await core.search
    .repair(({ done, total }) => {
      if (total < ANNOUNCE_REPAIR) return
      if (!announced) io.stderr(`Indexing ${plural(total, 'article')} for search…\n`)
      announced = true
      if (done === total) io.stderr(`Indexed ${plural(total, 'article')}.\n`)
    })
    .catch((error: unknown) => {
      // A library that cannot be written is searched as its index was last written.
      if (!(error instanceof ReadOnlyDataDirError)) throw error
      io.stderr(`broadsheet: warning: ${error.message}; searching its index as it was last written\n`)
    })
  profilePhase(io, 'search index in step')
  const page = await core.search.search({ query, limit: options.limit ?? 20, offset: options.offset })
  profilePhase(io, 'query answered')
  if (options.json) {
    printJson(
      io,
      page.results.map((hit) => ({
        id: hit.id,
        title: hit.title,
        feedId: hit.feedId,
        score: Math.round(hit.score * 10_000) / 10_000,
        snippet: hit.snippet,
      })),
    )
    return
  }
  const skipped = options.offset ?? 0
  const about = page.totalIsExact
    ? `${plural(page.total, 'article')} ${page.total === 1 ? 'matches' : 'match'}`
    : `up to ${plural(page.total, 'article')} match`
  if (page.results.length === 0) {
    // Paged past the end: say how many there are, so the person knows where the last page is.
    io.stdout(
      skipped && page.total > 0
        ? `${about} ${JSON.stringify(query)}; none after the first ${groupDigits(skipped)}.\n`
        : `No articles match ${JSON.stringify(query)}.\n`,
    )
    return
  }
  const feedTitles = core.subscriptions.titles()
  const shown = page.results.length
  const range =
    shown === 1
      ? `result ${groupDigits(skipped + 1)}`
      : `results ${groupDigits(skipped + 1)}–${groupDigits(skipped + shown)}`
  const which = skipped ? range : shown === 1 ? 'the best one' : `the best ${shown}`
  const everything = page.totalIsExact && !skipped && shown === page.total
  io.stdout(everything ? `${about}:\n\n` : `${about}; ${which}:\n\n`)
  for (const hit of page.results) {
    const feed = feedTitles.get(hit.feedId) ?? hit.feedId
    io.stdout(`${clip(hit.title, 100)}\n`)
    io.stdout(`  ${clip(feed, 40)} · ${shortDate(new Date(hit.sortTime).toISOString())} · ${hit.id}\n`)
    if (hit.snippet) io.stdout(`  ${highlight(hit, io.isTTY)}\n`)
    io.stdout('\n')
  }
}

/** The snippet with its matches in bold on a terminal (the snippet made safe first: only our escapes). */
function highlight(hit: SearchHit, tty: boolean): string {
  const snippet = terminalSafe(hit.snippet)
  if (!tty) return snippet
  let out = ''
  let at = 0
  for (const [start, length] of hit.snippetPositions) {
    out += `${snippet.slice(at, start)}\u001b[1m${snippet.slice(start, start + length)}\u001b[22m`
    at = start + length
  }
  return out + snippet.slice(at)
}

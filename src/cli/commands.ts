import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Broadsheet } from '../main/core/broadsheet'
import type { ArticleListItem } from '../shared/types'
import { SEARCH_PAGE_MAX } from '../shared/contract'
import { writeFileAtomic } from '../main/core/store/atomic-write'
import { UserError } from '../main/core/errors'
import { durationWords } from '../shared/relative-time'
import {
  type CliIO,
  clip,
  dateAndAge,
  oneLine,
  plural,
  printJson,
  printTable,
  shortDate,
  wrap,
} from './output'

interface JsonOption {
  json?: boolean
}

export async function feedsCommand(core: Broadsheet, io: CliIO, options: JsonOption) {
  const feeds = await core.subscriptions.summaries()
  const now = Date.now()
  if (options.json) {
    printJson(
      io,
      feeds.map((f) => ({
        id: f.id,
        title: f.title,
        url: f.url,
        siteUrl: f.siteUrl,
        folder: f.folder,
        account: f.account ?? 'local',
        unread: f.unread,
        lastFetched: f.lastFetched,
        lastError: f.lastError,
        notice: f.notice ?? null,
      })),
    )
    return
  }
  if (feeds.length === 0) {
    io.stdout('No subscriptions yet. Add one with `broadsheet add URL` or `broadsheet import-opml FILE`.\n')
    return
  }
  printTable(
    io,
    ['ID', 'UNREAD', 'FOLDER', 'TITLE', 'LAST FETCHED', 'STATUS'],
    feeds.map((f) => [
      f.id,
      String(f.unread),
      f.folder || '—',
      clip(f.title, 40),
      dateAndAge(f.lastFetched, now),
      f.dead
        ? 'gone (410)'
        : f.lastError
          ? `error: ${clip(f.lastError, 60)}${retrying(f.retryAfter, now)}`
          : f.notice
            ? `ok; ${clip(f.notice, 60)}`
            : 'ok',
    ]),
  )
  io.stdout(`\n${lastSyncLine(core, now)}\n`)
}

/** The library's last sync, whoever ran it (the app, the preview, this CLI): when, and what failed. */
function lastSyncLine(core: Broadsheet, now: number): string {
  const last = core.sync.lastSync()
  if (!last) return 'Not synced yet: `broadsheet sync` fetches every feed.'
  const failed = last.feeds.filter((feed) => feed.error).length
  const failedAccounts = last.accounts.filter((account) => account.error).length
  const failures = [
    failed ? `${plural(failed, 'feed')} failed` : '',
    failedAccounts ? `${plural(failedAccounts, 'account')} failed` : '',
  ].filter(Boolean)
  return `Last synced ${dateAndAge(last.finishedAt, now)}: ${plural(last.newArticles, 'new article')}${failures.map((part) => `, ${part}`).join('')}`
}

/** "; retrying in 58 min" while a server's wait (Retry-After, backoff) lasts. */
function retrying(retryAfter: string | null, now: number): string {
  const until = retryAfter ? Date.parse(retryAfter) : NaN
  return until > now ? `; retrying in ${durationWords(until - now)}` : ''
}

export interface ArticlesOptions extends JsonOption {
  feed?: string
  /** A folder's path (or a title only it has), its subfolders with it. */
  folder?: string
  unread?: boolean
  bookmarked?: boolean
  saved?: boolean
  limit?: number
  /** A smart feed's articles (its own order), with the other filters. */
  smart?: string
  /** Only hidden (muted) articles. */
  hidden?: boolean
}

export async function articlesCommand(core: Broadsheet, io: CliIO, options: ArticlesOptions) {
  const feed = options.feed ? core.subscriptions.resolveId(options.feed) : undefined
  const folderId = options.folder ? core.subscriptions.folderNamed(options.folder).id : undefined
  const articles = options.smart
    ? await smartArticles(core, await core.smart.resolveId(options.smart), {
        ...options,
        feeds: core.subscriptions.scope({ feedIds: feed ? [feed] : undefined, folderId }),
      })
    : await core.articles.list({
        feedIds: feed ? [feed] : undefined,
        folderId,
        unread: options.unread,
        bookmarked: options.bookmarked,
        saved: options.saved,
        hidden: options.hidden,
        limit: options.limit ?? 50,
      })
  if (options.json) {
    printJson(
      io,
      articles.map((a) => ({
        id: a.id,
        feedId: a.feedId,
        title: a.title,
        url: a.url,
        author: a.author,
        published: a.published,
        read: a.read,
        bookmarked: a.bookmarked,
        saved: a.saved,
        ...(a.hidden && { hidden: true }),
      })),
    )
    return
  }
  if (articles.length === 0) {
    io.stdout('No articles match.\n')
    return
  }
  const feedTitles = core.subscriptions.titles()
  printTable(
    io,
    ['ID', 'FLAGS', 'DATE', 'FEED', 'TITLE'],
    articles.map((a) => [
      a.id,
      `${a.read ? ' ' : '●'}${a.bookmarked ? '★' : ' '}${a.saved ? 'S' : ' '}`,
      shortDate(a.published ?? a.fetchedAt),
      clip(feedTitles.get(a.feedId) ?? '—', 24),
      clip(a.title, 70),
    ]),
  )
}

export async function showCommand(core: Broadsheet, io: CliIO, input: string, options: JsonOption) {
  const article = await core.articles.open(await core.articles.resolveId(input))
  const cached = await Promise.all(
    article.images.map(async (image) => ({
      url: image.url,
      cached: image.hash !== null && (await core.blobs.has(image.hash)),
    })),
  )
  if (options.json) {
    printJson(io, {
      id: article.id,
      feedId: article.feedId,
      title: article.title,
      url: article.url,
      author: article.author,
      published: article.published,
      read: article.read,
      bookmarked: article.bookmarked,
      saved: article.saved,
      contentHtml: article.contentHtml,
      contentText: article.contentText,
      images: cached,
    })
    return
  }
  const byline = [article.author, shortDate(article.published)]
    .filter((part) => part && part !== '—')
    .join(' · ')
  const head = [article.title, byline, article.url ?? ''].filter(Boolean).map(oneLine)
  io.stdout(`${head.join('\n')}\n\n`)
  io.stdout(`${wrap(article.contentText)}\n`)
  const offline = cached.filter((image) => image.cached).length
  if (cached.length > 0)
    io.stdout(`\n[${plural(cached.length, 'image')}, ${offline} cached for offline reading]\n`)
}

/** Which articles `broadsheet read` marks when no ids are given (the app's Mark All as Read). */
export interface MarkReadOptions {
  all?: boolean
  feed?: string
  folder?: string
  smart?: string
  bookmarked?: boolean
}

/** What is wrong with a `broadsheet read` command line (a usage error), or null when nothing. */
export function markReadProblem(ids: readonly string[], options: MarkReadOptions): string | null {
  const scoped = [options.feed, options.folder, options.smart, options.bookmarked].some(
    (o) => o !== undefined,
  )
  const which = '--all, --feed, --folder, --smart or --bookmarked'
  if (ids.length > 0 && (scoped || options.all)) return `give article ids or ${which}, not both`
  if (ids.length === 0 && !scoped && !options.all) return `say which articles: their ids, or ${which}`
  if (options.all && scoped) return '--all marks every article: leave out the other options'
  if (options.smart && options.bookmarked) return 'choose --smart or --bookmarked, not both'
  return null
}

/**
 * `broadsheet read`: the articles named by id, or every article of a scope (markReadProblem has checked
 * the command line) — a feed and a folder narrow it, a smart feed or the bookmarks pick from it — as Mark
 * All as Read does in the app.
 */
export async function markReadCommand(core: Broadsheet, io: CliIO, ids: string[], options: MarkReadOptions) {
  if (ids.length === 1) return flagCommand(core, io, 'read', ids[0] as string)
  if (ids.length > 1) {
    const resolved = new Set<string>()
    for (const input of ids) resolved.add(await core.articles.resolveId(input))
    await core.flags.setRead([...resolved], true)
    io.stdout(`Marked ${plural(resolved.size, 'article')} read\n`)
    return
  }
  const feedIds = core.subscriptions.scope({
    feedIds: options.feed ? [core.subscriptions.resolveId(options.feed)] : undefined,
    folderId: options.folder ? core.subscriptions.folderNamed(options.folder).id : undefined,
  })
  // A smart feed: every unread article its search matches now; the bookmarks: every bookmarked one.
  const only = options.smart
    ? new Set(await core.smart.unreadIds(await core.smart.resolveId(options.smart)))
    : options.bookmarked
      ? core.flags.bookmarkedIds()
      : undefined
  const changed = await core.flags.markAllRead(feedIds, only)
  io.stdout(changed === 0 ? 'Nothing was unread there\n' : `Marked ${plural(changed, 'article')} read\n`)
}

export async function flagCommand(
  core: Broadsheet,
  io: CliIO,
  flag: 'read' | 'unread' | 'bookmark' | 'unbookmark' | 'hide' | 'unhide',
  input: string,
) {
  const id = await core.articles.resolveId(input)
  if (flag === 'read' || flag === 'unread') await core.flags.setRead([id], flag === 'read')
  else if (flag === 'hide' || flag === 'unhide') await core.flags.setHidden([id], flag === 'hide')
  else await core.flags.setBookmarked(id, flag === 'bookmark')
  const done = {
    read: 'Marked read',
    unread: 'Marked unread',
    bookmark: 'Bookmarked',
    unbookmark: 'Removed bookmark from',
    hide: 'Hidden',
    unhide: 'Shown again',
  }
  io.stdout(`${done[flag]}: ${oneLine((await core.articles.open(id)).title)}\n`)
}

export async function importOpmlCommand(core: Broadsheet, io: CliIO, file: string) {
  // The encodings' tables are loaded for this command only.
  const { decodeText } = await import('../main/core/net/charset')
  let text: string
  try {
    // OPML files come in legacy encodings too (EUC-KR, Shift_JIS): the XML declaration or BOM decides.
    text = decodeText(await readFile(resolve(file)), null, 'xml')
  } catch (error) {
    throw new UserError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    )
  }
  const { added, skipped } = await core.subscriptions.importOpml(text)
  io.stdout(
    `Imported ${plural(added.length, 'feed')}${skipped.length ? `; skipped ${skipped.length} already subscribed or not http(s)` : ''}\n`,
  )
}

export async function exportOpmlCommand(core: Broadsheet, io: CliIO, file?: string) {
  const opml = await core.subscriptions.exportOpml()
  if (!file) {
    io.stdout(opml.endsWith('\n') ? opml : `${opml}\n`)
    return
  }
  try {
    await writeFileAtomic(resolve(file), opml)
  } catch (error) {
    throw new UserError(
      `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    )
  }
  io.stdout(`Exported ${plural(core.subscriptions.feeds().length, 'feed')} to ${file}\n`)
}

/** A smart feed's articles in its order, as lists show them, narrowed by the other filters. */
async function smartArticles(
  core: Broadsheet,
  smartId: string,
  options: Omit<ArticlesOptions, 'smart' | 'feed' | 'folder'> & { feeds?: ReadonlySet<string> },
): Promise<ArticleListItem[]> {
  const limit = options.limit ?? 50
  const flagsOf = core.flags.reader()
  const found: ArticleListItem[] = []
  // Page by page (a search answers SEARCH_PAGE_MAX at a time) until the filters have let enough through.
  for (let offset = 0; found.length < limit; offset += SEARCH_PAGE_MAX) {
    const page = await core.smart.articles(smartId, {
      limit: SEARCH_PAGE_MAX,
      offset,
      unread: options.unread,
    })
    const metas = new Map(
      (await core.articles.metas(page.results.map((hit) => hit.id))).map((m) => [m.id, m]),
    )
    for (const hit of page.results) {
      const meta = metas.get(hit.id)
      if (!meta) continue
      const article = { ...meta, ...flagsOf(meta) }
      if (options.feeds && !options.feeds.has(article.feedId)) continue
      if ((options.bookmarked && !article.bookmarked) || (options.saved && !article.saved)) continue
      found.push(article)
    }
    if (page.results.length < SEARCH_PAGE_MAX) break
  }
  return found.slice(0, limit)
}

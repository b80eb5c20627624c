import cliProgress from 'cli-progress'
import type { SyncProgressEvent } from '../shared/contract'
import type { Broadsheet } from '../main/core/broadsheet'
import { FeedUnreachableError } from '../main/core/errors'
import type { SyncResult } from '../main/core/sync/sync-engine'
import type { Feed } from '../shared/types'
import { type CliIO, clip, plural, printJson, terminalSafe } from './output'
import { SYNC_ALL_FAILED, SYNC_SOME_FAILED } from './exit-codes'

/** `add URL`: a feed URL, or a website whose feed autodiscovery finds. */
export async function addCommand(
  core: Broadsheet,
  io: CliIO,
  url: string,
  options: { folder?: string; account?: string; anyway?: boolean },
) {
  const account = options.account ? core.accounts.resolveId(options.account) : undefined
  let feed: Feed
  try {
    feed = await core.subscriptions.subscribe(url, { ...options, account })
  } catch (error) {
    // Busy, no answer, refused: the address may well be a feed; say how to subscribe all the same.
    if (error instanceof FeedUnreachableError)
      throw new FeedUnreachableError(`${error.message} (add --anyway to subscribe all the same)`, error.url)
    throw error
  }
  const folder = core.subscriptions.folderPath(feed.folderId)
  const via = feed.url === url ? '' : ` (found at ${url})`
  io.stdout(
    terminalSafe(
      `Subscribed to ${feed.title}: ${feed.url}${via}${folder ? ` in ${folder}` : ''} — feed ${feed.id}\n`,
    ),
  )
  if (feed.lastError)
    io.stdout(terminalSafe(`It could not be fetched now (${feed.lastError}); the next sync tries again.\n`))
  else io.stdout('Run `broadsheet sync` to fetch its articles.\n')
}

/** `sync`: a progress bar on a terminal, a line per feed otherwise, JSON with --json. */
export async function syncCommand(core: Broadsheet, io: CliIO, options: { json?: boolean }): Promise<number> {
  const bar =
    io.isTTY && !options.json
      ? new cliProgress.SingleBar(
          {
            format: ' {bar} {value}/{total} feeds | {feed}',
            hideCursor: true,
            clearOnComplete: true,
            etaBuffer: 20,
          },
          cliProgress.Presets.shades_classic,
        )
      : null
  const onProgress = (progress: SyncProgressEvent): void => {
    if (bar) {
      if (progress.done === 0) bar.start(progress.total, 0, { feed: '' })
      else bar.update(progress.done, { feed: clip(progress.feed?.title ?? '', 40) })
    } else if (!options.json && progress.feed) {
      const { feed } = progress
      const status = feed.error
        ? `error: ${feed.error}`
        : `${feed.newArticles} new${feed.notice ? `; ${feed.notice}` : ''}`
      io.stdout(terminalSafe(`[${progress.done}/${progress.total}] ${feed.title}: ${status}\n`))
    }
  }
  const signal = io.interrupted
  const stopping = (): void => io.stderr('broadsheet: stopping the sync; what it has fetched is kept\n')
  signal?.addEventListener('abort', stopping, { once: true })
  const result = await core.sync.run({ onProgress, ...(signal ? { signal } : {}) }).finally(() => {
    bar?.stop()
    signal?.removeEventListener('abort', stopping)
  })
  if (options.json) {
    printJson(io, {
      feeds: result.feeds.map((f) => ({
        id: f.id,
        title: f.title,
        newArticles: f.newArticles,
        error: f.error,
        notice: f.notice,
      })),
      accounts: result.accounts.map(({ id, newArticles, pushed, error }) => ({
        id,
        newArticles,
        pushed,
        error,
      })),
      newArticles: result.newArticles,
      durationMs: result.durationMs,
    })
    return exitCodeOf(result)
  }
  const failed = result.feeds.filter((f) => f.error)
  if (bar) {
    for (const f of failed) io.stdout(terminalSafe(`${f.title}: ${f.error}\n`))
    for (const f of result.feeds)
      if (!f.error && f.notice) io.stdout(terminalSafe(`${f.title}: ${f.notice}\n`))
  }
  const names = new Map(
    core.accounts.list().map((account) => [account.id, `${account.user} at ${account.url}`]),
  )
  for (const account of result.accounts) {
    const name = names.get(account.id) ?? account.id
    const sent = account.pushed ? `, ${plural(account.pushed, 'change')} sent` : ''
    const outcome = account.error ? `error: ${account.error}` : `${account.newArticles} new${sent}`
    io.stdout(terminalSafe(`${name}: ${outcome}\n`))
  }
  const seconds = (result.durationMs / 1000).toFixed(1)
  const accounts = result.accounts.length ? ` and ${plural(result.accounts.length, 'account')}` : ''
  const failedAccounts = result.accounts.filter((account) => account.error).length
  const errors = [
    failed.length ? `${plural(failed.length, 'feed')} with errors` : '',
    failedAccounts ? `${plural(failedAccounts, 'account')} with errors` : '',
  ].filter(Boolean)
  io.stdout(
    `Synced ${plural(result.feeds.length, 'feed')}${accounts} in ${seconds} s: ` +
      `${plural(result.newArticles, 'new article')}${errors.map((part) => `, ${part}`).join('')}\n`,
  )
  return exitCodeOf(result)
}

/** See {@link SYNC_ALL_FAILED}: feeds and server accounts alike are what a sync fetches. */
function exitCodeOf(result: SyncResult): number {
  const outcomes = [...result.feeds, ...result.accounts]
  const failed = outcomes.filter((outcome) => outcome.error).length
  if (failed === 0) return 0
  return failed === outcomes.length ? SYNC_ALL_FAILED : SYNC_SOME_FAILED
}

/** `save URL`: one page, stored for offline reading. */
export async function saveCommand(core: Broadsheet, io: CliIO, url: string) {
  const article = await core.sync.save(url)
  const images = article.images.filter((image) => image.hash).length
  io.stdout(
    terminalSafe(`Saved "${article.title}" (article ${article.id}, ${plural(images, 'image')} cached)\n`),
  )
}

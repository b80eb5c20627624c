import cliProgress from 'cli-progress'
import type { SyncProgressEvent } from '../shared/contract'
import type { Broadsheet } from '../main/core/broadsheet'
import { FeedUnreachableError } from '../main/core/errors'
import type { Feed } from '../shared/types'
import { type CliIO, clip, printJson, terminalSafe } from './output'

/** `add URL`: a feed URL, or a website whose feed autodiscovery finds. */
export async function addCommand(
  core: Broadsheet,
  io: CliIO,
  url: string,
  options: { folder?: string; account?: string; anyway?: boolean },
) {
  let feed: Feed
  try {
    feed = await core.subscriptions.subscribe(url, options)
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
export async function syncCommand(core: Broadsheet, io: CliIO, options: { json?: boolean }) {
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
    return
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
    const sent = account.pushed ? `, ${account.pushed} change${account.pushed === 1 ? '' : 's'} sent` : ''
    const outcome = account.error ? `error: ${account.error}` : `${account.newArticles} new${sent}`
    io.stdout(terminalSafe(`${name}: ${outcome}\n`))
  }
  const seconds = (result.durationMs / 1000).toFixed(1)
  const accounts = result.accounts.length
    ? ` and ${result.accounts.length} account${result.accounts.length === 1 ? '' : 's'}`
    : ''
  io.stdout(
    `Synced ${result.feeds.length} feeds${accounts} in ${seconds} s: ${result.newArticles} new articles` +
      `${failed.length ? `, ${failed.length} feeds with errors` : ''}\n`,
  )
}

/** `save URL`: one page, stored for offline reading. */
export async function saveCommand(core: Broadsheet, io: CliIO, url: string) {
  const article = await core.sync.save(url)
  const images = article.images.filter((image) => image.hash).length
  io.stdout(terminalSafe(`Saved "${article.title}" (article ${article.id}, ${images} images cached)\n`))
}

import cliProgress from 'cli-progress'
import type { SyncProgressEvent } from '../shared/contract'
import type { Broadsheet } from '../main/core/broadsheet'
import { type CliIO, clip, printJson } from './output'

/** `add URL`: a feed URL, or a website whose feed autodiscovery finds. */
export async function addCommand(core: Broadsheet, io: CliIO, url: string, options: { folder?: string }) {
  const feed = await core.subscriptions.subscribe(url, options)
  const folder = core.subscriptions.folderPath(feed.folderId)
  const via = feed.url === url ? '' : ` (found at ${url})`
  io.stdout(
    `Subscribed to ${feed.title}: ${feed.url}${via}${folder ? ` in ${folder}` : ''} — feed ${feed.id}\n`,
  )
  io.stdout('Run `broadsheet sync` to fetch its articles.\n')
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
      const status = feed.error ? `error: ${feed.error}` : `${feed.newArticles} new`
      io.stdout(`[${progress.done}/${progress.total}] ${feed.title}: ${status}\n`)
    }
  }
  const result = await core.sync.run({ onProgress }).finally(() => bar?.stop())
  if (options.json) {
    printJson(io, {
      feeds: result.feeds.map((f) => ({
        id: f.id,
        title: f.title,
        newArticles: f.newArticles,
        error: f.error,
      })),
      newArticles: result.newArticles,
      durationMs: result.durationMs,
    })
    return
  }
  const failed = result.feeds.filter((f) => f.error)
  if (bar) for (const f of failed) io.stdout(`${f.title}: ${f.error}\n`)
  const seconds = (result.durationMs / 1000).toFixed(1)
  io.stdout(
    `Synced ${result.feeds.length} feeds in ${seconds} s: ${result.newArticles} new articles` +
      `${failed.length ? `, ${failed.length} feeds with errors` : ''}\n`,
  )
}

/** `save URL`: one page, stored for offline reading. */
export async function saveCommand(core: Broadsheet, io: CliIO, url: string) {
  const article = await core.sync.save(url)
  const images = article.images.filter((image) => image.hash).length
  io.stdout(`Saved "${article.title}" (article ${article.id}, ${images} images cached)\n`)
}

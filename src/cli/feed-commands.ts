import type { Broadsheet } from '../main/core/broadsheet'
import { plural, terminalSafe, type CliIO } from './output'

/** `broadsheet remove`: unsubscribes, keeping the bookmarked articles. */
export async function removeCommand(core: Broadsheet, io: CliIO, feedId: string) {
  const { feed, removed, kept } = await core.subscriptions.unsubscribe(core.subscriptions.resolveId(feedId))
  const keptNote = kept > 0 ? `; kept ${kept} bookmarked` : ''
  io.stdout(
    terminalSafe(
      `Unsubscribed from ${feed.title} (${feed.url}); removed ${plural(removed, 'article')}${keptNote}\n`,
    ),
  )
}

/** `broadsheet rename`: a feed's title as lists show it (on its server too, for a server account's feed). */
export async function renameCommand(core: Broadsheet, io: CliIO, feedId: string, title: string) {
  const before = core.subscriptions.require(core.subscriptions.resolveId(feedId))
  const feed = await core.subscriptions.rename(before.id, title)
  io.stdout(terminalSafe(`Renamed ${before.title} to ${feed.title}\n`))
}

/** `broadsheet move`: a feed into a folder path (made as needed), or to the top level with "". */
export async function moveCommand(core: Broadsheet, io: CliIO, feedId: string, folder: string) {
  const feed = await core.subscriptions.move(core.subscriptions.resolveId(feedId), folder)
  const path = core.subscriptions.folderPath(feed.folderId)
  io.stdout(terminalSafe(`Moved ${feed.title} to ${path ? `the folder ${path}` : 'the top level'}\n`))
}

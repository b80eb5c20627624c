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

/** `broadsheet folder rename`: a folder (by its path, or a title only it has) gets a new title. */
export async function folderRenameCommand(core: Broadsheet, io: CliIO, name: string, title: string) {
  const before = core.subscriptions.folderNamed(name)
  const after = await core.subscriptions.renameFolder(before.id, title)
  io.stdout(terminalSafe(`Renamed the folder ${before.path} to ${after.path}\n`))
}

/** `broadsheet folder remove`: the folder goes; its feeds and subfolders move up into its parent. */
export async function folderRemoveCommand(core: Broadsheet, io: CliIO, name: string) {
  const { folder, moved } = await core.subscriptions.deleteFolder(core.subscriptions.folderNamed(name).id)
  const parent = folder.path.includes('/') ? folder.path.slice(0, folder.path.lastIndexOf('/')) : ''
  const where = parent ? `the folder ${parent}` : 'the top level'
  const feeds = moved > 0 ? `; ${plural(moved, 'feed')} moved to ${where}` : ''
  io.stdout(terminalSafe(`Removed the folder ${folder.path}${feeds}\n`))
}

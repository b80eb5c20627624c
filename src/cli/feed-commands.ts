import { Option, type Command } from 'commander'
import type { Broadsheet } from '../main/core/broadsheet'
import type { FeedSettingsPatch } from '../shared/contract'
import type { FullTextMode } from '../shared/types'
import { dateAndAge, plural, printJson, printTable, terminalSafe, type CliIO } from './output'

type Run = (action: (core: Broadsheet) => Promise<void>) => Promise<void>

/**
 * `remove`, `rename`, `move`, `feed` and `folder rename|remove`: what the app's feed and folder menus do.
 */
export function addFeedCommands(program: Command, io: CliIO, run: Run): void {
  program
    .command('remove')
    .description('unsubscribe; its articles go, bookmarked ones stay')
    .argument('<feed-id>')
    .action((feedId: string) => run((core) => removeCommand(core, io, feedId)))

  program
    .command('rename')
    .description('rename a feed')
    .argument('<feed-id>')
    .argument('<title>')
    .action((feedId: string, title: string) => run((core) => renameCommand(core, io, feedId, title)))

  program
    .command('move')
    .description('move a feed to a folder ("Tech/Rust" nests; made as needed; "" for the top level)')
    .argument('<feed-id>')
    .argument('<folder>')
    .action((feedId: string, folder: string) => run((core) => moveCommand(core, io, feedId, folder)))

  program
    .command('feed')
    .description('one feed: where it comes from, its counts, last fetch and error, and its own settings')
    .argument('<feed-id>')
    .addOption(
      new Option(
        '--full-text <mode>',
        'take the full text from each story’s page: always, never, auto, or default (the library’s)',
      ).choices(['auto', 'always', 'never', 'default']),
    )
    .addOption(
      new Option(
        '--notify <on|off>',
        'notify of its new articles (in the app): on, off, or default (the library’s)',
      ).choices(['on', 'off', 'default']),
    )
    .option('--json', 'print JSON')
    .action((feedId: string, options: FeedOptions) => run((core) => feedCommand(core, io, feedId, options)))

  const folder = program
    .command('folder')
    .description('folders: rename one, or remove it (its feeds move up into its parent)')
  folder
    .command('rename')
    .description('give a folder a new title (its path, as `feeds` shows it, or a title only it has)')
    .argument('<folder>')
    .argument('<title>')
    .action((name: string, title: string) => run((core) => folderRenameCommand(core, io, name, title)))
  folder
    .command('remove')
    .description('remove a folder: its feeds and subfolders move up into its parent')
    .argument('<folder>')
    .action((name: string) => run((core) => folderRemoveCommand(core, io, name)))
}

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

/** `broadsheet feed` options: a feed's own settings ("default": the library's again). */
export interface FeedOptions {
  fullText?: FullTextMode | 'default'
  notify?: 'on' | 'off' | 'default'
  json?: boolean
}

/**
 * `broadsheet feed`: one feed as its menu in the app shows it — where it comes from, its folder, counts,
 * last fetch and error, and its own settings (full text, notifications) beside the library's — after
 * changing those settings when asked.
 */
export async function feedCommand(core: Broadsheet, io: CliIO, input: string, options: FeedOptions) {
  const id = core.subscriptions.resolveId(input)
  const patch: FeedSettingsPatch = {}
  if (options.fullText) patch.fullText = options.fullText === 'default' ? null : options.fullText
  if (options.notify) patch.notify = options.notify === 'default' ? null : options.notify === 'on'
  if (Object.keys(patch).length > 0) await core.subscriptions.updateFeedSettings(id, patch)
  const feed = (await core.subscriptions.summaries()).find((summary) => summary.id === id)
  if (!feed) throw new Error(`feed ${id} vanished while it was read`)
  const library = core.settings.get()
  const fullText = feed.settings.fullText ?? library.fullTextMode
  const notify = feed.settings.notify ?? library.notifications
  if (options.json)
    return printJson(io, {
      id: feed.id,
      title: feed.title,
      url: feed.url,
      siteUrl: feed.siteUrl,
      folder: feed.folder,
      account: feed.account ?? 'local',
      unread: feed.unread,
      total: feed.total,
      lastFetched: feed.lastFetched,
      lastError: feed.lastError,
      fullText,
      notify,
      ownSettings: feed.settings,
    })
  const own = (set: boolean) => (set ? 'this feed’s own' : 'the library’s')
  printTable(
    io,
    ['FEED', feed.title],
    [
      ['id', feed.id],
      ['url', feed.url],
      ['site', feed.siteUrl ?? '—'],
      ['folder', feed.folder || '— (top level)'],
      ['account', feed.account ?? 'local'],
      ['articles', `${plural(feed.total, 'article')}, ${feed.unread} unread`],
      ['last fetched', dateAndAge(feed.lastFetched)],
      ['last error', feed.lastError ?? '—'],
      ['full text', `${fullText} (${own(feed.settings.fullText !== undefined)})`],
      ['notify', `${notify ? 'on' : 'off'} (${own(feed.settings.notify !== undefined)})`],
    ],
  )
}

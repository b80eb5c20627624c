import type { Command } from 'commander'
import type { Broadsheet } from '../main/core/broadsheet'
import { type CliIO, clip, printJson, printTable, terminalSafe } from './output'

type Run = (action: (core: Broadsheet) => Promise<void>) => Promise<void>

/** `smart add|list|remove`: saved searches, listed like feeds. */
export function addSmartCommands(program: Command, io: CliIO, run: Run): void {
  const smart = program
    .command('smart')
    .description('smart feeds: saved searches with their own unread counts (see `articles --smart`)')
  smart
    .command('add')
    .description('save a search as a smart feed (the query must run: a malformed one is refused)')
    .argument('<name>')
    .argument('<query>', 'words and filters, as in search: "flood is:unread folder:News after:7d"')
    .option('--json', 'print JSON')
    .action((name: string, query: string, options: { json?: boolean }) =>
      run(async (core) => {
        const feed = await core.smart.add(name, query)
        if (options.json) printJson(io, { id: feed.id })
        else io.stdout(terminalSafe(`Added smart feed ${feed.id}: ${feed.name} (${feed.query})\n`))
      }),
    )
  smart
    .command('list')
    .description('smart feeds in their order, with unread and total counts')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      run(async (core) => {
        const feeds = await core.smart.list()
        if (options.json)
          return printJson(
            io,
            feeds.map(({ id, name, query, unread, total }) => ({ id, name, query, unread, total })),
          )
        if (feeds.length === 0) {
          io.stdout('No smart feeds. Save a search with `broadsheet smart add NAME QUERY`.\n')
          return
        }
        printTable(
          io,
          ['ID', 'UNREAD', 'TOTAL', 'NAME', 'QUERY'],
          feeds.map((f) => [f.id, String(f.unread), String(f.total), clip(f.name, 30), clip(f.query, 50)]),
        )
      }),
    )
  smart
    .command('remove')
    .description('remove a smart feed (its articles stay where they are)')
    .argument('<smart-id>')
    .action((id: string) =>
      run(async (core) => {
        const removed = await core.smart.remove(await core.smart.resolveId(id))
        io.stdout(terminalSafe(`Removed smart feed ${removed.id}: ${removed.name}\n`))
      }),
    )
}

import { Option, type Command } from 'commander'
import { RULE_ACTIONS, type RuleAction } from '../shared/contract'
import type { Broadsheet } from '../main/core/broadsheet'
import { type CliIO, clip, printJson, printTable, terminalSafe } from './output'

type Run = (action: (core: Broadsheet) => Promise<void>) => Promise<void>

interface ScopeOptions {
  feed?: string
  folder?: string
}

/** `rule add|list|remove|test`: rules that act on new articles as a sync brings them, in their order. */
export function addRuleCommands(program: Command, io: CliIO, run: Run): void {
  const rule = program
    .command('rule')
    .description('rules: when a new article matches a query, mark it read, bookmark, hide or notify')
  rule
    .command('add')
    .description('add a rule at the end of the list (the query must run: a malformed one is refused)')
    .argument('<query>', 'words and filters, as in search: "flood is:unread after:7d"')
    .addOption(
      new Option('--then <action>', 'what to do with a new article that matches')
        .choices([...RULE_ACTIONS])
        .makeOptionMandatory(),
    )
    .option('--feed <id>', 'only articles of this feed')
    .option('--folder <name>', 'only articles of this folder (and its subfolders)')
    .option('--json', 'print JSON')
    .action((query: string, options: ScopeOptions & { then: RuleAction; json?: boolean }) =>
      run(async (core) => {
        const added = await core.rules.add({ query, action: options.then, ...(await scopeOf(core, options)) })
        if (options.json) printJson(io, { id: added.id })
        else io.stdout(terminalSafe(`Added rule ${added.id}: ${added.query} → ${added.action}\n`))
      }),
    )
  rule
    .command('list')
    .description('rules in the order they run, with how many articles each has acted on')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      run(async (core) => {
        const rules = await core.rules.list()
        if (options.json)
          return printJson(
            io,
            rules.map(({ id, query, action, feed, folder, matched, active }) => ({
              id,
              query,
              action,
              feed: feed ?? null,
              folder: folder ?? null,
              matched,
              active,
            })),
          )
        if (rules.length === 0) {
          io.stdout('No rules. Add one with `broadsheet rule add QUERY --then read|bookmark|hide|notify`.\n')
          return
        }
        printTable(
          io,
          ['ID', 'ACTION', 'MATCHED', 'IN', 'QUERY', 'STATUS'],
          rules.map((r) => [
            r.id,
            r.action,
            String(r.matched),
            r.feed ? `feed ${r.feed}` : r.folder ? `folder ${clip(r.folder, 20)}` : 'all',
            clip(r.query, 50),
            r.active ? 'active' : `inactive: ${r.inactive ?? ''}`,
          ]),
        )
      }),
    )
  rule
    .command('remove')
    .description('remove a rule (what it did stays done)')
    .argument('<rule-id>')
    .action((id: string) =>
      run(async (core) => {
        const removed = await core.rules.remove(await core.rules.resolveId(id))
        io.stdout(terminalSafe(`Removed rule ${removed.id}: ${removed.query} → ${removed.action}\n`))
      }),
    )
  rule
    .command('test')
    .description('what a query would match now among the cached articles (changes nothing)')
    .argument('<query>')
    .option('--feed <id>', 'only articles of this feed')
    .option('--folder <name>', 'only articles of this folder (and its subfolders)')
    .option('--json', 'print JSON')
    .action((query: string, options: ScopeOptions & { json?: boolean }) =>
      run(async (core) => {
        const test = await core.rules.test({ query, ...(await scopeOf(core, options)) })
        if (options.json) return printJson(io, test)
        const count = `${test.exact ? '' : 'at most '}${test.count}`
        io.stdout(`${count} cached ${test.count === 1 ? 'article matches' : 'articles match'}\n`)
        if (test.samples.length > 0)
          printTable(
            io,
            ['ID', 'TITLE'],
            test.samples.map((s) => [s.id, clip(s.title, 70)]),
          )
      }),
    )
}

async function scopeOf(core: Broadsheet, options: ScopeOptions): Promise<ScopeOptions> {
  return {
    ...(options.feed !== undefined && { feed: core.subscriptions.resolveId(options.feed) }),
    ...(options.folder !== undefined && { folder: options.folder }),
  }
}

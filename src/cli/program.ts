import { Command, CommanderError, InvalidArgumentError } from 'commander'
import { INTERACTIVE_PUSH_DELAY_MS } from '../main/core/accounts/accounts'
import { startServices, type Broadsheet, type StartOptions } from '../main/core/broadsheet'
import { describeFailure } from '../main/core/errors'
import { SEARCH_PAGE_MAX } from '../shared/contract'
import { PROJECT_VERSION } from '../main/core/store/config-schema'
import { resolveDataDir } from '../main/core/store/data-dir'
import { builtWorkerFile } from '../main/core/workers/built-worker'
import type { AccountAddOptions } from './account-commands'
import { addHighlightCommands } from './highlight-commands'
import { addSmartCommands } from './smart-commands'
import { addSettingsCommands } from './settings-commands'
import { addRuleCommands } from './rule-commands'
import * as commands from './commands'
import { addFeedCommands } from './feed-commands'
import { EXIT_FAILED, EXIT_USAGE, SYNC_ALL_FAILED, SYNC_SOME_FAILED } from './exit-codes'
import { terminalSafe, type CliIO } from './output'
import { profilePhase } from './profile'

function wholeNumber(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of 0 or more')
  return n
}

function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more')
  return n
}

/** How a command wants the core started (the preview runs search in the background). */
type CommandStart = Omit<StartOptions, 'dataDir'>

/** Builds the `broadsheet` command line; `run` gives each action the core over the chosen data dir. */
function buildProgram(
  io: CliIO,
  run: (action: (core: Broadsheet) => Promise<number | void>, start?: CommandStart) => Promise<void>,
): Command {
  const program = new Command('broadsheet')
    .description('Broadsheet: subscribe to feeds, sync them, and read and search every article offline.')
    .version(PROJECT_VERSION, '-V, --version', 'print the version')
    .option(
      '--data-dir <dir>',
      'where the library lives (default: $BROADSHEET_DATA_DIR or the app’s data folder)',
    )
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
    })
    .exitOverride()

  program
    .command('add')
    .description('subscribe to a feed, or to a website (its feed is found for you)')
    .argument('<url>', 'the feed or website URL')
    .option('--folder <name>', 'put it in this folder ("Tech/Rust" nests)')
    .option('--account <id>', 'subscribe on this server account (see `account list`)')
    .option('--anyway', 'subscribe even when the feed cannot be fetched now (busy, no answer, refused)')
    .action((url: string, options: { folder?: string; account?: string; anyway?: boolean }) =>
      run(async (core) => (await import('./sync-commands')).addCommand(core, io, url, options)),
    )

  const account = program
    .command('account')
    .description('server accounts: FreshRSS, Miniflux and other Google Reader API servers')
  account
    .command('add')
    .description('sign in to a server and add its subscriptions (the password is not kept)')
    .argument('<kind>', 'the protocol: greader')
    .argument('<url>', 'the API address (FreshRSS: https://host/api/greader.php; Miniflux: https://host)')
    .requiredOption('--user <name>', 'the user name on the server')
    .option('--password-stdin', 'read the password from standard input (else $BROADSHEET_PASSWORD, else ask)')
    .option('--json', 'print JSON')
    .action((kind: string, url: string, options: AccountAddOptions) =>
      run(async (core) =>
        (await import('./account-commands')).accountAddCommand(core, io, kind, url, options),
      ),
    )
  account
    .command('list')
    .description('list server accounts: last sync, errors, subscriptions, unsent changes')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      run(async (core) => (await import('./account-commands')).accountListCommand(core, io, options)),
    )
  account
    .command('remove')
    .description('forget an account and its sign-in; its articles go, bookmarked ones stay')
    .argument('<account-id>')
    .action((id: string) =>
      run(async (core) => (await import('./account-commands')).accountRemoveCommand(core, io, id)),
    )

  addFeedCommands(program, io, run)

  program
    .command('feeds')
    .description('list subscriptions with unread counts and last errors')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => run((core) => commands.feedsCommand(core, io, options)))

  program
    .command('sync')
    .description('fetch every feed now')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `\nExit codes: 0 every feed and account synced; ${SYNC_ALL_FAILED} every one failed; ${SYNC_SOME_FAILED} some failed, the others synced.`,
    )
    .action((options: { json?: boolean }) =>
      run(async (core) => (await import('./sync-commands')).syncCommand(core, io, options), syncServices()),
    )

  program
    .command('articles')
    .description('list articles, newest first')
    .option('--feed <id>', 'only this feed')
    .option('--folder <path>', 'only this folder and its subfolders (its path, as `feeds` shows it)')
    .option('--unread', 'only unread articles')
    .option('--bookmarked', 'only bookmarked articles')
    .option('--saved', 'only pages saved by URL')
    .option('--smart <id>', 'a smart feed’s articles, in its order (see `smart list`)')
    .option('--hidden', 'only hidden (muted) articles, which other lists leave out')
    .option('--limit <n>', 'at most this many (default 50)', positiveInt)
    .option('--json', 'print JSON')
    .action((options: commands.ArticlesOptions) => run((core) => commands.articlesCommand(core, io, options)))

  program
    .command('show')
    .description('print a cached article (never touches the network)')
    .argument('<article-id>')
    .option('--json', 'print JSON')
    .action((id: string, options: { json?: boolean }) =>
      run((core) => commands.showCommand(core, io, id, options)),
    )

  program
    .command('save')
    .description('save a web page for offline reading')
    .argument('<url>')
    .action((url: string) =>
      run(async (core) => (await import('./sync-commands')).saveCommand(core, io, url)),
    )

  const flagWords = {
    bookmark: 'bookmarked',
    unbookmark: 'not bookmarked',
    hide: 'hidden (muted)',
    unhide: 'shown again',
  }
  program
    .command('read')
    .description('mark articles read: by id, or every one of a feed, folder, smart feed or the bookmarks')
    .argument('[article-ids...]')
    .option('--all', 'every article')
    .option('--feed <id>', 'every article of this feed')
    .option(
      '--folder <path>',
      'every article of this folder and its subfolders (its path, as `feeds` shows it)',
    )
    .option('--smart <id>', 'every article this smart feed finds')
    .option('--bookmarked', 'every bookmarked article')
    .action((ids: string[], options: commands.MarkReadOptions, command: Command) => {
      const problem = commands.markReadProblem(ids, options)
      if (problem) command.error(problem, { exitCode: EXIT_USAGE })
      return run((core) => commands.markReadCommand(core, io, ids, options))
    })

  for (const flag of ['unread', 'bookmark', 'unbookmark', 'hide', 'unhide'] as const) {
    program
      .command(flag)
      .description(`mark an article ${flag in flagWords ? flagWords[flag as keyof typeof flagWords] : flag}`)
      .argument('<article-id>')
      .action((id: string) => run((core) => commands.flagCommand(core, io, flag, id)))
  }

  program
    .command('search')
    .description('full-text search over every cached article')
    .argument('<query>')
    .option('--limit <n>', `at most this many results (default 20, at most ${SEARCH_PAGE_MAX})`, positiveInt)
    .option('--offset <n>', 'skip this many of the best results first (the next page)', wholeNumber)
    .option('--json', 'print JSON')
    .action((query: string, options: { limit?: number; offset?: number; json?: boolean }) =>
      run(async (core) => (await import('./search-command')).searchCommand(core, io, query, options)),
    )

  addHighlightCommands(program, io, run)
  addSmartCommands(program, io, run)
  addRuleCommands(program, io, run)
  addSettingsCommands(program, io, run)

  program
    .command('import-opml')
    .description('subscribe to every feed of an OPML file, with its folders')
    .argument('<file>')
    .action((file: string) => run((core) => commands.importOpmlCommand(core, io, file)))

  program
    .command('export-opml')
    .description('write subscriptions as OPML 2.0 (to stdout when no file is given)')
    .argument('[file]')
    .action((file?: string) => run((core) => commands.exportOpmlCommand(core, io, file)))

  program
    .command('serve')
    .description('serve the reader to a browser on 127.0.0.1')
    .option('--port <n>', 'port to listen on (default 4780; 0 picks a free one)', (value: string) => {
      const port = Number(value)
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new InvalidArgumentError('expected a port number from 0 to 65535')
      return port
    })
    .action((options: { port?: number }) =>
      run(async (core) => (await import('./serve-command')).serveCommand(core, io, options), {
        search: { background: true },
        // The preview answers the reader while it syncs: its syncs run in a thread of their own.
        sync: { thread: 'worker' },
        accounts: { pushDelayMs: INTERACTIVE_PUSH_DELAY_MS },
      }),
    )

  // Each command's own usage errors point to its own help ("broadsheet account --help").
  const withHelpHint = (command: Command, path: string): void => {
    command.configureOutput({ outputError: (text, write) => write(usageError(text, path, command)) })
    for (const sub of command.commands) withHelpHint(sub, `${path} ${sub.name()}`)
  }
  withHelpHint(program, 'broadsheet')
  return program
}

/**
 * A usage error as one line that names the program and where to read more: commander's message
 * ("error: unknown command 'snyc'" and its "(Did you mean sync?)" on a line of its own), then
 * "see `broadsheet --help`" for the command that was being parsed. A command that the word is the start
 * of (or starts with) is suggested before commander's nearest spelling: "import" means import-opml, not
 * export, which is closer by letters.
 */
function usageError(text: string, commandPath: string, command: Command): string {
  let message = text
    .replace(/^error: /, '')
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\(Did you mean/, '(did you mean')
    .replace(/\.$/, '')
  const unknown = /^unknown command '([^']*)'/.exec(message)?.[1]
  const nearest = unknown ? commandStartingLike(unknown, command) : null
  if (nearest) message = `${message.replace(/ \(did you mean [^)]*\)$/, '')} (did you mean ${nearest}?)`
  return `broadsheet: ${message}; see \`${commandPath} --help\`\n`
}

/** The one subcommand whose name starts with `word` or is the start of it (3 letters at least). */
function commandStartingLike(word: string, command: Command): string | null {
  const typed = word.toLowerCase()
  if (typed.length < 3) return null
  const names = command.commands.map((sub) => sub.name()).filter((name) => name !== 'help')
  const like = names.filter((name) => name.startsWith(typed) || (name.length >= 3 && typed.startsWith(name)))
  return like.length === 1 ? (like[0] as string) : null
}

/**
 * `help WORD` where WORD is no command is parsed as WORD itself, so that it gets the same one-line error
 * (the nearest command, where the help is) instead of the whole help and a usage failure.
 */
function helpOfNoCommand(program: Command, argv: string[]): string[] {
  let command = program
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string
    if (word.startsWith('-')) {
      if (word === '--data-dir') i++
      continue
    }
    const target = argv[i + 1]
    if (word === 'help') {
      const known =
        target === undefined ||
        target.startsWith('-') ||
        command.commands.some((sub) => sub.name() === target || sub.aliases().includes(target))
      return known ? argv : [...argv.slice(0, i), ...argv.slice(i + 1)]
    }
    const sub = command.commands.find((candidate) => candidate.name() === word)
    if (!sub) return argv
    command = sub
  }
  return argv
}

/**
 * How `broadsheet sync` opens the core: the index of what it stores is built in the index's worker
 * thread, as in the app, and the articles' bodies are compressed and written in the store's worker, while
 * this thread fetches and stores (a first sync of 500 feeds indexes and writes 10,000 articles). Run from
 * the TypeScript sources (no built workers), on this thread. `from`: where the built code is (tests).
 */
export function syncServices(from?: string): Partial<StartOptions> {
  const worker = builtWorkerFile('index-worker', from)
  const bodyWorker = builtWorkerFile('store-worker', from)
  return { ...(worker ? { search: { worker } } : {}), ...(bodyWorker ? { store: { bodyWorker } } : {}) }
}

/** Runs the CLI over `argv` (without node and script) and returns the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  // Here every module the CLI imports up front has been loaded.
  profilePhase(io, 'CLI loaded')
  let exitCode = 0
  const program = buildProgram(io, async (action, start = {}) => {
    let code: number | void = 0
    const { dataDir: flag } = program.opts<{ dataDir?: string }>()
    // BROADSHEET_CREDENTIALS=file: account sign-ins in the data dir even where a keychain exists.
    const credentials = io.env.BROADSHEET_CREDENTIALS === 'file' ? ('file' as const) : undefined
    const core = await startServices({
      ...start,
      dataDir: resolveDataDir({ flag, env: io.env }),
      accounts: { ...start.accounts, credentials },
    })
    profilePhase(io, 'data dir open')
    try {
      code = await action(core)
    } finally {
      profilePhase(io, 'command done')
      // Waits for the search index to take in what the command stored.
      await core.close()
      profilePhase(io, 'closed')
      for (const report of core.damage) {
        io.stderr(
          terminalSafe(
            `broadsheet: warning: ${report.file} was damaged (${report.reason}); kept at ${report.keptAt}; ${report.action}\n`,
          ),
        )
      }
    }
    if (typeof code === 'number') exitCode = code
  })
  try {
    await program.parseAsync(helpOfNoCommand(program, argv), { from: 'user' })
  } catch (error) {
    exitCode = reportError(io, error)
  }
  return exitCode
}

function reportError(io: CliIO, error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version exit through here too, with code 0.
    return error.exitCode === 0 ? 0 : EXIT_USAGE
  }
  const failure = describeFailure(error)
  io.stderr(`broadsheet: ${terminalSafe(failure.message)}\n`)
  if (!failure.expected && io.env.BROADSHEET_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`)
  return EXIT_FAILED
}

import { Option, type Command } from 'commander'
import type { Broadsheet } from '../main/core/broadsheet'
import { UserError } from '../main/core/errors'
import type { ExportSource } from '../main/core/export/exports'
import { EXPORT_FORMATS, type ExportFormat } from '../main/core/export/writers'
import { HIGHLIGHT_COLORS, type HighlightColor, type HighlightView } from '../shared/types'
import { type CliIO, clip, plural, printJson, printTable, shortDate, terminalSafe } from './output'

type Run = (action: (core: Broadsheet) => Promise<void>) => Promise<void>

/** What `highlights --json` prints of each highlight. */
function publicHighlight(h: HighlightView) {
  const { id, articleId, text, note, color, created, orphaned } = h
  return { id, articleId, text, note, color, created, orphaned }
}

/** `highlight add|remove`, `highlights` and `export`. */
export function addHighlightCommands(program: Command, io: CliIO, run: Run): void {
  const highlight = program.command('highlight').description('highlight a passage of an article, with a note')
  highlight
    .command('add')
    .description('highlight text of an article (the text must occur in it)')
    .argument('<article-id>')
    .requiredOption('--text <text>', 'the exact text to highlight (whitespace may differ)')
    .option('--note <text>', 'a note on it')
    .addOption(new Option('--color <name>', 'its colour').choices(HIGHLIGHT_COLORS))
    .option('--json', 'print JSON')
    .action(
      (articleId: string, options: { text: string; note?: string; color?: HighlightColor; json?: boolean }) =>
        run(async (core) => {
          const added = await core.highlights.add(
            { articleId: await core.articles.resolveId(articleId), text: options.text },
            { note: options.note, color: options.color },
          )
          if (options.json) printJson(io, publicHighlight(added))
          else io.stdout(terminalSafe(`Highlighted ${added.id}: “${clip(added.text, 60)}”\n`))
        }),
    )
  highlight
    .command('remove')
    .description('remove a highlight and its note')
    .argument('<highlight-id>')
    .action((id: string) =>
      run(async (core) => {
        const removed = await core.highlights.remove(await core.highlights.resolveId(id))
        io.stdout(terminalSafe(`Removed highlight ${removed.id}: “${clip(removed.text, 60)}”\n`))
      }),
    )

  program
    .command('highlights')
    .description('list highlights and notes: of one article in reading order, else every one newest first')
    .argument('[article-id]')
    .option('--json', 'print JSON')
    .action((input: string | undefined, options: { json?: boolean }) =>
      run(async (core) => {
        const articleId = input === undefined ? undefined : await core.articles.resolveId(input)
        const list = await core.highlights.list(articleId)
        if (options.json) return printJson(io, list.map(publicHighlight))
        if (list.length === 0) {
          io.stdout(articleId ? 'No highlights in this article.\n' : 'No highlights yet.\n')
          return
        }
        printTable(
          io,
          ['ID', 'CREATED', 'COLOR', 'TEXT', 'NOTE'],
          list.map((h) => [
            h.id,
            shortDate(h.created),
            h.orphaned ? `${h.color} (orphaned)` : h.color,
            clip(h.text, 40),
            clip(h.note, 40),
          ]),
        )
      }),
    )

  program
    .command('export')
    .description('export articles with their highlights and notes to Markdown, standalone HTML or EPUB')
    .argument('[article-ids...]', 'the articles to export')
    .option('--bookmarked', 'the bookmarked articles')
    .option('--feed <id>', 'a feed’s articles')
    .option('--folder <name>', 'a folder’s articles, its subfolders’ too (its name or path: Tech/Rust)')
    .option('--smart <id>', 'a smart feed’s articles, in its order')
    .option('--search <query>', 'a search’s results, best first')
    .addOption(
      new Option('--format <format>', 'md, html or epub').choices(EXPORT_FORMATS).makeOptionMandatory(),
    )
    .requiredOption('--out <path>', 'the file to write (Markdown’s images go in a folder beside it)')
    .option('--json', 'print JSON')
    .action((ids: string[], options: ExportOptions) => run((core) => exportCommand(core, io, ids, options)))
}

interface ExportOptions {
  bookmarked?: boolean
  feed?: string
  folder?: string
  smart?: string
  search?: string
  format: ExportFormat
  out: string
  json?: boolean
}

async function exportCommand(core: Broadsheet, io: CliIO, ids: string[], options: ExportOptions) {
  const sources: ExportSource[] = [
    ...(ids.length > 0 ? [{ ids: await Promise.all(ids.map((id) => core.articles.resolveId(id))) }] : []),
    ...(options.bookmarked ? [{ bookmarked: true as const }] : []),
    ...(options.feed !== undefined ? [{ feedId: core.subscriptions.resolveId(options.feed) }] : []),
    ...(options.folder !== undefined
      ? [{ list: { folderId: core.subscriptions.folderNamed(options.folder).id } }]
      : []),
    ...(options.smart !== undefined ? [{ smartFeedId: await core.smart.resolveId(options.smart) }] : []),
    ...(options.search !== undefined ? [{ search: options.search }] : []),
  ]
  if (sources.length !== 1)
    throw new UserError(
      'export: give article ids, or one of --bookmarked, --feed ID, --folder NAME, --smart ID, --search QUERY',
    )
  // Loaded only here: the other commands do without it.
  const cliProgress = io.isTTY && !options.json ? (await import('cli-progress')).default : null
  const bar = cliProgress
    ? new cliProgress.SingleBar(
        { format: 'Exporting [{bar}] {value}/{total} articles', hideCursor: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null
  let started = false
  const result = await core.exports
    .export({
      source: sources[0]!,
      format: options.format,
      out: options.out,
      signal: io.interrupted,
      onProgress: (done, total) => {
        if (!bar) return
        if (!started) bar.start(total, 0)
        started = true
        bar.update(done)
      },
    })
    .finally(() => bar?.stop())
  if (options.json) return printJson(io, result)
  io.stdout(
    terminalSafe(
      `Exported ${plural(result.articles, 'article')} (${plural(result.images, 'image')}, ${plural(result.highlights, 'highlight')}) to ${result.path}\n`,
    ),
  )
}

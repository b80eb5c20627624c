import type { ExportFormat, ExportOutcome, ExportPreview, ExportSourceArgs } from '../../../shared/contract'
import type { EventHub } from '../events'
import { UserError } from '../errors'
import type { ExportSource, Exports } from './exports'

/**
 * Where an export requested over the contract is written. The caller names only what to export: the
 * place comes from here — the app's native save dialog, or the preview's own temporary folder — so a
 * renderer can never make the core write wherever it likes.
 */
export interface ExportTarget {
  /** The path to write, or null when the person cancelled (nothing to do, and not an error). */
  choose(suggested: { fileName: string; format: ExportFormat }): Promise<string | null>
  /** The export is written at `path`: what the renderer gets to reach it (a receipt, or a download). */
  delivered(
    path: string,
    suggested: { fileName: string; format: ExportFormat },
  ): Promise<{ fileName: string; receipt?: string; download?: string }>
  /** The export failed or was cancelled after `choose`: whatever was set aside for it goes. */
  abandon?(path: string): Promise<void>
  /** Shows the file a receipt names in the system's file manager. */
  reveal(receipt: string): Promise<void>
}

/** Where nothing is wired to choose a place (a transport without a save dialog): refused in one line. */
export const NO_EXPORT_TARGET: ExportTarget = {
  choose: () => Promise.reject(new UserError('exporting needs the app or the browser preview')),
  delivered: () => Promise.reject(new UserError('exporting needs the app or the browser preview')),
  reveal: () => Promise.reject(new UserError('showing a file needs the app')),
}

/** The core's source for the contract's. */
export function exportSourceOf(args: ExportSourceArgs): ExportSource {
  if ('articleIds' in args) return { ids: args.articleIds }
  if ('list' in args) return { list: args.list }
  if ('smartFeedId' in args) return { smartFeedId: args.smartFeedId }
  const { query, ...filters } = args.search
  return { search: query, filters }
}

/** File name extensions by format. */
const EXTENSIONS: Record<ExportFormat, string> = { md: 'md', html: 'html', epub: 'epub' }

/**
 * A file name from a title ("Bookmarks" → "Bookmarks.epub"): without the characters file systems refuse
 * or treat specially (path separators, `:*?"<>|`, control characters, a leading dot), and short enough
 * for any of them.
 */
export function exportFileName(title: string, format: ExportFormat): string {
  const base =
    title
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^\.+/, '')
      .slice(0, 80)
      .trim() || 'Broadsheet export'
  return `${base}.${EXTENSIONS[format]}`
}

/** What an export of a source would hold. */
export async function previewExport(
  exports: Exports,
  source: ExportSourceArgs,
  format: ExportFormat,
): Promise<ExportPreview> {
  const { articles, title } = await exports.preview(exportSourceOf(source))
  return { articles, title, fileName: exportFileName(title, format) }
}

/**
 * One export as the contract asks for it: counted first (an empty source fails before any dialog opens),
 * then the target chooses where, then the core writes it there, telling `exportProgress` as it goes.
 */
export async function runExport(
  deps: { exports: Exports; events: EventHub; target: ExportTarget },
  args: { source: ExportSourceArgs; format: ExportFormat; requestId?: string },
  signal: AbortSignal,
): Promise<ExportOutcome> {
  const { exports, events, target } = deps
  const { format, requestId } = args
  const source = exportSourceOf(args.source)
  const { articles, title } = await exports.preview(source)
  if (articles === 0) throw new UserError('nothing to export: the list has no articles')
  const suggested = { fileName: exportFileName(title, format), format }
  const path = await target.choose(suggested)
  if (path === null) return { status: 'cancelled' }
  // At most one event per percent: a 2,000-article export is not 2,000 messages to the window.
  let shown = -1
  const onProgress = (done: number, total: number): void => {
    const percent = Math.floor((done * 100) / total)
    if (!requestId || (percent === shown && done !== total)) return
    shown = percent
    events.emit('exportProgress', { requestId, done, total })
  }
  try {
    // Cancelled while the save dialog was open: what the target set aside goes too.
    signal.throwIfAborted()
    const result = await exports.export({ source, format, out: path, onProgress, signal })
    const delivery = await target.delivered(path, suggested)
    return {
      status: 'done',
      articles: result.articles,
      images: result.images,
      highlights: result.highlights,
      ...delivery,
    }
  } catch (error) {
    await target.abandon?.(path)
    throw error
  }
}

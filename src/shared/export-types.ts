/** Exports as the contract carries them (src/main/core/export writes them). */
import type { ArticleListQuery, SearchArgs } from './contract'

/** The formats an export writes: Markdown (with an images folder), one standalone HTML file, an EPUB 3 book. */
export const EXPORT_FORMATS = ['md', 'html', 'epub'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** A list's filters, as the reader's lists apply them. */
export type ExportListFilters = Pick<
  ArticleListQuery,
  'feedIds' | 'folderId' | 'unread' | 'bookmarked' | 'saved'
>

/**
 * What to export: articles by id (one, or a selection), a list (a feed, a folder, All, Unread, Bookmarks,
 * Saved Pages), a search's results with its list's filters, or a smart feed's articles.
 */
export type ExportSourceArgs =
  | { articleIds: string[] }
  | { list: ExportListFilters }
  | { search: Omit<SearchArgs, 'limit' | 'offset'> }
  | { smartFeedId: string }

/** What an export would hold, before anything is written. */
export interface ExportPreview {
  articles: number
  title: string
  /** The file name it is offered under ("Bookmarks.epub"). */
  fileName: string
}

/**
 * A finished export. `cancelled`: the person closed the save dialog (nothing written, not an error).
 * `receipt` (the app): names the written file for {@link BroadsheetApi.revealExport}; the renderer never
 * sees its path. `download` (the browser preview): where to fetch it, once.
 */
export type ExportOutcome =
  | { status: 'cancelled' }
  | {
      status: 'done'
      fileName: string
      articles: number
      images: number
      highlights: number
      receipt?: string
      download?: string
    }
